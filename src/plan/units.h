// Responsible units (责任单位): the editable table of a city's departments, county-level
// regions and parks (data/units/*.csv), and the keyword matcher that suggests a task's lead
// unit (牵头单位) and co-units from its text, with the score and the words behind it so a
// planning officer can see why. A task that matches nothing gets no unit rather than a
// wrong one. UnitMatcher is immutable after construction; Suggest() is thread-safe.
//
// Example:
//   GH_ASSIGN_OR_RETURN(std::vector<Unit> units, LoadUnitsFile("data/units/hengyang_units.csv"));
//   UnitMatcher m(units);
//   UnitSuggestion s = m.Suggest("加快推进钢管精深加工…", "建设区域性先进制造业中心");
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/keyword_matcher.h"
#include "common/shared_text.h"
#include "common/status.h"

namespace guihua::plan {

struct Keyword {
  std::string word;
  int weight = 2;  // 1..5; 5 = this unit almost surely leads when the word appears
};

struct Unit {
  std::string name;        // official full name, e.g. "衡阳市工业和信息化局"
  std::string short_name;  // as task tables write it, e.g. "市工业和信息化局"
  std::string type;        // party, government, mass, county, park, ...
  std::string parent;      // "衡阳市"
  std::vector<std::string> aliases;
  std::vector<Keyword> keywords;

  const std::string& DisplayName() const { return short_name.empty() ? name : short_name; }
  bool IsRegion() const { return type == "county" || type == "park"; }
};

// Columns: name,short_name,type,parent,aliases,keywords (aliases and keywords ';'-separated,
// a keyword may carry ":N" as its weight). Chinese headers 名称,简称,类型,上级,别名,关键词 are
// accepted too. Errors name the row and column.
Result<std::vector<Unit>> ParseUnitsCsv(std::string_view bytes);
Result<std::vector<Unit>> LoadUnitsFile(const std::string& path);

// One reason behind a unit's score: a keyword in the task (its weight), a keyword in the
// article title (half its weight), or the unit's own name in the task (10 points).
struct Evidence {
  enum class Source { kText, kTitle, kName };
  SharedText word;  // shared with the unit table's keyword: no copy per task
  double points = 0;
  Source source = Source::kText;
};
const char* EvidenceSourceName(Evidence::Source s);  // "text", "title", "name"
bool ParseEvidenceSource(const std::string& name, Evidence::Source* s);

// Why a unit was suggested: its score and the words that produced it.
struct UnitScore {
  SharedText unit;  // display name
  double score = 0;
  std::vector<Evidence> evidence;
};

struct UnitSuggestion {
  SharedText lead;                // "" when nothing matched well enough
  std::vector<SharedText> co;     // other departments above threshold, then named regions
  std::vector<UnitScore> scores;  // best first, at most kExplainedUnits
};

class UnitMatcher {
 public:
  explicit UnitMatcher(std::vector<Unit> units);
  ~UnitMatcher();
  UnitMatcher(const UnitMatcher&) = delete;
  UnitMatcher& operator=(const UnitMatcher&) = delete;

  // Pattern matches in one text, in order of match end.
  struct Match {
    int pattern;
    uint32_t begin;
    uint32_t end;
  };
  // The matches of an article title that may count for its tasks (not a unit's name, not
  // covered by a longer match of the same unit, not a repeated pattern), computed once and
  // shared by all its tasks.
  std::vector<Match> MatchContext(std::string_view title) const;

  // `text` is the task; `context` the article title (its words count half).
  UnitSuggestion Suggest(std::string_view text, std::string_view context) const;
  UnitSuggestion Suggest(std::string_view text, const std::vector<Match>& context) const;

  const std::vector<Unit>& units() const { return units_; }
  // Display name of a unit given any of its names or aliases; "" if unknown.
  std::string Canonical(std::string_view name) const;

  // Score a department needs to be suggested at all.
  static constexpr double kMinScore = 2.5;  // one weight-5 word in the article title suffices
  // How many of the best-scoring units keep their explanation.
  static constexpr size_t kExplainedUnits = 3;

 private:
  struct Pattern {
    int unit;
    int weight;  // keyword weight; 0 for a name
    bool name;
    SharedText word;
  };
  std::vector<Unit> units_;
  std::vector<SharedText> display_names_;  // by unit: suggestions share them
  std::vector<Pattern> patterns_;
  KeywordMatcher matcher_;
};

}  // namespace guihua::plan
