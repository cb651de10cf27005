// The synthetic data generator (indicators/generate.h) and its CSV writer
// (service/data_gen.h): determinism, counts, period ranges, the lagging share, coverage of
// the Hengyang tree, and a write → import round trip.
#include "indicators/generate.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

#include "indicators/evaluate.h"
#include "indicators/target_notation.h"
#include "service/data_gen.h"
#include "service/indicator_import.h"
#include "store/store.h"
#include "test_support.h"

namespace guihua::indicators {
namespace {

namespace fs = std::filesystem;

GenOptions Small(uint64_t seed = 7) {
  GenOptions o;
  o.seed = seed;
  o.regions = 100;
  o.indicators = 12;
  o.months = 24;
  o.end_year = 2024;
  o.end_month = 6;
  return o;
}

bool SameObservations(const std::vector<Observation>& a, const std::vector<Observation>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    // Bit-identical values, not merely close ones.
    if (a[i].indicator != b[i].indicator || a[i].region != b[i].region ||
        !(a[i].period == b[i].period) || a[i].source != b[i].source ||
        std::memcmp(&a[i].value, &b[i].value, sizeof(double)) != 0) {
      return false;
    }
  }
  return true;
}

// The Hengyang regions and the synthetic indicator table, read by the importers.
struct Hengyang {
  std::vector<Region> regions;
  std::vector<Indicator> indicators;
};

Hengyang LoadHengyang() {
  auto store = store::NewMemoryStore();
  auto r =
      service::ImportRegionsFile(*store, GUIHUA_SOURCE_DIR "/data/units/hengyang_regions.csv", {});
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  auto i = service::ImportIndicatorsFile(
      *store, GUIHUA_SOURCE_DIR "/data/indicators/hengyang-synthetic-indicators.csv", {});
  EXPECT_TRUE(i.ok()) << i.status().ToString();
  Hengyang h;
  h.regions = *store->LoadRegions();
  h.indicators = *store->LoadIndicators();
  return h;
}

TEST(GenerateScaleTest, SameSeedGivesIdenticalData) {
  Dataset a = GenerateScale(Small());
  Dataset b = GenerateScale(Small());
  EXPECT_TRUE(SameObservations(a.observations, b.observations));
  ASSERT_EQ(a.indicators.size(), b.indicators.size());
  for (size_t i = 0; i < a.indicators.size(); ++i) {
    EXPECT_EQ(a.indicators[i].name, b.indicators[i].name);
    EXPECT_EQ(a.indicators[i].target, b.indicators[i].target);
    EXPECT_EQ(a.indicators[i].baseline, b.indicators[i].baseline);
  }
}

TEST(GenerateScaleTest, DifferentSeedGivesDifferentValues) {
  Dataset a = GenerateScale(Small(1));
  Dataset b = GenerateScale(Small(2));
  ASSERT_EQ(a.observations.size(), b.observations.size());
  size_t differ = 0;
  for (size_t i = 0; i < a.observations.size(); ++i) {
    differ += a.observations[i].value != b.observations[i].value;
  }
  EXPECT_GT(differ, a.observations.size() / 2);
}

TEST(GenerateScaleTest, KnownValuesStayTheSame) {
  // Pins the stream: a change here changes every generated file (say so in the commit).
  Dataset a = GenerateScale(Small());
  ASSERT_EQ(a.observations.size(), 28800u);
  EXPECT_EQ(a.observations[0].value, 46.53);
  EXPECT_EQ(a.observations[12345].region, "江西省");
  EXPECT_EQ(a.observations[12345].value, 54.15);
  EXPECT_EQ(a.observations[28799].region, "县0068");
  EXPECT_EQ(a.observations[28799].value, 6.88);
  EXPECT_EQ(a.indicators[0].baseline, 44.6);
  EXPECT_EQ(a.indicators[0].target, 52.4);
  // Values are rounded to two decimals.
  for (size_t i = 0; i < a.observations.size(); i += 97) {
    double v = a.observations[i].value * 100;
    EXPECT_NEAR(v, std::round(v), 1e-6) << a.observations[i].value;
  }
}

TEST(GenerateScaleTest, CountsAndTree) {
  Dataset d = GenerateScale(Small());
  EXPECT_EQ(d.regions.size(), 100u);
  EXPECT_EQ(d.indicators.size(), 12u);
  EXPECT_EQ(d.observations.size(), 100u * 12u * 24u);
  EXPECT_EQ(d.regions[0].name, "全国");
  EXPECT_EQ(d.regions[0].parent, "");
  EXPECT_EQ(d.regions[1].name, "北京市");
  EXPECT_EQ(d.regions[1].parent, "全国");
  EXPECT_EQ(d.regions[31].name, "新疆维吾尔自治区");
  EXPECT_EQ(d.regions[32].name, "县0001");
  EXPECT_EQ(d.regions[32].parent, "北京市");
  EXPECT_EQ(d.regions[33].parent, "天津市");
  EXPECT_EQ(d.indicators[0].code, "G001");
  EXPECT_EQ(d.indicators[11].code, "G012");
  std::set<TargetKind> kinds;
  for (const Indicator& i : d.indicators) kinds.insert(i.target_kind);
  EXPECT_EQ(kinds.size(), 6u);  // level, growth, cumulative, ceiling, floor, qualitative

  GenOptions tiny = Small();
  tiny.regions = 5;
  Dataset t = GenerateScale(tiny);
  ASSERT_EQ(t.regions.size(), 5u);
  EXPECT_EQ(t.regions[4].name, "山西省");
  EXPECT_EQ(t.observations.size(), 5u * 12u * 24u);

  tiny.regions = 0;
  EXPECT_TRUE(GenerateScale(tiny).observations.empty());
}

TEST(GenerateScaleTest, PeriodsEndAtTheEndMonth) {
  Dataset d = GenerateScale(Small());
  std::set<int> months;
  for (const Observation& o : d.observations) {
    ASSERT_EQ(o.period.grain, Period::Grain::kMonth);
    months.insert(o.period.EndMonth());
  }
  EXPECT_EQ(months.size(), 24u);
  EXPECT_EQ(*months.rbegin(), Period::Month(2024, 6).EndMonth());
  EXPECT_EQ(*months.begin(), Period::Month(2022, 7).EndMonth());
  // Mid-plan: the plan that contains 2024 is 2021–2025, baseline 2020.
  EXPECT_EQ(d.indicators[0].baseline_year, 2020);
  EXPECT_EQ(d.indicators[0].target_year, 2025);
}

TEST(GenerateScaleTest, ParentIsTheMeanOfItsCounties) {
  GenOptions o = Small();
  o.regions = 32 + 31 * 3;  // three counties per province
  Dataset d = GenerateScale(o);
  std::map<std::pair<std::string, int>, double> value;  // (region, month) of G001
  for (const Observation& ob : d.observations) {
    if (ob.indicator == "G001") value[{ob.region, ob.period.EndMonth()}] = ob.value;
  }
  const int m = Period::Month(2024, 6).EndMonth();
  double mean = (value[{"县0001", m}] + value[{"县0032", m}] + value[{"县0063", m}]) / 3;
  const double beijing = value[{"北京市", m}];
  EXPECT_NEAR(beijing, mean, 0.006);
}

TEST(GenerationEndTest, ResolvesDefaults) {
  GenOptions o;
  o.end_year = 2023;
  EXPECT_EQ(GenerationEnd(o), Period::Month(2023, 12));
  o.end_month = 6;
  EXPECT_EQ(GenerationEnd(o), Period::Month(2023, 6));
  o.end_year = 0;
  o.end_month = 0;
  Period now = GenerationEnd(o);
  EXPECT_GE(now.year, 2024);
  EXPECT_GE(now.sub, 1);
  EXPECT_LE(now.sub, 12);
}

TEST(GenerateDatasetTest, HengyangCoversCityAndCounties) {
  Hengyang h = LoadHengyang();
  ASSERT_EQ(h.regions.size(), 17u);
  ASSERT_GE(h.indicators.size(), 18u);
  GenOptions o;
  o.end_year = 2023;
  o.end_month = 6;
  Dataset d = GenerateDataset(o, h.regions, h.indicators);
  ASSERT_FALSE(d.observations.empty());

  std::map<std::string, std::set<std::string>> regions_of;  // indicator -> regions
  for (const Observation& ob : d.observations) {
    regions_of[ob.indicator].insert(ob.region);
    EXPECT_EQ(ob.source, "合成数据");
    // Within 2020 .. 2023-06.
    EXPECT_GE(ob.period.EndMonth(), Period::Year(2020).EndMonth());
    EXPECT_LE(ob.period.EndMonth(), Period::Month(2023, 6).EndMonth()) << ob.period.ToString();
    EXPECT_NE(ob.period, Period::Year(2023));  // 2023 is not complete
  }
  for (const Indicator& ind : h.indicators) {
    const auto& rs = regions_of[ind.code];
    for (const Region& r : h.regions) {
      bool park = r.type == "park";
      bool expect = !park || ind.category == "经济发展" || ind.category == "创新驱动";
      EXPECT_EQ(rs.count(r.name) > 0, expect) << ind.code << " " << r.name;
    }
  }
  EXPECT_EQ(regions_of["H06"].size(), 17u);  // 城镇化率 (经济发展): parks too
  EXPECT_EQ(regions_of["H18"].size(), 13u);  // 空气质量: the city and its 12 counties
}

TEST(GenerateDatasetTest, YearlyAndMonthlyByKind) {
  Hengyang h = LoadHengyang();
  GenOptions o;
  o.end_year = 2023;
  o.end_month = 6;
  Dataset d = GenerateDataset(o, h.regions, h.indicators);
  std::map<std::string, std::vector<Period>> city;  // indicator -> periods in 衡阳市
  std::map<std::string, double> city_2020;
  for (const Observation& ob : d.observations) {
    if (ob.region != "衡阳市") continue;
    city[ob.indicator].push_back(ob.period);
    if (ob.period == Period::Year(2020)) city_2020[ob.indicator] = ob.value;
  }
  for (const Indicator& ind : h.indicators) {
    const auto& ps = city[ind.code];
    ASSERT_FALSE(ps.empty()) << ind.code;
    size_t years = std::count_if(ps.begin(), ps.end(),
                                 [](const Period& p) { return p.grain == Period::Grain::kYear; });
    EXPECT_EQ(years, 3u) << ind.code;  // 2020, 2021, 2022
    bool monthly_kind = ind.target_kind == TargetKind::kLevel ||
                        ind.target_kind == TargetKind::kCeiling ||
                        ind.target_kind == TargetKind::kFloor;
    // Months 2021-01 .. 2023-06.
    EXPECT_EQ(ps.size() - years, monthly_kind ? 30u : 0u) << ind.code;
    EXPECT_TRUE(std::is_sorted(ps.begin(), ps.end(), [](const Period& a, const Period& b) {
      return a.EndMonth() < b.EndMonth();
    })) << ind.code;
    // The city is the mean of its counties, which scatter around the table's baseline.
    if (ind.baseline && !ind.ObservedAsRate()) {
      EXPECT_NEAR(city_2020[ind.code], *ind.baseline, 0.02 + 0.002 * std::abs(*ind.baseline))
          << ind.code;
    }
  }
}

// Share of lagging or deteriorating pairs among the scored county pairs.
double LaggingShare(double share) {
  GenOptions o = Small(11);
  o.regions = 32 + 31 * 8;
  o.indicators = 10;
  o.months = 36;
  o.end_year = 2024;
  o.end_month = 6;  // baseline 2020, target 2025: 70 % of the time gone
  o.lagging_share = share;
  Dataset d = GenerateScale(o);
  Evaluator ev(d.indicators, EvalOptions{});
  ev.AddBulk(std::move(d.observations));
  ev.EvaluateAll();
  int scored = 0, behind = 0;
  for (const Evaluation& e : ev.Results()) {
    if (e.region.rfind("县", 0) != 0) continue;
    if (e.status == EvalStatus::kNoData || e.status == EvalStatus::kNotScored) continue;
    ++scored;
    behind += e.status == EvalStatus::kLagging || e.status == EvalStatus::kDeteriorating;
  }
  return scored ? static_cast<double>(behind) / scored : 0;
}

TEST(GenerateScaleTest, LaggingShareIsRoughlyHonoured) {
  EXPECT_LT(LaggingShare(0), 0.1);
  double quarter = LaggingShare(0.25);
  EXPECT_GT(quarter, 0.15);
  EXPECT_LT(quarter, 0.38);
  EXPECT_GT(LaggingShare(0.6), 0.45);
}

class DataGenCsvTest : public testing_support::ZhTest {};

TEST_F(DataGenCsvTest, WrittenFilesImportBackUnchanged) {
  Hengyang h = LoadHengyang();
  GenOptions o;
  o.end_year = 2022;
  o.end_month = 3;
  Dataset d = GenerateDataset(o, h.regions, h.indicators);
  const std::string dir =
      (fs::temp_directory_path() / ("guihua-gen-" + std::to_string(::getpid()))).string();
  Status s = service::WriteDatasetCsv(d, dir);
  ASSERT_TRUE(s.ok()) << s.ToString();

  auto store = store::NewMemoryStore();
  auto r = service::ImportRegionsFile(*store, dir + "/regions.csv", {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto i = service::ImportIndicatorsFile(*store, dir + "/indicators.csv", {});
  ASSERT_TRUE(i.ok()) << i.status().ToString();
  auto ob = service::ImportObservationsFile(*store, dir + "/observations.csv", {});
  ASSERT_TRUE(ob.ok()) << ob.status().ToString();
  EXPECT_EQ(ob->rows, static_cast<int64_t>(d.observations.size()));

  auto inds = *store->LoadIndicators();
  ASSERT_EQ(inds.size(), h.indicators.size());
  for (size_t k = 0; k < inds.size(); ++k) {
    EXPECT_EQ(inds[k].code, h.indicators[k].code);
    EXPECT_EQ(inds[k].target_kind, h.indicators[k].target_kind) << inds[k].code;
    EXPECT_EQ(inds[k].target, h.indicators[k].target) << inds[k].code;
    EXPECT_EQ(inds[k].baseline, h.indicators[k].baseline) << inds[k].code;
    EXPECT_NE(inds[k].remarks.find("合成数据"), std::string::npos) << inds[k].code;
  }
  auto back = *store->LoadObservations();
  ASSERT_EQ(back.size(), d.observations.size());
  std::map<std::tuple<std::string, std::string, int, int>, double> want;
  for (const Observation& x : d.observations) {
    want[{x.indicator, x.region, x.period.EndMonth(), static_cast<int>(x.period.grain)}] = x.value;
  }
  for (const Observation& x : back) {
    auto it =
        want.find({x.indicator, x.region, x.period.EndMonth(), static_cast<int>(x.period.grain)});
    ASSERT_NE(it, want.end());
    EXPECT_EQ(it->second, x.value);  // shortest round trip: exact
  }
  fs::remove_all(dir);
}

TEST_F(DataGenCsvTest, ScaleIndicatorsRoundTripThroughTheNotation) {
  Dataset d = GenerateScale(Small());
  for (const Indicator& ind : d.indicators) {
    std::string text = ind.target_text.empty() ? service::TargetNotation(ind) : ind.target_text;
    auto parsed = ParseTarget(text, ind.target_kind, ind.direction, ind.unit);
    ASSERT_TRUE(parsed.ok()) << text;
    EXPECT_EQ(parsed->kind, ind.target_kind) << text;
    EXPECT_EQ(parsed->value, ind.target) << text;
  }
  Indicator i;
  i.target_kind = TargetKind::kCumulative;
  i.target = 13.5;
  EXPECT_EQ(service::TargetNotation(i), "〔13.5〕");
  i.target_kind = TargetKind::kCeiling;
  i.target = 5.5;
  EXPECT_EQ(service::TargetNotation(i), "<5.5");
}

TEST_F(DataGenCsvTest, ErrorsNameThePath) {
  Dataset d = GenerateScale(Small());
  const std::string file =
      (fs::temp_directory_path() / ("guihua-gen-file-" + std::to_string(::getpid()))).string();
  {
    FILE* f = std::fopen(file.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fclose(f);
  }
  // A directory under a regular file cannot be created.
  Status s = service::WriteDatasetCsv(d, file + "/out");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find(file), std::string::npos) << s.message();
  fs::remove(file);
}

}  // namespace
}  // namespace guihua::indicators
