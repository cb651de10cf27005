// The task JSON contract printed by `guihua tasks --format json` (documented in README.md)
// and the plain-text listing. nlohmann-json stays inside the .cc. Thread-safe.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "common/status.h"
#include "plan/task.h"

namespace guihua::plan {

// [{"id","part","article","article_title","text","initiatives":[…],
//   "targets":[{"value","unit","year"}],"lead_unit","co_units":[…],"deadline","kind",
//   "remarks",
//   "part_title","node","manual","unit_basis":[{"unit","score","evidence":[{"word","points","source"}]}]}]
// where source is "text" (a keyword in the task), "title" (in the article title, half weight)
// or "name" (the unit named in the task).
// Unknown values are null ("article" for a part's own text, "deadline" without a period).
std::string TasksToJson(const std::vector<Task>& tasks, int indent = 2);

// One block per task: number, place in the plan, text, units, deadline; with `explain`, the
// unit scores and the words behind them.
std::string TasksToText(const std::vector<Task>& tasks, bool explain);

// Compact JSON for storing the list fields of a task (used by stores).
std::string StringsToJson(std::span<const std::string> v);
Result<std::vector<std::string>> StringsFromJson(const std::string& json);
std::string StringsToJson(std::span<const SharedText> v);
Result<std::vector<SharedText>> SharedStringsFromJson(const std::string& json,
                                                      TextInterner* interner);
std::string StringTableToJson(const std::vector<std::vector<std::string>>& rows);
Result<std::vector<std::vector<std::string>>> StringTableFromJson(const std::string& json);
std::string TargetsToJson(std::span<const Target> v);
Result<std::vector<Target>> TargetsFromJson(const std::string& json);
std::string UnitScoresToJson(const UnitScores& v);
// `interner`, when given, shares the unit names and words among the tasks of a load.
Result<UnitScores> UnitScoresFromJson(const std::string& json, TextInterner* interner = nullptr);

}  // namespace guihua::plan
