// The one rule for a task's progress (TaskProgressInfo, reporting_service.h) over a memory
// store: which report counts for completion, the overdue rule with an injected `today`, that
// GET /progress counts what the task list's filters return, close-out needing the lead unit's
// report, the publication snapshot being Chinese whatever the caller's language, and the
// task export as bytes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/i18n.h"
#include "service/api_queries.h"
#include "service/reporting_service.h"
#include "tabular/xlsx.h"
#include "test_support.h"

namespace guihua::service {
namespace {

using workflow::Report;
using workflow::ReportKind;
using workflow::ReportState;
using workflow::Round;
using workflow::TaskProgress;

constexpr const char* kLead = "市发改委";
constexpr const char* kCoUnit = "市工信局";

class TaskProgressTest : public testing_support::ZhTest {
 protected:
  // Tasks 1..5 of one part, lead unit 市发改委, co-unit 市工信局; tasks 1-3 are due by
  // 2024-06-30, tasks 4 and 5 by 2030-12-31. One round (2024-Q2, due 2024-07-10), closed
  // unless `keep_open` is passed to Round2024Q2.
  void SetUp() override {
    ZhTest::SetUp();
    plan_.title = "衡阳市国民经济和社会发展第十四个五年规划";
    plan_.region = "衡阳市";
    for (int i = 1; i <= 5; ++i) {
      plan::Task t;
      t.id = i;
      t.part = "一";
      t.part_title = "总体要求";
      t.text = "任务" + std::to_string(i);
      t.lead_unit = kLead;
      t.co_units = {kCoUnit};
      t.deadline = i <= 3 ? "2024-06-30" : "2030-12-31";
      tasks_.push_back(t);
    }
    store::NewPlanVersion v{"hy14", "h1", "plan.txt", &plan_, &tasks_, nullptr};
    auto out = store_->SavePlanVersion(v);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    plan_id_ = out->plan_id;
  }

  int64_t OpenRound(const std::string& period, const std::string& due_on) {
    Round r;
    r.name = period + " 填报";
    r.period = period;
    r.opens_on = "2024-01-01";
    r.due_on = due_on;
    auto id = store_->CreateRound(r);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  void CloseRound(int64_t id) {
    auto r = store_->FindRound(id);
    ASSERT_TRUE(r.ok());
    r->closed = true;
    ASSERT_TRUE(store_->UpdateRound(*r).ok());
  }

  // A report of `unit` on task `task_id` in `round`, submitted (and, when approved, reviewed)
  // at `at`.
  int64_t AddReport(int64_t round, int64_t task_id, const std::string& unit, TaskProgress p,
                    int percent, ReportState state, const std::string& at) {
    Report r;
    r.kind = ReportKind::kTask;
    r.round_id = round;
    r.plan_id = plan_id_;
    r.task_id = task_id;
    r.unit = unit;
    r.content.percent = percent;
    r.content.progress = p;
    r.content.narrative = "进展";
    r.state = state;
    r.revision = 1;
    r.submitted_by = "zhang";
    r.submitted_at = at;
    if (state == ReportState::kApproved) {
      r.reviewed_by = "li";
      r.reviewed_at = at;
    }
    auto id = store_->SaveReport(r);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  std::vector<TaskProgressInfo> Progress(const std::string& today) {
    auto p = LoadTaskProgress(*store_, plan_id_, tasks_, today);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? *p : std::vector<TaskProgressInfo>(tasks_.size());
  }

  std::vector<int64_t> Ids(TaskQuery q) {
    auto page = MatchingTasks(*store_, q);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    std::vector<int64_t> ids;
    if (page.ok()) {
      for (const plan::Task& t : page->tasks) ids.push_back(t.id);
    }
    return ids;
  }

  static TaskQuery WithStatus(const std::string& status) {
    TaskQuery q;
    q.status = status;
    return q;
  }
  static TaskQuery Overdue(bool overdue, const std::string& today) {
    TaskQuery q;
    q.overdue = overdue;
    q.today = today;
    return q;
  }

  std::unique_ptr<store::Store> store_ = store::NewMemoryStore();
  plan::Plan plan_;
  std::vector<plan::Task> tasks_;
  int64_t plan_id_ = 0;
};

TEST_F(TaskProgressTest, OverdueRuleWithAnInjectedToday) {
  int64_t q2 = OpenRound("2024-Q2", "2024-07-10");
  // Task 1: the lead unit's approved 已完成. Task 2: closed out (销号). Task 3: nothing.
  AddReport(q2, 1, kLead, TaskProgress::kCompleted, 100, ReportState::kApproved,
            "2024-07-05T08:00:00Z");
  AddReport(q2, 2, kLead, TaskProgress::kCompleted, 100, ReportState::kApproved,
            "2024-07-05T08:00:00Z");
  ASSERT_TRUE(store_->SaveCloseOut({plan_id_, 2, "li", "2024-07-20T08:00:00Z", ""}).ok());
  CloseRound(q2);

  std::vector<TaskProgressInfo> p = Progress("2024-12-01");
  EXPECT_FALSE(p[0].overdue) << "deadline passed, but completed by the lead unit";
  EXPECT_TRUE(p[0].completed);
  EXPECT_FALSE(p[1].overdue) << "closed out";
  EXPECT_TRUE(p[1].completed);
  EXPECT_TRUE(p[1].closed_out);
  EXPECT_TRUE(p[2].overdue) << "deadline passed, no report";
  EXPECT_FALSE(p[3].overdue) << "deadline in the future and no open round";
  EXPECT_FALSE(p[4].overdue);
  // The day before the deadline nothing is overdue.
  for (const TaskProgressInfo& x : Progress("2024-06-29")) EXPECT_FALSE(x.overdue);

  // An open round past its due date makes the lead unit's missing report overdue, whatever
  // the deadline; a task completed or closed out stays not overdue.
  int64_t q4 = OpenRound("2024-Q4", "2024-11-10");
  p = Progress("2024-12-01");
  EXPECT_TRUE(p[3].overdue) << "overdue in the due list of an open round";
  EXPECT_TRUE(p[4].overdue);
  EXPECT_FALSE(p[0].overdue);
  EXPECT_FALSE(p[1].overdue);
  // Before the round's due date, only the deadline counts.
  p = Progress("2024-11-01");
  EXPECT_FALSE(p[3].overdue);
  EXPECT_TRUE(p[2].overdue);
  // A report submitted in the round settles task 4's obligation.
  AddReport(q4, 4, kLead, TaskProgress::kInProgress, 50, ReportState::kSubmitted,
            "2024-11-05T08:00:00Z");
  p = Progress("2024-12-01");
  EXPECT_FALSE(p[3].overdue);
  EXPECT_TRUE(p[4].overdue);

  // The filters use the same rule and the same day.
  EXPECT_EQ(Ids(Overdue(true, "2024-12-01")), (std::vector<int64_t>{3, 5}));
  EXPECT_EQ(Ids(Overdue(false, "2024-12-01")), (std::vector<int64_t>{1, 2, 4}));
  EXPECT_EQ(Ids(Overdue(true, "2024-06-01")), (std::vector<int64_t>{}));
  TaskQuery malformed;
  malformed.today = "2024-13-01";
  auto bad = MatchingTasks(*store_, malformed);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(bad.status().message().rfind("today：", 0), 0u) << bad.status().message();
}

TEST_F(TaskProgressTest, OnlyTheLeadUnitsApprovedReportCompletesATask) {
  int64_t q2 = OpenRound("2024-Q2", "2030-07-10");
  // Task 1: only a co-unit's approved 已完成.
  int64_t co = AddReport(q2, 1, kCoUnit, TaskProgress::kCompleted, 100, ReportState::kApproved,
                         "2024-07-05T08:00:00Z");
  // Task 2: the lead unit's 已完成 awaiting review.
  int64_t pending = AddReport(q2, 2, kLead, TaskProgress::kCompleted, 100, ReportState::kSubmitted,
                              "2024-07-05T08:00:00Z");
  // Task 3: the lead unit's approved 已完成 (and a co-unit's 滞后, which does not count).
  AddReport(q2, 3, kLead, TaskProgress::kCompleted, 100, ReportState::kApproved,
            "2024-07-06T08:00:00Z");
  AddReport(q2, 3, kCoUnit, TaskProgress::kLagging, 20, ReportState::kApproved,
            "2024-07-07T08:00:00Z");
  // Task 4: the lead unit's approved 滞后.
  AddReport(q2, 4, kLead, TaskProgress::kLagging, 10, ReportState::kApproved,
            "2024-07-06T08:00:00Z");

  std::vector<TaskProgressInfo> p = Progress("2024-07-08");
  EXPECT_EQ(p[0].report_id, co) << "the co-unit's report is shown";
  EXPECT_EQ(p[0].status, TaskProgress::kInProgress) << "but its 已完成 does not complete";
  EXPECT_FALSE(p[0].completed);
  EXPECT_EQ(p[1].report_id, pending);
  EXPECT_EQ(p[1].status, TaskProgress::kInProgress);
  EXPECT_FALSE(p[1].completed);
  EXPECT_EQ(p[2].status, TaskProgress::kCompleted);
  EXPECT_TRUE(p[2].completed);
  EXPECT_EQ(p[3].status, TaskProgress::kLagging);
  EXPECT_FALSE(p[4].status.has_value());

  // Close-out needs the lead unit's approved 已完成 too.
  Caller cli = CliCaller("tasks close-out");
  auto refused = CloseOutTask(*store_, cli, plan_id_, 1, "");
  EXPECT_EQ(refused.status().code(), Status::Code::kFailedPrecondition);
  ASSERT_TRUE(CloseOutTask(*store_, cli, plan_id_, 3, "已验收").ok());

  // GET /progress counts what the filters return.
  EXPECT_EQ(Ids(WithStatus("completed")), (std::vector<int64_t>{3}));
  EXPECT_EQ(Ids(WithStatus("lagging")), (std::vector<int64_t>{4}));
  EXPECT_EQ(Ids(WithStatus("none")), (std::vector<int64_t>{5}));
  auto json = TaskProgressJson(*store_, plan_id_);
  ASSERT_TRUE(json.ok()) << json.status().ToString();
  auto total = nlohmann::json::parse(*json)["total"];
  EXPECT_EQ(total["tasks"], 5);
  EXPECT_EQ(total["completed"], 1);
  EXPECT_EQ(total["lagging"], 1);
  EXPECT_EQ(total["reported"], 4);
  EXPECT_EQ(total["closed_out"], 1);
  EXPECT_DOUBLE_EQ(total["average_percent"].get<double>(), (100 + 100 + 100 + 10) / 5.0);
}

TEST_F(TaskProgressTest, ThePublicationIsChineseWhateverTheCallersLanguage) {
  int64_t q2 = OpenRound("2024-Q2", "2030-07-10");
  AddReport(q2, 1, kLead, TaskProgress::kCompleted, 100, ReportState::kApproved,
            "2024-07-05T08:00:00Z");
  auto content = [&](Lang lang) {
    ScopedThreadLanguage screen(lang);
    auto p = Publish(*store_, CliCaller("publish"), plan_id_, "", "季度公开");
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    nlohmann::json j = nlohmann::json::parse(p.ok() ? p->content : "{}");
    j.erase("published_at");
    return j;
  };
  nlohmann::json en = content(Lang::kEn);
  nlohmann::json zh = content(Lang::kZh);
  EXPECT_EQ(en["tasks"]["total"]["title"], "合计");
  EXPECT_EQ(en, zh);
  // Errors still speak the caller's language.
  ScopedThreadLanguage screen(Lang::kEn);
  auto bad = Publish(*store_, CliCaller("publish"), plan_id_, "2024-Q9", "");
  EXPECT_EQ(bad.status().message().rfind("as_of: ", 0), 0u) << bad.status().message();
}

TEST_F(TaskProgressTest, TheTaskExportIsReturnedAsBytes) {
  TaskQuery q;
  q.q = "任务3";
  auto bytes = ExportTasksXlsx(*store_, q);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto wb = tabular::ReadXlsx(*bytes);
  ASSERT_TRUE(wb.ok()) << wb.status().ToString();
  ASSERT_FALSE(wb->sheets.empty());
  bool found = false;
  for (const tabular::Row& r : wb->sheets[0].rows) {
    for (const std::string& cell : r.cells) found = found || cell == "任务3";
    for (const std::string& cell : r.cells) EXPECT_NE(cell, "任务2");
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace guihua::service
