#include "indicators/target_notation.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace guihua::indicators {
namespace {

// Chinese messages, so the assertions do not depend on the language other tests left.
class TargetNotationZh : public testing_support::ZhTest {};

ParsedTarget Parse(std::string_view text, std::string_view unit = "%",
                   std::optional<TargetKind> declared = std::nullopt) {
  Result<ParsedTarget> r = ParseTarget(text, declared, Direction::kIncrease, unit);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
  return r.ok() ? *r : ParsedTarget{TargetKind::kQualitative, std::nullopt};
}

void ExpectTarget(std::string_view text, std::string_view unit, TargetKind kind, double value) {
  ParsedTarget t = Parse(text, unit);
  EXPECT_EQ(t.kind, kind) << text;
  ASSERT_TRUE(t.value.has_value()) << text;
  EXPECT_DOUBLE_EQ(*t.value, value) << text;
}

TEST(TargetNotation, GreaterDependsOnTheUnit) {
  ExpectTarget(">7", "%", TargetKind::kGrowth, 7);
  ExpectTarget("＞７", "%", TargetKind::kGrowth, 7);  // full-width
  ExpectTarget(">6.5", "亿吨", TargetKind::kFloor, 6.5);
  ExpectTarget(">46", "亿吨标准煤", TargetKind::kFloor, 46);
  ExpectTarget("高于7", "%", TargetKind::kGrowth, 7);
}

TEST(TargetNotation, Floors) {
  ExpectTarget("6.5以上", "亿吨", TargetKind::kFloor, 6.5);
  ExpectTarget("不低于6.5", "%", TargetKind::kFloor, 6.5);
  ExpectTarget("≥6.5", "%", TargetKind::kFloor, 6.5);
  ExpectTarget(">=6.5", "%", TargetKind::kFloor, 6.5);
  ExpectTarget("６．５以上", "%", TargetKind::kFloor, 6.5);
  ExpectTarget("6.5亿吨以上", "亿吨", TargetKind::kFloor, 6.5);  // the unit may be written
}

TEST(TargetNotation, Ceilings) {
  ExpectTarget("<5.5", "%", TargetKind::kCeiling, 5.5);
  ExpectTarget("＜5.5", "%", TargetKind::kCeiling, 5.5);
  ExpectTarget("5.5以内", "%", TargetKind::kCeiling, 5.5);
  ExpectTarget("5.5%以内", "%", TargetKind::kCeiling, 5.5);
  ExpectTarget("5.5以下", "%", TargetKind::kCeiling, 5.5);
  ExpectTarget("≤5.5", "%", TargetKind::kCeiling, 5.5);
  ExpectTarget("控制在5.5%以内", "%", TargetKind::kCeiling, 5.5);
  ExpectTarget("不超过5.5", "%", TargetKind::kCeiling, 5.5);
}

TEST(TargetNotation, CumulativeInEveryBracket) {
  ExpectTarget("〔13.5〕", "%", TargetKind::kCumulative, 13.5);
  ExpectTarget("[13.5]", "%", TargetKind::kCumulative, 13.5);
  ExpectTarget("【13.5】", "%", TargetKind::kCumulative, 13.5);
  ExpectTarget("（13.5）", "%", TargetKind::kCumulative, 13.5);
  ExpectTarget("(18)", "%", TargetKind::kCumulative, 18);
  ExpectTarget("〔1〕", "岁", TargetKind::kCumulative, 1);
  ExpectTarget(" 〔 13.5 〕 ", "%", TargetKind::kCumulative, 13.5);
  ExpectTarget("累计下降13.5%", "%", TargetKind::kCumulative, 13.5);
  ExpectTarget("年均增长7%以上", "%", TargetKind::kGrowth, 7);
}

TEST(TargetNotation, PlainNumberIsALevel) {
  ExpectTarget("65", "%", TargetKind::kLevel, 65);
  ExpectTarget("65%", "%", TargetKind::kLevel, 65);
  ExpectTarget("24.1", "%", TargetKind::kLevel, 24.1);
  ExpectTarget("达到12", "件", TargetKind::kLevel, 12);
  ExpectTarget("4.5个", "个", TargetKind::kLevel, 4.5);
  ExpectTarget("-3", "‰", TargetKind::kLevel, -3);
}

TEST(TargetNotation, QualitativeText) {
  for (std::string_view s :
       {"保持在合理区间", "保持在合理区间、各年度视情提出", "与国内生产总值增长基本同步",
        "高于国内生产总值增长", "保持在5.5%左右，力争更好"}) {
    ParsedTarget t = Parse(s);
    EXPECT_EQ(t.kind, TargetKind::kQualitative) << s;
    EXPECT_FALSE(t.value.has_value()) << s;
  }
}

TEST(TargetNotation, DeclaredKindWinsValueStillParsed) {
  ParsedTarget f = Parse(">6.5", "%", TargetKind::kFloor);
  EXPECT_EQ(f.kind, TargetKind::kFloor);
  EXPECT_DOUBLE_EQ(*f.value, 6.5);
  ParsedTarget g = Parse(">7", "亿元", TargetKind::kGrowth);
  EXPECT_EQ(g.kind, TargetKind::kGrowth);
  EXPECT_DOUBLE_EQ(*g.value, 7);
  ParsedTarget c = Parse("13.5", "%", TargetKind::kCumulative);
  EXPECT_EQ(c.kind, TargetKind::kCumulative);
}

TEST(TargetNotation, BlankIsUnknown) {
  ParsedTarget b = Parse("");
  EXPECT_EQ(b.kind, TargetKind::kLevel);
  EXPECT_FALSE(b.value.has_value());
  ParsedTarget d = Parse("—", "%", TargetKind::kCeiling);
  EXPECT_EQ(d.kind, TargetKind::kCeiling);
  EXPECT_FALSE(d.value.has_value());
  EXPECT_FALSE(Parse("  ").value.has_value());
}

TEST_F(TargetNotationZh, GarbageIsAParseError) {
  for (std::string_view s : {"abc>>", ">>7", "6~7", "7.", "[13.5", "<5以上", "1.2.3", "%"}) {
    Result<ParsedTarget> r = ParseTarget(s, std::nullopt, Direction::kIncrease, "%");
    if (std::string_view(s) == "7.") {
      // "7." is a number with a trailing point: accepted.
      EXPECT_TRUE(r.ok()) << s;
      continue;
    }
    ASSERT_FALSE(r.ok()) << s;
    EXPECT_EQ(r.status().code(), Status::Code::kParseError) << s;
    EXPECT_NE(r.status().message().find("无法识别"), std::string::npos) << s;
    EXPECT_NE(r.status().message().find(std::string(s)), std::string::npos) << s;
  }
  Result<ParsedTarget> r = ParseTarget("abc>>", std::nullopt, Direction::kIncrease, "%");
  EXPECT_NE(r.status().message().find("第 1 个字符"), std::string::npos) << r.status().message();
  r = ParseTarget(">>7", std::nullopt, Direction::kIncrease, "%");
  EXPECT_NE(r.status().message().find("第 2 个字符"), std::string::npos) << r.status().message();
}

}  // namespace
}  // namespace guihua::indicators
