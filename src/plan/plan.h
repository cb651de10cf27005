// The plan model: a plan document's metadata and its outline tree (篇/章/节, 一、, 1., ——
// items, paragraphs), as recognised from a document::Document by ParsePlan (structure.h).
// Plain value types; thread-compatible.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace guihua::plan {

// Node kinds, outermost first. The JSON contract spells them in lower case.
enum class NodeKind {
  kPreamble,   // text between the title block and the first heading
  kPart,       // 第一篇 / 第一部分 / 一、 at the top level
  kChapter,    // 第一章, or the level below a part
  kSection,    // 第一节, or the level below a chapter
  kArticle,    // numbered provisions: "1." in a 建议, 一、 under a 节 ...
  kItem,       // "——" lead-in items, （1）, ①, and numbered items inside articles
  kParagraph,  // unnumbered text (and tables) inside a node
  kClosing,    // the closing call ("…而奋斗！") or a 结束语
};
const char* NodeKindName(NodeKind kind);
bool ParseNodeKind(const std::string& name, NodeKind* kind);

struct Node {
  std::string id;  // stable within a document: "p3", "p3.a7", "p2.a5.i1", "p3.t1"
  NodeKind kind = NodeKind::kParagraph;
  std::string label;  // heading as written: "三", "7", "（一）", "第一章", "——"; "" if none
  std::optional<int64_t> number;  // integer value of the label (items: position)
  std::string title;  // heading title, e.g. "建设区域性先进制造业中心"; "" if none
  std::string text;   // the node's own text after its title (children hold the rest)
  std::vector<std::vector<std::string>> table;  // rows of cells when the paragraph is a table
  size_t source_begin = 0;  // byte offsets of the node's own block in Document::text
  size_t source_end = 0;
  std::vector<Node> children;
};

struct Period {
  int start = 0;  // first year, e.g. 2021; 0 = unknown
  int end = 0;    // last year, e.g. 2025
};

struct Plan {
  std::string title;
  std::string issuer;   // 发布机关, e.g. "中共衡阳市委"; "" if not stated
  std::string adopted;  // ISO date "2020-12-22"; "" if not stated
  std::string region;   // "衡阳市"; "全国" for national plans
  Period period;
  int vision_year = 0;  // 远景目标 year, e.g. 2035; 0 = none
  // Lines between the title and the body: adoption note, document number, subtitle.
  std::vector<std::string> front_matter;
  std::vector<Node> nodes;
  // Where it came from.
  std::string source_format;  // "text", "html", "docx", "pdf"
  std::string source_encoding;
};

// Depth-first visit of every node with its ancestors (outermost first).
template <typename F>
void VisitNodes(const std::vector<Node>& nodes, F&& f, std::vector<const Node*>* path = nullptr) {
  std::vector<const Node*> local;
  if (path == nullptr) path = &local;
  for (const Node& n : nodes) {
    f(n, *path);
    path->push_back(&n);
    VisitNodes(n.children, f, path);
    path->pop_back();
  }
}

}  // namespace guihua::plan
