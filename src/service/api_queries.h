// Read-side queries the HTTP API (and later the CLI) serve as JSON: the plan list, a page of
// tasks filtered by unit, the indicator table, and the dashboard summary of an evaluation.
// Stateless functions; JSON strings so callers need no JSON library.
//
// Example:
//   GH_ASSIGN_OR_RETURN(TaskPage page, QueryTasks(store, {.unit = "市工信局", .page = 2}));
//   std::string body = TaskPageToJson(page);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "service/evaluation_report.h"
#include "store/store.h"

namespace guihua::service {

// [{"id","key","title","region","latest_version","created_at"}]
std::string PlansToJson(const std::vector<store::PlanInfo>& plans);

struct TaskQuery {
  int64_t plan_id = 0;  // 0: the only / most recent plan (ResolvePlanId)
  std::string unit;  // keep tasks whose lead unit (牵头单位) or a co-unit (配合单位) is this
  int64_t page = 1;       // 1-based
  int64_t per_page = 50;  // 1..500
};
struct TaskPage {
  int64_t plan_id = 0;
  int64_t total = 0;  // matching tasks, all pages
  int64_t page = 1, per_page = 50;
  std::vector<plan::Task> tasks;
};
// InvalidArgument for page < 1 or per_page outside 1..500; NotFound for an unknown plan.
Result<TaskPage> QueryTasks(store::Store& store, const TaskQuery& q);
// {"plan_id","total","page","per_page","tasks":[task contract of plan::TasksToJson]}
std::string TaskPageToJson(const TaskPage& page);

// [{"code","name","unit","category","attribute","direction","target_kind","baseline_year",
//   "baseline","target_year","target","target_text","lead_unit"}]
std::string IndicatorsToJson(const std::vector<indicators::Indicator>& inds);

// {"total","by_status":{"achieved":n,…},"warnings":{"green":n,"yellow":n,"red":n},
//  "warning_count": yellow + red,
//  "attention":[up to 10 evaluation objects, deteriorating first, then lagging by pace gap]}
std::string DashboardJson(const EvaluationRun& run);

}  // namespace guihua::service
