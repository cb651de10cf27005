// Reporting use cases over a memory store: unit names that could confuse authorisation, and
// a password reset ending the account's sessions.
#include "service/reporting_service.h"

#include <gtest/gtest.h>

#include "service/account_service.h"
#include "test_support.h"

namespace guihua::service {
namespace {

class ReportingServiceTest : public testing_support::ZhTest {};

TEST_F(ReportingServiceTest, AnAliasTwoUnitsClaimMakesNobodyTheOther) {
  auto s = store::NewMemoryStore();
  plan::Plan p;
  std::vector<plan::Task> tasks;
  // 珠晖区's row wrongly lists 衡南县 (a region of its own) as an alias.
  std::vector<plan::Unit> units = {
      {"衡阳市珠晖区", "珠晖区", "county", "衡阳市", {"衡南县", "珠晖区人民政府"}, {}},
      {"衡阳市发展和改革委员会", "市发改委", "government", "衡阳市", {"市发展改革委"}, {}}};
  store::NewPlanVersion v{"k", "h", "s.txt", &p, &tasks, &units};
  ASSERT_TRUE(s->SavePlanVersion(v).ok());
  std::vector<indicators::Region> regions = {
      {"衡阳市", "", "city"}, {"衡南县", "衡阳市", "county"}, {"珠晖区", "衡阳市", "district"}};
  store::IndicatorWrite w;
  w.regions = &regions;
  ASSERT_TRUE(s->SaveIndicatorData(w).ok());

  auto names = UnitNames::Load(*s);
  ASSERT_TRUE(names.ok()) << names.status().ToString();
  EXPECT_EQ(names->Canonical("衡南县"), "衡南县");
  EXPECT_FALSE(names->Same("珠晖区", "衡南县"));
  EXPECT_TRUE(names->Same("衡阳市珠晖区", "珠晖区人民政府"));
  EXPECT_TRUE(names->Same("市发展改革委", "衡阳市发展和改革委员会"));
  EXPECT_EQ(names->Canonical("市发展改革委"), "市发改委");
  EXPECT_FALSE(names->Same("", ""));

  workflow::User rep;
  rep.name = "rep";
  rep.role = workflow::Role::kReporter;
  rep.unit = "珠晖区";
  EXPECT_FALSE(AllowedOnAny(rep, workflow::Action::kWriteObservation, {"衡南县"}, *names));
  EXPECT_TRUE(AllowedOnAny(rep, workflow::Action::kWriteObservation, {"衡阳市珠晖区"}, *names));
  EXPECT_FALSE(AllowedOnAny(rep, workflow::Action::kWriteObservation, {}, *names))
      << "no units: nobody's own";
}

TEST_F(ReportingServiceTest, APasswordResetEndsTheSessions) {
  auto s = store::NewMemoryStore();
  AccountOptions cheap{workflow::HashCost::kMinimum};
  ASSERT_TRUE(AddUser(*s, {"alice", workflow::Role::kViewer, ""}, "alice-pass-1",
                      CliActor("user add"), cheap)
                  .ok());
  auto login = Login(*s, "alice", "alice-pass-1");
  ASSERT_TRUE(login.ok()) << login.status().ToString();
  ASSERT_TRUE(Authenticate(*s, login->token).ok());
  ASSERT_TRUE(ChangePassword(*s, "alice", "alice-pass-2", CliActor("user passwd"), cheap).ok());
  EXPECT_EQ(Authenticate(*s, login->token).status().code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace guihua::service
