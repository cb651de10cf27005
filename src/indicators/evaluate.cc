#include "indicators/evaluate.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace guihua::indicators {
namespace {

// Years after the baseline whose rates a rate-observed series can compound (a plan period is
// five years, a vision fifteen); later years are ignored.
constexpr int kMaxYears = 64;

// Orders periods by their end; at the same end a year sorts after a quarter after a month,
// so the annual figure is "latest" when both exist (2023 over 2023-Q4 over 2023-12).
int GrainRank(Period::Grain g) {
  switch (g) {
    case Period::Grain::kMonth:
      return 0;
    case Period::Grain::kQuarter:
      return 1;
    case Period::Grain::kYear:
      return 2;
  }
  return 2;
}
int64_t OrderKey(const Period& p) {
  return static_cast<int64_t>(p.EndMonth()) * 4 + GrainRank(p.grain);
}

// Cumulative targets in percent are reductions when the name says so (能耗降低, 排放下降,
// 减少); otherwise cumulative growth. See docs/methodology.md.
bool IsReduction(const Indicator& ind) {
  return ind.name.find("降") != std::string::npos || ind.name.find("减") != std::string::npos;
}

void SetWarningFromGap(double gap, const EvalOptions& opt, Evaluation* e) {
  e->warning = gap >= -opt.red_gap ? Warning::kYellow : Warning::kRed;
}

// Open SDG score for a quantitative target: piecewise linear in the growth ratio R, 5 when
// the target is achieved (sdg-build ProgressMeasure.get_score).
double OpenSdgScore(double r) {
  if (r >= 0.6) return std::min(7.1429 * r - 4.2857, 5.0);
  return std::max(4.1667 * r - 2.5, -5.0);
}

// Everything the status rules need about a series judged along a path from baseline to
// target (level, cumulative, growth kinds).
struct PathFacts {
  double progress = 0;                // %, may be < 0 or > 100
  double time_elapsed = 0;            // %, 0..100
  std::optional<double> ratio;        // observed / required rate (cagr method)
  std::optional<double> anticipated;  // progress expected at the target year (escap), %
};

// Applies the status rules of the chosen method (docs/methodology.md, 状态判定).
void Judge(const PathFacts& f, const EvalOptions& opt, Evaluation* e) {
  e->progress = f.progress;
  e->time_elapsed = f.time_elapsed;
  e->pace_gap = f.progress - f.time_elapsed;
  const bool achieved = f.progress >= 100;
  const bool worse = f.progress < 0;
  switch (opt.method) {
    case Method::kPace: {
      double gap = *e->pace_gap;
      if (achieved) {
        e->status = EvalStatus::kAchieved;
      } else if (worse) {
        e->status = EvalStatus::kDeteriorating;
      } else if (gap >= opt.ahead_margin) {
        e->status = EvalStatus::kAhead;
      } else if (gap > -opt.yellow_gap) {
        e->status = EvalStatus::kOnTrack;
      } else {
        e->status = EvalStatus::kLagging;
        SetWarningFromGap(gap, opt, e);
        return;
      }
      break;
    }
    case Method::kCagr: {
      if (achieved) {
        e->status = EvalStatus::kAchieved;
        e->score = 5;
      } else if (!f.ratio) {
        // Only the baseline is known: no rate can be observed yet.
        e->status = worse ? EvalStatus::kDeteriorating : EvalStatus::kOnTrack;
      } else {
        double r = *f.ratio;
        e->score = OpenSdgScore(r);
        if (r >= 0.95) {
          e->status = EvalStatus::kOnTrack;
        } else if (r >= 0.60) {
          e->status = EvalStatus::kLagging;  // moderate: progress made, acceleration needed
          e->warning = Warning::kYellow;
          return;
        } else if (r >= 0) {
          e->status = EvalStatus::kLagging;  // limited progress
          e->warning = Warning::kRed;
          return;
        } else {
          e->status = EvalStatus::kDeteriorating;
        }
      }
      break;
    }
    case Method::kEscap: {
      e->score = std::clamp(f.progress / 100.0, -1.0, 1.0);
      if (achieved) {
        e->status = EvalStatus::kAchieved;
      } else if (worse) {
        e->status = EvalStatus::kDeteriorating;
      } else if (!f.anticipated) {
        e->status = EvalStatus::kOnTrack;
      } else {
        double gap = *f.anticipated - 100;
        if (gap >= opt.ahead_margin) {
          e->status = EvalStatus::kAhead;
        } else if (gap > -opt.yellow_gap) {
          e->status = EvalStatus::kOnTrack;
        } else {
          e->status = EvalStatus::kLagging;
          SetWarningFromGap(gap, opt, e);
          return;
        }
      }
      break;
    }
  }
  e->warning = e->status == EvalStatus::kDeteriorating ? Warning::kRed : Warning::kGreen;
}

// Ceilings and floors are judged on the latest value alone (docs/methodology.md, 上限/下限).
void JudgeBound(bool ceiling, double bound, double v, std::optional<double> baseline,
                bool target_year_reached, const EvalOptions& opt, Evaluation* e) {
  bool met = ceiling ? v <= bound : v >= bound;
  if (met) {
    e->status = target_year_reached ? EvalStatus::kAchieved : EvalStatus::kOnTrack;
    e->warning = Warning::kGreen;
    if (opt.method == Method::kCagr && target_year_reached) e->score = 5;
    return;
  }
  bool worse = baseline && (ceiling ? v > *baseline : v < *baseline);
  e->status = worse ? EvalStatus::kDeteriorating : EvalStatus::kLagging;
  e->warning = worse ? Warning::kRed : Warning::kYellow;
}

template <typename P>
void EvaluateInto(const Indicator& ind, std::span<const P> series, const EvalOptions& opt,
                  Evaluation* e) {
  e->period.reset();
  e->value.reset();
  e->baseline.reset();
  e->target = ind.target;
  e->target_kind = ind.target_kind;
  e->progress.reset();
  e->time_elapsed.reset();
  e->pace_gap.reset();
  e->cagr_actual.reset();
  e->cagr_required.reset();
  e->projected.reset();
  e->score.reset();
  e->status = EvalStatus::kNoData;
  e->warning = Warning::kNone;

  const std::optional<int> by = ind.baseline_year;
  const bool rate = ind.ObservedAsRate();
  const int64_t cutoff = opt.as_of ? static_cast<int64_t>(opt.as_of->EndMonth()) * 4 + 3
                                   : std::numeric_limits<int64_t>::max();

  // One scan: the latest observation, the baseline-year observation and, for rate-observed
  // kinds, the yearly rates by year after the baseline.
  const P* latest = nullptr;
  int64_t latest_key = std::numeric_limits<int64_t>::min();
  std::optional<double> baseline_obs;
  double rates[kMaxYears];
  uint64_t rate_mask = 0;
  for (const P& o : series) {
    int64_t k = OrderKey(o.period);
    if (k > cutoff) continue;
    if (k >= latest_key) {
      latest = &o;
      latest_key = k;
    }
    if (by && o.period.grain == Period::Grain::kYear) {
      int idx = o.period.year - *by - 1;
      if (idx == -1) baseline_obs = o.value;
      if (rate && idx >= 0 && idx < kMaxYears) {
        rates[idx] = o.value;
        rate_mask |= uint64_t{1} << idx;
      }
    }
  }
  // A level-observed region starts from its own baseline-year value (a county is not judged
  // from the city's baseline); rate-observed kinds only display the baseline.
  const std::optional<double> b =
      (!rate && baseline_obs) ? baseline_obs : (ind.baseline ? ind.baseline : baseline_obs);
  e->baseline = b;

  if (latest) {
    e->period = latest->period;
    e->value = latest->value;
  }
  if (ind.target_kind == TargetKind::kQualitative || !ind.target) {
    e->status = EvalStatus::kNotScored;
    return;
  }
  if (!latest) return;  // no_data
  const double v = latest->value;
  const double target = *ind.target;
  const std::optional<int> ty = ind.target_year;
  const bool have_span = by && ty && *ty > *by;
  const double span = have_span ? *ty - *by : 0;
  const double tv = by ? latest->period.EndYear() - *by : 0;  // years since the baseline
  if (have_span) e->time_elapsed = std::clamp(tv / span, 0.0, 1.0) * 100;
  const bool target_year_reached = ty && latest->period.EndYear() >= *ty;
  const double d = ind.direction == Direction::kIncrease ? 1 : -1;

  switch (ind.target_kind) {
    case TargetKind::kCeiling:
    case TargetKind::kFloor:
      JudgeBound(ind.target_kind == TargetKind::kCeiling, target, v, b, target_year_reached, opt,
                 e);
      return;
    case TargetKind::kQualitative:
      return;  // handled above
    case TargetKind::kLevel:
    case TargetKind::kCumulative:
    case TargetKind::kGrowth:
      break;
  }
  if (!by) return;  // no baseline year: no_data
  if (!have_span) {
    e->status = EvalStatus::kNotScored;  // no target year after the baseline year
    return;
  }
  if (tv < 0) return;  // nothing observed since the baseline: no_data

  PathFacts f;
  f.time_elapsed = *e->time_elapsed;

  if (!rate) {
    // Level path; a cumulative change in a unit other than % is a level of baseline ± change.
    if (!b) return;  // no_data: the baseline is needed
    const double t = ind.target_kind == TargetKind::kCumulative ? *b + d * target : target;
    if (d * (t - *b) <= 0) {
      // The target is met at the baseline already: keep it, like a floor or ceiling.
      JudgeBound(d < 0, t, v, b, target_year_reached, opt, e);
      return;
    }
    f.progress = (v - *b) / (t - *b) * 100;
    const bool compound = *b > 0 && v > 0 && t > 0;
    if (compound) {
      e->cagr_required = (std::pow(t / *b, 1 / span) - 1) * 100;
      if (tv > 0) e->cagr_actual = (std::pow(v / *b, 1 / tv) - 1) * 100;
    }
    if (tv > 0) {
      if (e->cagr_actual) {
        f.ratio = d * *e->cagr_actual / std::abs(*e->cagr_required);
      } else {
        f.ratio = f.progress * span / (100 * tv);  // linear: average change / needed change
      }
      // Projection: linear for pace, compound (where defined) for cagr and escap.
      double projected = *b + (v - *b) * span / tv;
      if (opt.method != Method::kPace && e->cagr_actual) {
        projected = *b * std::pow(1 + *e->cagr_actual / 100, span);
      }
      e->projected = projected;
      f.anticipated = (projected - *b) / (t - *b) * 100;
    }
  } else {
    // Rate path: compound the yearly rates (growth) or reductions (cumulative %).
    const double s = ind.target_kind == TargetKind::kCumulative && IsReduction(ind) ? -1 : 1;
    double sum_log = 0;
    double years = 0;  // observed years, a year-to-date value counting its fraction
    for (int idx = 0; idx < kMaxYears; ++idx) {
      if (!(rate_mask & (uint64_t{1} << idx))) continue;
      double factor = 1 + s * rates[idx] / 100;
      if (factor <= 0) continue;  // a rate of -100% or worse is not data
      sum_log += std::log(factor);
      years += 1;
    }
    if (latest->period.grain != Period::Grain::kYear && latest->period.year > *by) {
      double frac = (latest->period.EndMonth() - latest->period.year * 12) / 12.0;
      double factor = 1 + s * v / 100;
      if (factor > 0) {
        sum_log += frac * std::log(factor);
        years += frac;
      }
    }
    const double required_total = ind.target_kind == TargetKind::kGrowth
                                      ? span * std::log1p(target / 100)
                                      : std::log1p(s * target / 100);
    if (!std::isfinite(required_total)) return;  // a target of -100% or worse: no path
    e->cagr_required = s * (std::exp(required_total / span) - 1) * 100;
    double mean_log = 0;
    if (years > 0) {
      mean_log = sum_log / years;
      e->cagr_actual = s * (std::exp(mean_log) - 1) * 100;
      e->projected = ind.target_kind == TargetKind::kGrowth
                         ? *e->cagr_actual
                         : s * (std::exp(mean_log * span) - 1) * 100;
    } else if (tv > 0) {
      return;  // observations after the baseline, none usable: no_data
    }
    // Gaps between observed years are filled with the observed average.
    const double est_log = mean_log * tv;
    if (d < 0) {
      // A cap on growth ("年均增长不超过…"): good while the compounded total stays under the
      // path to the cap. pace_gap = time - progress, + is good.
      double progress = required_total != 0 ? est_log / required_total * 100 : 0;
      e->progress = progress;
      e->pace_gap = f.time_elapsed - progress;
      double gap = *e->pace_gap;
      if (target_year_reached) {
        e->status = progress <= 100 ? EvalStatus::kAchieved : EvalStatus::kLagging;
      } else {
        e->status = gap > -opt.yellow_gap ? EvalStatus::kOnTrack : EvalStatus::kLagging;
      }
      if (e->status == EvalStatus::kLagging) {
        SetWarningFromGap(gap, opt, e);
      } else {
        e->warning = Warning::kGreen;
      }
      return;
    }
    if (s * required_total <= 0) {
      // A zero or negative target (growth, or a "reduction" of <= 0) has no path to share:
      // met or not by the rate.
      bool met = !e->cagr_actual || *e->cagr_actual >= *e->cagr_required;
      e->status = met ? (target_year_reached ? EvalStatus::kAchieved : EvalStatus::kOnTrack)
                      : EvalStatus::kLagging;
      e->warning = met ? Warning::kGreen : Warning::kYellow;
      return;
    }
    f.progress = est_log / required_total * 100;
    if (tv > 0) {
      f.ratio = *e->cagr_actual / *e->cagr_required;
      f.anticipated = mean_log * span / required_total * 100;
    }
  }
  Judge(f, opt, e);
}

}  // namespace

const char* MethodName(Method m) {
  switch (m) {
    case Method::kPace:
      return "pace";
    case Method::kCagr:
      return "cagr";
    case Method::kEscap:
      return "escap";
  }
  return "pace";
}

bool ParseMethod(std::string_view s, Method* out) {
  if (s == "pace" || s == "序时进度") {
    *out = Method::kPace;
  } else if (s == "cagr") {
    *out = Method::kCagr;
  } else if (s == "escap") {
    *out = Method::kEscap;
  } else {
    return false;
  }
  return true;
}

const char* EvalStatusName(EvalStatus s) {
  switch (s) {
    case EvalStatus::kAchieved:
      return "achieved";
    case EvalStatus::kAhead:
      return "ahead";
    case EvalStatus::kOnTrack:
      return "on_track";
    case EvalStatus::kLagging:
      return "lagging";
    case EvalStatus::kDeteriorating:
      return "deteriorating";
    case EvalStatus::kNoData:
      return "no_data";
    case EvalStatus::kNotScored:
      return "not_scored";
  }
  return "no_data";
}

const char* EvalStatusLabel(EvalStatus s) {
  switch (s) {
    case EvalStatus::kAchieved:
      return "提前实现";
    case EvalStatus::kAhead:
      return "快于预期";
    case EvalStatus::kOnTrack:
      return "基本符合预期";
    case EvalStatus::kLagging:
      return "相对滞后";
    case EvalStatus::kDeteriorating:
      return "逆向变化";
    case EvalStatus::kNoData:
      return "暂无数据";
    case EvalStatus::kNotScored:
      return "不评分";
  }
  return "暂无数据";
}

bool ParseEvalStatus(std::string_view s, EvalStatus* out) {
  for (EvalStatus st :
       {EvalStatus::kAchieved, EvalStatus::kAhead, EvalStatus::kOnTrack, EvalStatus::kLagging,
        EvalStatus::kDeteriorating, EvalStatus::kNoData, EvalStatus::kNotScored}) {
    if (s == EvalStatusName(st) || s == EvalStatusLabel(st)) {
      *out = st;
      return true;
    }
  }
  return false;
}

const char* WarningName(Warning w) {
  switch (w) {
    case Warning::kNone:
      return "none";
    case Warning::kGreen:
      return "green";
    case Warning::kYellow:
      return "yellow";
    case Warning::kRed:
      return "red";
  }
  return "none";
}

const char* WarningLabel(Warning w) {
  switch (w) {
    case Warning::kNone:
      return "";
    case Warning::kGreen:
      return "绿";
    case Warning::kYellow:
      return "黄";
    case Warning::kRed:
      return "红";
  }
  return "";
}

Evaluation EvaluateSeries(const Indicator& ind, std::string_view region,
                          std::span<const Observation> series, const EvalOptions& opt) {
  Evaluation e;
  e.indicator = ind.code;
  e.name = ind.name;
  e.region = std::string(region);
  EvaluateInto(ind, series, opt, &e);
  return e;
}

// ---------------------------------------------------------------------------------------
// Evaluator

namespace {

// Sorts a series by period and keeps the last value of a repeated period.
void NormalizeSeries(std::vector<Evaluator::Point>* s) {
  auto less = [](const Evaluator::Point& a, const Evaluator::Point& b) {
    return OrderKey(a.period) < OrderKey(b.period);
  };
  if (!std::is_sorted(s->begin(), s->end(), less)) std::stable_sort(s->begin(), s->end(), less);
  size_t out = 0;
  for (size_t i = 0; i < s->size(); ++i) {
    if (out > 0 && OrderKey((*s)[out - 1].period) == OrderKey((*s)[i].period)) {
      (*s)[out - 1] = (*s)[i];
    } else {
      (*s)[out++] = (*s)[i];
    }
  }
  s->resize(out);
}

}  // namespace

Evaluator::Evaluator(std::vector<Indicator> indicators, EvalOptions options)
    : indicators_(std::move(indicators)), options_(options) {
  for (size_t i = 0; i < indicators_.size(); ++i) {
    indicator_index_.emplace(indicators_[i].code, static_cast<int>(i));  // first code wins
  }
}

int Evaluator::IndicatorIndex(std::string_view code) {
  if (last_ind_ >= 0 && code == last_code_) return last_ind_;
  auto it = indicator_index_.find(code);
  if (it == indicator_index_.end()) return -1;
  last_code_.assign(code);
  last_ind_ = it->second;
  return last_ind_;
}

int Evaluator::RegionIndex(std::string_view name) {
  if (last_reg_ >= 0 && name == last_region_) return last_reg_;
  int r;
  auto it = region_index_.find(name);
  if (it != region_index_.end()) {
    r = it->second;
  } else {
    r = static_cast<int>(regions_.size());
    regions_.emplace_back(name);
    region_index_.emplace(std::string(name), r);
    series_.resize(series_.size() + indicators_.size());
    dirty_.resize(series_.size(), 1);
  }
  last_region_.assign(name);
  last_reg_ = r;
  return r;
}

void Evaluator::SetRegionOrder(const std::vector<std::string>& regions) {
  std::vector<std::string> order;
  order.reserve(regions.size() + regions_.size());
  IndexMap seen;
  const std::vector<std::string>& current = regions_;
  for (const std::vector<std::string>* list : {&regions, &current}) {
    for (const std::string& r : *list) {
      if (seen.emplace(r, static_cast<int>(order.size())).second) order.push_back(r);
    }
  }
  const size_t n_ind = indicators_.size();
  std::vector<std::vector<Point>> series(order.size() * n_ind);
  std::vector<uint8_t> dirty(series.size(), 1);
  for (size_t old = 0; old < regions_.size(); ++old) {
    size_t now = static_cast<size_t>(seen.find(regions_[old])->second);
    for (size_t i = 0; i < n_ind; ++i) {
      series[now * n_ind + i] = std::move(series_[old * n_ind + i]);
    }
  }
  regions_ = std::move(order);
  region_index_ = std::move(seen);
  series_ = std::move(series);
  dirty_ = std::move(dirty);
  results_.clear();
  laid_out_regions_ = 0;
  last_reg_ = -1;
  Relayout();
}

void Evaluator::Relayout() {
  const size_t n_reg = regions_.size();
  if (n_reg == laid_out_regions_) return;
  const size_t n_ind = indicators_.size();
  const size_t old_reg = laid_out_regions_;
  std::vector<Evaluation> results(n_ind * n_reg);
  for (size_t i = 0; i < n_ind; ++i) {
    for (size_t r = 0; r < n_reg; ++r) {
      Evaluation& e = results[i * n_reg + r];
      if (r < old_reg) {
        e = std::move(results_[i * old_reg + r]);
      } else {
        e.indicator = indicators_[i].code;
        e.name = indicators_[i].name;
        e.region = regions_[r];
      }
    }
  }
  results_ = std::move(results);
  laid_out_regions_ = n_reg;
  for (size_t r = old_reg; r < n_reg; ++r) {
    for (size_t i = 0; i < n_ind; ++i) EvaluatePair(static_cast<int>(i), static_cast<int>(r));
  }
}

void Evaluator::EvaluatePair(int ind, int region) {
  size_t si = SeriesIndex(ind, region);
  std::vector<Point>& s = series_[si];
  if (dirty_[si]) NormalizeSeries(&s);
  dirty_[si] = 0;
  EvaluateInto(indicators_[static_cast<size_t>(ind)], std::span<const Point>(s), options_,
               &results_[ResultIndex(ind, region)]);
}

void Evaluator::Add(const Observation& obs) {
  int i = IndicatorIndex(obs.indicator);
  if (i < 0) {
    ++ignored_;
    return;
  }
  int r = RegionIndex(obs.region);
  size_t si = SeriesIndex(i, r);
  std::vector<Point>& s = series_[si];
  if (dirty_[si]) NormalizeSeries(&s);
  int64_t key = OrderKey(obs.period);
  auto it = std::lower_bound(s.begin(), s.end(), key,
                             [](const Point& p, int64_t k) { return OrderKey(p.period) < k; });
  if (it != s.end() && OrderKey(it->period) == key) {
    it->value = obs.value;
  } else {
    s.insert(it, Point{obs.period, obs.value});
  }
  dirty_[si] = 0;
  if (static_cast<size_t>(r) >= laid_out_regions_) {
    Relayout();  // evaluates the new region's pairs, this one included
  } else {
    EvaluatePair(i, r);
  }
}

void Evaluator::AddBulk(std::vector<Observation> observations) {
  // Two passes: find each observation's series and count, then reserve and copy, so the
  // series grow once (7.7 million points: about half the time of growing by push_back).
  constexpr uint32_t kSkip = std::numeric_limits<uint32_t>::max();
  std::vector<uint32_t> target(observations.size());
  for (size_t k = 0; k < observations.size(); ++k) {
    const Observation& o = observations[k];
    int i = IndicatorIndex(o.indicator);
    if (i < 0) {
      ++ignored_;
      target[k] = kSkip;
      continue;
    }
    target[k] = static_cast<uint32_t>(SeriesIndex(i, RegionIndex(o.region)));
  }
  std::vector<uint32_t> count(series_.size(), 0);
  for (uint32_t t : target) {
    if (t != kSkip) ++count[t];
  }
  for (size_t si = 0; si < series_.size(); ++si) {
    if (count[si] > 0) series_[si].reserve(series_[si].size() + count[si]);
  }
  for (size_t k = 0; k < observations.size(); ++k) {
    if (target[k] == kSkip) continue;
    series_[target[k]].push_back(Point{observations[k].period, observations[k].value});
    dirty_[target[k]] = 1;
  }
}

void Evaluator::EvaluateAll() {
  Relayout();
  const size_t n_ind = indicators_.size();
  for (size_t r = 0; r < regions_.size(); ++r) {
    for (size_t i = 0; i < n_ind; ++i) {
      if (dirty_[r * n_ind + i]) EvaluatePair(static_cast<int>(i), static_cast<int>(r));
    }
  }
}

void Evaluator::SetOptions(const EvalOptions& options) {
  options_ = options;
  std::fill(dirty_.begin(), dirty_.end(), 1);
}

const Evaluation* Evaluator::Find(std::string_view indicator, std::string_view region) const {
  auto ii = indicator_index_.find(indicator);
  auto ri = region_index_.find(region);
  if (ii == indicator_index_.end() || ri == region_index_.end()) return nullptr;
  if (static_cast<size_t>(ri->second) >= laid_out_regions_) return nullptr;
  return &results_[ResultIndex(ii->second, ri->second)];
}

// ---------------------------------------------------------------------------------------
// Roll-ups

namespace {

struct Accumulator {
  RollUpRow row;
  double score_sum = 0;
  int score_n = 0;
  double gap_sum = 0;
  int gap_n = 0;
  size_t first = 0;  // first appearance, for stable ties

  void Count(const Evaluation& e) {
    ++row.total;
    switch (e.status) {
      case EvalStatus::kAchieved:
        ++row.achieved;
        break;
      case EvalStatus::kAhead:
        ++row.ahead;
        break;
      case EvalStatus::kOnTrack:
        ++row.on_track;
        break;
      case EvalStatus::kLagging:
        ++row.lagging;
        break;
      case EvalStatus::kDeteriorating:
        ++row.deteriorating;
        break;
      case EvalStatus::kNoData:
        ++row.no_data;
        break;
      case EvalStatus::kNotScored:
        ++row.not_scored;
        break;
    }
    switch (e.warning) {
      case Warning::kGreen:
        ++row.green;
        break;
      case Warning::kYellow:
        ++row.yellow;
        break;
      case Warning::kRed:
        ++row.red;
        break;
      case Warning::kNone:
        break;
    }
    if (e.score) {
      score_sum += *e.score;
      ++score_n;
    }
    if (e.pace_gap) {
      gap_sum += *e.pace_gap;
      ++gap_n;
    }
  }

  RollUpRow Finish() {
    int scored = row.scored();
    if (scored > 0) {
      row.share_on_pace = 100.0 * (row.achieved + row.ahead + row.on_track) / scored;
    }
    if (score_n > 0) row.mean_score = score_sum / score_n;
    if (gap_n > 0) row.mean_pace_gap = gap_sum / gap_n;
    return std::move(row);
  }
};

// Groups evaluations by key(e) in order of first appearance of the key in `key_order`, then
// of the evaluations.
template <typename KeyFn>
std::vector<Accumulator> Group(std::span<const Evaluation> evaluations,
                               const std::vector<std::string>& key_order, KeyFn key) {
  std::vector<Accumulator> acc;
  std::unordered_map<std::string, size_t> pos;
  auto slot = [&](const std::string& k) -> Accumulator& {
    auto [it, fresh] = pos.emplace(k, acc.size());
    if (fresh) {
      acc.emplace_back();
      acc.back().row.key = k;
      acc.back().first = acc.size() - 1;
    }
    return acc[it->second];
  };
  for (const std::string& k : key_order) slot(k);
  for (const Evaluation& e : evaluations) slot(key(e)).Count(e);
  return acc;
}

std::unordered_map<std::string_view, const Indicator*> ByCode(
    std::span<const Indicator> indicators) {
  std::unordered_map<std::string_view, const Indicator*> m;
  for (const Indicator& i : indicators) m.emplace(i.code, &i);
  return m;
}

std::vector<RollUpRow> FinishNonEmpty(std::vector<Accumulator>* acc) {
  std::vector<RollUpRow> rows;
  for (Accumulator& a : *acc) {
    if (a.row.total > 0) rows.push_back(a.Finish());
  }
  return rows;
}

}  // namespace

std::vector<RollUpRow> RollUpByCategory(std::span<const Evaluation> evaluations,
                                        std::span<const Indicator> indicators) {
  auto by_code = ByCode(indicators);
  std::vector<std::string> order;
  for (const Indicator& i : indicators) order.push_back(i.category);
  auto acc = Group(evaluations, order, [&](const Evaluation& e) -> std::string {
    auto it = by_code.find(e.indicator);
    return it == by_code.end() ? std::string() : it->second->category;
  });
  return FinishNonEmpty(&acc);
}

std::vector<RollUpRow> RollUpByAttribute(std::span<const Evaluation> evaluations,
                                         std::span<const Indicator> indicators) {
  auto by_code = ByCode(indicators);
  auto label = [](Attribute a) -> std::string {
    return a == Attribute::kUnknown ? "未标注" : AttributeLabel(a);
  };
  std::vector<std::string> order = {label(Attribute::kBinding), label(Attribute::kExpected),
                                    label(Attribute::kUnknown)};
  auto acc = Group(evaluations, order, [&](const Evaluation& e) {
    auto it = by_code.find(e.indicator);
    return label(it == by_code.end() ? Attribute::kUnknown : it->second->attribute);
  });
  return FinishNonEmpty(&acc);
}

std::vector<RollUpRow> RankRegions(std::span<const Evaluation> evaluations) {
  auto acc = Group(evaluations, {}, [](const Evaluation& e) { return e.region; });
  std::vector<std::pair<size_t, RollUpRow>> rows;
  for (Accumulator& a : acc) rows.emplace_back(a.first, a.Finish());
  std::stable_sort(rows.begin(), rows.end(), [](const auto& x, const auto& y) {
    const RollUpRow& a = x.second;
    const RollUpRow& b = y.second;
    if (a.share_on_pace.has_value() != b.share_on_pace.has_value()) {
      return a.share_on_pace.has_value();
    }
    if (a.share_on_pace && *a.share_on_pace != *b.share_on_pace) {
      return *a.share_on_pace > *b.share_on_pace;
    }
    if (a.mean_pace_gap.has_value() != b.mean_pace_gap.has_value()) {
      return a.mean_pace_gap.has_value();
    }
    if (a.mean_pace_gap && *a.mean_pace_gap != *b.mean_pace_gap) {
      return *a.mean_pace_gap > *b.mean_pace_gap;
    }
    return false;
  });
  std::vector<RollUpRow> out;
  out.reserve(rows.size());
  for (auto& r : rows) out.push_back(std::move(r.second));
  return out;
}

}  // namespace guihua::indicators
