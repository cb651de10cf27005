// One typed suite for every Store backend, so backends cannot drift, plus SQLite specifics
// (persistence, migrations, a file that is not a database).
#include "store/store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "document/reader.h"
#include "plan/decompose.h"
#include "plan/structure.h"
#include "service/account_service.h"
#include "service/plan_service.h"

namespace guihua::store {
namespace {

namespace fs = std::filesystem;

std::string TempPath(const std::string& name) {
  return (fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()))).string();
}

plan::Plan SamplePlan(const std::string& extra = "") {
  auto doc = document::ReadText(
      "某某规划\n一、总则\n1.推进发展。推动制造业发展，建设“钢管之都”。\n"
      "2.保障措施。加强组织领导。\n二、重点任务\n3.建设中心。实施重大项目，到2023年完成。" +
      extra + "\n");
  EXPECT_TRUE(doc.ok());
  auto p = plan::ParsePlan(*doc);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  p->period = plan::Period{2021, 2025};
  return *p;
}

std::vector<plan::Unit> Units() {
  plan::Unit u;
  u.name = "衡阳市工业和信息化局";
  u.short_name = "市工信局";
  u.type = "government";
  u.keywords = {{"制造业", 4}, {"钢管", 3}};
  return {u};
}

struct MemoryFactory {
  static std::unique_ptr<Store> Make(const std::string&) { return NewMemoryStore(); }
};
struct SqliteFactory {
  static std::unique_ptr<Store> Make(const std::string& name) {
    std::string path = TempPath(name + ".db");
    fs::remove(path);
    fs::remove(path + "-wal");
    fs::remove(path + "-shm");
    auto s = OpenSqliteStore(path);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return std::move(*s);
  }
};

// The mutex wrapper the server uses, over the SQLite store: it must pass the same suite.
struct SynchronizedSqliteFactory {
  static std::unique_ptr<Store> Make(const std::string& name) {
    return NewSynchronizedStore(SqliteFactory::Make(name + "-sync"));
  }
};

template <typename F>
class StoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> store_ =
      F::Make(::testing::UnitTest::GetInstance()->current_test_info()->name());
};
using Backends = ::testing::Types<MemoryFactory, SqliteFactory, SynchronizedSqliteFactory>;
TYPED_TEST_SUITE(StoreTest, Backends);

TYPED_TEST(StoreTest, ImportIsIdempotentAndVersionsChanges) {
  Store& s = *this->store_;
  auto r1 = service::ImportPlan(s, SamplePlan(), "a.txt", Units(), true);
  ASSERT_TRUE(r1.ok()) << r1.status().ToString();
  EXPECT_TRUE(r1->created);
  EXPECT_EQ(r1->version, 1);
  auto r2 = service::ImportPlan(s, SamplePlan(), "a.txt", Units(), true);
  ASSERT_TRUE(r2.ok());
  EXPECT_FALSE(r2->created);
  EXPECT_EQ(r2->version, 1);
  EXPECT_EQ(r2->plan_id, r1->plan_id);
  auto versions = s.ListVersions(r1->plan_id);
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions->size(), 1u);

  auto r3 = service::ImportPlan(s, SamplePlan("加快建设新平台。"), "b.txt", Units(), true);
  ASSERT_TRUE(r3.ok());
  EXPECT_TRUE(r3->created);
  EXPECT_EQ(r3->version, 2);
  EXPECT_EQ(r3->plan_id, r1->plan_id);
  // The old version is kept.
  auto v1 = s.LoadPlan(r1->plan_id, 1);
  auto v2 = s.LoadPlan(r1->plan_id, 0);
  ASSERT_TRUE(v1.ok());
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(service::PlanContentHash(*v1), service::PlanContentHash(SamplePlan()));
  EXPECT_NE(service::PlanContentHash(*v2), service::PlanContentHash(*v1));
  auto plans = s.ListPlans();
  ASSERT_TRUE(plans.ok());
  ASSERT_EQ(plans->size(), 1u);
  EXPECT_EQ((*plans)[0].latest_version, 2);

  // A -> B -> A stores A again as version 3, and importing A once more changes nothing.
  auto r4 = service::ImportPlan(s, SamplePlan(), "a.txt", Units(), true);
  ASSERT_TRUE(r4.ok());
  EXPECT_TRUE(r4->created);
  EXPECT_EQ(r4->version, 3);
  auto r5 = service::ImportPlan(s, SamplePlan(), "a.txt", Units(), true);
  ASSERT_TRUE(r5.ok());
  EXPECT_FALSE(r5->created);
  EXPECT_EQ(r5->version, 3);
}

TYPED_TEST(StoreTest, PlanRoundTripsExactly) {
  Store& s = *this->store_;
  plan::Plan p = SamplePlan();
  p.nodes[0].children[0].children.push_back(plan::Node{});
  p.nodes[0].children[0].children.back().id = "p1.a1.t1";
  p.nodes[0].children[0].children.back().table = {{"指标", "2025年"}, {"GDP", "7%"}};
  auto r = service::ImportPlan(s, p, "a.txt", Units(), true);
  ASSERT_TRUE(r.ok());
  auto back = s.LoadPlan(r->plan_id, 0);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(service::PlanContentHash(*back), service::PlanContentHash(p));
  EXPECT_EQ(back->title, p.title);
  EXPECT_EQ(back->period.end, 2025);
  EXPECT_EQ(back->nodes[0].children[0].children.back().table,
            p.nodes[0].children[0].children.back().table);
  EXPECT_EQ(back->nodes[1].children[0].source_begin, p.nodes[1].children[0].source_begin);
}

TYPED_TEST(StoreTest, TasksAndUnitsRoundTrip) {
  Store& s = *this->store_;
  auto r = service::ImportPlan(s, SamplePlan(), "a.txt", Units(), true);
  ASSERT_TRUE(r.ok());
  auto tasks = s.LoadTasks(r->plan_id, 0);
  ASSERT_TRUE(tasks.ok());
  ASSERT_EQ(tasks->size(), 4u);
  const plan::Task& t = (*tasks)[1];
  EXPECT_EQ(t.text, "建设“钢管之都”");
  EXPECT_EQ(t.lead_unit, "市工信局");
  EXPECT_EQ(t.initiatives, std::vector<std::string>{"钢管之都"});
  EXPECT_EQ(t.deadline, "2025-12-31");
  EXPECT_EQ((*tasks)[3].deadline, "2023-12-31");
  EXPECT_FALSE(t.unit_scores.empty());
  auto units = s.LoadUnits();
  ASSERT_TRUE(units.ok());
  ASSERT_EQ(units->size(), 1u);
  EXPECT_EQ((*units)[0].keywords[1].word, "钢管");
  EXPECT_EQ((*units)[0].keywords[1].weight, 3);
}

TYPED_TEST(StoreTest, TaskChangesAreAtomic) {
  Store& s = *this->store_;
  auto r = service::ImportPlan(s, SamplePlan(), "a.txt", Units(), true);
  ASSERT_TRUE(r.ok());
  auto tasks = s.LoadTasks(r->plan_id, 0);
  ASSERT_TRUE(tasks.ok());
  plan::Task edited = (*tasks)[0];
  edited.lead_unit = "市发改委";
  edited.co_units = {"衡阳县"};
  edited.remarks = "已调整";
  edited.edited = true;
  plan::Task ghost = edited;
  ghost.id = 999;
  // An update of a task that does not exist rejects the whole change.
  EXPECT_FALSE(s.SaveTaskChanges(r->plan_id, 0, {edited, ghost}, {}).ok());
  auto after = s.LoadTasks(r->plan_id, 0);
  EXPECT_EQ((*after)[0].lead_unit, (*tasks)[0].lead_unit);

  plan::Task manual;
  manual.id = 5;
  manual.manual = true;
  manual.text = "新增任务";
  manual.node_seq = (*tasks)[0].node_seq;
  ASSERT_TRUE(s.SaveTaskChanges(r->plan_id, 0, {edited}, {manual}).ok());
  after = s.LoadTasks(r->plan_id, 0);
  ASSERT_EQ(after->size(), 5u);
  EXPECT_EQ((*after)[0].lead_unit, "市发改委");
  EXPECT_EQ((*after)[0].co_units, std::vector<std::string>{"衡阳县"});
  EXPECT_TRUE((*after)[0].edited);
  // The manual task sorts after the tasks of its node.
  EXPECT_EQ((*after)[2].text, "新增任务");
  EXPECT_TRUE((*after)[2].manual);
}

TYPED_TEST(StoreTest, NewVersionCarriesEditsAndManualTasks) {
  Store& s = *this->store_;
  auto r = service::ImportPlan(s, SamplePlan(), "a.txt", Units(), true);
  ASSERT_TRUE(r.ok());
  auto tasks = s.LoadTasks(r->plan_id, 0);
  plan::Task edited = (*tasks)[0];
  edited.lead_unit = "市发改委";
  edited.edited = true;
  plan::Task manual;
  manual.id = 5;
  manual.manual = true;
  manual.text = "新增任务";
  manual.node_id = (*tasks)[0].node_id;
  ASSERT_TRUE(s.SaveTaskChanges(r->plan_id, 0, {edited}, {manual}).ok());
  auto r2 = service::ImportPlan(s, SamplePlan("加快建设新平台。"), "b.txt", Units(), true);
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->carried_over, 2u);
  auto v2 = s.LoadTasks(r->plan_id, 0);
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ((*v2)[0].lead_unit, "市发改委");
  bool has_manual = false;
  for (const auto& t : *v2) has_manual |= t.manual && t.text == "新增任务";
  EXPECT_TRUE(has_manual);
}

TYPED_TEST(StoreTest, UnknownPlanIsNotFound) {
  Store& s = *this->store_;
  auto p = s.LoadPlan(42, 0);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), Status::Code::kNotFound);
  EXPECT_FALSE(s.LoadTasks(42, 3).ok());
  EXPECT_FALSE(service::ResolvePlanId(s, 0).ok());
}

TEST(SqliteStore, PersistsAcrossOpens) {
  std::string path = TempPath("persist.db");
  fs::remove(path);
  {
    auto s = OpenSqliteStore(path);
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE(service::ImportPlan(**s, SamplePlan(), "a.txt", Units(), true).ok());
  }
  auto s = OpenSqliteStore(path);
  ASSERT_TRUE(s.ok());
  auto plans = (*s)->ListPlans();
  ASSERT_TRUE(plans.ok());
  ASSERT_EQ(plans->size(), 1u);
  auto tasks = (*s)->LoadTasks((*plans)[0].id, 0);
  ASSERT_TRUE(tasks.ok());
  EXPECT_EQ(tasks->size(), 4u);
  fs::remove(path);
}

TEST(SqliteStore, RejectsAFileThatIsNotADatabase) {
  std::string path = TempPath("notadb.db");
  {
    std::ofstream out(path);
    out << "this is not a database, just text that is long enough to have a header page......";
  }
  auto s = OpenSqliteStore(path);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find(path), std::string::npos);
  fs::remove(path);
}

namespace indicator_store {
using guihua::indicators::Indicator;
using guihua::indicators::Observation;
using guihua::indicators::Period;
using guihua::indicators::Region;
using guihua::indicators::TargetKind;

Indicator MakeIndicator(const std::string& code, TargetKind kind, std::optional<double> target) {
  Indicator ind;
  ind.code = code;
  ind.name = "指标" + code;
  ind.unit = "%";
  ind.target_kind = kind;
  ind.baseline_year = 2020;
  ind.target_year = 2025;
  ind.target = target;
  ind.target_text = target ? std::to_string(*target) : "保持在合理区间";
  return ind;
}
}  // namespace indicator_store

TYPED_TEST(StoreTest, IndicatorDataRoundTripsAndUpserts) {
  using namespace indicator_store;
  Store& s = *this->store_;
  std::vector<Region> regions = {{"衡阳市", "", "city"}, {"衡阳县", "衡阳市", "county"}};
  std::vector<Indicator> inds = {MakeIndicator("A1", TargetKind::kLevel, 65),
                                 MakeIndicator("A2", TargetKind::kQualitative, std::nullopt)};
  inds[0].baseline = 63.89;
  inds[0].attribute = guihua::indicators::Attribute::kBinding;
  std::vector<Observation> obs = {{"A1", "衡阳县", Period::Month(2021, 6), 64.0, "统计局"},
                                  {"A1", "衡阳市", Period::Year(2021), 64.72, "统计局"},
                                  {"A1", "衡阳市", Period::Quarter(2021, 2), 64.1, ""}};
  IndicatorWrite w;
  w.regions = &regions;
  w.indicators = &inds;
  w.observations = &obs;
  auto out = s.SaveIndicatorData(w);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->regions_added, 2);
  EXPECT_EQ(out->indicators_added, 2);
  EXPECT_EQ(out->observations_added, 3);

  auto loaded = s.LoadIndicators();
  ASSERT_TRUE(loaded.ok());
  ASSERT_EQ(loaded->size(), 2u);
  EXPECT_EQ((*loaded)[0].code, "A1");
  EXPECT_EQ((*loaded)[0].baseline, 63.89);
  EXPECT_EQ((*loaded)[0].attribute, guihua::indicators::Attribute::kBinding);
  EXPECT_FALSE((*loaded)[1].baseline.has_value()) << "blank stays unknown, never zero";
  EXPECT_FALSE((*loaded)[1].target.has_value());
  EXPECT_EQ((*loaded)[1].target_kind, TargetKind::kQualitative);

  auto got = s.LoadObservations();
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->size(), 3u);
  // Indicator order, then region order, then period end.
  EXPECT_EQ((*got)[0].region, "衡阳市");
  EXPECT_EQ((*got)[0].period, Period::Quarter(2021, 2));
  EXPECT_EQ((*got)[1].period, Period::Year(2021));
  EXPECT_EQ((*got)[2].region, "衡阳县");

  // Re-import replaces a value and adds a new one.
  std::vector<Observation> more = {{"A1", "衡阳市", Period::Year(2021), 64.8, "修订"},
                                   {"A1", "衡阳市", Period::Year(2022), 65.2, ""}};
  IndicatorWrite w2;
  w2.observations = &more;
  out = s.SaveIndicatorData(w2);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->observations_added, 1);
  EXPECT_EQ(out->observations_updated, 1);
  got = s.LoadObservations({"A1"});
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->size(), 4u);
  EXPECT_EQ((*got)[1].value, 64.8);
  EXPECT_EQ((*got)[1].source, "修订");
  EXPECT_TRUE(s.LoadObservations({"A2"})->empty());
}

TYPED_TEST(StoreTest, IndicatorWriteIsAtomic) {
  using namespace indicator_store;
  Store& s = *this->store_;
  std::vector<Region> regions = {{"衡阳市", "", "city"}};
  std::vector<Indicator> inds = {MakeIndicator("A1", TargetKind::kLevel, 65)};
  std::vector<Observation> obs = {{"A1", "衡阳市", Period::Year(2021), 64.0, ""},
                                  {"A1", "不存在的县", Period::Year(2021), 1.0, ""}};
  IndicatorWrite w;
  w.regions = &regions;
  w.indicators = &inds;
  w.observations = &obs;
  EXPECT_FALSE(s.SaveIndicatorData(w).ok());
  EXPECT_TRUE(s.LoadRegions()->empty());
  EXPECT_TRUE(s.LoadIndicators()->empty());
  EXPECT_TRUE(s.LoadObservations()->empty());
}

// Accounts, sessions and the audit log, on every backend.
TYPED_TEST(StoreTest, UsersSessionsAndAudit) {
  Store& s = *this->store_;
  workflow::User u;
  u.name = "alice";
  u.role = workflow::Role::kReporter;
  u.unit = "衡南县";
  u.password_hash = "$argon2id$x";
  workflow::AuditEntry e;
  e.user = "cli";
  e.role = "admin";
  e.action = "user add";
  e.entity = "user:alice";
  e.after = R"({"name":"alice"})";
  auto id = s.CreateUser(u, &e);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(s.CreateUser(u, &e).status().code(), Status::Code::kAlreadyExists);
  auto found = s.FindUser("alice");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, *id);
  EXPECT_EQ(found->role, workflow::Role::kReporter);
  EXPECT_EQ(found->unit, "衡南县");
  EXPECT_FALSE(found->created_at.empty());
  EXPECT_EQ(s.FindUserById(*id)->name, "alice");
  EXPECT_EQ(s.FindUser("bob").status().code(), Status::Code::kNotFound);

  found->disabled = true;
  found->password_hash = "$argon2id$y";
  ASSERT_TRUE(s.UpdateUser(*found, &e).ok());
  EXPECT_TRUE(s.FindUser("alice")->disabled);
  EXPECT_EQ(s.FindUser("alice")->password_hash, "$argon2id$y");
  workflow::User ghost;
  ghost.name = "ghost";
  EXPECT_EQ(s.UpdateUser(ghost, &e).code(), Status::Code::kNotFound);
  ASSERT_EQ(s.ListUsers()->size(), 1u);

  // Only the successful writes left audit entries, chained.
  auto log = s.LoadAudit();
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[0].id, 1);
  EXPECT_EQ((*log)[0].prev_hash, "");
  EXPECT_EQ((*log)[1].prev_hash, (*log)[0].hash);
  EXPECT_FALSE(workflow::VerifyAuditChain(*log).has_value());
  auto appended = s.AppendAudit(e);
  ASSERT_TRUE(appended.ok());
  EXPECT_EQ(appended->id, 3);
  auto page = s.LoadAudit(1, 1);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].id, 2);

  Session sess{"hash1", *id, "csrf", "2999-01-01T00:00:00Z", ""};
  ASSERT_TRUE(s.CreateSession(sess).ok());
  auto got = s.FindSession("hash1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->user_id, *id);
  EXPECT_EQ(got->csrf_token, "csrf");
  ASSERT_TRUE(s.DeleteSession("hash1").ok());
  EXPECT_EQ(s.FindSession("hash1").status().code(), Status::Code::kNotFound);
  EXPECT_TRUE(s.DeleteSession("hash1").ok());
  EXPECT_TRUE(s.Checkpoint().ok());
}

// The account use cases: login, authenticate, logout, disable, and an audit entry per write.
TYPED_TEST(StoreTest, AccountServiceFlow) {
  Store& s = *this->store_;
  service::AccountOptions fast{workflow::HashCost::kMinimum};
  auto cli = service::CliActor("user add");
  auto u = service::AddUser(s, {"bob", workflow::Role::kViewer, ""}, "pass-1234", cli, fast);
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(service::AddUser(s, {"rep", workflow::Role::kReporter, ""}, "pass-1234", cli, fast)
                .status()
                .code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(service::AddUser(s, {"bob", workflow::Role::kViewer, ""}, "pass-1234", cli, fast)
                .status()
                .code(),
            Status::Code::kAlreadyExists);
  EXPECT_FALSE(service::Login(s, "bob", "wrong-pass").ok());
  EXPECT_FALSE(service::Login(s, "nobody", "pass-1234").ok());
  auto login = service::Login(s, "bob", "pass-1234");
  ASSERT_TRUE(login.ok()) << login.status().ToString();
  EXPECT_EQ(login->token.size(), 64u);
  auto who = service::Authenticate(s, login->token);
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->user.name, "bob");
  EXPECT_EQ(who->session.csrf_token, login->csrf_token);
  EXPECT_FALSE(service::Authenticate(s, "not-a-token").ok());
  ASSERT_TRUE(service::ChangePassword(s, "bob", "pass-5678", cli, fast).ok());
  EXPECT_TRUE(service::Login(s, "bob", "pass-5678").ok());
  ASSERT_TRUE(service::DisableUser(s, "bob", cli).ok());
  EXPECT_FALSE(service::Authenticate(s, login->token).ok());
  EXPECT_FALSE(service::Login(s, "bob", "pass-5678").ok());
  ASSERT_TRUE(service::Logout(s, login->token).ok());
  EXPECT_FALSE(*service::HasAdmin(s));

  auto log = s.LoadAudit();
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 3u);  // add, passwd, disable
  EXPECT_EQ((*log)[0].entity, "user:bob");
  EXPECT_EQ((*log)[0].after.find("argon2"), std::string::npos);  // never the hash
  auto verified = service::VerifyStoredAudit(s);
  ASSERT_TRUE(verified.ok());
  EXPECT_FALSE(verified->has_value());
}

}  // namespace
}  // namespace guihua::store
