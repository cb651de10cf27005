#include "plan/structure.h"

#include <array>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "common/huge_pages.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "plan/heading.h"
#include "plan/metadata.h"
#include "plan/text_normalize.h"

namespace guihua::plan {
namespace {

using document::Block;
using document::Furniture;

struct Para {
  std::string text;  // punctuation-normalised
  const Block* block;
};

// Ladder of structural kinds, outermost first; index = depth rank.
constexpr NodeKind kLadder[] = {NodeKind::kPart, NodeKind::kChapter, NodeKind::kSection,
                                NodeKind::kArticle, NodeKind::kItem};

int Rank(NodeKind k) {
  for (int i = 0; i < 5; ++i) {
    if (kLadder[i] == k) return i;
  }
  return -1;
}

// The kind a heading takes: fixed for 篇/章/节 and items; otherwise one level below its
// parent, but never above the scheme's own level (1. is at least an article).
NodeKind KindFor(Scheme scheme, int parent_rank) {
  int min_rank;
  switch (scheme) {
    case Scheme::kPian:
    case Scheme::kBuFen:
      return NodeKind::kPart;
    case Scheme::kZhang:
      return NodeKind::kChapter;
    case Scheme::kJie:
      return NodeKind::kSection;
    case Scheme::kDash:
    case Scheme::kCircled:
    case Scheme::kArabicParen:
      return NodeKind::kItem;
    case Scheme::kArabicDot:
      min_rank = 3;
      break;
    case Scheme::kStyled2:
      min_rank = 1;
      break;
    case Scheme::kStyled3:
      min_rank = 2;
      break;
    case Scheme::kStyled4:
      min_rank = 3;
      break;
    default:  // 一、 （一） Styled1
      min_rank = 0;
      break;
  }
  int r = parent_rank + 1 > min_rank ? parent_rank + 1 : min_rank;
  return kLadder[r > 4 ? 4 : r];
}

const char* IdPrefix(NodeKind k) {
  switch (k) {
    case NodeKind::kPart:
      return "p";
    case NodeKind::kChapter:
      return "c";
    case NodeKind::kSection:
      return "s";
    case NodeKind::kArticle:
      return "a";
    case NodeKind::kItem:
      return "i";
    case NodeKind::kParagraph:
      return "t";
    case NodeKind::kPreamble:
      return "preamble";
    case NodeKind::kClosing:
      return "closing";
  }
  return "n";
}

bool Contains(std::string_view s, std::string_view w) {
  return s.find(w) != std::string_view::npos;
}

bool HasSentencePunct(std::string_view s) {
  return Contains(s, "。") || Contains(s, "，") || Contains(s, "；") || Contains(s, "！") ||
         Contains(s, "？") || Contains(s, "：");
}

// The closing call of a plan: a final paragraph that ends with an exclamation and calls for
// effort ("…为实现…而奋斗！", "…谱写…新篇章！").
bool IsClosingCall(std::string_view text) {
  std::string_view t = utf8::Trim(text);
  char32_t last = utf8::DecodeBefore(t, t.size());
  if (last != U'！' && last != '!') return false;
  for (std::string_view w : {"奋斗", "努力", "谱写", "团结", "开创", "奋进", "夺取", "实现"}) {
    if (Contains(t, w)) return true;
  }
  return false;
}

// Flat node under construction; the tree is assembled at the end.
struct Flat {
  Node node;
  int parent = -1;
  Scheme scheme = Scheme::kDash;
  bool heading = false;
  bool leaf = false;
};

class Builder {
 public:
  explicit Builder(const document::Document& doc) : doc_(doc) {}

  Result<Plan> Build();

 private:
  void CollectParas();
  size_t FindTitle();
  size_t ReadFrontMatter(size_t i);
  size_t SkipTableOfContents(size_t i);
  std::optional<HeadingMarker> HeadingOf(const Para& p, int depth);
  void AddHeading(const Para& p, const HeadingMarker& m);
  // Takes the paragraph's text: each body paragraph is added once, and its text moves into
  // the node rather than being copied (a plan's text would otherwise be held twice).
  void AddParagraph(Para&& p);
  void FinishClosing();
  void AssignIds(std::vector<Node>* nodes, const std::string& parent_id);
  std::vector<Node> Assemble();

  const document::Document& doc_;
  Plan plan_;
  std::vector<Para> paras_;
  std::vector<std::string_view> credit_lines_;
  std::vector<Flat> flat_;
  std::vector<int> stack_;                       // indices into flat_
  std::map<std::pair<int, int>, int64_t> last_;  // (scheme, depth) -> last number
  std::map<int, int> dash_count_;                // parent -> dash items so far
  int preamble_ = -1;
  int closing_ = -1;
  bool seen_heading_ = false;
  std::vector<std::string> back_matter_;
};

void Builder::CollectParas() {
  ReserveHuge(&paras_, doc_.blocks.size());
  for (const Block& b : doc_.blocks) {
    if (b.furniture == Furniture::kCredit) credit_lines_.push_back(b.text);
    if (b.furniture != Furniture::kNone) continue;
    std::string text = NormalizePunctuation(utf8::Trim(b.text));
    if (text.empty()) continue;
    paras_.push_back(Para{std::move(text), &b});
  }
}

// The title: the first block among the opening ones that reads as a document title; a title
// broken over two lines ("衡阳市国民经济和社会发展" / "第十四个五年规划纲要") is rejoined.
// Falls back to the first short unpunctuated block. Returns paras_.size() if none.
size_t Builder::FindTitle() {
  size_t limit = paras_.size() < 30 ? paras_.size() : 30;
  // The last title-like line before the body: a news headline or a site banner that reads
  // like a title comes first on a page, the document's own title last.
  size_t best = paras_.size();
  for (size_t i = 0; i < limit; ++i) {
    const std::string& t = paras_[i].text;
    if (MatchHeading(t)) break;
    if (IsDocumentTitle(t)) {
      best = i;
    } else if (best < paras_.size() && HasSentencePunct(t) && utf8::Length(t) > 40) {
      break;  // the body has begun
    }
  }
  if (best < paras_.size()) {
    size_t i = best;
    std::string title = paras_[i].text;
    if (i > 0) {
      const std::string& prev = paras_[i - 1].text;
      std::string_view cur(title);
      bool continues =
          cur.substr(0, 3) == "第" || cur.substr(0, 3) == "和" || cur.substr(0, 3) == "暨" ||
          cur.substr(0, 3) == "及" || std::string_view(prev).ends_with("的") ||
          std::string_view(prev).ends_with("和") || std::string_view(prev).ends_with("发展");
      if (continues && !HasSentencePunct(prev) && utf8::Length(prev) <= 40 && !MatchHeading(prev)) {
        title.insert(0, prev);
      }
    }
    plan_.title = title;
    return i;
  }
  for (size_t i = 0; i < limit; ++i) {
    if (MatchHeading(paras_[i].text)) break;
    const std::string& t = paras_[i].text;
    if (!HasSentencePunct(t) && !Contains(t, "!") && utf8::Length(t) <= kMaxTitleChars &&
        utf8::Length(t) >= 4) {
      plan_.title = t;
      return i;
    }
  }
  return paras_.size();
}

// Adoption notes, document numbers and bracketed subtitles right after the title.
size_t Builder::ReadFrontMatter(size_t i) {
  while (i < paras_.size()) {
    const std::string& t = paras_[i].text;
    std::string_view v(t);
    bool bracketed =
        (v.starts_with("（") && v.ends_with("）")) || (v.starts_with("(") && v.ends_with(")"));
    bool doc_number =
        Contains(t, "〔") && Contains(t, "〕") && Contains(t, "号") && utf8::Length(t) <= 30;
    if (MatchHeading(t) ||
        !(IsAdoptionNote(t) || (bracketed && utf8::Length(t) <= 80) || doc_number)) {
      break;
    }
    plan_.front_matter.push_back(t);
    ++i;
  }
  return i;
}

// A table of contents ("目录" followed by the headings) is skipped up to the point where its
// first entry appears again as a real heading.
size_t Builder::SkipTableOfContents(size_t i) {
  if (i >= paras_.size() || utf8::RemoveSpaces(paras_[i].text) != "目录") return i;
  if (i + 1 >= paras_.size()) return i + 1;
  std::string first = utf8::RemoveSpaces(paras_[i + 1].text);
  for (size_t j = i + 2; j < paras_.size(); ++j) {
    std::string t = utf8::RemoveSpaces(paras_[j].text);
    if (t == first || (t.size() > first.size() && t.starts_with(first))) return j;
  }
  return i + 1;
}

std::optional<HeadingMarker> Builder::HeadingOf(const Para& p, int depth) {
  std::optional<HeadingMarker> m = MatchHeading(p.text);
  if (!m) {
    int level = p.block->heading_level;
    if (level >= 1 && level <= 4 && !HasSentencePunct(p.text) &&
        utf8::Length(p.text) <= kMaxTitleChars) {
      static const Scheme kStyled[] = {Scheme::kStyled1, Scheme::kStyled2, Scheme::kStyled3,
                                       Scheme::kStyled4};
      return HeadingMarker{kStyled[level - 1], "", 0, 0};
    }
    return std::nullopt;
  }
  if (m->scheme == Scheme::kDash || m->length >= p.text.size()) {
    return m->length >= p.text.size() ? std::nullopt : m;  // a marker with nothing after it
  }
  // Numbering must continue plausibly: restart at 1, repeat, or advance by one or two. A
  // longer jump forward (an excerpt, a numbering slip) is still a heading when the line reads
  // like one: a short title sentence ("50. 建设风清气正的清廉衡阳。…").
  int d = depth;
  for (size_t k = 0; k < stack_.size(); ++k) {
    if (flat_[stack_[k]].scheme == m->scheme) {
      d = static_cast<int>(k);
      break;
    }
  }
  auto it = last_.find({static_cast<int>(m->scheme), d});
  if (it != last_.end()) {
    int64_t prev = it->second;
    bool in_sequence =
        m->number == 1 || m->number == prev || m->number == prev + 1 || m->number == prev + 2;
    if (!in_sequence) {
      TitleSplit split = SplitHeadingTitle(std::string_view(p.text).substr(m->length));
      bool titled = !split.title.empty() && !split.rest.empty() && utf8::Length(split.title) <= 30;
      if (m->number < prev || !titled) return std::nullopt;
    }
  }
  return m;
}

void Builder::AddHeading(const Para& p, const HeadingMarker& m) {
  // Close back to the level of an open node of the same scheme.
  for (size_t k = 0; k < stack_.size(); ++k) {
    if (flat_[stack_[k]].scheme == m.scheme) {
      stack_.resize(k);
      break;
    }
  }
  int parent = stack_.empty() ? -1 : stack_.back();
  int parent_rank = parent < 0 ? -1 : Rank(flat_[parent].node.kind);
  int depth = static_cast<int>(stack_.size());

  Flat f;
  f.parent = parent;
  f.scheme = m.scheme;
  f.heading = true;
  f.leaf = m.scheme == Scheme::kDash;
  f.node.kind = KindFor(m.scheme, parent_rank);
  f.node.label = m.label;
  bool styled = m.scheme >= Scheme::kStyled1;
  if (m.scheme == Scheme::kDash || styled) {
    f.node.number = ++dash_count_[parent * 32 + static_cast<int>(m.scheme)];
  } else {
    f.node.number = m.number;
  }
  TitleSplit split = SplitHeadingTitle(std::string_view(p.text).substr(m.length));
  f.node.title = std::move(split.title);
  f.node.text = std::move(split.rest);
  f.node.source_begin = p.block->begin;
  f.node.source_end = p.block->end;
  if (!styled) last_[{static_cast<int>(m.scheme), depth}] = m.number;
  flat_.push_back(std::move(f));
  stack_.push_back(static_cast<int>(flat_.size()) - 1);
  seen_heading_ = true;
}

void Builder::AddParagraph(Para&& p) {
  if (!seen_heading_) {  // preamble
    if (preamble_ < 0) {
      Flat f;
      f.node.kind = NodeKind::kPreamble;
      f.node.source_begin = p.block->begin;
      f.node.source_end = p.block->end;
      f.node.text = std::move(p.text);
      flat_.push_back(std::move(f));
      preamble_ = static_cast<int>(flat_.size()) - 1;
    } else {
      Node& n = flat_[preamble_].node;
      n.text += "\n" + p.text;
      n.source_end = p.block->end;
    }
    return;
  }
  int parent = -1;
  for (size_t k = stack_.size(); k-- > 0;) {
    if (!flat_[stack_[k]].leaf) {
      parent = stack_[k];
      break;
    }
  }
  Flat f;
  f.parent = parent;
  f.node.kind = NodeKind::kParagraph;
  f.node.text = std::move(p.text);
  f.node.source_begin = p.block->begin;
  f.node.source_end = p.block->end;
  if (p.block->kind == Block::Kind::kTable) f.node.table = p.block->rows;
  flat_.push_back(std::move(f));
}

// The last plain paragraph becomes the closing when it reads as a closing call.
void Builder::FinishClosing() {
  if (closing_ >= 0) return;
  for (int i = static_cast<int>(flat_.size()) - 1; i >= 0; --i) {
    Flat& f = flat_[i];
    if (f.heading) return;
    if (f.node.kind != NodeKind::kParagraph || !f.node.table.empty()) return;
    if (IsClosingCall(f.node.text)) {
      f.node.kind = NodeKind::kClosing;
      f.parent = -1;
      closing_ = i;
    }
    return;
  }
}

std::vector<Node> Builder::Assemble() {
  // Children lists in document order, then move nodes bottom-up (a child always comes after
  // its parent in flat_).
  std::vector<std::vector<int>> children(flat_.size());
  std::vector<int> roots;
  for (size_t i = 0; i < flat_.size(); ++i) {
    int p = flat_[i].parent;
    (p < 0 ? roots : children[static_cast<size_t>(p)]).push_back(static_cast<int>(i));
  }
  for (size_t i = flat_.size(); i-- > 0;) {
    Node& n = flat_[i].node;
    n.children.reserve(children[i].size());
    for (int c : children[i]) n.children.push_back(std::move(flat_[static_cast<size_t>(c)].node));
  }
  std::vector<Node> out;
  out.reserve(roots.size());
  for (int r : roots) out.push_back(std::move(flat_[static_cast<size_t>(r)].node));
  return out;
}

void Builder::AssignIds(std::vector<Node>* nodes, const std::string& parent_id) {
  if (nodes->empty()) return;
  std::unordered_map<std::string, int> used;  // id -> times seen among these siblings
  used.reserve(nodes->size());
  // Per kind (each kind has its own prefix), for nodes without a number.
  std::array<int64_t, 8> ordinal{};
  for (Node& n : *nodes) {
    const char* prefix = IdPrefix(n.kind);
    std::string id;
    if (n.kind == NodeKind::kPreamble || n.kind == NodeKind::kClosing) {
      id = prefix;
    } else {
      int64_t num = n.number ? *n.number : ++ordinal[static_cast<size_t>(n.kind)];
      char digits[24];
      auto [end, ec] = std::to_chars(digits, digits + sizeof(digits), num);
      id.reserve(parent_id.size() + 1 + std::strlen(prefix) + static_cast<size_t>(end - digits));
      if (!parent_id.empty()) id.append(parent_id).append(".");
      id.append(prefix).append(digits, end);
    }
    // A repeated label among siblings (a numbering slip) gets "_2", "_3"…
    int seen = ++used[id];
    n.id = seen == 1 ? std::move(id) : id + "_" + std::to_string(seen);
    AssignIds(&n.children, n.id);
  }
}

Result<Plan> Builder::Build() {
  CollectParas();
  if (paras_.empty()) {
    return Status::ParseError(
        Tr("文档中没有可识别的文字", "the document contains no readable text"));
  }
  // A node per paragraph at most, plus the preamble and the closing.
  ReserveHuge(&flat_, paras_.size() + 2);
  size_t title_idx = FindTitle();
  if (plan_.title.empty() && !doc_.path.empty()) {
    // No title in the text: the file's name stands in, so unrelated untitled documents do
    // not become versions of one plan.
    plan_.title = std::filesystem::path(doc_.path).stem().string();
  }
  size_t i = title_idx < paras_.size() ? title_idx + 1 : 0;
  i = ReadFrontMatter(i);
  i = SkipTableOfContents(i);

  // The signature (落款) at the end: issuing body and date on short unpunctuated lines.
  size_t body_end = paras_.size();
  while (body_end > i + 1) {
    const std::string& t = paras_[body_end - 1].text;
    if (HasSentencePunct(t) || utf8::Length(t) > 30 || MatchHeading(t) ||
        paras_[body_end - 1].block->kind == Block::Kind::kTable) {
      break;
    }
    --body_end;
  }
  // Only lines that hold a date (成文日期) or follow a closing call are a signature;
  // otherwise they are body text.
  bool signature =
      body_end > i && body_end < paras_.size() && IsClosingCall(paras_[body_end - 1].text);
  for (size_t k = body_end; k < paras_.size(); ++k) signature |= !FindDate(paras_[k].text).empty();
  if (!signature) body_end = paras_.size();
  for (size_t k = body_end; k < paras_.size(); ++k) back_matter_.push_back(paras_[k].text);

  // Each body paragraph adds at most one flat node: reserved, they are built in place
  // rather than moved on every growth of the vector.
  if (body_end > i) flat_.reserve(body_end - i);
  for (; i < body_end; ++i) {
    Para& p = paras_[i];
    if (closing_ >= 0) {
      // After a 结束语 heading every paragraph belongs to the closing; after a closing call,
      // short unpunctuated lines are the signature (落款).
      Node& c = flat_[closing_].node;
      if (!c.title.empty()) {
        c.text += (c.text.empty() ? "" : "\n") + p.text;
        c.source_end = p.block->end;
        continue;
      }
    }
    if (p.text.size() <= 30 && utf8::RemoveSpaces(p.text) == "结束语") {
      Flat f;
      f.node.kind = NodeKind::kClosing;
      f.node.title = "结束语";
      f.node.source_begin = p.block->begin;
      f.node.source_end = p.block->end;
      flat_.push_back(std::move(f));
      closing_ = static_cast<int>(flat_.size()) - 1;
      stack_.clear();
      continue;
    }
    std::optional<HeadingMarker> m = HeadingOf(p, static_cast<int>(stack_.size()));
    if (m) {
      AddHeading(p, *m);
      continue;
    }
    // A closing call that is the last paragraph before the signature ends the body.
    if (seen_heading_ && i + 1 == body_end && IsClosingCall(p.text)) {
      AddParagraph(std::move(p));
      FinishClosing();
      continue;
    }
    AddParagraph(std::move(p));
  }
  if (!seen_heading_) {
    return Status::ParseError(
        Tr("没有识别出文档结构：找不到“第一章”“一、”“1.”之类的标题",
           "no recognisable structure: no headings such as 第一章, 一、 or 1."));
  }
  FinishClosing();

  // Metadata.
  std::vector<std::string_view> body;
  body.reserve(flat_.size());
  for (const Flat& f : flat_) body.push_back(f.node.text);
  for (const std::string& fm : plan_.front_matter) {
    if (plan_.adopted.empty() && IsAdoptionNote(fm)) plan_.adopted = FindDate(fm);
  }
  for (const std::string& bm : back_matter_) {
    if (plan_.adopted.empty()) plan_.adopted = FindDate(bm);
  }
  plan_.issuer = IssuerFromTitle(plan_.title);
  for (const std::string& fm : plan_.front_matter) {
    if (plan_.issuer.empty() && IsAdoptionNote(fm)) plan_.issuer = IssuerFromAdoptionNote(fm);
  }
  for (const std::string& bm : back_matter_) {
    if (plan_.issuer.empty() && FindDate(bm).empty() && utf8::Length(bm) <= 30) plan_.issuer = bm;
  }
  for (std::string_view c : credit_lines_) {  // "作者:中国共产党衡阳市第十一届委员会"
    if (!plan_.issuer.empty()) break;
    std::string s = NormalizePunctuation(utf8::RemoveSpaces(c));
    if (s.starts_with("作者：")) plan_.issuer = s.substr(9);
  }
  plan_.region = FindRegion(plan_.title, plan_.issuer);
  std::vector<std::string_view> front(plan_.front_matter.begin(), plan_.front_matter.end());
  plan_.period = FindPeriod(plan_.title, front, body);
  plan_.vision_year = FindVisionYear(plan_.title, body);
  plan_.source_format = doc_.format;
  plan_.source_encoding = doc_.encoding;

  plan_.nodes = Assemble();
  AssignIds(&plan_.nodes, "");
  return std::move(plan_);
}

}  // namespace

const char* NodeKindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::kPreamble:
      return "preamble";
    case NodeKind::kPart:
      return "part";
    case NodeKind::kChapter:
      return "chapter";
    case NodeKind::kSection:
      return "section";
    case NodeKind::kArticle:
      return "article";
    case NodeKind::kItem:
      return "item";
    case NodeKind::kParagraph:
      return "paragraph";
    case NodeKind::kClosing:
      return "closing";
  }
  return "paragraph";
}

bool ParseNodeKind(const std::string& name, NodeKind* kind) {
  for (NodeKind k :
       {NodeKind::kPreamble, NodeKind::kPart, NodeKind::kChapter, NodeKind::kSection,
        NodeKind::kArticle, NodeKind::kItem, NodeKind::kParagraph, NodeKind::kClosing}) {
    if (name == NodeKindName(k)) {
      *kind = k;
      return true;
    }
  }
  return false;
}

Result<Plan> ParsePlan(const document::Document& doc) {
  Builder builder(doc);
  return builder.Build();
}

}  // namespace guihua::plan
