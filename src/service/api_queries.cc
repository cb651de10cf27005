#include "service/api_queries.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/i18n.h"
#include "plan/task_json.h"
#include "service/plan_service.h"

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

Result<TaskPage> QueryTasks(store::Store& store, const TaskQuery& q) {
  if (q.page < 1) {
    return Status::InvalidArgument(
        Msg("page 须为正整数（收到 {}）", "page must be a positive integer (got {})", q.page));
  }
  if (q.per_page < 1 || q.per_page > 500) {
    return Status::InvalidArgument(
        Msg("per_page 须在 1–500 之间（收到 {}）", "per_page must be 1-500 (got {})", q.per_page));
  }
  TaskPage out;
  out.page = q.page;
  out.per_page = q.per_page;
  GH_ASSIGN_OR_RETURN(out.plan_id, ResolvePlanId(store, q.plan_id));
  GH_ASSIGN_OR_RETURN(std::vector<plan::Task> all, store.LoadTasks(out.plan_id, 0));
  std::vector<plan::Task> matching;
  for (plan::Task& t : all) {
    bool keep = q.unit.empty() || t.lead_unit == q.unit ||
                std::find(t.co_units.begin(), t.co_units.end(), q.unit) != t.co_units.end();
    if (keep) matching.push_back(std::move(t));
  }
  out.total = static_cast<int64_t>(matching.size());
  int64_t begin = (q.page - 1) * q.per_page;
  for (int64_t i = begin; i < out.total && i < begin + q.per_page; ++i)
    out.tasks.push_back(std::move(matching[static_cast<size_t>(i)]));
  return out;
}

std::string TaskPageToJson(const TaskPage& page) {
  nlohmann::ordered_json j = {{"plan_id", page.plan_id},
                              {"total", page.total},
                              {"page", page.page},
                              {"per_page", page.per_page}};
  j["tasks"] = nlohmann::ordered_json::parse(plan::TasksToJson(page.tasks, -1));
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
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
