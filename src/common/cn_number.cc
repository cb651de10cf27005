#include "common/cn_number.h"

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "common/utf8.h"

namespace guihua {

int ChineseDigitValue(char32_t cp) {
  switch (cp) {
    case U'〇':
    case U'零':
    case U'○':
    case U'O':  // "二O三五" is written with a Latin O on many web pages
    case U'Ｏ':
      return 0;
    case U'一':
    case U'壹':
      return 1;
    case U'二':
    case U'两':
    case U'贰':
      return 2;
    case U'三':
    case U'叁':
      return 3;
    case U'四':
    case U'肆':
      return 4;
    case U'五':
    case U'伍':
      return 5;
    case U'六':
    case U'陆':
      return 6;
    case U'七':
    case U'柒':
      return 7;
    case U'八':
    case U'捌':
      return 8;
    case U'九':
    case U'玖':
      return 9;
    default:
      return utf8::DigitValue(cp);
  }
}

static int64_t UnitValue(char32_t cp) {
  switch (cp) {
    case U'十':
    case U'拾':
      return 10;
    case U'百':
    case U'佰':
      return 100;
    case U'千':
    case U'仟':
      return 1000;
    case U'万':
      return 10000;
    case U'亿':
      return 100000000;
    default:
      return 0;
  }
}

bool IsChineseNumberUnit(char32_t cp) { return UnitValue(cp) != 0; }

bool IsNumeralChar(char32_t cp) {
  // Most characters are not numerals: a bitmap of the numerals' low eight bits rules out
  // four in five of them before the switches (tests/unit/cn_number_test.cc checks that it
  // lists every character they accept).
  static constexpr std::array<uint64_t, 4> kLowBits = [] {
    std::array<uint64_t, 4> bits{};
    for (char32_t c :
         std::u32string_view(U"〇零○OＯ一壹二两贰三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万亿"
                             U"0123456789０１２３４５６７８９")) {
      bits[(c & 0xFF) >> 6] |= uint64_t{1} << (c & 63);
    }
    return bits;
  }();
  const uint32_t low = cp & 0xFF;
  if ((kLowBits[low >> 6] >> (low & 63) & 1) == 0) return false;
  return ChineseDigitValue(cp) >= 0 || IsChineseNumberUnit(cp);
}

std::optional<int64_t> ParseChineseNumber(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::vector<char32_t> cps;
  size_t i = 0;
  bool has_unit = false;
  bool has_han_digit = false;
  while (i < s.size()) {
    char32_t cp = utf8::Decode(s, &i);
    if (!IsNumeralChar(cp)) return std::nullopt;
    if (IsChineseNumberUnit(cp)) has_unit = true;
    if (utf8::DigitValue(cp) < 0 && !IsChineseNumberUnit(cp) && cp != U'O' && cp != U'Ｏ') {
      has_han_digit = true;
    }
    cps.push_back(cp);
  }
  // A lone Latin "O" is a letter, not a number.
  if (!has_han_digit && !has_unit) {
    for (char32_t cp : cps) {
      if (utf8::DigitValue(cp) < 0) return std::nullopt;
    }
  }
  if (cps.size() > 18) return std::nullopt;  // beyond int64 and beyond any plan's numbers
  if (!has_unit) {
    // Positional: "二〇三五" -> 2035, "2035" -> 2035.
    int64_t v = 0;
    for (char32_t cp : cps) v = v * 10 + ChineseDigitValue(cp);
    return v;
  }
  // Grouped: sections separated by 亿 and 万, each built from digit x (十|百|千).
  int64_t total = 0;    // accumulated above the current section
  int64_t section = 0;  // current section below 万
  int64_t digit = -1;   // pending digit
  for (char32_t cp : cps) {
    int d = ChineseDigitValue(cp);
    if (d >= 0) {
      if (digit > 0)
        digit = digit * 10 + d;  // tolerate "一二" style runs inside sections
      else
        digit = d;
      continue;
    }
    int64_t u = UnitValue(cp);
    if (u >= 10000) {
      section += digit > 0 ? digit : 0;
      if (section == 0) section = 1;
      total = (total + section) * u;
      section = 0;
      digit = -1;
    } else {
      section += (digit < 0 ? 1 : digit) * u;  // "十三": 十 alone means one ten
      digit = -1;
    }
  }
  if (digit > 0) section += digit;
  return total + section;
}

std::string FormatChineseNumber(int64_t n) {
  static const char* const kDigits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n < 0) return "负" + FormatChineseNumber(-n);
  if (n < 10) return kDigits[n];
  if (n < 20) return std::string("十") + (n % 10 ? kDigits[n % 10] : "");
  if (n >= 100000000) {
    std::string high = FormatChineseNumber(n / 100000000) + "亿";
    int64_t rest = n % 100000000;
    if (rest == 0) return high;
    return high + (rest < 10000000 ? "零" : "") + FormatChineseNumber(rest);
  }
  if (n >= 10000) {
    std::string high = FormatChineseNumber(n / 10000) + "万";
    int64_t rest = n % 10000;
    if (rest == 0) return high;
    return high + (rest < 1000 ? "零" : "") + FormatChineseNumber(rest);
  }
  static const char* const kUnits[] = {"", "十", "百", "千"};
  std::string out;
  bool pending_zero = false;
  for (int pos = 3; pos >= 0; --pos) {
    int64_t p = 1;
    for (int k = 0; k < pos; ++k) p *= 10;
    int64_t d = (n / p) % 10;
    if (d == 0) {
      if (!out.empty()) pending_zero = true;
      continue;
    }
    if (pending_zero) out += "零";
    pending_zero = false;
    out += kDigits[d];
    out += kUnits[pos];
  }
  return out;
}

}  // namespace guihua
