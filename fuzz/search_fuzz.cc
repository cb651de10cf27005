// libFuzzer target for full-text search (service/search.h), whose query comes from outside
// (GET /api/v1/search?q=…&limit=…). The index is built once from the bundled sample plan,
// read, parsed and decomposed the way an import does it (and tests/unit/task_sheet_test.cc).
// The first input byte picks the limit (some out of range), the rest is the query.
//
// Properties beyond "no crash": the call fails exactly when SearchTerms or the limit refuse
// it; hits <= limit, total >= hits, and total is the number of records holding every term
// (counted here independently over the plan and its tasks); a smaller limit gives a prefix of
// the hits of a larger one; every snippet is valid UTF-8, its context at most kSnippetContext
// code points plus "…", and its match folds to one of the query's terms; the terms of a query
// all occur in the query itself.
//
//   ./search_fuzz -max_total_time=60 fuzz/corpus/search
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/utf8.h"
#include "document/reader.h"
#include "plan/structure.h"
#include "plan/units.h"
#include "service/plan_service.h"
#include "service/search.h"
#include "store/store.h"

namespace {

namespace service = guihua::service;
namespace utf8 = guihua::utf8;

void Check(bool ok, const char* what, std::string_view query) {
  if (ok) return;
  std::fprintf(stderr, "search_fuzz: %s (query %zu bytes: \"%.*s\")\n", what, query.size(),
               static_cast<int>(query.size()), query.data());
  __builtin_trap();
}

void Fail(const char* what, const guihua::Status& s) {
  std::fprintf(stderr, "search_fuzz: %s: %s\n", what, s.ToString().c_str());
  std::abort();
}

struct Fixture {
  std::shared_ptr<const service::SearchIndex> index;
  // Per record (node or task), its searchable fields folded, for counting matches here.
  std::vector<std::vector<std::string>> folded_records;
};

const Fixture& Sample() {
  static const Fixture* fixture = [] {
    auto* f = new Fixture;
    auto doc = guihua::document::ReadDocumentFile(GUIHUA_SOURCE_DIR
                                                  "/data/plans/hengyang-14th-fyp-proposal.txt");
    if (!doc.ok()) Fail("reading the sample plan", doc.status());
    auto plan = guihua::plan::ParsePlan(*doc);
    if (!plan.ok()) Fail("parsing the sample plan", plan.status());
    auto units = guihua::plan::LoadUnitsFile(GUIHUA_SOURCE_DIR "/data/units/hengyang_units.csv");
    if (!units.ok()) Fail("reading the units", units.status());
    std::unique_ptr<guihua::store::Store> store = guihua::store::NewMemoryStore();
    auto imported = service::ImportPlan(*store, *plan, "sample.txt", *units, true);
    if (!imported.ok()) Fail("importing the sample plan", imported.status());
    auto index = service::LoadSearchIndex(*store, imported->plan_id);
    if (!index.ok()) Fail("building the index", index.status());
    f->index = *index;
    auto tasks = store->LoadTasks(imported->plan_id, 0);
    if (!tasks.ok()) Fail("loading the tasks", tasks.status());
    guihua::plan::VisitNodes(imported->plan.nodes, [&](const guihua::plan::Node& n, const auto&) {
      std::vector<std::string> fields = {service::FoldForSearch(n.title),
                                         service::FoldForSearch(n.text)};
      for (const auto& row : n.table) {
        for (const std::string& cell : row) fields.push_back(service::FoldForSearch(cell));
      }
      f->folded_records.push_back(std::move(fields));
    });
    for (const guihua::plan::Task& t : *tasks) {
      std::string co = guihua::plan::JoinUnitNames(t.co_units);  // as the index joins them
      f->folded_records.push_back({service::FoldForSearch(t.text),
                                   service::FoldForSearch(t.lead_unit),
                                   service::FoldForSearch(co)});
    }
    if (f->index->size() < 100) std::abort();  // the sample did not load as expected
    return f;
  }();
  return *fixture;
}

// Records holding every term, counted without the index.
int64_t CountMatches(const Fixture& f, const std::vector<std::string>& terms) {
  int64_t n = 0;
  for (const auto& fields : f.folded_records) {
    bool all = true;
    for (const std::string& t : terms) {
      bool found = false;
      for (const std::string& field : fields) found = found || field.find(t) != std::string::npos;
      if (!found) {
        all = false;
        break;
      }
    }
    n += all ? 1 : 0;
  }
  return n;
}

// Mostly small limits; the last bytes give the edges and values out of range.
int64_t LimitFromByte(uint8_t b) {
  constexpr int64_t kEdges[] = {
      0, -1, service::kMaxSearchLimit, service::kMaxSearchLimit + 1, INT64_MAX, INT64_MIN};
  return b >= 250 ? kEdges[b - 250] : 1 + b % 40;
}

bool SameHit(const service::SearchHit& a, const service::SearchHit& b) {
  return a.type == b.type && a.node == b.node && a.task_id == b.task_id && a.field == b.field &&
         a.before == b.before && a.match == b.match && a.after == b.after;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const Fixture& f = Sample();
  int64_t limit = LimitFromByte(data[0]);
  std::string_view query(reinterpret_cast<const char*>(data + 1), size - 1);

  (void)service::FoldForSearch(query);  // any bytes, valid or not
  auto terms = service::SearchTerms(query);
  if (terms.ok()) {
    Check(!terms->empty(), "valid query without terms", query);
    Check(service::MatchesAllTerms(*terms, {query}), "a term not in its own query", query);
  }
  bool limit_ok = limit >= 1 && limit <= service::kMaxSearchLimit;

  auto r = f.index->Search(query, limit);
  Check(r.ok() == (terms.ok() && limit_ok), "Search disagrees with SearchTerms/limit", query);
  if (!r.ok()) return 0;
  Check(r->query == utf8::Trim(query), "query not echoed trimmed", query);
  Check(r->hits.size() <= static_cast<size_t>(limit), "more hits than the limit", query);
  Check(r->total >= static_cast<int64_t>(r->hits.size()), "total below the hits", query);
  Check(
      r->hits.size() == std::min<size_t>(static_cast<size_t>(r->total), static_cast<size_t>(limit)),
      "hits is not the first `limit` of total", query);
  Check(r->total == CountMatches(f, *terms), "total differs from an independent count", query);

  for (const service::SearchHit& h : r->hits) {
    Check(utf8::IsValid(h.before) && utf8::IsValid(h.match) && utf8::IsValid(h.after) &&
              utf8::IsValid(h.before + h.match + h.after),
          "snippet not valid UTF-8", query);
    Check(!utf8::LengthAtLeast(h.before, service::kSnippetContext + 2) &&
              !utf8::LengthAtLeast(h.after, service::kSnippetContext + 2),
          "snippet context too long", query);
    Check(
        h.field == "title" || h.field == "text" || h.field == "lead_unit" || h.field == "co_units",
        "unknown snippet field", query);
    Check(h.type == service::SearchHit::Type::kTask || h.field == "title" || h.field == "text",
          "a node hit in a unit field", query);
    // The match is the document's text for one term; only newlines and tabs became spaces.
    std::string folded = service::FoldForSearch(h.match);
    bool is_term = false;
    for (const std::string& t : *terms) is_term = is_term || folded == t;
    Check(is_term, "the match is not one of the query's terms", query);
  }

  // A smaller limit cuts the same list.
  auto all = f.index->Search(query, service::kMaxSearchLimit);
  Check(all.ok() && all->total == r->total, "total depends on the limit", query);
  for (size_t i = 0; i < r->hits.size(); ++i) {
    Check(SameHit(r->hits[i], all->hits[i]), "hits differ between limits", query);
  }
  (void)service::SearchResultToJson(*r);
  return 0;
}
