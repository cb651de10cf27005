// Chinese numerals: parsing "十三" (13), "二十一" (21), "一百零五" (105), positional year
// strings such as "二〇三五" / "二O三五" (2035), financial forms (壹贰叁), full-width and
// ASCII digits; and formatting integers the way heading labels write them (13 -> "十三").
// Pure functions, thread-safe.
//
// Example:
//   ParseChineseNumber("十三") == 13;  ParseChineseNumber("二〇三五") == 2035;
//   FormatChineseNumber(21) == "二十一"
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace guihua {

// Value of a single numeral character (0-9) or -1. Accepts 〇零O○ for zero, 两 for two,
// financial forms, ASCII and full-width digits.
int ChineseDigitValue(char32_t cp);
// True for 十百千万亿 and their financial forms.
bool IsChineseNumberUnit(char32_t cp);
// True when cp may appear inside a Chinese or Arabic number.
bool IsNumeralChar(char32_t cp);

// Parses the whole of s as a number; nullopt when s is empty or holds anything else.
std::optional<int64_t> ParseChineseNumber(std::string_view s);

// 1 -> "一", 10 -> "十", 13 -> "十三", 20 -> "二十", 105 -> "一百零五". n must be >= 0.
std::string FormatChineseNumber(int64_t n);

}  // namespace guihua
