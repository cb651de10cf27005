// The evaluation engine against hand-computed cases (docs/methodology.md, 算例): the real
// national 14th FYP figures of /work/shared/data, then edge cases one rule at a time.
#include "indicators/evaluate.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace guihua::indicators {
namespace {

Indicator Ind(std::string code, std::string name, std::string unit, TargetKind kind,
              std::optional<double> baseline, std::optional<double> target,
              Direction dir = Direction::kIncrease, std::optional<int> by = 2020,
              std::optional<int> ty = 2025) {
  Indicator i;
  i.code = std::move(code);
  i.name = std::move(name);
  i.unit = std::move(unit);
  i.target_kind = kind;
  i.baseline = baseline;
  i.target = target;
  i.direction = dir;
  i.baseline_year = by;
  i.target_year = ty;
  return i;
}

Observation Obs(const Indicator& ind, Period p, double v, std::string region = "全国") {
  return Observation{ind.code, std::move(region), p, v, "test"};
}

Evaluation Eval(const Indicator& ind, const std::vector<Observation>& obs, EvalOptions opt = {}) {
  return EvaluateSeries(ind, "全国", obs, opt);
}

EvalOptions With(Method m) {
  EvalOptions o;
  o.method = m;
  return o;
}

// National indicators as in national-14th-fyp-indicators.csv.
const Indicator kN03 = Ind("N03", "常住人口城镇化率", "%", TargetKind::kLevel, 63.89, 65);
const Indicator kN04 = Ind("N04", "全社会研发经费投入增长", "%", TargetKind::kGrowth, 10.3, 7);
const Indicator kN08 =
    Ind("N08", "城镇调查失业率", "%", TargetKind::kCeiling, 5.6, 5.5, Direction::kDecrease);
const Indicator kN12 =
    Ind("N12", "每千人口拥有3岁以下婴幼儿托位数", "个", TargetKind::kLevel, 1.8, 4.5);
const Indicator kN13 = Ind("N13", "人均预期寿命", "岁", TargetKind::kCumulative, 77.93, 1);
const Indicator kN14 =
    Ind("N14", "单位国内生产总值能源消耗降低", "%", TargetKind::kCumulative, std::nullopt, 13.5);
const Indicator kN16 =
    Ind("N16", "地级及以上城市空气质量优良天数比率", "%", TargetKind::kLevel, 87.0, 87.5);
const Indicator kN19 = Ind("N19", "粮食综合生产能力", "亿吨", TargetKind::kFloor, 6.69, 6.5);

// --- Pace method on the national data ------------------------------------------------

TEST(EvalPace, N04GrowthCompoundsYearlyRates) {
  // 2021: 14.2% against >7% a year. progress = ln 1.142 / (5 ln 1.07) = 39.250%.
  Evaluation e =
      Eval(kN04, {Obs(kN04, Period::Year(2020), 10.3), Obs(kN04, Period::Year(2021), 14.2)});
  EXPECT_EQ(e.indicator, "N04");
  EXPECT_EQ(e.region, "全国");
  ASSERT_TRUE(e.progress && e.time_elapsed && e.pace_gap);
  EXPECT_NEAR(*e.progress, 39.2503, 1e-3);
  EXPECT_NEAR(*e.time_elapsed, 20, 1e-9);
  EXPECT_NEAR(*e.pace_gap, 19.2503, 1e-3);
  EXPECT_NEAR(*e.cagr_actual, 14.2, 1e-9);
  EXPECT_NEAR(*e.cagr_required, 7, 1e-9);
  EXPECT_NEAR(*e.projected, 14.2, 1e-9);
  EXPECT_NEAR(*e.value, 14.2, 1e-12);
  EXPECT_EQ(e.period, Period::Year(2021));
  EXPECT_EQ(e.status, EvalStatus::kAhead);
  EXPECT_EQ(e.warning, Warning::kGreen);
  EXPECT_FALSE(e.score);  // pace has no score
}

TEST(EvalPace, N14CumulativeReductionInLogTerms) {
  // 2.7% of a 13.5% five-year cut: ln 0.973 / ln 0.865 = 18.873%; time 20% -> gap -1.127.
  Evaluation e =
      Eval(kN14, {Obs(kN14, Period::Year(2020), 0.1), Obs(kN14, Period::Year(2021), 2.7)});
  ASSERT_TRUE(e.progress);
  EXPECT_NEAR(*e.progress, 18.8733, 1e-3);
  EXPECT_NEAR(*e.pace_gap, -1.1267, 1e-3);
  EXPECT_NEAR(*e.cagr_actual, 2.7, 1e-9);
  EXPECT_NEAR(*e.cagr_required, 2.85885, 1e-4);  // 1 - 0.865^(1/5)
  EXPECT_NEAR(*e.projected, 12.7904, 1e-3);      // 1 - 0.973^5
  EXPECT_NEAR(*e.baseline, 0.1, 1e-12);          // blank in the table: the 2020 rate, for display
  EXPECT_EQ(e.status, EvalStatus::kOnTrack);
  EXPECT_EQ(e.warning, Warning::kGreen);
}

TEST(EvalPace, N08CeilingJudgedYearByYear) {
  Observation base = Obs(kN08, Period::Year(2020), 5.6);
  Evaluation e = Eval(kN08, {base, Obs(kN08, Period::Year(2021), 5.1)});
  EXPECT_EQ(e.status, EvalStatus::kOnTrack);  // under the ceiling, before 2025
  EXPECT_EQ(e.warning, Warning::kGreen);
  EXPECT_FALSE(e.progress);
  EXPECT_FALSE(e.pace_gap);
  EXPECT_NEAR(*e.time_elapsed, 20, 1e-9);
  EXPECT_EQ(Eval(kN08, {base, Obs(kN08, Period::Year(2025), 5.3)}).status, EvalStatus::kAchieved);
  Evaluation over = Eval(kN08, {base, Obs(kN08, Period::Year(2022), 5.58)});
  EXPECT_EQ(over.status, EvalStatus::kLagging);  // above 5.5, better than 5.6
  EXPECT_EQ(over.warning, Warning::kYellow);
  Evaluation worse = Eval(kN08, {base, Obs(kN08, Period::Year(2022), 5.7)});
  EXPECT_EQ(worse.status, EvalStatus::kDeteriorating);
  EXPECT_EQ(worse.warning, Warning::kRed);
}

TEST(EvalPace, N19FloorMetAtBaselineIsMaintained) {
  Evaluation e = Eval(kN19, {Obs(kN19, Period::Year(2021), 6.8285)});
  EXPECT_EQ(e.status, EvalStatus::kOnTrack);  // not "achieved early"
  EXPECT_EQ(Eval(kN19, {Obs(kN19, Period::Year(2025), 6.9)}).status, EvalStatus::kAchieved);
  EXPECT_EQ(Eval(kN19, {Obs(kN19, Period::Year(2022), 6.4)}).status, EvalStatus::kDeteriorating);
}

TEST(EvalPace, N03LevelLinearShare) {
  // (64.72 - 63.89) / (65 - 63.89) = 74.775%; time 20% -> 54.8 points ahead.
  Evaluation e =
      Eval(kN03, {Obs(kN03, Period::Year(2020), 63.89), Obs(kN03, Period::Year(2021), 64.72)});
  EXPECT_NEAR(*e.progress, 74.7748, 1e-3);
  EXPECT_NEAR(*e.pace_gap, 54.7748, 1e-3);
  EXPECT_NEAR(*e.projected, 63.89 + 0.83 * 5, 1e-9);  // linear trend at 2025
  EXPECT_NEAR(*e.cagr_actual, 1.29911, 1e-4);
  EXPECT_NEAR(*e.cagr_required, 0.34508, 1e-4);
  EXPECT_EQ(e.status, EvalStatus::kAhead);
}

TEST(EvalPace, N13CumulativeInYearsIsBaselinePlusChange) {
  // Target level 77.93 + 1; (78.2 - 77.93) / 1 = 27%; time 20% -> +7: on track.
  Evaluation e = Eval(kN13, {Obs(kN13, Period::Year(2021), 78.2)});
  EXPECT_NEAR(*e.progress, 27, 1e-6);
  EXPECT_NEAR(*e.target, 1, 1e-12);  // the notation's number
  EXPECT_EQ(e.status, EvalStatus::kOnTrack);
}

TEST(EvalPace, N12LagsBehindPace) {
  // (2.03 - 1.8) / (4.5 - 1.8) = 8.52%; gap -11.48 -> lagging, yellow.
  Evaluation e = Eval(kN12, {Obs(kN12, Period::Year(2021), 2.03)});
  EXPECT_NEAR(*e.pace_gap, -11.4815, 1e-3);
  EXPECT_EQ(e.status, EvalStatus::kLagging);
  EXPECT_EQ(e.warning, Warning::kYellow);
}

TEST(EvalPace, N16ReachedTargetIsAchieved) {
  Evaluation e = Eval(kN16, {Obs(kN16, Period::Year(2021), 87.5)});
  EXPECT_NEAR(*e.progress, 100, 1e-9);
  EXPECT_EQ(e.status, EvalStatus::kAchieved);
  EXPECT_EQ(e.warning, Warning::kGreen);
}

TEST(EvalPace, QualitativeIsNotScoredAndMissingDataIsNoData) {
  Indicator n01 =
      Ind("N01", "国内生产总值（GDP）增长", "%", TargetKind::kQualitative, 2.3, std::nullopt);
  Evaluation q = Eval(n01, {Obs(n01, Period::Year(2021), 8.1)});
  EXPECT_EQ(q.status, EvalStatus::kNotScored);
  EXPECT_EQ(q.warning, Warning::kNone);
  EXPECT_NEAR(*q.value, 8.1, 1e-12);
  EXPECT_EQ(Eval(kN03, {}).status, EvalStatus::kNoData);
  EXPECT_EQ(Eval(kN03, {}).warning, Warning::kNone);
  // N11: no baseline year and no baseline -> no_data even with an observation.
  Indicator n11 = Ind("N11", "基本养老保险参保率", "%", TargetKind::kLevel, std::nullopt, 95,
                      Direction::kIncrease, std::nullopt, 2025);
  EXPECT_EQ(Eval(n11, {Obs(n11, Period::Year(2021), 91)}).status, EvalStatus::kNoData);
}

TEST(EvalPace, WarningBands) {
  Indicator ind = Ind("X", "x", "个", TargetKind::kLevel, 0, 100);
  // time elapsed 60%: progress 45 -> gap -15 (yellow), 25 -> gap -35 (red), 30 -> -30 (yellow)
  auto at = [&](double v) { return Eval(ind, {Obs(ind, Period::Year(2023), v)}); };
  EXPECT_EQ(at(45).warning, Warning::kYellow);
  EXPECT_EQ(at(25).warning, Warning::kRed);
  EXPECT_EQ(at(25).status, EvalStatus::kLagging);
  EXPECT_EQ(at(30).warning, Warning::kYellow);
  EXPECT_EQ(at(50.5).status, EvalStatus::kOnTrack);  // gap -9.5 > -10
  EXPECT_EQ(at(50).status, EvalStatus::kLagging);    // gap -10 exactly: lagging
  EXPECT_EQ(at(70).status, EvalStatus::kAhead);      // gap +10 exactly: ahead
  EXPECT_EQ(at(-1).status, EvalStatus::kDeteriorating);
  EXPECT_EQ(at(-1).warning, Warning::kRed);
  EvalOptions loose;
  loose.yellow_gap = 20;
  EXPECT_EQ(Eval(ind, {Obs(ind, Period::Year(2023), 45)}, loose).status, EvalStatus::kOnTrack);
}

// --- Edge cases ------------------------------------------------------------------------

TEST(EvalEdge, ZeroBaselineUsesLinearShare) {
  Indicator ind = Ind("Z", "新增", "个", TargetKind::kLevel, 0, 10);
  Evaluation e = Eval(ind, {Obs(ind, Period::Year(2022), 5)});
  EXPECT_NEAR(*e.progress, 50, 1e-9);
  EXPECT_NEAR(*e.time_elapsed, 40, 1e-9);
  EXPECT_EQ(e.status, EvalStatus::kAhead);  // gap +10
  EXPECT_FALSE(e.cagr_actual);              // undefined from 0
  // cagr falls back to the linear ratio (5/2 a year) / (10/5 a year) = 1.25 -> on track.
  Evaluation c = Eval(ind, {Obs(ind, Period::Year(2022), 5)}, With(Method::kCagr));
  EXPECT_EQ(c.status, EvalStatus::kOnTrack);
  EXPECT_NEAR(*c.score, 7.1429 * 1.25 - 4.2857, 1e-9);
}

TEST(EvalEdge, SinglePointAtBaselineIsOnTrack) {
  Evaluation e = Eval(kN03, {Obs(kN03, Period::Year(2020), 63.89)});
  EXPECT_NEAR(*e.progress, 0, 1e-9);
  EXPECT_NEAR(*e.time_elapsed, 0, 1e-9);
  EXPECT_EQ(e.status, EvalStatus::kOnTrack);
  Evaluation g = Eval(kN04, {Obs(kN04, Period::Year(2020), 10.3)});
  EXPECT_NEAR(*g.progress, 0, 1e-9);
  EXPECT_EQ(g.status, EvalStatus::kOnTrack);
  EXPECT_EQ(Eval(kN03, {Obs(kN03, Period::Year(2020), 63.89)}, With(Method::kCagr)).status,
            EvalStatus::kOnTrack);
}

TEST(EvalEdge, AsOfUsesWhatWasKnownThen) {
  std::vector<Observation> obs = {Obs(kN03, Period::Year(2023), 64.9),
                                  Obs(kN03, Period::Year(2021), 64.72),
                                  Obs(kN03, Period::Year(2022), 64.8)};
  EvalOptions opt;
  opt.as_of = Period::Year(2021);
  Evaluation e = Eval(kN03, obs, opt);
  EXPECT_EQ(e.period, Period::Year(2021));
  EXPECT_NEAR(*e.time_elapsed, 20, 1e-9);
  opt.as_of = Period::Month(2022, 11);  // 2022 not yet published
  EXPECT_EQ(Eval(kN03, obs, opt).period, Period::Year(2021));
  EXPECT_EQ(Eval(kN03, obs).period, Period::Year(2023));  // no as_of: the latest
  opt.as_of = Period::Year(2019);
  EXPECT_EQ(Eval(kN03, obs, opt).status, EvalStatus::kNoData);
}

TEST(EvalEdge, QuarterAndMonthPeriodsMeasureTimeAtTheirEnd) {
  Indicator ind = Ind("Q", "q", "个", TargetKind::kLevel, 0, 100);
  Evaluation q = Eval(ind, {Obs(ind, Period::Quarter(2023, 2), 50)});
  EXPECT_NEAR(*q.time_elapsed, 50, 1e-9);  // 2.5 of 5 years
  EXPECT_EQ(q.status, EvalStatus::kOnTrack);
  // The year's figure wins over the December figure (same end).
  Evaluation y =
      Eval(ind, {Obs(ind, Period::Year(2023), 61), Obs(ind, Period::Month(2023, 12), 59)});
  EXPECT_NEAR(*y.value, 61, 1e-12);
}

TEST(EvalEdge, GrowthWithYearToDateMonth) {
  std::vector<Observation> obs = {Obs(kN04, Period::Year(2021), 8),
                                  Obs(kN04, Period::Year(2022), 6),
                                  Obs(kN04, Period::Month(2023, 6), 7)};
  Evaluation e = Eval(kN04, obs);
  double sum = std::log(1.08) + std::log(1.06) + 0.5 * std::log(1.07);
  EXPECT_NEAR(*e.time_elapsed, 50, 1e-9);
  EXPECT_NEAR(*e.progress, sum / (5 * std::log(1.07)) * 100, 1e-9);
  EXPECT_NEAR(*e.value, 7, 1e-12);
  EXPECT_EQ(e.period, Period::Month(2023, 6));
}

TEST(EvalEdge, GrowthGapsAreFilledWithTheObservedAverage) {
  std::vector<Observation> obs = {Obs(kN04, Period::Year(2021), 8),
                                  Obs(kN04, Period::Year(2023), 6)};
  Evaluation e = Eval(kN04, obs);
  double mean = (std::log(1.08) + std::log(1.06)) / 2;
  EXPECT_NEAR(*e.progress, mean * 3 / (5 * std::log(1.07)) * 100, 1e-9);
  EXPECT_NEAR(*e.cagr_actual, (std::exp(mean) - 1) * 100, 1e-9);
  EXPECT_NEAR(*e.time_elapsed, 60, 1e-9);
}

TEST(EvalEdge, DecreaseDirectionLevel) {
  Indicator pm =
      Ind("PM", "PM2.5浓度", "微克/立方米", TargetKind::kLevel, 40, 30, Direction::kDecrease);
  Evaluation e = Eval(pm, {Obs(pm, Period::Year(2022), 35)});
  EXPECT_NEAR(*e.progress, 50, 1e-9);
  EXPECT_EQ(e.status, EvalStatus::kAhead);
  EXPECT_EQ(Eval(pm, {Obs(pm, Period::Year(2022), 42)}).status, EvalStatus::kDeteriorating);
  // cagr: observed (35/40)^(1/2)-1, required (30/40)^(1/5)-1, R = -obs/|req| > 0.
  Evaluation c = Eval(pm, {Obs(pm, Period::Year(2022), 35)}, With(Method::kCagr));
  double r = -(std::sqrt(35.0 / 40) - 1) / std::abs(std::pow(0.75, 0.2) - 1);
  EXPECT_NEAR(*c.score, std::min(7.1429 * r - 4.2857, 5.0), 1e-9);
  EXPECT_EQ(c.status, EvalStatus::kOnTrack);  // r = 1.17
}

TEST(EvalEdge, BaselineTakenFromTheBaselineYearObservation) {
  Indicator ind = Ind("B", "b", "个", TargetKind::kLevel, std::nullopt, 20);
  Evaluation e = Eval(ind, {Obs(ind, Period::Year(2020), 10), Obs(ind, Period::Year(2021), 12)});
  EXPECT_NEAR(*e.baseline, 10, 1e-12);
  EXPECT_NEAR(*e.progress, 20, 1e-9);
  EXPECT_EQ(Eval(ind, {Obs(ind, Period::Year(2021), 12)}).status, EvalStatus::kNoData);
}

TEST(EvalEdge, RegionsOwnBaselineYearValueWinsOverTheTables) {
  // The table states the city's baseline (50); a county that reported its own 2020 value
  // (40) is judged from there: (45 - 40) / (60 - 40) = 25 %.
  Indicator ind = Ind("C", "c", "%", TargetKind::kLevel, 50, 60);
  Evaluation e = Eval(ind, {Obs(ind, Period::Year(2020), 40), Obs(ind, Period::Year(2021), 45)});
  EXPECT_NEAR(*e.baseline, 40, 1e-12);
  EXPECT_NEAR(*e.progress, 25, 1e-9);
  // Without its own value the table's baseline applies: (45 - 50) / 10 → deteriorating.
  e = Eval(ind, {Obs(ind, Period::Year(2021), 45)});
  EXPECT_NEAR(*e.baseline, 50, 1e-12);
  EXPECT_EQ(e.status, EvalStatus::kDeteriorating);
}

TEST(EvalEdge, CumulativeGrowthWhenNameDoesNotSayReduction) {
  Indicator ind = Ind("G", "服务业增加值累计增长", "%", TargetKind::kCumulative, std::nullopt, 40);
  Evaluation e = Eval(ind, {Obs(ind, Period::Year(2021), 8)});
  EXPECT_NEAR(*e.progress, std::log(1.08) / std::log(1.40) * 100, 1e-9);
}

TEST(EvalEdge, RepeatedPeriodLaterWins) {
  Evaluation e =
      Eval(kN03, {Obs(kN03, Period::Year(2021), 64.0), Obs(kN03, Period::Year(2021), 64.72)});
  EXPECT_NEAR(*e.value, 64.72, 1e-12);
}

// --- cagr and escap methods ---------------------------------------------------------------

TEST(EvalCagr, N14RatioJustBelowSubstantial) {
  // R = 2.7 / 2.85885 = 0.9444 < 0.95 -> moderate progress: lagging, yellow; score 2.4603.
  Evaluation e = Eval(kN14, {Obs(kN14, Period::Year(2021), 2.7)}, With(Method::kCagr));
  EXPECT_EQ(e.status, EvalStatus::kLagging);
  EXPECT_EQ(e.warning, Warning::kYellow);
  EXPECT_NEAR(*e.score, 2.4603, 1e-3);
}

TEST(EvalCagr, N03AndN04OnTrack) {
  // N03: 1.2991 / 0.34508 = 3.76 -> on track, score capped at 5.
  Evaluation a = Eval(kN03, {Obs(kN03, Period::Year(2021), 64.72)}, With(Method::kCagr));
  EXPECT_EQ(a.status, EvalStatus::kOnTrack);
  EXPECT_NEAR(*a.score, 5, 1e-9);
  EXPECT_NEAR(*a.projected, 63.89 * std::pow(64.72 / 63.89, 5), 1e-9);
  Evaluation b = Eval(kN04, {Obs(kN04, Period::Year(2021), 14.2)}, With(Method::kCagr));
  EXPECT_EQ(b.status, EvalStatus::kOnTrack);
}

TEST(EvalCagr, BandsAndAchieved) {
  Indicator ind = Ind("C", "c", "个", TargetKind::kLevel, 100, 200);
  auto at = [&](double v) {
    return Eval(ind, {Obs(ind, Period::Year(2022), v)}, With(Method::kCagr));
  };
  double req = std::pow(2.0, 0.2) - 1;  // 14.87% a year
  // R = 0.7: value = 100 (1 + 0.7 req)^2
  Evaluation mod = at(100 * std::pow(1 + 0.7 * req, 2));
  EXPECT_EQ(mod.status, EvalStatus::kLagging);
  EXPECT_EQ(mod.warning, Warning::kYellow);
  EXPECT_NEAR(*mod.score, 7.1429 * 0.7 - 4.2857, 1e-6);
  Evaluation lim = at(100 * std::pow(1 + 0.3 * req, 2));
  EXPECT_EQ(lim.status, EvalStatus::kLagging);
  EXPECT_EQ(lim.warning, Warning::kRed);
  EXPECT_NEAR(*lim.score, 4.1667 * 0.3 - 2.5, 1e-6);
  Evaluation det = at(90);
  EXPECT_EQ(det.status, EvalStatus::kDeteriorating);
  EXPECT_LT(*det.score, -2.5);
  Evaluation ach = at(200);
  EXPECT_EQ(ach.status, EvalStatus::kAchieved);
  EXPECT_NEAR(*ach.score, 5, 1e-12);
}

TEST(EvalEscap, CurrentStatusAndAnticipatedProgress) {
  // N14: CSI 0.1887; anticipated ln(0.973)*5/ln(0.865) = 94.37% -> 5.6 points short: on track.
  Evaluation e = Eval(kN14, {Obs(kN14, Period::Year(2021), 2.7)}, With(Method::kEscap));
  EXPECT_NEAR(*e.score, 0.188733, 1e-5);
  EXPECT_EQ(e.status, EvalStatus::kOnTrack);
  // N12: compound projection 1.8 (2.03/1.8)^5 = 3.284; anticipated (3.284-1.8)/2.7 = 55.0%
  // -> 45 points short: lagging, red.
  Evaluation l = Eval(kN12, {Obs(kN12, Period::Year(2021), 2.03)}, With(Method::kEscap));
  double proj = 1.8 * std::pow(2.03 / 1.8, 5);
  EXPECT_NEAR(*l.projected, proj, 1e-9);
  EXPECT_EQ(l.status, EvalStatus::kLagging);
  EXPECT_EQ(l.warning, Warning::kRed);
  // N03 projects far past the target: ahead; CSI 0.7477.
  Evaluation a = Eval(kN03, {Obs(kN03, Period::Year(2021), 64.72)}, With(Method::kEscap));
  EXPECT_EQ(a.status, EvalStatus::kAhead);
  EXPECT_NEAR(*a.score, 0.747748, 1e-5);
}

TEST(EvalNames, RoundTrip) {
  EXPECT_STREQ(EvalStatusName(EvalStatus::kOnTrack), "on_track");
  EXPECT_STREQ(EvalStatusLabel(EvalStatus::kAchieved), "提前实现");
  EXPECT_STREQ(EvalStatusLabel(EvalStatus::kDeteriorating), "逆向变化");
  EXPECT_STREQ(WarningName(Warning::kNone), "none");
  EXPECT_STREQ(WarningLabel(Warning::kRed), "红");
  EvalStatus s;
  ASSERT_TRUE(ParseEvalStatus("相对滞后", &s));
  EXPECT_EQ(s, EvalStatus::kLagging);
  Method m;
  ASSERT_TRUE(ParseMethod("escap", &m));
  EXPECT_EQ(m, Method::kEscap);
  EXPECT_FALSE(ParseMethod("magic", &m));
  EXPECT_STREQ(MethodName(Method::kCagr), "cagr");
}

// --- Evaluator ------------------------------------------------------------------------------

TEST(EvalEvaluator, BulkThenIncremental) {
  std::vector<Indicator> inds = {kN03, kN04, kN08};
  Evaluator ev(inds, EvalOptions{});
  ev.AddBulk(
      {Obs(kN04, Period::Year(2021), 14.2, "乙县"), Obs(kN03, Period::Year(2021), 64.72, "甲县"),
       Obs(kN03, Period::Year(2021), 64.0, "乙县"), Obs(kN08, Period::Year(2021), 5.1, "甲县"),
       Observation{"N99", "甲县", Period::Year(2021), 1, ""}});
  ev.EvaluateAll();
  EXPECT_EQ(ev.ignored(), 1u);
  ASSERT_EQ(ev.Results().size(), 6u);  // 3 indicators x 2 regions, no_data included
  // Indicator table order, then region order of first appearance (乙县 came first).
  const auto& r = ev.Results();
  EXPECT_EQ(r[0].indicator, "N03");
  EXPECT_EQ(r[0].region, "乙县");
  EXPECT_EQ(r[1].region, "甲县");
  EXPECT_EQ(r[2].indicator, "N04");
  EXPECT_EQ(r[5].indicator, "N08");
  EXPECT_EQ(ev.Find("N08", "乙县")->status, EvalStatus::kNoData);
  EXPECT_EQ(ev.Find("N03", "甲县")->status, EvalStatus::kAhead);
  // The same result as EvaluateSeries on the same data.
  Evaluation direct = EvaluateSeries(
      kN03, "甲县", std::vector<Observation>{Obs(kN03, Period::Year(2021), 64.72, "甲县")}, {});
  EXPECT_NEAR(*ev.Find("N03", "甲县")->progress, *direct.progress, 1e-12);

  // Add re-evaluates only its pair: a correction of 乙县's N03 2021 value.
  std::vector<Evaluation> before = ev.Results();
  ev.Add(Obs(kN03, Period::Year(2021), 63.0, "乙县"));  // below baseline now
  EXPECT_EQ(ev.Find("N03", "乙县")->status, EvalStatus::kDeteriorating);
  for (size_t i = 1; i < before.size(); ++i) {
    EXPECT_EQ(ev.Results()[i].status, before[i].status) << i;
    EXPECT_EQ(ev.Results()[i].value, before[i].value) << i;
  }
  // A new region adds a row per indicator; the others keep their results.
  ev.Add(Obs(kN08, Period::Year(2022), 5.8, "丙县"));
  ASSERT_EQ(ev.Results().size(), 9u);
  EXPECT_EQ(ev.Results()[8].region, "丙县");
  EXPECT_EQ(ev.Results()[8].status, EvalStatus::kDeteriorating);  // above the 5.6 baseline
  EXPECT_EQ(ev.Results()[2].status, EvalStatus::kNoData);         // N03 丙县
  EXPECT_EQ(ev.Find("N03", "甲县")->status, EvalStatus::kAhead);
  EXPECT_EQ(ev.Find("N03", "丁县"), nullptr);
  EXPECT_EQ(ev.Find("N77", "甲县"), nullptr);
}

TEST(EvalEvaluator, RegionOrderAndOptions) {
  Evaluator ev({kN03}, EvalOptions{});
  ev.AddBulk(
      {Obs(kN03, Period::Year(2021), 64.72, "甲县"), Obs(kN03, Period::Year(2022), 64.9, "甲县")});
  ev.SetRegionOrder({"衡阳市", "甲县"});
  ev.EvaluateAll();
  ASSERT_EQ(ev.Results().size(), 2u);
  EXPECT_EQ(ev.Results()[0].region, "衡阳市");
  EXPECT_EQ(ev.Results()[1].period, Period::Year(2022));
  EvalOptions o;
  o.as_of = Period::Year(2021);
  ev.SetOptions(o);
  ev.EvaluateAll();
  EXPECT_EQ(ev.Results()[1].period, Period::Year(2021));
}

// --- Roll-ups -------------------------------------------------------------------------------

TEST(AggregateRollUp, ByCategoryAttributeAndRegion) {
  Indicator a = kN03;
  a.category = "经济发展";
  a.attribute = Attribute::kExpected;
  Indicator b = kN14;
  b.category = "绿色生态";
  b.attribute = Attribute::kBinding;
  Indicator c = kN12;
  c.category = "民生福祉";
  std::vector<Indicator> inds = {a, b, c};
  Evaluator ev(inds, EvalOptions{});
  ev.AddBulk({Obs(a, Period::Year(2021), 64.72, "甲"), Obs(b, Period::Year(2021), 2.7, "甲"),
              Obs(c, Period::Year(2021), 2.03, "甲"), Obs(a, Period::Year(2021), 63.0, "乙"),
              Obs(b, Period::Year(2021), 3.0, "乙")});
  ev.EvaluateAll();
  auto cat = RollUpByCategory(ev.Results(), inds);
  ASSERT_EQ(cat.size(), 3u);
  EXPECT_EQ(cat[0].key, "经济发展");
  EXPECT_EQ(cat[0].total, 2);
  EXPECT_EQ(cat[0].ahead, 1);
  EXPECT_EQ(cat[0].deteriorating, 1);
  EXPECT_NEAR(*cat[0].share_on_pace, 50, 1e-9);
  EXPECT_EQ(cat[2].no_data, 1);
  EXPECT_EQ(cat[2].lagging, 1);
  auto attr = RollUpByAttribute(ev.Results(), inds);
  ASSERT_EQ(attr.size(), 3u);
  EXPECT_EQ(attr[0].key, "约束性");  // binding first
  EXPECT_EQ(attr[1].key, "预期性");
  EXPECT_EQ(attr[2].key, "未标注");
  auto rank = RankRegions(ev.Results());
  ASSERT_EQ(rank.size(), 2u);
  // 甲: ahead, on_track, lagging -> 66.7%; 乙: deteriorating, on_track -> 50%.
  EXPECT_EQ(rank[0].key, "甲");
  EXPECT_NEAR(*rank[0].share_on_pace, 200.0 / 3, 1e-9);
  EXPECT_EQ(rank[1].key, "乙");
  EXPECT_EQ(rank[0].scored(), 3);
  EXPECT_EQ(rank[0].green, 2);
}

}  // namespace
}  // namespace guihua::indicators
