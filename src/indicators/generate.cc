#include "indicators/generate.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <string>
#include <string_view>
#include <unordered_map>

namespace guihua::indicators {
namespace {

// GenerateDataset's observations say what they are; GenerateScale's leave the source blank to
// keep a 7.7-million-row file at 200 MB (its indicator names and notes say 合成).
constexpr const char* kSource = "合成数据";

// splitmix64's finaliser: a good 64-bit mixer for keys.
uint64_t Mix(uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

// splitmix64 (Steele, Lea, Flood 2014): passes BigCrush, one add and a mix per draw, and its
// output is fixed by the algorithm, unlike std::*_distribution.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  // Mean 0, standard deviation 1, within ±3.46: a scaled Irwin–Hall sum of four uniforms,
  // close enough to normal for noise and free of libm (Box–Muller needs log and cos, whose
  // last bit may differ between C libraries).
  double Normal() {
    double s = Uniform() + Uniform() + Uniform() + Uniform();
    return (s - 2.0) * 1.7320508075688772;
  }

 private:
  uint64_t state_;
};

Rng PairRng(uint64_t seed, uint64_t salt, std::string_view code, std::string_view region) {
  return Rng(Mix(seed ^ Mix(salt ^ Mix(Fnv1a(code) ^ Mix(Fnv1a(region))))));
}

double Round2(double v) { return std::round(v * 100) / 100; }
double Round1(double v) { return std::round(v * 10) / 10; }

// x with x^n = a for a > 0, by Newton's method: + - * / only, so the bits are the same on
// every machine (std::pow's last bit is not).
double NthRoot(double a, int n) {
  if (n <= 1) return a;
  double x = 1;
  for (int it = 0; it < 200; ++it) {
    double p = 1;
    for (int i = 1; i < n; ++i) p *= x;
    double next = ((n - 1) * x + a / p) / n;
    if (next == x) break;
    x = next;
  }
  return x;
}

// Same rule as the evaluation engine (docs/methodology.md): a cumulative target in percent is
// a reduction when the name says so.
bool IsReduction(const Indicator& ind) {
  return ind.name.find("降") != std::string::npos || ind.name.find("减") != std::string::npos;
}

// What the generator needs of an indicator, with the gaps of the table filled.
struct IndicatorFacts {
  int baseline_year = 0;
  int span = 5;  // target year - baseline year
  double d = 1;  // +1: increase is good
  bool rate = false;
  bool has_target = false;
  double base = 0;             // the table's baseline (or a stand-in when blank)
  double required = 0;         // rate kinds: the yearly rate that reaches the target
  double level_spread = 0.08;  // relative scatter of leaf baselines around the table's
  bool percent = false;        // a level in %: kept within 0..100
  bool monthly = false;        // GenerateDataset: monthly observations too
};

IndicatorFacts Facts(const Indicator& ind, int default_baseline_year) {
  IndicatorFacts f;
  f.baseline_year = ind.baseline_year.value_or(default_baseline_year);
  int ty = ind.target_year.value_or(f.baseline_year + 5);
  f.span = std::max(1, ty - f.baseline_year);
  f.d = ind.direction == Direction::kIncrease ? 1 : -1;
  f.rate = ind.ObservedAsRate();
  f.has_target = ind.target.has_value() && ind.target_kind != TargetKind::kQualitative;
  f.percent = !f.rate && ind.unit == "%";
  const double target = ind.target.value_or(0);
  switch (ind.target_kind) {
    case TargetKind::kGrowth:
      f.required = target;
      f.base = ind.baseline.value_or(target);
      break;
    case TargetKind::kCumulative:
      if (f.rate) {
        const double s = IsReduction(ind) ? -1 : 1;
        const double total = 1 + s * target / 100;
        f.required = total > 0 ? s * (NthRoot(total, f.span) - 1) * 100 : target / f.span;
        f.base = ind.baseline.value_or(f.required);
      } else {
        f.base = ind.baseline.value_or(std::abs(target) * 20);
        f.level_spread = 0.02;
      }
      break;
    case TargetKind::kLevel:
      f.base = ind.baseline.value_or(target - f.d * std::abs(target) * 0.1);
      f.monthly = true;
      break;
    case TargetKind::kCeiling:
    case TargetKind::kFloor:
      f.base = ind.baseline.value_or(target);
      f.level_spread = 0.03;
      f.monthly = true;
      break;
    case TargetKind::kQualitative:
      f.base = ind.baseline.value_or(1);
      break;
  }
  if (!f.has_target) f.monthly = false;
  return f;
}

// One (indicator, region) trajectory. t is years since the baseline year's end.
struct Model {
  enum class Path { kLevel, kRate, kBound, kFlat };
  Path path = Path::kFlat;
  double base = 0;   // the value (or the rate) at the baseline year
  double slope = 0;  // kLevel: change per year
  double goal = 0;   // kRate: the yearly rate after the baseline; kBound: the level settled at
  double sd = 0;     // noise of one observation
  bool percent = false;
  bool non_negative = false;

  double At(double t) const {
    switch (path) {
      case Path::kLevel:
        return base + slope * t;
      case Path::kRate:
        return t <= 0 ? base : goal;
      case Path::kBound:
        return base + (goal - base) * std::clamp(t / 2, 0.0, 1.0);
      case Path::kFlat:
        return base;
    }
    return base;
  }
  double Clamp(double v) const {
    if (percent) return std::clamp(v, 0.0, 100.0);
    if (non_negative) return std::max(v, 0.0);
    return v;
  }
};

// Draws a leaf's trajectory: its baseline `offset` standard deviations from the table's
// (already centred over its siblings) and its pace: on track, lagging or deteriorating.
Model MakeModel(const Indicator& ind, const IndicatorFacts& f, double offset, double lagging_share,
                Rng& rng) {
  const bool lagging = rng.Uniform() < lagging_share;
  const bool worse = lagging && rng.Uniform() < 0.2;
  const double pace = worse     ? rng.Uniform(-0.6, -0.15)
                      : lagging ? rng.Uniform(0.25, 0.7)
                                : rng.Uniform(0.95, 1.35);
  const double target = ind.target.value_or(0);
  Model m;
  m.percent = f.percent;
  m.non_negative = !f.rate && f.base >= 0;
  if (!f.has_target) {
    m.path = Model::Path::kFlat;
    m.base = f.base * (1 + f.level_spread * offset);
    m.sd = 0.1 * std::abs(f.base) + 0.1;
    return m;
  }
  switch (ind.target_kind) {
    case TargetKind::kGrowth:
    case TargetKind::kCumulative:
      if (f.rate) {
        m.path = Model::Path::kRate;
        m.base = f.base + 0.8 * offset;
        if (f.d > 0) {
          m.goal = f.required * pace;
        } else {  // a cap on growth: good while below
          m.goal = f.required * (worse     ? rng.Uniform(1.4, 1.8)
                                 : lagging ? rng.Uniform(1.05, 1.4)
                                           : rng.Uniform(0.6, 0.95));
        }
        m.sd = 0.12 * std::abs(f.required) + 0.2;
        return m;
      }
      [[fallthrough]];  // cumulative change in a unit other than %: a level path
    case TargetKind::kLevel: {
      m.path = Model::Path::kLevel;
      // Scatter the baseline by at most a tenth of the change the table needs: the engine
      // measures every region's progress from the table's baseline, so a county that starts
      // far from it would look achieved or deteriorating from its first year.
      const double table_goal =
          ind.target_kind == TargetKind::kCumulative ? f.base + f.d * target : target;
      const double scatter =
          std::min(f.level_spread * std::abs(f.base), 0.1 * std::abs(table_goal - f.base));
      m.base = f.base + scatter * offset;
      const double goal =
          ind.target_kind == TargetKind::kCumulative ? m.base + f.d * target : target;
      double need = goal - m.base;
      if (f.d * need <= 0) need = f.d * std::max(std::abs(m.base) * 0.02, 0.01);
      m.slope = pace * need / f.span;
      m.sd = 0.05 * std::abs(need);
      return m;
    }
    case TargetKind::kCeiling:
    case TargetKind::kFloor: {
      m.path = Model::Path::kBound;
      m.base = f.base * (1 + f.level_spread * offset);
      const bool ceiling = ind.target_kind == TargetKind::kCeiling;
      if (ceiling) {
        m.goal = worse     ? std::max(m.base, target) * rng.Uniform(1.04, 1.10)
                 : lagging ? target * rng.Uniform(1.01, 1.06)
                           : target * rng.Uniform(0.88, 0.98);
      } else {
        m.goal = worse     ? std::min(m.base, target) * rng.Uniform(0.90, 0.96)
                 : lagging ? target * rng.Uniform(0.94, 0.99)
                           : target * rng.Uniform(1.02, 1.10);
      }
      m.sd = 0.004 * std::abs(target);
      return m;
    }
    case TargetKind::kQualitative:
      break;
  }
  return m;
}

// Periods of one indicator in GenerateDataset: years start..last complete year and, for
// monthly indicators, the months after start_year; ordered by their end, a month before the
// year that ends with it.
std::vector<Period> DatasetPeriods(const GenOptions& opt, const IndicatorFacts& f, Period end) {
  const int last_year = end.sub == 12 ? end.year : end.year - 1;
  std::vector<Period> ps;
  for (int y = opt.start_year; y <= end.year; ++y) {
    if (f.monthly && y > opt.start_year) {
      const int last_month = y == end.year ? end.sub : 12;
      for (int m = 1; m <= last_month; ++m) ps.push_back(Period::Month(y, m));
    }
    if (y <= last_year) ps.push_back(Period::Year(y));
  }
  return ps;
}

// Years after the baseline year's end at which `p` ends.
double Elapsed(const Period& p, int baseline_year) { return p.EndYear() - baseline_year; }

// GenerateDataset's leaf series: yearly values on the trajectory (the baseline year exactly
// at the baseline), months between the year-end figures.
void FillDatasetLeaf(const Model& m, int baseline_year, const std::vector<Period>& ps, Rng& rng,
                     double* out) {
  // Year-end figures first (drawn in year order), then the months between them.
  std::unordered_map<int, double> year_end;
  auto year_value = [&](int y) {
    auto it = year_end.find(y);
    if (it != year_end.end()) return it->second;
    const double t = y - baseline_year;
    double v = m.At(t);
    if (t != 0) v += m.sd * rng.Normal();
    v = Round2(m.Clamp(v));
    year_end.emplace(y, v);
    return v;
  };
  for (const Period& p : ps) {
    if (p.grain == Period::Grain::kYear) year_value(p.year);
  }
  for (size_t i = 0; i < ps.size(); ++i) {
    const Period& p = ps[i];
    if (p.grain == Period::Grain::kYear) {
      out[i] = year_value(p.year);
      continue;
    }
    const double prev = year_value(p.year - 1);
    const double next = year_value(p.year);
    double v = prev + (next - prev) * p.sub / 12.0;
    if (p.sub != 12) v += 0.3 * m.sd * rng.Normal();
    out[i] = Round2(m.Clamp(v));
  }
}

// GenerateScale's leaf series: every period a month; rate kinds hold the year-to-date rate,
// noisier early in the year.
void FillMonthlyLeaf(const Model& m, int baseline_year, const std::vector<Period>& ps, Rng& rng,
                     double* out) {
  for (size_t i = 0; i < ps.size(); ++i) {
    const Period& p = ps[i];
    const double t = Elapsed(p, baseline_year);
    double noise = m.sd * rng.Normal();
    if (m.path == Model::Path::kRate) noise *= 1 + (12 - p.sub) / 12.0;
    out[i] = Round2(m.Clamp(m.At(t) + noise));
  }
}

bool IsPark(const Region& r) { return r.type == "park"; }
bool ParkReports(const Indicator& ind) {
  return ind.category == "经济发展" || ind.category == "创新驱动";
}

// The region tree as the generator walks it.
struct Tree {
  std::vector<int> parent;  // index, -1 for a root
  std::vector<int> depth;
  std::vector<int> deepest_first;  // region indexes, children before parents
};

Tree BuildTree(const std::vector<Region>& regions) {
  Tree t;
  const int n = static_cast<int>(regions.size());
  std::unordered_map<std::string_view, int> index;
  for (int i = 0; i < n; ++i) index.emplace(regions[static_cast<size_t>(i)].name, i);
  t.parent.assign(static_cast<size_t>(n), -1);
  for (int i = 0; i < n; ++i) {
    const Region& r = regions[static_cast<size_t>(i)];
    auto it = index.find(r.parent);
    if (!r.parent.empty() && it != index.end() && it->second != i) {
      t.parent[static_cast<size_t>(i)] = it->second;
    }
  }
  t.depth.assign(static_cast<size_t>(n), 0);
  for (int i = 0; i < n; ++i) {
    int d = 0;
    // A cycle in the input would loop; stop at n steps and treat the region as a root.
    for (int p = t.parent[static_cast<size_t>(i)]; p >= 0 && d <= n;
         p = t.parent[static_cast<size_t>(p)]) {
      ++d;
    }
    if (d > n) {
      t.parent[static_cast<size_t>(i)] = -1;
      d = 0;
    }
    t.depth[static_cast<size_t>(i)] = d;
  }
  t.deepest_first.resize(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) t.deepest_first[static_cast<size_t>(i)] = i;
  std::stable_sort(t.deepest_first.begin(), t.deepest_first.end(), [&](int a, int b) {
    return t.depth[static_cast<size_t>(a)] > t.depth[static_cast<size_t>(b)];
  });
  return t;
}

enum class Mode { kDataset, kMonthly };

// Generates every series of every indicator over the tree and appends the observations.
void Generate(const GenOptions& opt, Mode mode, const std::vector<Region>& regions,
              const std::vector<Indicator>& indicators, Period end,
              const std::vector<Period>* fixed_periods, const char* source,
              std::vector<Observation>* out) {
  const Tree tree = BuildTree(regions);
  const size_t n = regions.size();
  const double share = std::clamp(opt.lagging_share, 0.0, 1.0);
  std::vector<char> included(n), aggregate(n), leaf(n);
  std::vector<double> offset(n);
  std::vector<double> values;
  std::vector<int> child_count(n);
  for (const Indicator& ind : indicators) {
    const IndicatorFacts f = Facts(ind, opt.start_year);
    const std::vector<Period> own_periods =
        fixed_periods ? std::vector<Period>() : DatasetPeriods(opt, f, end);
    const std::vector<Period>& ps = fixed_periods ? *fixed_periods : own_periods;
    const size_t np = ps.size();
    if (np == 0) continue;

    // Who reports, and who is the mean of whom (parks never count into a parent).
    for (size_t r = 0; r < n; ++r) {
      included[r] = !IsPark(regions[r]) || ParkReports(ind);
      aggregate[r] = 0;
    }
    for (size_t r = 0; r < n; ++r) {
      int p = tree.parent[r];
      if (p >= 0 && included[r] && !IsPark(regions[r])) aggregate[static_cast<size_t>(p)] = 1;
    }
    for (size_t r = 0; r < n; ++r) leaf[r] = included[r] && !aggregate[r];

    // Leaf baselines: one draw per pair, centred over the leaves sharing a parent.
    std::unordered_map<int, std::pair<double, int>> group;  // parent -> (sum, count)
    for (size_t r = 0; r < n; ++r) {
      if (!leaf[r]) continue;
      offset[r] = PairRng(opt.seed, 0x0ff5e7, ind.code, regions[r].name).Normal();
      if (IsPark(regions[r])) continue;
      auto& g = group[tree.parent[r]];
      g.first += offset[r];
      g.second += 1;
    }
    for (size_t r = 0; r < n; ++r) {
      if (!leaf[r] || IsPark(regions[r])) continue;
      const auto& g = group[tree.parent[r]];
      offset[r] -= g.first / g.second;
    }

    values.assign(n * np, 0.0);
    for (size_t r = 0; r < n; ++r) {
      if (!leaf[r]) continue;
      Rng rng = PairRng(opt.seed, 0x5e41e5, ind.code, regions[r].name);
      const Model m = MakeModel(ind, f, offset[r], share, rng);
      double* row = &values[r * np];
      if (mode == Mode::kDataset) {
        FillDatasetLeaf(m, f.baseline_year, ps, rng, row);
      } else {
        FillMonthlyLeaf(m, f.baseline_year, ps, rng, row);
      }
    }
    // Parents: the mean of their reporting children, deepest first.
    std::fill(child_count.begin(), child_count.end(), 0);
    for (int r : tree.deepest_first) {
      const size_t ru = static_cast<size_t>(r);
      if (aggregate[ru] && child_count[ru] > 0) {
        double* row = &values[ru * np];
        for (size_t k = 0; k < np; ++k) row[k] = Round2(row[k] / child_count[ru]);
      }
      const int p = tree.parent[ru];
      if (p < 0 || !included[ru] || IsPark(regions[ru])) continue;
      const size_t pu = static_cast<size_t>(p);
      double* prow = &values[pu * np];
      const double* row = &values[ru * np];
      for (size_t k = 0; k < np; ++k) prow[k] += row[k];
      ++child_count[pu];
    }

    for (size_t r = 0; r < n; ++r) {
      if (!included[r]) continue;
      const double* row = &values[r * np];
      for (size_t k = 0; k < np; ++k) {
        Observation& o = out->emplace_back();
        o.indicator = ind.code;
        o.region = regions[r].name;
        o.period = ps[k];
        o.value = row[k];
        o.source = source;
      }
    }
  }
}

// The year before the five-year plan that contains `year` (plans start 2021, 2026, …).
int PlanBaselineYear(int year) {
  int offset = year - 2021;
  int k = offset >= 0 ? offset / 5 : -((-offset + 4) / 5);
  return 2021 + 5 * k - 1;
}

constexpr std::array<const char*, 31> kProvinces = {
    "北京市",          "天津市",         "河北省", "山西省", "内蒙古自治区", "辽宁省",
    "吉林省",          "黑龙江省",       "上海市", "江苏省", "浙江省",       "安徽省",
    "福建省",          "江西省",         "山东省", "河南省", "湖北省",       "湖南省",
    "广东省",          "广西壮族自治区", "海南省", "重庆市", "四川省",       "贵州省",
    "云南省",          "西藏自治区",     "陕西省", "甘肃省", "青海省",       "宁夏回族自治区",
    "新疆维吾尔自治区"};

constexpr std::array<const char*, 5> kCategories = {"经济发展", "创新驱动", "民生福祉", "绿色生态",
                                                    "安全保障"};

// The i-th indicator of GenerateScale: ten templates in turn.
Indicator ScaleIndicator(int i, int baseline_year, uint64_t seed) {
  Rng rng(Mix(seed ^ Mix(0x1d1ca7 + static_cast<uint64_t>(i))));
  char code[16];
  std::snprintf(code, sizeof code, "G%03d", i + 1);
  char num[16];
  std::snprintf(num, sizeof num, "%03d", i + 1);
  Indicator ind;
  ind.code = code;
  ind.category = kCategories[static_cast<size_t>(i) % kCategories.size()];
  ind.attribute = i % 3 == 0 ? Attribute::kBinding : Attribute::kExpected;
  ind.baseline_year = baseline_year;
  ind.target_year = baseline_year + 5;
  ind.remarks = "合成数据（非官方）; synthetic";
  auto text = [](double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return std::string(buf);
  };
  auto set = [&](const char* name, const char* unit, TargetKind kind, Direction dir, double base,
                 double target, const std::string& target_text) {
    ind.name = std::string(name) + num;
    ind.unit = unit;
    ind.target_kind = kind;
    ind.direction = dir;
    ind.baseline = base;
    ind.target = target;
    ind.target_text = target_text;
  };
  const auto up = Direction::kIncrease, down = Direction::kDecrease;
  switch (i % 10) {
    case 0: {
      double b = Round1(rng.Uniform(40, 70)), t = Round1(b + rng.Uniform(3, 8));
      set("合成比率指标", "%", TargetKind::kLevel, up, b, t, text(t));
      break;
    }
    case 1: {
      double b = Round1(rng.Uniform(2, 8)), t = std::round(rng.Uniform(10, 16)) / 2;
      set("合成增长指标", "%", TargetKind::kGrowth, up, b, t, ">" + text(t));
      break;
    }
    case 2: {
      double b = Round1(rng.Uniform(2, 4)), t = std::round(rng.Uniform(20, 36)) / 2;
      set("合成降低指标", "%", TargetKind::kCumulative, up, b, t, "〔" + text(t) + "〕");
      break;
    }
    case 3: {
      double t = Round1(rng.Uniform(4.5, 6)), b = Round1(t * rng.Uniform(0.9, 1.05));
      set("合成上限指标", "%", TargetKind::kCeiling, down, b, t, "<" + text(t));
      break;
    }
    case 4: {
      double t = std::round(rng.Uniform(100, 500)), b = std::round(t * rng.Uniform(1.0, 1.08));
      set("合成下限指标", "万吨", TargetKind::kFloor, up, b, t, ">" + text(t));
      break;
    }
    case 5: {
      double b = Round1(rng.Uniform(35, 60)), t = Round1(b * rng.Uniform(0.8, 0.9));
      set("合成浓度指标", "微克/立方米", TargetKind::kLevel, down, b, t, text(t));
      break;
    }
    case 6: {
      double b = Round2(rng.Uniform(75, 79));
      set("合成寿命指标", "岁", TargetKind::kCumulative, up, b, 1, "〔1〕");
      break;
    }
    case 7: {
      double b = Round1(rng.Uniform(5, 15)), t = Round1(b * rng.Uniform(1.5, 2));
      set("合成数量指标", "件", TargetKind::kLevel, up, b, t, text(t));
      break;
    }
    case 8: {
      double b = Round1(rng.Uniform(4, 8));
      set("合成收入增长指标", "%", TargetKind::kGrowth, up, b, 6, ">6");
      break;
    }
    default: {
      double b = Round1(rng.Uniform(2, 6));
      set("合成定性指标", "%", TargetKind::kQualitative, up, b, 0, "保持在合理区间");
      ind.target.reset();
      break;
    }
  }
  return ind;
}

}  // namespace

Period GenerationEnd(const GenOptions& opt) {
  int year = opt.end_year;
  int month = opt.end_month;
  if (year <= 0) {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    year = tm.tm_year + 1900;
    if (month <= 0) {
      month = tm.tm_mon;  // the last complete month: tm_mon is 0-based
      if (month == 0) {
        month = 12;
        --year;
      }
    }
  }
  if (month <= 0) month = 12;
  return Period::Month(year, std::min(month, 12));
}

Dataset GenerateDataset(const GenOptions& opt, const std::vector<Region>& regions,
                        const std::vector<Indicator>& indicators) {
  Dataset d;
  d.regions = regions;
  d.indicators = indicators;
  Generate(opt, Mode::kDataset, d.regions, d.indicators, GenerationEnd(opt), nullptr, kSource,
           &d.observations);
  return d;
}

Dataset GenerateScale(const GenOptions& opt) {
  Dataset d;
  const Period end = GenerationEnd(opt);
  const int nr = std::max(0, opt.regions);
  const int ni = std::max(0, opt.indicators);
  const int nm = std::max(0, opt.months);
  d.regions.reserve(static_cast<size_t>(nr));
  if (nr > 0) d.regions.push_back(Region{"全国", "", "nation"});
  const int provinces = std::clamp(nr - 1, 0, static_cast<int>(kProvinces.size()));
  for (int p = 0; p < provinces; ++p) {
    d.regions.push_back(Region{kProvinces[static_cast<size_t>(p)], "全国", "province"});
  }
  char name[32];
  for (int c = 0; c < nr - 1 - provinces; ++c) {
    std::snprintf(name, sizeof name, "县%04d", c + 1);
    d.regions.push_back(Region{name, kProvinces[static_cast<size_t>(c % provinces)], "county"});
  }
  const int baseline_year = PlanBaselineYear(end.year);
  for (int i = 0; i < ni; ++i) d.indicators.push_back(ScaleIndicator(i, baseline_year, opt.seed));

  std::vector<Period> months;
  months.reserve(static_cast<size_t>(nm));
  const int last = end.year * 12 + (end.sub - 1);  // months since year 0, 0-based month
  for (int k = nm - 1; k >= 0; --k) {
    const int m = last - k;
    months.push_back(Period::Month(m / 12, m % 12 + 1));
  }
  d.observations.reserve(static_cast<size_t>(nr) * static_cast<size_t>(ni) *
                         static_cast<size_t>(nm));
  if (nm > 0) {
    Generate(opt, Mode::kMonthly, d.regions, d.indicators, end, &months, "", &d.observations);
  }
  return d;
}

}  // namespace guihua::indicators
