// Evaluation of stored indicator data (监测评估): loads the indicator table, regions and
// observations from a Store, runs the engine (indicators/evaluate.h) and renders the result
// as the JSON contract, a text table or an xlsx workbook. Stateless functions.
//
// JSON contract (an array, one object per indicator × region; null where not applicable):
//   {"indicator","name","region","period","value","baseline","target","target_kind",
//    "progress","time_elapsed","pace_gap","cagr_actual","cagr_required","projected",
//    "status","warning","score"}
//
// Example:
//   GH_ASSIGN_OR_RETURN(EvaluationRun run, EvaluateStored(*store, {}, opts));
//   std::cout << EvaluationsToJson(run.evaluations);
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "indicators/evaluate.h"
#include "store/store.h"

namespace guihua::service {

struct EvaluationQuery {
  int64_t plan_id = 0;  // indicators attached to this plan; 0: all stored indicators
  std::string region;   // only this region ("" = all)
  indicators::EvalOptions options;
};

struct EvaluationRun {
  std::vector<indicators::Indicator> indicators;
  std::vector<indicators::Evaluation> evaluations;  // indicator order, then region order
};

// NotFound when no indicators are stored, or the region is unknown.
Result<EvaluationRun> EvaluateStored(store::Store& store, const EvaluationQuery& q);

std::string EvaluationsToJson(const std::vector<indicators::Evaluation>& evaluations);
// A readable table plus roll-ups by attribute (binding first), category and region ranking.
std::string EvaluationsToText(const EvaluationRun& run);
// Sheets: 评估结果 (one row per indicator × region), 分类汇总, 地区排名.
Status WriteEvaluationXlsx(const EvaluationRun& run, const std::string& path);

}  // namespace guihua::service
