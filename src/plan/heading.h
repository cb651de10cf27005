// Heading markers of Chinese plan and official documents (GB/T 9704 and plan practice):
// 第一篇 / 第一部分 / 第一章 / 第一节, 一、, （一）, 1. / 1． / 1、, （1）, ①, and "——" lead-ins.
// MatchHeading recognises the marker at the start of a paragraph; SplitHeadingTitle splits
// what follows into a title and the rest ("建设区域性先进制造业中心。保持…"). Pure, thread-safe.
//
// Example:
//   auto m = MatchHeading("7. 建设区域性先进制造业中心。保持…");
//   // m->scheme == Scheme::kArabicDot, m->label == "7", m->number == 7, m->length == 3
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace guihua::plan {

enum class Scheme {
  kPian,         // 第一篇
  kBuFen,        // 第一部分
  kZhang,        // 第一章
  kJie,          // 第一节
  kHanComma,     // 一、
  kHanParen,     // （一）
  kArabicDot,    // 1.  1．  1、
  kArabicParen,  // （1）  ⑴
  kCircled,      // ①
  kDash,         // ——
  kStyled1,      // unnumbered heading styled as level 1..4 in the source (docx, html)
  kStyled2,
  kStyled3,
  kStyled4,
};

struct HeadingMarker {
  Scheme scheme;
  std::string label;  // as written: "三", "7", "（一）", "第一章", "①", "——"
  int64_t number = 0;
  size_t length = 0;  // bytes of the marker including trailing punctuation and spaces
};

std::optional<HeadingMarker> MatchHeading(std::string_view text);

struct TitleSplit {
  std::string title;  // first sentence without its final punctuation; "" when none
  std::string rest;   // what follows, trimmed
};

// Splits a heading's remaining text into title and body. A short first sentence ending in
// 。！？ (or a short lead ending in ：) is the title; a paragraph with no sentence end that
// is short enough is all title; otherwise there is no title and everything is body.
TitleSplit SplitHeadingTitle(std::string_view rest);

// Longest title we accept, in code points.
inline constexpr size_t kMaxTitleChars = 60;

}  // namespace guihua::plan
