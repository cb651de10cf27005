#include "service/api_queries.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string_view>

#include "common/i18n.h"
#include "plan/task_json.h"
#include "service/plan_service.h"
#include "service/reporting_service.h"
#include "service/search.h"
#include "service/task_sheet.h"

namespace guihua::service {
namespace {

nlohmann::ordered_json Opt(const std::optional<double>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}
nlohmann::ordered_json Opt(const std::optional<int>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

}  // namespace

std::string PlansToJson(const std::vector<store::PlanInfo>& plans) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const store::PlanInfo& p : plans) {
    arr.push_back({{"id", p.id},
                   {"key", p.key},
                   {"title", p.title},
                   {"region", p.region},
                   {"latest_version", p.latest_version},
                   {"created_at", p.created_at}});
  }
  return arr.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

namespace {

// Parses TaskQuery::status: nullopt inside the optional means "no report" (none, 未报送).
Result<std::optional<std::optional<workflow::TaskProgress>>> ParseStatusFilter(
    const std::string& s) {
  using Out = std::optional<std::optional<workflow::TaskProgress>>;
  if (s.empty()) return Out();
  if (s == "none" || s == "未报送") return Out(std::optional<workflow::TaskProgress>());
  workflow::TaskProgress p;
  if (workflow::ParseTaskProgress(s, &p)) return Out(std::optional<workflow::TaskProgress>(p));
  return Status::InvalidArgument(
      Msg("status：须为 not_started、in_progress、completed、lagging（未启动、推进中、已完成、"
          "滞后）或 none（未报送）（收到“{}”）",
          "status: must be not_started, in_progress, completed, lagging or none (got \"{}\")", s));
}

}  // namespace

Result<TaskPage> MatchingTasks(store::Store& store, const TaskQuery& q) {
  GH_ASSIGN_OR_RETURN(auto status, ParseStatusFilter(q.status));
  std::vector<std::string> terms;
  if (!q.q.empty()) {
    GH_ASSIGN_OR_RETURN(terms, SearchTerms(q.q));
  }
  TaskPage out;
  GH_ASSIGN_OR_RETURN(out.plan_id, ResolvePlanId(store, q.plan_id));
  GH_ASSIGN_OR_RETURN(std::vector<plan::Task> all, store.LoadTasks(out.plan_id, 0));
  GH_ASSIGN_OR_RETURN(std::vector<TaskProgressInfo> progress,
                      LoadTaskProgress(store, out.plan_id, all, q.today));
  for (size_t i = 0; i < all.size(); ++i) {
    plan::Task& t = all[i];
    const TaskProgressInfo& p = progress[i];
    bool keep = q.unit.empty() || t.lead_unit == q.unit ||
                std::find(t.co_units.begin(), t.co_units.end(), q.unit) != t.co_units.end();
    keep = keep && (q.part.empty() || t.part == q.part);
    keep = keep && (!status || *status == p.status);
    keep = keep && (!q.overdue || *q.overdue == p.overdue);
    if (keep && !terms.empty()) {
      std::vector<std::string_view> fields = {t.text, t.lead_unit, t.remarks};
      fields.insert(fields.end(), t.co_units.begin(), t.co_units.end());
      keep = MatchesAllTerms(terms, fields);
    }
    if (!keep) continue;
    out.tasks.push_back(std::move(t));
    out.progress.push_back(p);
  }
  out.total = static_cast<int64_t>(out.tasks.size());
  return out;
}

Result<TaskPage> QueryTasks(store::Store& store, const TaskQuery& q) {
  if (q.page < 1) {
    return Status::InvalidArgument(
        Msg("page：须为正整数（收到 {}）", "page: must be a positive integer (got {})", q.page));
  }
  if (q.per_page < 1 || q.per_page > kMaxTasksPerPage) {
    return Status::InvalidArgument(Msg("per_page：须在 1–{} 之间（收到 {}）",
                                       "per_page: must be 1-{} (got {})", kMaxTasksPerPage,
                                       q.per_page));
  }
  GH_ASSIGN_OR_RETURN(TaskPage all, MatchingTasks(store, q));
  TaskPage out;
  out.plan_id = all.plan_id;
  out.total = all.total;
  out.page = q.page;
  out.per_page = q.per_page;
  int64_t begin = (q.page - 1) * q.per_page;
  for (int64_t i = begin; i < out.total && i < begin + q.per_page; ++i) {
    out.tasks.push_back(std::move(all.tasks[static_cast<size_t>(i)]));
    out.progress.push_back(all.progress[static_cast<size_t>(i)]);
  }
  return out;
}

namespace {

nlohmann::ordered_json ProgressToJson(const TaskProgressInfo& p) {
  using json = nlohmann::ordered_json;
  auto or_null = [](bool has, json v) { return has ? std::move(v) : json(nullptr); };
  return {
      {"percent", or_null(p.percent.has_value(), p.percent.value_or(0))},
      {"status",
       or_null(p.status.has_value(), p.status ? workflow::TaskProgressName(*p.status) : "")},
      {"status_label",
       or_null(p.status.has_value(), p.status ? workflow::TaskProgressLabel(*p.status) : "")},
      {"state", or_null(p.state.has_value(), p.state ? workflow::ReportStateName(*p.state) : "")},
      {"report_id", or_null(p.report_id != 0, p.report_id)},
      {"reported_at", or_null(p.report_id != 0 && !p.reported_at.empty(), p.reported_at)},
      {"approved", p.approved},
      {"closed_out", p.closed_out},
      {"overdue", p.overdue}};
}

}  // namespace

std::string TaskPageToJson(const TaskPage& page) {
  nlohmann::ordered_json j = {{"plan_id", page.plan_id},
                              {"total", page.total},
                              {"page", page.page},
                              {"per_page", page.per_page}};
  nlohmann::ordered_json tasks = nlohmann::ordered_json::parse(plan::TasksToJson(page.tasks, -1));
  for (size_t i = 0; i < tasks.size() && i < page.progress.size(); ++i)
    tasks[i]["progress"] = ProgressToJson(page.progress[i]);
  j["tasks"] = std::move(tasks);
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

Result<std::string> TaskDetailWithProgressJson(store::Store& store, int64_t plan_id,
                                               int64_t task_id) {
  GH_ASSIGN_OR_RETURN(std::string detail, TaskDetailJson(store, plan_id, task_id));
  GH_ASSIGN_OR_RETURN(int64_t pid, ResolvePlanId(store, plan_id));
  GH_ASSIGN_OR_RETURN(std::vector<plan::Task> tasks, store.LoadTasks(pid, 0));
  std::erase_if(tasks, [&](const plan::Task& t) { return t.id != task_id; });
  GH_ASSIGN_OR_RETURN(std::vector<TaskProgressInfo> progress, LoadTaskProgress(store, pid, tasks));
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(detail);
  if (!progress.empty()) j["task"]["progress"] = ProgressToJson(progress[0]);
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

Result<std::string> ExportTasksXlsx(store::Store& store, const TaskQuery& q) {
  GH_ASSIGN_OR_RETURN(TaskPage page, MatchingTasks(store, q));
  GH_ASSIGN_OR_RETURN(plan::Plan plan, store.LoadPlan(page.plan_id, 0));
  GH_ASSIGN_OR_RETURN(std::vector<store::VersionInfo> versions, store.ListVersions(page.plan_id));
  int version = versions.empty() ? 0 : versions.back().version;
  return TaskSheetXlsx(plan, page.tasks, {page.plan_id, version});
}

std::string IndicatorsToJson(const std::vector<indicators::Indicator>& inds) {
  using namespace indicators;
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const Indicator& i : inds) {
    arr.push_back({{"code", i.code},
                   {"name", i.name},
                   {"unit", i.unit},
                   {"category", i.category},
                   {"attribute", AttributeName(i.attribute)},
                   {"direction", DirectionName(i.direction)},
                   {"target_kind", TargetKindName(i.target_kind)},
                   {"baseline_year", Opt(i.baseline_year)},
                   {"baseline", Opt(i.baseline)},
                   {"target_year", Opt(i.target_year)},
                   {"target", Opt(i.target)},
                   {"target_text", i.target_text},
                   {"lead_unit", i.lead_unit}});
  }
  return arr.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string DashboardJson(const EvaluationRun& run) {
  using namespace indicators;
  nlohmann::ordered_json by_status = nlohmann::ordered_json::object();
  for (EvalStatus s :
       {EvalStatus::kAchieved, EvalStatus::kAhead, EvalStatus::kOnTrack, EvalStatus::kLagging,
        EvalStatus::kDeteriorating, EvalStatus::kNoData, EvalStatus::kNotScored}) {
    by_status[EvalStatusName(s)] = 0;
  }
  nlohmann::ordered_json warnings = {{"green", 0}, {"yellow", 0}, {"red", 0}};
  std::vector<const Evaluation*> attention;
  for (const Evaluation& e : run.evaluations) {
    by_status[EvalStatusName(e.status)] = by_status[EvalStatusName(e.status)].get<int>() + 1;
    if (e.warning != Warning::kNone)
      warnings[WarningName(e.warning)] = warnings[WarningName(e.warning)].get<int>() + 1;
    if (e.status == EvalStatus::kDeteriorating || e.status == EvalStatus::kLagging)
      attention.push_back(&e);
  }
  // Deteriorating first, then the largest gap behind pace; stable for equal keys.
  std::stable_sort(attention.begin(), attention.end(),
                   [](const Evaluation* a, const Evaluation* b) {
                     bool da = a->status == EvalStatus::kDeteriorating,
                          db = b->status == EvalStatus::kDeteriorating;
                     if (da != db) return da;
                     return a->pace_gap.value_or(0) < b->pace_gap.value_or(0);
                   });
  if (attention.size() > 10) attention.resize(10);
  std::vector<Evaluation> top;
  top.reserve(attention.size());
  for (const Evaluation* e : attention) top.push_back(*e);
  nlohmann::ordered_json j = {
      {"total", run.evaluations.size()},
      {"by_status", by_status},
      {"warnings", warnings},
      {"warning_count", warnings["yellow"].get<int>() + warnings["red"].get<int>()}};
  j["attention"] = nlohmann::ordered_json::parse(EvaluationsToJson(top));
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace guihua::service
