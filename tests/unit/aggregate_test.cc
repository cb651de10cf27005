#include "indicators/aggregate.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "test_support.h"

namespace guihua::indicators {
namespace {

class AggregateZh : public testing_support::ZhTest {};

Indicator Ind(std::string code, Aggregation agg, std::string formula = "",
              std::string weight_by = "") {
  Indicator i;
  i.code = std::move(code);
  i.aggregation = agg;
  i.formula = std::move(formula);
  i.weight_by = std::move(weight_by);
  return i;
}

Observation Obs(std::string ind, std::string region, int year, double v,
                ObservationStatus st = ObservationStatus::kApproved) {
  return Observation{std::move(ind), std::move(region), Period::Year(year), v, "reported", st};
}

// 衡阳市 with two counties; 全省 above it with a second city.
std::vector<Region> Regions() {
  return {{"全省", "", "province"},
          {"衡阳市", "全省", "city"},
          {"衡阳县", "衡阳市", "county"},
          {"衡南县", "衡阳市", "county"},
          {"邵阳市", "全省", "city"}};
}

const Observation* Find(const std::vector<Observation>& v, std::string_view ind,
                        std::string_view region, int year) {
  auto it = std::find_if(v.begin(), v.end(), [&](const Observation& o) {
    return o.indicator == ind && o.region == region && o.period == Period::Year(year);
  });
  return it == v.end() ? nullptr : &*it;
}

TEST(AggregateFormula, ParsesAndEvaluates) {
  Result<Formula> f = Formula::Parse("RD / GDP * 100");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  ASSERT_EQ(f->operands(), (std::vector<std::string>{"RD", "GDP"}));
  std::vector<double> v = {2.4, 120};
  EXPECT_DOUBLE_EQ(*f->Evaluate(v), 2.0);
  // Precedence, parentheses, unary minus, repeated operands, full-width operators.
  Result<Formula> g = Formula::Parse("（A + B）×2 - -A / 4");
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  ASSERT_EQ(g->operands().size(), 2u);
  std::vector<double> ab = {4, 6};
  EXPECT_DOUBLE_EQ(*g->Evaluate(ab), 21);  // (10)*2 + 1
  Result<Formula> h = Formula::Parse("N04.a+研发投入/2");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h->operands(), (std::vector<std::string>{"N04.a", "研发投入"}));
  std::vector<double> zero = {1, 0};
  EXPECT_FALSE(f->Evaluate(zero));  // division by zero: no value
}

TEST_F(AggregateZh, FormulaErrorsNamePosition) {
  struct Case {
    const char* text;
    const char* where;
  };
  for (Case c :
       {Case{"RD / ", "第 6 个字符"}, Case{"RD // GDP", "第 5 个字符"},
        Case{"(RD + GDP", "第 10 个字符"}, Case{"RD $ GDP", "第 4 个字符"},
        Case{"RD GDP", "第 4 个字符"}, Case{"", "第 1 个字符"}, Case{"1..2 * A", "第 1 个字符"}}) {
    Result<Formula> f = Formula::Parse(c.text);
    ASSERT_FALSE(f.ok()) << c.text;
    EXPECT_EQ(f.status().code(), Status::Code::kParseError);
    EXPECT_NE(f.status().message().find(c.where), std::string::npos)
        << c.text << " -> " << f.status().message();
  }
  std::string deep(500, '(');
  EXPECT_FALSE(Formula::Parse(deep + "1").ok());  // no stack overflow
}

TEST(AggregateDerive, SumMeanAndGrandparents) {
  std::vector<Indicator> inds = {Ind("GDP", Aggregation::kSum), Ind("RATE", Aggregation::kMean)};
  std::vector<Observation> obs = {
      Obs("GDP", "衡阳县", 2021, 500),  Obs("GDP", "衡南县", 2021, 400),
      Obs("GDP", "邵阳市", 2021, 2000), Obs("GDP", "衡阳县", 2022, 520),  // 衡南县 2022 missing
      Obs("RATE", "衡阳县", 2021, 5),   Obs("RATE", "衡南县", 2021, 7),
  };
  Result<std::vector<Observation>> d = DeriveObservations(inds, Regions(), obs);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  const Observation* city = Find(*d, "GDP", "衡阳市", 2021);
  ASSERT_NE(city, nullptr);
  EXPECT_DOUBLE_EQ(city->value, 900);
  EXPECT_FALSE(city->source.empty());
  EXPECT_EQ(Find(*d, "GDP", "衡阳市", 2022), nullptr);      // not every child reported
  const Observation* prov = Find(*d, "GDP", "全省", 2021);  // from a derived parent
  ASSERT_NE(prov, nullptr);
  EXPECT_DOUBLE_EQ(prov->value, 2900);
  const Observation* mean = Find(*d, "RATE", "衡阳市", 2021);
  ASSERT_NE(mean, nullptr);
  EXPECT_DOUBLE_EQ(mean->value, 6);
  EXPECT_EQ(Find(*d, "RATE", "全省", 2021), nullptr);  // 邵阳市 has no RATE
  EXPECT_EQ(d->size(), 3u);
}

TEST(AggregateDerive, NeverOverridesAReportedValue) {
  std::vector<Indicator> inds = {Ind("GDP", Aggregation::kSum)};
  std::vector<Observation> obs = {Obs("GDP", "衡阳县", 2021, 500), Obs("GDP", "衡南县", 2021, 400),
                                  Obs("GDP", "衡阳市", 2021, 950)};
  Result<std::vector<Observation>> d = DeriveObservations(inds, Regions(), obs);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(Find(*d, "GDP", "衡阳市", 2021), nullptr);
}

TEST(AggregateDerive, WeightedMeanAndLeastStatus) {
  std::vector<Indicator> inds = {Ind("POP", Aggregation::kSum),
                                 Ind("URB", Aggregation::kWeighted, "", "POP")};
  std::vector<Observation> obs = {Obs("POP", "衡阳县", 2021, 100),
                                  Obs("POP", "衡南县", 2021, 300, ObservationStatus::kDraft),
                                  Obs("URB", "衡阳县", 2021, 40), Obs("URB", "衡南县", 2021, 60)};
  Result<std::vector<Observation>> d = DeriveObservations(inds, Regions(), obs);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  const Observation* urb = Find(*d, "URB", "衡阳市", 2021);
  ASSERT_NE(urb, nullptr);
  EXPECT_DOUBLE_EQ(urb->value, (100 * 40 + 300 * 60) / 400.0);  // 55
  EXPECT_EQ(urb->status, ObservationStatus::kDraft);            // a draft weight went in
}

TEST(AggregateDerive, FormulaPerRegionAndRecomputedAtParent) {
  std::vector<Indicator> inds = {Ind("RD", Aggregation::kSum), Ind("GDP", Aggregation::kSum),
                                 Ind("RDI", Aggregation::kFormula, "RD / GDP * 100")};
  std::vector<Observation> obs = {Obs("RD", "衡阳县", 2021, 10), Obs("GDP", "衡阳县", 2021, 500),
                                  Obs("RD", "衡南县", 2021, 2), Obs("GDP", "衡南县", 2021, 400),
                                  Obs("RDI", "衡南县", 2021, 0.6)};  // reported: kept
  Result<std::vector<Observation>> d = DeriveObservations(inds, Regions(), obs);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_DOUBLE_EQ(Find(*d, "RDI", "衡阳县", 2021)->value, 2.0);
  EXPECT_EQ(Find(*d, "RDI", "衡南县", 2021), nullptr);
  // At the city: (10 + 2) / (500 + 400) * 100, not the mean of the counties' ratios.
  const Observation* city = Find(*d, "RDI", "衡阳市", 2021);
  ASSERT_NE(city, nullptr);
  EXPECT_NEAR(city->value, 12.0 / 900 * 100, 1e-12);
}

TEST(AggregateDerive, FormulaOfFormulaAndSumOfFormula) {
  // B = A * 2 at the counties, C = B + 1 everywhere; S = A * 10 summed at the parents.
  std::vector<Indicator> inds = {
      Ind("C", Aggregation::kNone, "B + 1"), Ind("B", Aggregation::kNone, "A * 2"),
      Ind("A", Aggregation::kNone), Ind("S", Aggregation::kSum, "A * 10")};
  std::vector<Observation> obs = {Obs("A", "衡阳县", 2021, 3), Obs("A", "衡南县", 2021, 4),
                                  Obs("A", "衡阳市", 2021, 8)};
  Result<std::vector<Observation>> d = DeriveObservations(inds, Regions(), obs);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_DOUBLE_EQ(Find(*d, "C", "衡阳县", 2021)->value, 7);
  EXPECT_DOUBLE_EQ(Find(*d, "C", "衡阳市", 2021)->value, 17);
  EXPECT_DOUBLE_EQ(Find(*d, "S", "衡阳市", 2021)->value, 70);  // 30 + 40, not 8 * 10
}

TEST_F(AggregateZh, DeriveErrors) {
  auto run = [](std::vector<Indicator> inds) {
    return DeriveObservations(inds, Regions(), {}).status();
  };
  Status bad = run({Ind("X", Aggregation::kNone, "A +* 2"), Ind("A", Aggregation::kNone)});
  EXPECT_EQ(bad.code(), Status::Code::kParseError);
  EXPECT_NE(bad.message().find("X"), std::string::npos) << bad.message();
  EXPECT_NE(bad.message().find("第 4 个字符"), std::string::npos) << bad.message();
  Status unknown = run({Ind("X", Aggregation::kNone, "Q * 2")});
  EXPECT_EQ(unknown.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(unknown.message().find("Q"), std::string::npos);
  Status cycle = run({Ind("X", Aggregation::kNone, "Y + 1"), Ind("Y", Aggregation::kNone, "X")});
  EXPECT_EQ(cycle.code(), Status::Code::kInvalidArgument);
  Status weight = run({Ind("X", Aggregation::kWeighted, "", "NOPE")});
  EXPECT_EQ(weight.code(), Status::Code::kInvalidArgument);
  std::vector<Region> loop = {{"甲", "乙", "county"}, {"乙", "甲", "county"}};
  EXPECT_EQ(DeriveObservations({}, loop, {}).status().code(), Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace guihua::indicators
