#include "common/cn_number.h"

#include <gtest/gtest.h>

namespace guihua {

TEST(CnNumber, ParsesGroupedNumerals) {
  EXPECT_EQ(ParseChineseNumber("一"), 1);
  EXPECT_EQ(ParseChineseNumber("十"), 10);
  EXPECT_EQ(ParseChineseNumber("十三"), 13);
  EXPECT_EQ(ParseChineseNumber("二十"), 20);
  EXPECT_EQ(ParseChineseNumber("二十一"), 21);
  EXPECT_EQ(ParseChineseNumber("一百零五"), 105);
  EXPECT_EQ(ParseChineseNumber("三千五百"), 3500);
  EXPECT_EQ(ParseChineseNumber("两万"), 20000);
  EXPECT_EQ(ParseChineseNumber("一万零一"), 10001);
  EXPECT_EQ(ParseChineseNumber("叁拾"), 30);
}

TEST(CnNumber, ParsesPositionalYears) {
  EXPECT_EQ(ParseChineseNumber("二〇三五"), 2035);
  EXPECT_EQ(ParseChineseNumber("二O三五"), 2035);
  EXPECT_EQ(ParseChineseNumber("二零二零"), 2020);
  EXPECT_EQ(ParseChineseNumber("2035"), 2035);
  EXPECT_EQ(ParseChineseNumber("２０３５"), 2035);
}

// IsNumeralChar filters by a bitmap before its switches; the bitmap must miss no numeral.
TEST(CnNumber, NumeralCharsAgreeWithDigitsAndUnits) {
  for (char32_t cp = 0; cp < 0x30000; ++cp) {
    ASSERT_EQ(IsNumeralChar(cp), ChineseDigitValue(cp) >= 0 || IsChineseNumberUnit(cp))
        << static_cast<uint32_t>(cp);
  }
}

TEST(CnNumber, RejectsNonNumbers) {
  EXPECT_FALSE(ParseChineseNumber(""));
  EXPECT_FALSE(ParseChineseNumber("O"));
  EXPECT_FALSE(ParseChineseNumber("十a"));
  EXPECT_FALSE(ParseChineseNumber("年"));
}

TEST(CnNumber, FormatsLikeHeadingLabels) {
  EXPECT_EQ(FormatChineseNumber(1), "一");
  EXPECT_EQ(FormatChineseNumber(10), "十");
  EXPECT_EQ(FormatChineseNumber(13), "十三");
  EXPECT_EQ(FormatChineseNumber(20), "二十");
  EXPECT_EQ(FormatChineseNumber(105), "一百零五");
  EXPECT_EQ(FormatChineseNumber(110), "一百一十");
  for (int i = 1; i < 2000; ++i) EXPECT_EQ(ParseChineseNumber(FormatChineseNumber(i)), i) << i;
}

}  // namespace guihua
