// Target notation (目标值写法): reads the target column of a plan's indicator table — ">7",
// "<5.5", "6.5以上", "〔13.5〕", "65", "保持在合理区间" — into a TargetKind and a number.
// Pure functions; thread-safe.
//
// Example:
//   Result<ParsedTarget> t = ParseTarget("〔13.5〕", std::nullopt, Direction::kIncrease, "%");
//   // t->kind == TargetKind::kCumulative, *t->value == 13.5
//   t = ParseTarget(">6.5", TargetKind::kFloor, Direction::kIncrease, "亿吨");  // floor 6.5
#pragma once

#include <optional>
#include <string_view>

#include "common/status.h"
#include "indicators/indicator.h"

namespace guihua::indicators {

struct ParsedTarget {
  TargetKind kind = TargetKind::kLevel;
  std::optional<double> value;  // the number in the notation; nullopt when there is none
};

// Parses `text` as a plan table writes a target. Accepted forms (ASCII or full-width digits,
// signs ＞＜≥≤＝．％ and brackets):
//   ">7", "＞7", "高于7", "大于7", "超过7"   growth when `unit` is "%", floor otherwise
//   "≥6.5", ">=6.5", "6.5以上", "不低于6.5", "不少于6.5"          floor
//   "<5.5", "≤5.5", "5.5以内", "5.5以下", "不超过5.5", "控制在5.5以内"  ceiling
//   "〔13.5〕", "[13.5]", "【13.5】", "（13.5）", "(13.5)", "累计13.5"  cumulative
//   "年均7", "年均增长7%"                                             growth
//   "65", "65%", "达到65", "约65", "65左右", "24.1亿吨" (the unit)      level
//   Chinese text the grammar does not cover ("保持在合理区间")          qualitative, no value
//   "", "—", "-", "/", "无"                                          unknown: kind = declared
//                                                                     or level, no value
// When `declared` is given it decides the kind; the value is still read from the notation
// (declared floor + ">6.5" -> floor 6.5). Text without Chinese that the grammar rejects
// ("abc>>", "6~7") is a ParseError naming the text and the character position.
// `direction` is taken for symmetry with the import row; today no notation depends on it.
Result<ParsedTarget> ParseTarget(std::string_view text, std::optional<TargetKind> declared,
                                 Direction direction, std::string_view unit);

}  // namespace guihua::indicators
