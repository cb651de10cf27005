// utf8::FirstInvalid (a vectorised fast path with a scalar fallback) against a plain
// reference validator written from the Unicode table of well-formed byte sequences, and
// utf8::Length and DisplayWidth (sixteen bytes at a time) against byte counts, and IsSpace
// (inline for most code points) against its list.
#include "common/utf8.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace guihua {
namespace {

// Unicode 15, table 3-7: the well-formed UTF-8 byte sequences.
size_t ReferenceFirstInvalid(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  auto in = [&](size_t k, int lo, int hi) { return k < n && p[k] >= lo && p[k] <= hi; };
  while (i < n) {
    const int b = p[i];
    size_t len = 0;
    if (b <= 0x7F) {
      len = 1;
    } else if (b >= 0xC2 && b <= 0xDF) {
      len = in(i + 1, 0x80, 0xBF) ? 2 : 0;
    } else if (b == 0xE0) {
      len = in(i + 1, 0xA0, 0xBF) && in(i + 2, 0x80, 0xBF) ? 3 : 0;
    } else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) {
      len = in(i + 1, 0x80, 0xBF) && in(i + 2, 0x80, 0xBF) ? 3 : 0;
    } else if (b == 0xED) {
      len = in(i + 1, 0x80, 0x9F) && in(i + 2, 0x80, 0xBF) ? 3 : 0;
    } else if (b == 0xF0) {
      len = in(i + 1, 0x90, 0xBF) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF) ? 4 : 0;
    } else if (b >= 0xF1 && b <= 0xF3) {
      len = in(i + 1, 0x80, 0xBF) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF) ? 4 : 0;
    } else if (b == 0xF4) {
      len = in(i + 1, 0x80, 0x8F) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF) ? 4 : 0;
    }
    if (len == 0) return i;
    i += len;
  }
  return n;
}

TEST(Utf8, FirstInvalidOnKnownCases) {
  EXPECT_EQ(utf8::FirstInvalid(""), 0u);
  EXPECT_EQ(utf8::FirstInvalid("abc"), 3u);
  EXPECT_EQ(utf8::FirstInvalid("中文"), 6u);
  EXPECT_EQ(utf8::FirstInvalid("中\xE6\x96"), 3u);        // truncated
  EXPECT_EQ(utf8::FirstInvalid("a\xED\xA0\x80"), 1u);     // surrogate
  EXPECT_EQ(utf8::FirstInvalid("ab\xC0\xAF"), 2u);        // overlong
  EXPECT_EQ(utf8::FirstInvalid("\xF0\x9F\x98\x80"), 4u);  // emoji
  std::string long_text;
  for (int k = 0; k < 40; ++k) long_text += "加快推进钢管精深加工，";
  EXPECT_EQ(utf8::FirstInvalid(long_text), long_text.size());
  std::string bad = long_text;
  bad[100] = 'A';
  EXPECT_EQ(utf8::FirstInvalid(bad), 99u);  // the character whose second byte was replaced
}

// utf8::Length counts the bytes that are not 10xxxxxx; DisplayWidth adds one for each lead
// byte of a three- or four-byte sequence (111xxxxx).
void ExpectCounts(std::string_view s) {
  size_t length = 0;
  size_t width = 0;
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    length += (b & 0xC0) != 0x80;
    width += ((b & 0xC0) != 0x80) + (b >= 0xE0);
  }
  ASSERT_EQ(utf8::Length(s), length);
  ASSERT_EQ(utf8::DisplayWidth(s), width);
}

TEST(Utf8, LengthAndWidthOfLongText) {
  std::string s;
  for (int k = 0; k < 2000; ++k) s += k % 3 ? "规划，" : "a1 Ｂ😀";  // past the 4080-byte flush
  ExpectCounts(s);
  EXPECT_EQ(utf8::Length("中文ab"), 4u);
  EXPECT_EQ(utf8::DisplayWidth("中文ab"), 6u);
}

// IsSpace answers most code points inline before the full test; both must agree.
TEST(Utf8, IsSpaceMatchesItsList) {
  for (char32_t cp = 0; cp < 0x30000; ++cp) {
    const bool listed = (cp >= '\t' && cp <= '\r') || cp == ' ' || cp == 0xA0 ||
                        (cp >= 0x2000 && cp <= 0x200D) || cp == 0x2060 || cp == 0x3000 ||
                        cp == 0xFEFF;
    ASSERT_EQ(utf8::IsSpace(cp), listed) << static_cast<uint32_t>(cp);
  }
}

// Random texts built from well-formed pieces of every length class, with random byte
// corruptions, at every alignment against the 62-byte blocks of the fast path.
TEST(Utf8, FirstInvalidAgreesWithReference) {
  const char* pieces[] = {"a", "7", " ", "\n",  "·", "é", "中", "国",   "，",   "。",
                          "“", "—", "ࠀ", "퟿", "",  "𐀀", "😀",  "󰀀", "􏿿", "Ａ"};
  const unsigned char corrupt[] = {0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED,
                                   0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x9F, 0xA0, 0x8F};
  std::mt19937 rng(20261127);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    const size_t target = rng() % 300;
    while (s.size() < target) s += pieces[rng() % std::size(pieces)];
    if (!s.empty() && rng() % 4 != 0) {
      const int flips = 1 + static_cast<int>(rng() % 3);
      for (int f = 0; f < flips; ++f) {
        s[rng() % s.size()] = static_cast<char>(corrupt[rng() % std::size(corrupt)]);
      }
    }
    if (rng() % 8 == 0 && !s.empty()) s.pop_back();  // truncate the last character
    ASSERT_EQ(utf8::FirstInvalid(s), ReferenceFirstInvalid(s)) << "round " << round;
    ExpectCounts(s);
  }
}

}  // namespace
}  // namespace guihua
