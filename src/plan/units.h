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

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/compact_vector.h"
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

namespace detail {
// One slot of UnitScores: a unit (value = score, tag = how many evidence slots follow) or a
// piece of evidence (value = points, tag = its source). Scores and points are sums of
// keyword weights (whole numbers, halved in titles) and exact in a float.
struct ScoreSlot {
  SharedText text;
  float value = 0;
  int32_t tag = 0;
};

// A forward iterator over slots: Read gives the value at a slot, Step how many slots it spans.
template <typename Value, Value (*Read)(const ScoreSlot*), size_t (*Step)(const ScoreSlot*)>
class SlotIterator {
 public:
  using value_type = Value;
  using difference_type = std::ptrdiff_t;
  explicit SlotIterator(const ScoreSlot* p = nullptr) : p_(p) {}
  Value operator*() const { return Read(p_); }
  SlotIterator& operator++() {
    p_ += Step(p_);
    return *this;
  }
  bool operator==(const SlotIterator& o) const { return p_ == o.p_; }

 private:
  const ScoreSlot* p_;
};
}  // namespace detail

// The evidence behind one unit's score, read from UnitScores: valid until that UnitScores is
// changed or destroyed (it points into its array).
class EvidenceList {
  static Evidence Read(const detail::ScoreSlot* p) {
    return Evidence{p->text, p->value, static_cast<Evidence::Source>(p->tag)};
  }
  static size_t Step(const detail::ScoreSlot* /*p*/) { return 1; }

 public:
  using iterator = detail::SlotIterator<Evidence, Read, Step>;
  size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  Evidence operator[](size_t i) const { return *iterator(first_ + i); }
  iterator begin() const { return iterator(first_); }
  iterator end() const { return iterator(first_ + n_); }

 private:
  friend class UnitScores;
  EvidenceList(const detail::ScoreSlot* first, size_t n) : first_(first), n_(n) {}
  const detail::ScoreSlot* first_;
  size_t n_;
};

// Why a unit was suggested: its score and the words that produced it. Read from UnitScores;
// `evidence` is valid until that UnitScores is changed or destroyed.
struct UnitScore {
  SharedText unit;  // display name
  double score = 0;
  EvidenceList evidence;
};

// The explained units of one task, best first. Stored flat (each unit followed by its
// evidence in one array of 16-byte slots behind one pointer), so a task pays one allocation
// for its explanation rather than one per unit: a 50 MB plan has 680 thousand tasks.
//   scores.Add("市工业和信息化局", 9);
//   scores.AddEvidence("钢管", 5, Evidence::Source::kText);   // belongs to the last unit added
//   for (const UnitScore& s : scores) for (const Evidence& e : s.evidence) ...
class UnitScores {
  static UnitScore Read(const detail::ScoreSlot* p) {
    return UnitScore{p->text, p->value, EvidenceList(p + 1, static_cast<size_t>(p->tag))};
  }
  static size_t Step(const detail::ScoreSlot* p) { return 1 + static_cast<size_t>(p->tag); }

 public:
  using iterator = detail::SlotIterator<UnitScore, Read, Step>;

  void Add(SharedText unit, double score);
  void AddEvidence(SharedText word, double points, Evidence::Source source);  // after Add()
  void reserve(size_t slots) { slots_.reserve(slots); }
  void clear() { slots_.clear(); }
  bool empty() const { return slots_.empty(); }
  size_t size() const;                   // units
  UnitScore operator[](size_t i) const;  // the i-th unit; i < size()
  iterator begin() const { return iterator(slots_.data()); }
  iterator end() const { return iterator(slots_.data() + slots_.size()); }

 private:
  CompactVector<detail::ScoreSlot> slots_;
};

struct UnitSuggestion {
  SharedText lead;               // "" when nothing matched well enough
  CompactVector<SharedText> co;  // other departments above threshold, then named regions
  UnitScores scores;             // best first, at most kExplainedUnits
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
