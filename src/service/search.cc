#include "service/search.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "common/i18n.h"
#include "common/utf8.h"
#include "service/plan_service.h"

namespace guihua::service {
namespace {

// ASCII upper case to lower case, full-width ASCII to half-width (then lower case).
char32_t FoldCodePoint(char32_t cp) {
  cp = utf8::FoldWidth(cp);
  if (cp >= U'A' && cp <= U'Z') cp += U'a' - U'A';
  return cp;
}

// Folds `s` into `folded`, recording for each byte of `folded` the offset in `s` of the code
// point it came from (plus one entry for the end), so a match maps back to the original.
void FoldWithOrigin(std::string_view s, std::string* folded, std::vector<uint32_t>* origin) {
  folded->clear();
  origin->clear();
  folded->reserve(s.size());
  origin->reserve(s.size() + 1);
  size_t i = 0;
  while (i < s.size()) {
    size_t b = i;
    char32_t cp = utf8::Decode(s, &i);
    size_t before = folded->size();
    if (cp < 0x80) {
      folded->push_back(static_cast<char>(FoldCodePoint(cp)));
    } else if (cp == utf8::kReplacement) {
      folded->append(s.substr(b, i - b));  // keep invalid bytes (and U+FFFD) as they are
    } else {
      utf8::Append(FoldCodePoint(cp), folded);
    }
    origin->insert(origin->end(), folded->size() - before, static_cast<uint32_t>(b));
  }
  origin->push_back(static_cast<uint32_t>(s.size()));
}

// Newlines and tabs read as spaces in a one-line snippet.
std::string OneLine(std::string_view s) {
  std::string out(s);
  for (char& ch : out) {
    if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
  }
  return out;
}

}  // namespace

std::string FoldForSearch(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    size_t b = i;
    char32_t cp = utf8::Decode(s, &i);
    if (cp < 0x80) {
      out.push_back(static_cast<char>(FoldCodePoint(cp)));
    } else if (cp == utf8::kReplacement) {
      out.append(s.substr(b, i - b));
    } else {
      utf8::Append(FoldCodePoint(cp), &out);
    }
  }
  return out;
}

Result<std::vector<std::string>> SearchTerms(std::string_view query) {
  if (!utf8::IsValid(query)) {
    return Status::InvalidArgument(Tr("q：检索词不是有效的 UTF-8 文本", "q: not valid UTF-8 text"));
  }
  std::string_view q = utf8::Trim(query);
  if (q.empty()) {
    return Status::InvalidArgument(Tr("q：请输入检索词", "q: the search text is empty"));
  }
  if (utf8::LengthAtLeast(q, kMaxQueryChars + 1)) {
    return Status::InvalidArgument(Msg("q：检索词过长（最多 {} 个字）",
                                       "q: the search text is too long (at most {} characters)",
                                       kMaxQueryChars));
  }
  std::vector<std::string> terms;
  std::string cur;
  size_t i = 0;
  while (i < q.size()) {
    size_t b = i;
    char32_t cp = utf8::Decode(q, &i);
    if (utf8::IsSpace(cp)) {
      if (!cur.empty()) terms.push_back(FoldForSearch(cur));
      cur.clear();
    } else {
      cur.append(q.substr(b, i - b));
    }
  }
  if (!cur.empty()) terms.push_back(FoldForSearch(cur));
  // A repeated term adds nothing; keep the first of each, in query order.
  std::vector<std::string> unique;
  for (std::string& t : terms) {
    if (std::find(unique.begin(), unique.end(), t) == unique.end()) unique.push_back(std::move(t));
  }
  return unique;
}

bool MatchesAllTerms(const std::vector<std::string>& terms,
                     const std::vector<std::string_view>& fields) {
  std::vector<std::string> folded;
  folded.reserve(fields.size());
  for (std::string_view f : fields) folded.push_back(FoldForSearch(f));
  for (const std::string& t : terms) {
    bool found = std::any_of(folded.begin(), folded.end(),
                             [&](const std::string& f) { return f.find(t) != std::string::npos; });
    if (!found) return false;
  }
  return true;
}

// One searchable field: the text as written and its folded form with the way back.
struct SearchField {
  const char* name;  // title, text, lead_unit, co_units
  std::string text;
  std::string folded;
  std::vector<uint32_t> origin;  // folded byte -> text byte (size folded.size() + 1)

  SearchField(const char* n, std::string t) : name(n), text(std::move(t)) {
    FoldWithOrigin(text, &folded, &origin);
  }
};

struct SearchIndex::Record {
  SearchHit hit;                             // everything but field and the snippet
  std::tuple<int, size_t, size_t> position;  // (node pre-order, 0 node / 1 task, offset)
  std::vector<SearchField> fields;           // fields[0] is the title when has_title
  bool has_title = false;
};

namespace {

// A node's table as text: cells joined by spaces, rows by newlines.
std::string TableText(const std::vector<std::vector<std::string>>& table) {
  std::string out;
  for (const auto& row : table) {
    if (!out.empty()) out += '\n';
    for (size_t i = 0; i < row.size(); ++i) out += (i ? " " : "") + row[i];
  }
  return out;
}

// Up to `n` code points of `s` before byte `end` ("…" first when cut).
std::string ContextBefore(std::string_view s, size_t end, size_t n) {
  size_t b = end;
  for (size_t k = 0; k < n && b > 0; ++k) utf8::DecodeBefore(s, b, &b);
  return (b > 0 ? "…" : "") + OneLine(s.substr(b, end - b));
}

// Up to `n` code points of `s` from byte `begin` ("…" last when cut).
std::string ContextAfter(std::string_view s, size_t begin, size_t n) {
  size_t e = begin;
  for (size_t k = 0; k < n && e < s.size(); ++k) utf8::Decode(s, &e);
  return OneLine(s.substr(begin, e - begin)) + (e < s.size() ? "…" : "");
}

}  // namespace

SearchIndex::SearchIndex(int64_t plan_id, const plan::Plan& plan,
                         const std::vector<plan::Task>& tasks)
    : plan_id_(plan_id) {
  std::map<std::string, int> seq_of_node;
  std::map<std::string, std::string> label_of_node;
  int seq = 0;
  plan::VisitNodes(
      plan.nodes, [&](const plan::Node& n, const std::vector<const plan::Node*>& path) {
        ++seq;
        seq_of_node[n.id] = seq;
        label_of_node[n.id] = n.label;
        Record r;
        r.hit.type = SearchHit::Type::kNode;
        r.hit.node = n.id;
        r.hit.kind = plan::NodeKindName(n.kind);
        r.hit.label = n.label;
        r.hit.title = n.title;
        for (size_t k = path.size(); r.hit.title.empty() && k-- > 0;) r.hit.title = path[k]->title;
        const plan::Node* top = path.empty() ? &n : path[0];
        if (top->kind == plan::NodeKind::kPart || top->kind == plan::NodeKind::kChapter) {
          r.hit.part = top->label;
        }
        for (size_t k = path.size() + 1; k-- > 0;) {
          const plan::Node* p = k == path.size() ? &n : path[k];
          if (p->kind == plan::NodeKind::kArticle) {
            r.hit.article = p->number;
            break;
          }
        }
        r.position = {seq, 0, 0};
        if (!n.title.empty()) {
          r.fields.emplace_back("title", n.title);
          r.has_title = true;
        }
        std::string text = n.text;
        if (!n.table.empty()) text += (text.empty() ? "" : "\n") + TableText(n.table);
        if (!text.empty()) r.fields.emplace_back("text", std::move(text));
        if (!r.fields.empty()) records_.push_back(std::move(r));
      });
  for (const plan::Task& t : tasks) {
    Record r;
    r.hit.type = SearchHit::Type::kTask;
    r.hit.node = t.node_id;
    r.hit.task_id = t.id;
    r.hit.kind = "task";
    auto label = label_of_node.find(t.node_id);
    if (label != label_of_node.end()) r.hit.label = label->second;
    r.hit.title = t.article_title.empty() ? t.part_title : t.article_title;
    r.hit.part = t.part;
    r.hit.article = t.article;
    auto node_seq = seq_of_node.find(t.node_id);
    r.position = {node_seq != seq_of_node.end() ? node_seq->second : t.node_seq, 1, t.node_offset};
    r.fields.emplace_back("text", t.text);
    if (!t.lead_unit.empty()) r.fields.emplace_back("lead_unit", t.lead_unit);
    if (!t.co_units.empty()) r.fields.emplace_back("co_units", plan::JoinUnitNames(t.co_units));
    records_.push_back(std::move(r));
  }
  std::stable_sort(records_.begin(), records_.end(),
                   [](const Record& a, const Record& b) { return a.position < b.position; });
}

SearchIndex::~SearchIndex() = default;

size_t SearchIndex::size() const { return records_.size(); }

Result<SearchResult> SearchIndex::Search(std::string_view query, int64_t limit) const {
  GH_ASSIGN_OR_RETURN(std::vector<std::string> terms, SearchTerms(query));
  if (limit < 1 || limit > kMaxSearchLimit) {
    return Status::InvalidArgument(Msg("limit：须在 1–{} 之间（收到 {}）",
                                       "limit: must be 1-{} (got {})", kMaxSearchLimit, limit));
  }
  SearchResult out;
  out.query = std::string(utf8::Trim(query));
  out.plan_id = plan_id_;
  // Matching records in document order, title hits and the others apart.
  std::vector<const Record*> title_hits, other_hits;
  for (const Record& r : records_) {
    bool all = true, all_in_title = r.has_title;
    for (const std::string& t : terms) {
      bool in_title = r.has_title && r.fields[0].folded.find(t) != std::string::npos;
      all_in_title = all_in_title && in_title;
      bool found = in_title || std::any_of(r.fields.begin(), r.fields.end(), [&](const auto& f) {
                     return f.folded.find(t) != std::string::npos;
                   });
      if (!found) {
        all = false;
        break;
      }
    }
    if (!all) continue;
    (all_in_title ? title_hits : other_hits).push_back(&r);
  }
  out.total = static_cast<int64_t>(title_hits.size() + other_hits.size());
  title_hits.insert(title_hits.end(), other_hits.begin(), other_hits.end());
  for (const Record* r : title_hits) {
    if (out.hits.size() >= static_cast<size_t>(limit)) break;
    SearchHit hit = r->hit;
    // The snippet: the first field (in order) holding a term, the first term found there.
    bool done = false;
    for (const SearchField& f : r->fields) {
      for (const std::string& t : terms) {
        size_t at = f.folded.find(t);
        if (at == std::string::npos) continue;
        size_t b = f.origin[at], e = f.origin[at + t.size()];
        hit.field = f.name;
        hit.before = ContextBefore(f.text, b, kSnippetContext);
        hit.match = OneLine(std::string_view(f.text).substr(b, e - b));
        hit.after = ContextAfter(f.text, e, kSnippetContext);
        done = true;
        break;
      }
      if (done) break;
    }
    out.hits.push_back(std::move(hit));
  }
  return out;
}

Result<std::shared_ptr<const SearchIndex>> LoadSearchIndex(store::Store& store, int64_t plan_id) {
  GH_ASSIGN_OR_RETURN(int64_t pid, ResolvePlanId(store, plan_id));
  GH_ASSIGN_OR_RETURN(plan::Plan plan, store.LoadPlan(pid, 0));
  GH_ASSIGN_OR_RETURN(std::vector<plan::Task> tasks, store.LoadTasks(pid, 0));
  return std::shared_ptr<const SearchIndex>(std::make_shared<SearchIndex>(pid, plan, tasks));
}

std::string SearchResultToJson(const SearchResult& r) {
  using json = nlohmann::ordered_json;
  json hits = json::array();
  for (const SearchHit& h : r.hits) {
    bool task = h.type == SearchHit::Type::kTask;
    hits.push_back({{"type", task ? "task" : "node"},
                    {"node", h.node},
                    {"task_id", task ? json(h.task_id) : json(nullptr)},
                    {"kind", h.kind},
                    {"label", h.label},
                    {"title", h.title},
                    {"part", h.part},
                    {"article", h.article ? json(*h.article) : json(nullptr)},
                    {"field", h.field},
                    {"before", h.before},
                    {"match", h.match},
                    {"after", h.after}});
  }
  json j = {{"query", r.query}, {"plan_id", r.plan_id}, {"total", r.total}, {"hits", hits}};
  return j.dump(2, ' ', false, json::error_handler_t::replace);
}

}  // namespace guihua::service
