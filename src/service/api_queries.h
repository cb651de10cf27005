// Read-side queries the HTTP API (and later the CLI) serve as JSON: the plan list, a page of
// tasks filtered by unit, part, progress status, overdue and text, each with its progress
// (进展); the 任务分解表 of such a filter as xlsx; the indicator table, and the dashboard summary
// of an evaluation. Stateless functions; JSON strings so callers need no JSON library.
//
// Example:
//   GH_ASSIGN_OR_RETURN(TaskPage page, QueryTasks(store, {.unit = "市工信局", .page = 2}));
//   std::string body = TaskPageToJson(page);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "service/evaluation_report.h"
#include "service/reporting_service.h"
#include "store/store.h"
#include "workflow/reporting.h"

namespace guihua::service {

// [{"id","key","title","region","latest_version","created_at"}]
std::string PlansToJson(const std::vector<store::PlanInfo>& plans);

struct TaskQuery {
  int64_t plan_id = 0;  // 0: the only / most recent plan (ResolvePlanId)
  std::string unit;  // keep tasks whose lead unit (牵头单位) or a co-unit (配合单位) is this
  std::string part;  // keep tasks of this part (所属部分) by label, "三"
  // Keep tasks whose progress status (TaskProgressInfo::status, reporting_service.h) is this:
  // not_started, in_progress, completed, lagging (or 未启动, 推进中, 已完成, 滞后), or none
  // (未报送: no report). Per plan part, GET /progress counts the same statuses.
  std::string status;
  std::optional<bool> overdue;  // keep overdue (true) or not overdue (false) tasks
  // Keep tasks whose text, units or remarks hold every whitespace-separated term, folded as
  // search does (case-insensitive; SearchTerms).
  std::string q;
  std::string today;      // ISO date for `overdue`; "" = today (UTC)
  int64_t page = 1;       // 1-based
  int64_t per_page = 50;  // 1..kMaxTasksPerPage
};
inline constexpr int64_t kMaxTasksPerPage = 1000;
struct TaskPage {
  int64_t plan_id = 0;
  int64_t total = 0;  // matching tasks, all pages
  int64_t page = 1, per_page = 50;
  std::vector<plan::Task> tasks;
  std::vector<TaskProgressInfo> progress;  // of each of `tasks`
};
// InvalidArgument naming the field ("page：…") for page < 1, per_page outside
// 1..kMaxTasksPerPage, an unknown status or an empty or too long q; NotFound for an unknown
// plan.
Result<TaskPage> QueryTasks(store::Store& store, const TaskQuery& q);
// Every task matching the filters of `q` (page and per_page ignored), in document order.
Result<TaskPage> MatchingTasks(store::Store& store, const TaskQuery& q);
// {"plan_id","total","page","per_page","tasks":[task contract of plan::TasksToJson plus
//  "progress":{"percent","status","status_label","state","report_id","reported_at",
//  "approved","closed_out","overdue"}]}
std::string TaskPageToJson(const TaskPage& page);
// TaskDetailJson (reporting_service.h) with "progress" added to its "task".
Result<std::string> TaskDetailWithProgressJson(store::Store& store, int64_t plan_id,
                                               int64_t task_id);

// The 任务分解表 of the tasks matching `q` (MatchingTasks) as xlsx bytes, written by
// TaskSheetXlsx (task_sheet.h) with the latest version as its origin.
Result<std::string> ExportTasksXlsx(store::Store& store, const TaskQuery& q);

// [{"code","name","unit","category","attribute","direction","target_kind","baseline_year",
//   "baseline","target_year","target","target_text","lead_unit"}]
std::string IndicatorsToJson(const std::vector<indicators::Indicator>& inds);

// {"total","by_status":{"achieved":n,…},"warnings":{"green":n,"yellow":n,"red":n},
//  "warning_count": yellow + red,
//  "attention":[up to 10 evaluation objects, deteriorating first, then lagging by pace gap]}
std::string DashboardJson(const EvaluationRun& run);

}  // namespace guihua::service
