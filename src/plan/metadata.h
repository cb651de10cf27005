// Plan metadata found in titles and front matter: whether a line is a document title, dates
// (2020年12月22日, 二〇二〇年十二月二十二日, 2020-12-22) as ISO strings, the plan period
// (（2021—2025年）, 第十四个五年, “十四五”), the vision year (二〇三五年远景目标), the
// region (衡阳市) and the issuer. Pure functions, thread-safe.
//
// Example:
//   FindPeriod("…第十四个五年规划…", {}) -> {2021, 2025}
//   FindDate("2020年12月22日…通过") -> "2020-12-22"
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "plan/plan.h"

namespace guihua::plan {

// A line that reads as a document title: no sentence punctuation, and ends (before an
// optional "（2021—2025年）") with a document-type word such as 建议, 纲要, 规划, 方案, 意见.
bool IsDocumentTitle(std::string_view line);

// First date in s as "YYYY-MM-DD"; "" when none. Accepts Arabic and Chinese numerals.
std::string FindDate(std::string_view s);

// Five-year plan number N -> its period: start = 1966 + 5 × (N − 3).
Period FiveYearPlanPeriod(int n);

// The plan period: an explicit "（2021—2025年）" in the title or the front matter wins, then
// one stated as the plan's period in the text ("规划期为2021—2025年"); then "第十四个五年" /
// "十四五" in the title; then a five-year range in the body; then the most frequent "X五" in
// the body; then a single year in the title ("2022年重点工作任务") for annual plans.
Period FindPeriod(std::string_view title, const std::vector<std::string_view>& front_matter,
                  const std::vector<std::string_view>& body);

// The 远景目标 year (二〇三五年远景目标 -> 2035) from the title, else the body; 0 if none.
int FindVisionYear(std::string_view title, const std::vector<std::string_view>& body);

// The issuing body from the title ("中共衡阳市委关于…" -> "中共衡阳市委") or an adoption note
// ("…中国共产党衡阳市委员会第十一届第十次全体会议通过" -> "中国共产党衡阳市委员会"); "" if none.
std::string IssuerFromTitle(std::string_view title);
std::string IssuerFromAdoptionNote(std::string_view note);

// The region the plan covers: "衡阳市" from "…关于制定衡阳市国民经济…" or from the issuer;
// "全国" for national plans; "" if none.
std::string FindRegion(std::string_view title, std::string_view issuer);

// An adoption or approval note: "2020年12月22日…会议通过。", "（…批准）".
bool IsAdoptionNote(std::string_view line);

}  // namespace guihua::plan
