// Full-text search (全文检索) over one plan version: the outline nodes' titles and texts
// (parts, chapters, articles, items, paragraphs, tables) and the tasks (text, 牵头单位 lead
// unit, 配合单位 co-units). No HTTP here; the server caches a SearchIndex per plan while the
// store is unchanged and serialises results with SearchResultToJson.
//
// Matching: the query is trimmed and split on whitespace (also the full-width space); every
// term must occur in the record (AND), anywhere in its fields, as a substring after folding
// (ASCII letters to lower case, full-width ASCII to half-width: "ＧＤＰ" finds "gdp"). A plain
// scan over the folded text, so a query of one or two Chinese characters works (no n-gram
// index, which would miss them). The sample plan scans in well under a millisecond.
//
// Ranking: records whose title holds every term (title hits) come first, then the rest (text
// and unit hits); within each group by position in the document — a node by its place in the
// outline (pre-order), a task right after the node it comes from, by offset in that node.
//
// Snippet: the first term found, in field order title, text, lead_unit, co_units, split into
// before / match / after with about kSnippetContext characters of context on each side, cut
// on code-point boundaries ("…" marks a cut); newlines and tabs become spaces. The parts are
// plain text so a front end can render them without innerHTML.
//
// Thread-safety: a SearchIndex is immutable once built; Search may run on many threads.
//
// Example:
//   GH_ASSIGN_OR_RETURN(std::shared_ptr<const SearchIndex> index, LoadSearchIndex(store, 0));
//   GH_ASSIGN_OR_RETURN(SearchResult r, index->Search("制造业 衡阳", 20));
//   std::string body = SearchResultToJson(r);
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "plan/plan.h"
#include "plan/task.h"
#include "store/store.h"

namespace guihua::service {

inline constexpr size_t kMaxQueryChars = 100;  // code points, after trimming
inline constexpr int kDefaultSearchLimit = 20;
inline constexpr int kMaxSearchLimit = 200;
inline constexpr size_t kSnippetContext = 30;  // code points each side of the match

// ASCII letters to lower case, full-width ASCII (Ａ, ０, ％) to half-width; everything else
// unchanged. FoldForSearch("ＧＤＰ增长") == "gdp增长".
std::string FoldForSearch(std::string_view s);

// The folded terms of a query. InvalidArgument (message "q：…", naming the field) when the
// trimmed query is empty, longer than kMaxQueryChars characters or not valid UTF-8.
// SearchTerms("  制造业　衡阳 ") == {"制造业", "衡阳"}.
Result<std::vector<std::string>> SearchTerms(std::string_view query);

// True when every folded term occurs in FoldForSearch of at least one of `fields`.
bool MatchesAllTerms(const std::vector<std::string>& terms,
                     const std::vector<std::string_view>& fields);

struct SearchHit {
  enum class Type { kNode, kTask };
  Type type = Type::kNode;
  std::string node;     // outline node id, "p3.a7"; a task's: the node it comes from
  int64_t task_id = 0;  // kTask only
  std::string kind;     // plan::NodeKindName ("part", "article", "item", …) or "task"
  std::string label;    // the node's label as written ("三", "7", "（一）"); a task's node's
  // The heading to show: the node's title, else its nearest titled ancestor's; a task's
  // article title, else its part title.
  std::string title;
  std::string part;                  // label of the top-level part or chapter, "三"
  std::optional<int64_t> article;    // number of the enclosing article, 7
  std::string field;                 // where the snippet is from: title, text, lead_unit, co_units
  std::string before, match, after;  // the snippet; `match` as written in the document
};

struct SearchResult {
  std::string query;  // trimmed
  int64_t plan_id = 0;
  int64_t total = 0;  // matching records (hits is the first `limit` of them)
  std::vector<SearchHit> hits;
};

class SearchIndex {
 public:
  // Copies what it needs; `plan` and `tasks` may be dropped afterwards.
  SearchIndex(int64_t plan_id, const plan::Plan& plan, const std::vector<plan::Task>& tasks);
  ~SearchIndex();
  SearchIndex(const SearchIndex&) = delete;
  SearchIndex& operator=(const SearchIndex&) = delete;

  // The first `limit` hits for `query` (see the header comment). InvalidArgument naming "q"
  // (see SearchTerms) or "limit" (outside 1..kMaxSearchLimit).
  Result<SearchResult> Search(std::string_view query, int64_t limit = kDefaultSearchLimit) const;

  int64_t plan_id() const { return plan_id_; }
  size_t size() const;  // records: nodes + tasks

 private:
  struct Record;
  int64_t plan_id_;
  std::vector<Record> records_;  // in document order
};

// Builds the index of the latest version of `plan_id` (0: the only or most recent plan).
Result<std::shared_ptr<const SearchIndex>> LoadSearchIndex(store::Store& store, int64_t plan_id);

// {"query","plan_id","total","hits":[{"type":"node"|"task","node","task_id"|null,"kind",
//  "label","title","part","article"|null,"field","before","match","after"}]}
std::string SearchResultToJson(const SearchResult& r);

}  // namespace guihua::service
