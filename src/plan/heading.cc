#include "plan/heading.h"

#include "common/cn_number.h"
#include "common/utf8.h"

namespace guihua::plan {
namespace {

// Reads a run of numeral characters starting at *pos; returns its bytes.
std::string_view NumeralRun(std::string_view s, size_t pos, bool arabic_only, bool han_only) {
  size_t i = pos;
  while (i < s.size()) {
    size_t j = i;
    char32_t cp = utf8::Decode(s, &j);
    bool arabic = utf8::DigitValue(cp) >= 0;
    bool han = !arabic && IsNumeralChar(cp) && cp != U'O' && cp != U'Ｏ';
    if ((arabic && !han_only) || (han && !arabic_only)) {
      i = j;
    } else {
      break;
    }
  }
  return s.substr(pos, i - pos);
}

size_t SkipSpaces(std::string_view s, size_t i) {
  while (i < s.size()) {
    size_t j = i;
    if (!utf8::IsSpace(utf8::Decode(s, &j))) break;
    i = j;
  }
  return i;
}

bool StartsWith(std::string_view s, size_t pos, std::string_view p) {
  return s.substr(pos, p.size()) == p;
}

}  // namespace

std::optional<HeadingMarker> MatchHeading(std::string_view s) {
  if (s.empty()) return std::nullopt;
  size_t i = 0;
  char32_t c0 = utf8::Decode(s, &i);

  // —— lead-in items (two em dashes or horizontal bars).
  if (c0 == U'—' || c0 == U'―') {
    size_t j = i;
    if (j < s.size() && utf8::Decode(s, &j) == c0) {
      return HeadingMarker{Scheme::kDash, "——", 0, SkipSpaces(s, j)};
    }
    return std::nullopt;
  }
  // ① … ⑳
  if (c0 >= U'①' && c0 <= U'⑳') {
    return HeadingMarker{Scheme::kCircled, std::string(s.substr(0, i)),
                         static_cast<int64_t>(c0 - U'①' + 1), SkipSpaces(s, i)};
  }
  // ⑴ … ⒇ and ⒈ … ⒛
  if (c0 >= U'⑴' && c0 <= U'⒇') {
    return HeadingMarker{Scheme::kArabicParen, std::string(s.substr(0, i)),
                         static_cast<int64_t>(c0 - U'⑴' + 1), SkipSpaces(s, i)};
  }
  if (c0 >= U'⒈' && c0 <= U'⒛') {
    return HeadingMarker{Scheme::kArabicDot, std::to_string(c0 - U'⒈' + 1),
                         static_cast<int64_t>(c0 - U'⒈' + 1), SkipSpaces(s, i)};
  }
  // 第X篇 / 第X部分 / 第X章 / 第X节
  if (c0 == U'第') {
    std::string_view num = NumeralRun(s, i, false, false);
    if (num.empty() || num.size() > 12) return std::nullopt;
    size_t k = i + num.size();
    Scheme scheme;
    size_t unit_len;
    if (StartsWith(s, k, "篇")) {
      scheme = Scheme::kPian;
      unit_len = 3;
    } else if (StartsWith(s, k, "部分")) {
      scheme = Scheme::kBuFen;
      unit_len = 6;
    } else if (StartsWith(s, k, "章")) {
      scheme = Scheme::kZhang;
      unit_len = 3;
    } else if (StartsWith(s, k, "节")) {
      scheme = Scheme::kJie;
      unit_len = 3;
    } else {
      return std::nullopt;
    }
    auto n = ParseChineseNumber(num);
    if (!n || *n <= 0) return std::nullopt;
    size_t end = k + unit_len;
    // "第一章 总则" or "第一章　总则" or "第一章：总则"
    size_t after = SkipSpaces(s, end);
    if (StartsWith(s, after, "：") || StartsWith(s, after, ":")) {
      after = SkipSpaces(s, after + (s[after] == ':' ? 1 : 3));
    }
    // A sentence that merely starts with "第二章规定…" has no separator; accept it only when
    // the heading is followed by a space or the text is short (a heading line).
    if (after == end && utf8::Length(s) > kMaxTitleChars + 6) return std::nullopt;
    return HeadingMarker{scheme, std::string(s.substr(0, end)), *n, after};
  }
  // （一） （1） (一) (1)
  if (c0 == U'（' || c0 == '(') {
    std::string_view num = NumeralRun(s, i, false, false);
    if (num.empty() || num.size() > 12) return std::nullopt;
    size_t k = i + num.size();
    size_t close_len = StartsWith(s, k, "）") ? 3 : (StartsWith(s, k, ")") ? 1 : 0);
    if (close_len == 0) return std::nullopt;
    auto n = ParseChineseNumber(num);
    if (!n || *n <= 0 || *n > 999) return std::nullopt;
    size_t j = 0;
    bool arabic = utf8::DigitValue(utf8::Decode(num, &j)) >= 0;
    size_t end = k + close_len;
    // Skip an optional "、" some writers add after the bracket.
    size_t after = SkipSpaces(s, end);
    if (StartsWith(s, after, "、")) after = SkipSpaces(s, after + 3);
    return HeadingMarker{arabic ? Scheme::kArabicParen : Scheme::kHanParen,
                         std::string(s.substr(0, end)), *n, after};
  }
  // 一、 / 1. 1． 1、
  std::string_view num = NumeralRun(s, 0, false, false);
  if (num.empty() || num.size() > 12) return std::nullopt;
  size_t j = 0;
  bool arabic = utf8::DigitValue(utf8::Decode(num, &j)) >= 0;
  // Mixed runs ("2020年" stops at 年; "1十") are not labels.
  std::string_view pure = NumeralRun(s, 0, arabic, !arabic);
  if (pure.size() != num.size()) return std::nullopt;
  size_t k = num.size();
  auto n = ParseChineseNumber(num);
  if (!n || *n <= 0 || *n > 999) return std::nullopt;
  if (!arabic) {
    if (!StartsWith(s, k, "、")) return std::nullopt;
    return HeadingMarker{Scheme::kHanComma, std::string(num), *n, SkipSpaces(s, k + 3)};
  }
  size_t sep = 0;
  if (StartsWith(s, k, "、")) {
    sep = 3;
  } else if (StartsWith(s, k, ".") || StartsWith(s, k, "．")) {
    sep = s[k] == '.' ? 1 : 3;
    // "1.5亿元" / "1．5亿元" is a number, not a label.
    size_t m = k + sep;
    if (m < s.size() && utf8::DigitValue(utf8::Decode(s, &m)) >= 0) return std::nullopt;
  } else {
    return std::nullopt;
  }
  size_t after = SkipSpaces(s, k + sep);
  if (after >= s.size()) return std::nullopt;  // a bare "3." line is a page artefact
  return HeadingMarker{Scheme::kArabicDot, std::string(num), *n, after};
}

TitleSplit SplitHeadingTitle(std::string_view rest) {
  rest = utf8::Trim(rest);
  TitleSplit out;
  size_t i = 0;
  size_t chars = 0;
  // Quotes and brackets may hold punctuation that does not end the sentence.
  int depth = 0;
  while (i < rest.size()) {
    size_t b = i;
    // CJK ideographs (lead bytes E4-E9) are never brackets or punctuation: only counted.
    auto lead = static_cast<unsigned char>(rest[i]);
    if (lead >= 0xE4 && lead <= 0xE9 && i + 3 <= rest.size() &&
        (static_cast<unsigned char>(rest[i + 1]) & 0xC0) == 0x80 &&
        (static_cast<unsigned char>(rest[i + 2]) & 0xC0) == 0x80) {
      i += 3;
      if (++chars > kMaxTitleChars && depth == 0) break;
      continue;
    }
    char32_t cp = utf8::Decode(rest, &i);
    ++chars;
    if (cp == U'“' || cp == U'（' || cp == U'《' || cp == U'‘' || cp == U'【') ++depth;
    if ((cp == U'”' || cp == U'）' || cp == U'》' || cp == U'’' || cp == U'】') && depth > 0)
      --depth;
    if (depth > 0) continue;
    bool end = cp == U'。' || cp == U'！' || cp == U'？';
    bool colon = cp == U'：' && chars <= 25;
    if (end || colon) {
      if (chars - 1 > kMaxTitleChars || chars == 1) return TitleSplit{"", std::string(rest)};
      out.title = std::string(utf8::Trim(rest.substr(0, b)));
      out.rest = std::string(utf8::Trim(rest.substr(i)));
      return out;
    }
    if (chars > kMaxTitleChars) break;
  }
  if (i >= rest.size() && chars <= kMaxTitleChars) {
    out.title = std::string(rest);
    return out;
  }
  // Long and unpunctuated, or a long first sentence: no title.
  return TitleSplit{"", std::string(rest)};
}

}  // namespace guihua::plan
