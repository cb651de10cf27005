// Tasks (任务) of the task decomposition table (任务分解表): one actionable sentence or clause
// of a plan, with the article it comes from, named initiatives, quantitative targets, the
// suggested lead unit (牵头单位) and co-units (责任单位), a deadline (完成时限) and a kind.
// Plain value types; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/compact_vector.h"
#include "common/shared_text.h"
#include "plan/units.h"

namespace guihua::plan {

// A quantitative target found in a task: "突破3500亿元" -> {3500, "亿元", 2020}.
struct Target {
  double value = 0;
  std::string unit;  // "亿元", "%", "家", "个百分点"...
  int year = 0;      // the year the target refers to; 0 when the text does not say
};

// Kinds of task the text tells (工程/行动/平台/制度/项目), else "other".
inline constexpr const char* kTaskKinds[] = {"工程", "行动", "平台", "制度", "项目", "other"};

// Fields that repeat across tasks (a node's id, the part, unit names, the deadline, the kind)
// are SharedText: a 50 MB plan gives 680 thousand tasks, and each copy of those would be a
// string of its own. Its lists are CompactVectors, one pointer each and no allocation when
// empty. Keep the struct small: the task list of a large plan is most of its memory, and on
// a virtual machine fresh memory costs more than the work that fills it (bench/parse).
struct Task {
  int64_t id = 0;                  // 1..N in document order; manual tasks continue the sequence
  size_t node_offset = 0;          // byte offset of `text` inside that node's text
  int node_seq = 0;                // document-order position of that node, for sorting
  bool manual = false;             // added by a user in the task table, not found in the document
  bool edited = false;             // units, deadline or remarks changed by a user
  SharedText node_id;              // the plan node the text comes from ("p3.a7", "p2.a5.i1")
  SharedText part;                 // label of the top-level part or chapter, e.g. "三"
  SharedText part_title;           // shared by the tasks of a part: no copy per task
  std::optional<int64_t> article;  // article number, e.g. 7
  SharedText article_title;        // e.g. "建设区域性先进制造业中心"
  std::string text;                // taken verbatim from the (normalised) document
  CompactVector<std::string> initiatives;  // quoted terms: "钢管之都", "链长制"
  CompactVector<Target> targets;
  SharedText lead_unit;
  CompactVector<SharedText> co_units;
  SharedText deadline;            // ISO date "2025-12-31"; "" when unknown
  SharedText kind = KindOther();  // one of kTaskKinds
  SharedText remarks;
  UnitScores unit_scores;  // why the units were suggested

  // The shared "other": a default task's kind costs no allocation.
  static const SharedText& KindOther();
};

// Unit names as a task table cell writes them: "市发展和改革委员会、市财政局".
inline std::string JoinUnitNames(std::span<const SharedText> units) {
  std::string out;
  for (size_t i = 0; i < units.size(); ++i) {
    if (i) out += "、";
    out += units[i].str();
  }
  return out;
}

inline const SharedText& Task::KindOther() {
  static const SharedText kOther = SharedText::Permanent("other");
  return kOther;
}

}  // namespace guihua::plan
