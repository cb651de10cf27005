#include "common/keyword_matcher.h"

#include <algorithm>

namespace guihua {

namespace {
template <typename E>
bool ByCodePoint(const E& e, char32_t v) {
  return e.cp < v;
}
}  // namespace

int32_t KeywordMatcher::ChildSearch(const Edge* begin, const Edge* end, char32_t cp) {
  const Edge* it = std::lower_bound(begin, end, cp, ByCodePoint<Edge>);
  return (it != end && it->cp == cp) ? it->to : -1;
}

void KeywordMatcher::Add(std::string_view pattern, int payload) {
  if (pattern.empty() || built_) return;
  size_t s = 0;
  size_t i = 0;
  while (i < pattern.size()) {
    size_t b = i;
    char32_t cp = utf8::Decode(pattern, &i);
    auto& next = pending_edges_[s];
    auto it = std::lower_bound(next.begin(), next.end(), cp, ByCodePoint<Edge>);
    if (it == next.end() || it->cp != cp) {
      auto c = static_cast<int32_t>(nodes_.size());
      Node node;
      node.bytes = nodes_[s].bytes + static_cast<uint32_t>(i - b);
      it = next.insert(it, Edge{cp, c});
      nodes_.push_back(node);
      pending_edges_.emplace_back();
      pending_payloads_.emplace_back();
    }
    s = static_cast<size_t>(it->to);
  }
  pending_payloads_[s].push_back(payload);
  ++patterns_;
}

void KeywordMatcher::Build() {
  if (built_) return;
  payloads_.clear();
  edges_.clear();
  for (size_t s = 0; s < nodes_.size(); ++s) {
    Node& n = nodes_[s];
    n.payload_begin = static_cast<uint32_t>(payloads_.size());
    payloads_.insert(payloads_.end(), pending_payloads_[s].begin(), pending_payloads_[s].end());
    n.payload_end = static_cast<uint32_t>(payloads_.size());
    n.edge_begin = static_cast<uint32_t>(edges_.size());
    edges_.insert(edges_.end(), pending_edges_[s].begin(), pending_edges_[s].end());
    n.edge_end = static_cast<uint32_t>(edges_.size());
  }
  pending_payloads_.clear();
  pending_edges_.clear();
  root_.assign(kRootTableSize, 0);
  alphabet_.assign(kRootTableSize / 64, 0);
  for (const Edge& e : edges_) {
    if (e.cp < kRootTableSize) alphabet_[e.cp >> 6] |= uint64_t{1} << (e.cp & 63);
  }
  const Node& root = nodes_[0];
  for (uint32_t k = root.edge_begin; k < root.edge_end; ++k) {
    if (edges_[k].cp < kRootTableSize) root_[edges_[k].cp] = edges_[k].to;
  }
  built_ = true;  // Next() is usable from here on; failure links are filled breadth-first
  std::vector<int32_t> queue;
  queue.reserve(nodes_.size());
  for (uint32_t k = root.edge_begin; k < root.edge_end; ++k) queue.push_back(edges_[k].to);
  for (size_t qi = 0; qi < queue.size(); ++qi) {
    auto s = static_cast<size_t>(queue[qi]);
    Node& n = nodes_[s];
    bool ends = n.payload_end > n.payload_begin;
    const Node& f = nodes_[static_cast<size_t>(n.fail)];
    n.out = ends ? static_cast<int32_t>(s) : f.out;
    n.out_link = ends ? f.out : -1;
    for (uint32_t k = n.edge_begin; k < n.edge_end; ++k) {
      // The child's failure state: follow the parent's failure chain (all shallower, so
      // already linked).
      auto c = static_cast<size_t>(edges_[k].to);
      int32_t fail = Next(n.fail, edges_[k].cp);
      nodes_[c].fail = fail == edges_[k].to ? 0 : fail;
      queue.push_back(edges_[k].to);
    }
  }
}

}  // namespace guihua
