// The evaluation engine (监测评估): judges each indicator in each region against its target —
// progress since the baseline, time elapsed (序时进度), the status 提前实现 / 快于预期 /
// 基本符合预期 / 相对滞后 / 逆向变化 and the 绿/黄/红 warning — by one of three methods: pace
// (the Chinese planning practice), cagr (Open SDG / Statistics Canada growth ratio) and escap
// (UN ESCAP current status and anticipated progress). Formulas: docs/methodology.md.
//
// EvaluateSeries and the roll-ups are pure functions: thread-safe. Evaluator is
// thread-compatible (const methods may run concurrently; anything else needs one writer). The
// Evaluator owns its indicators and a compact copy of the observations' periods and values.
//
// Example:
//   Evaluator ev(indicators, EvalOptions{});
//   ev.AddBulk(std::move(observations));
//   ev.EvaluateAll();
//   for (const Evaluation& e : ev.Results()) Print(e.indicator, EvalStatusLabel(e.status));
//   ev.Add(Observation{"N03", "全国", Period::Year(2022), 65.22});  // re-evaluates one pair
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "indicators/indicator.h"

namespace guihua::indicators {

// How progress is judged. See docs/methodology.md for each formula.
enum class Method {
  kPace,   // progress share vs time elapsed (时间过半、任务过半)
  kCagr,   // observed CAGR / required CAGR, cut-offs 0.95 / 0.60 / 0 (Open SDG)
  kEscap,  // current status index + anticipated progress at the target year (UN ESCAP)
};
const char* MethodName(Method m);  // "pace", "cagr", "escap"
bool ParseMethod(std::string_view s, Method* out);

enum class EvalStatus {
  kAchieved,       // 提前实现: the target is reached (or, for a bound, held at the target year)
  kAhead,          // 快于预期
  kOnTrack,        // 基本符合预期
  kLagging,        // 相对滞后
  kDeteriorating,  // 逆向变化: worse than the baseline
  kNoData,         // 暂无数据: no observation, or no baseline where one is needed
  kNotScored,      // 不评分: qualitative, or the target has no number / no target year
};
const char* EvalStatusName(EvalStatus s);   // "achieved", "ahead", "on_track", …
const char* EvalStatusLabel(EvalStatus s);  // "提前实现", "快于预期", …
bool ParseEvalStatus(std::string_view s, EvalStatus* out);

enum class Warning { kNone, kGreen, kYellow, kRed };
const char* WarningName(Warning w);   // "none", "green", "yellow", "red"
const char* WarningLabel(Warning w);  // "", "绿", "黄", "红"

struct EvalOptions {
  // Which method decides status, warning and score.
  Method method = Method::kPace;
  // Percentage points behind pace at which a pace/escap evaluation turns lagging and yellow.
  double yellow_gap = 10;
  // Percentage points behind pace beyond which the warning is red.
  double red_gap = 30;
  // Use only what was known up to this period: the latest observation whose period ends at
  // or before as_of. nullopt means everything.
  std::optional<Period> as_of;
  // Percentage points ahead of pace from which a pace/escap evaluation counts as ahead.
  double ahead_margin = 10;
};

// One indicator in one region. The JSON contract (server, reports) maps these fields one to
// one; every optional is null where it does not apply. Percent fields are 0–100(+).
struct Evaluation {
  std::string indicator;  // indicator code
  std::string name;
  std::string region;
  std::optional<Period> period;  // period of the observation judged
  std::optional<double> value;   // that observation's value (a rate for rate-observed kinds)
  std::optional<double> baseline;
  std::optional<double> target;  // the notation's number (〔13.5〕 -> 13.5)
  TargetKind target_kind = TargetKind::kLevel;
  std::optional<double> progress;       // share of the way from baseline to target, %
  std::optional<double> time_elapsed;   // share of the plan period gone, %, capped at 100
  std::optional<double> pace_gap;       // progress - time_elapsed (points; + is good)
  std::optional<double> cagr_actual;    // observed compound annual rate, %
  std::optional<double> cagr_required;  // rate needed from the baseline to the target, %
  std::optional<double> projected;      // the target's own measure at the target year if the
                                        // observed trend continues (level, average growth or
                                        // cumulative change)
  std::optional<double> score;          // cagr: -5…5 (Open SDG); escap: current status index
                                        // -1…1; pace: null
  EvalStatus status = EvalStatus::kNoData;
  Warning warning = Warning::kNone;
};

// Evaluates `series` — all observations of `ind` in `region`, in any order — with `opt`.
// O(series.size()), no heap allocation beyond the result's strings. Observations of other
// indicators or regions must not be passed. One value per period is expected; if a period
// repeats, the later element of the span wins.
Evaluation EvaluateSeries(const Indicator& ind, std::string_view region,
                          std::span<const Observation> series, const EvalOptions& opt);

// Owns indicators and observations grouped by (indicator, region), and the Evaluation of
// every indicator × region pair (pairs without observations are no_data). Results() is in a
// stable order: indicator table order, then region order (SetRegionOrder's, then regions in
// order of first appearance).
//
// Observations of an unknown indicator code are ignored and counted in ignored(). A
// repeated (indicator, region, period) replaces the earlier value (a correction). The
// Evaluator evaluates what it is given: filtering drafts out is the caller's choice.
class Evaluator {
 public:
  Evaluator(std::vector<Indicator> indicators, EvalOptions options);

  // Fixes the order of the regions in Results(); regions met later are appended. Call
  // before adding observations (otherwise the results are re-laid out; O(pairs)).
  void SetRegionOrder(const std::vector<std::string>& regions);
  // Stores one observation and re-evaluates only its (indicator, region) pair: O(points of
  // that pair). A region not seen before adds one row per indicator to Results().
  void Add(const Observation& obs);
  // Stores many observations without evaluating; call EvaluateAll() afterwards.
  void AddBulk(std::vector<Observation> observations);
  // Re-evaluates every pair changed by AddBulk (all pairs after SetOptions).
  void EvaluateAll();
  // Changes the options; takes effect at the next EvaluateAll().
  void SetOptions(const EvalOptions& options);

  const std::vector<Evaluation>& Results() const { return results_; }
  // The evaluation of one pair; nullptr for an unknown indicator or region.
  const Evaluation* Find(std::string_view indicator, std::string_view region) const;
  const std::vector<Indicator>& indicators() const { return indicators_; }
  const std::vector<std::string>& regions() const { return regions_; }
  const EvalOptions& options() const { return options_; }
  size_t ignored() const { return ignored_; }

  // A stored observation: what the engine needs of an Observation.
  struct Point {
    Period period;
    double value = 0;
  };

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using IndexMap = std::unordered_map<std::string, int, StringHash, std::equal_to<>>;

  int IndicatorIndex(std::string_view code);
  int RegionIndex(std::string_view name);  // adds the region if new
  size_t SeriesIndex(int ind, int region) const {
    return static_cast<size_t>(region) * indicators_.size() + static_cast<size_t>(ind);
  }
  size_t ResultIndex(int ind, int region) const {
    return static_cast<size_t>(ind) * regions_.size() + static_cast<size_t>(region);
  }
  void Relayout();  // rebuilds results_ after regions were added
  void EvaluatePair(int ind, int region);

  std::vector<Indicator> indicators_;
  EvalOptions options_;
  std::vector<std::string> regions_;
  IndexMap indicator_index_;
  IndexMap region_index_;
  // Region-major, so a new region appends; each series sorted by period once evaluated.
  std::vector<std::vector<Point>> series_;
  std::vector<uint8_t> dirty_;       // per series: changed since its last evaluation
  std::vector<Evaluation> results_;  // indicator-major
  size_t laid_out_regions_ = 0;
  size_t ignored_ = 0;
  // Cache of the last lookups: bulk input usually repeats indicator and region.
  std::string last_code_, last_region_;
  int last_ind_ = -1, last_reg_ = -1;
};

// A line of a summary table: counts of statuses for a category, an attribute or a region.
struct RollUpRow {
  std::string key;  // category, attribute label (约束性/预期性/未标注) or region
  int total = 0;
  int achieved = 0;
  int ahead = 0;
  int on_track = 0;
  int lagging = 0;
  int deteriorating = 0;
  int no_data = 0;
  int not_scored = 0;
  int green = 0;
  int yellow = 0;
  int red = 0;
  // total - no_data - not_scored.
  int scored() const { return total - no_data - not_scored; }
  // (achieved + ahead + on_track) / scored × 100; null when nothing is scored.
  std::optional<double> share_on_pace;
  std::optional<double> mean_score;     // mean of the non-null scores
  std::optional<double> mean_pace_gap;  // mean of the non-null pace gaps
};

// By Indicator::category, in order of first appearance in `indicators`. Evaluations whose
// indicator code is not in `indicators` count under "".
std::vector<RollUpRow> RollUpByCategory(std::span<const Evaluation> evaluations,
                                        std::span<const Indicator> indicators);
// By attribute: 约束性 binding first, then 预期性 expected, then unknown (key "未标注");
// attributes with no evaluation are left out.
std::vector<RollUpRow> RollUpByAttribute(std::span<const Evaluation> evaluations,
                                         std::span<const Indicator> indicators);
// One row per region, best first: share_on_pace descending (regions with nothing scored
// last), ties by mean_pace_gap descending (null last), then first appearance.
std::vector<RollUpRow> RankRegions(std::span<const Evaluation> evaluations);

}  // namespace guihua::indicators
