#include "common/keyword_matcher.h"

#include <algorithm>

namespace guihua {

namespace {
bool ByCodePoint(const std::pair<char32_t, int32_t>& p, char32_t v) { return p.first < v; }
}  // namespace

int32_t KeywordMatcher::ChildSearch(const std::vector<std::pair<char32_t, int32_t>>& next,
                                    char32_t cp) {
  auto it = std::lower_bound(next.begin(), next.end(), cp, ByCodePoint);
  return (it != next.end() && it->first == cp) ? it->second : -1;
}

void KeywordMatcher::Add(std::string_view pattern, int payload) {
  if (pattern.empty()) return;
  if (pending_.size() < nodes_.size()) pending_.resize(nodes_.size());
  int32_t s = 0;
  size_t i = 0;
  while (i < pattern.size()) {
    size_t b = i;
    char32_t cp = utf8::Decode(pattern, &i);
    int32_t c = Child(s, cp);
    if (c < 0) {
      c = static_cast<int32_t>(nodes_.size());
      Node node;
      node.bytes = nodes_[static_cast<size_t>(s)].bytes + static_cast<uint32_t>(i - b);
      nodes_.push_back(std::move(node));
      pending_.emplace_back();
      auto& next = nodes_[static_cast<size_t>(s)].next;
      next.insert(std::lower_bound(next.begin(), next.end(), cp, ByCodePoint), {cp, c});
    }
    s = c;
  }
  pending_[static_cast<size_t>(s)].push_back(payload);
  ++patterns_;
}

void KeywordMatcher::Build() {
  pending_.resize(nodes_.size());
  payloads_.clear();
  for (size_t s = 0; s < nodes_.size(); ++s) {
    nodes_[s].payload_begin = static_cast<uint32_t>(payloads_.size());
    payloads_.insert(payloads_.end(), pending_[s].begin(), pending_[s].end());
    nodes_[s].payload_end = static_cast<uint32_t>(payloads_.size());
  }
  pending_.clear();
  root_.assign(kRootTableSize, 0);
  for (const auto& [cp, c] : nodes_[0].next) {
    if (cp < kRootTableSize) root_[cp] = c;
  }
  built_ = true;  // Next() is usable from here on; failure links are filled breadth-first
  std::vector<int32_t> queue;
  queue.reserve(nodes_.size());
  for (const auto& [cp, c] : nodes_[0].next) queue.push_back(c);
  for (size_t qi = 0; qi < queue.size(); ++qi) {
    auto s = static_cast<size_t>(queue[qi]);
    Node& n = nodes_[s];
    bool ends = n.payload_end > n.payload_begin;
    const Node& f = nodes_[static_cast<size_t>(n.fail)];
    n.out = ends ? static_cast<int32_t>(s) : f.out;
    n.out_link = ends ? f.out : -1;
    for (const auto& [cp, c] : n.next) {
      // The child's failure state: follow the parent's failure chain (all shallower, so
      // already linked).
      nodes_[static_cast<size_t>(c)].fail = Next(n.fail, cp);
      if (nodes_[static_cast<size_t>(c)].fail == c) nodes_[static_cast<size_t>(c)].fail = 0;
      queue.push_back(c);
    }
  }
}

}  // namespace guihua
