// Multi-pattern substring search (Aho–Corasick over Unicode code points): finds every
// occurrence of every keyword in one pass over UTF-8 text. Chinese keyword sets have a wide
// alphabet and a shallow trie, so transitions out of the root (taken on most characters)
// are a direct table lookup and deeper states keep small sorted edge lists; the automaton
// stays a few hundred KB and cache-resident. Built once, then Find() is const and thread-safe.
//
// Example:
//   KeywordMatcher m;  m.Add("制造业", 0);  m.Add("产业链", 1);  m.Build();
//   m.Find(text, [](int payload, size_t begin, size_t end) { ... });  // byte offsets
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/utf8.h"

namespace guihua {

class KeywordMatcher {
 public:
  // Adds a pattern with a caller-defined payload; empty patterns are ignored. Call before
  // Build().
  void Add(std::string_view pattern, int payload);
  void Build();
  bool empty() const { return patterns_ == 0; }

  // Calls f(payload, begin, end) for every match (byte offsets into text), in order of
  // match end.
  template <typename F>
  void Find(std::string_view text, F&& f) const {
    if (!built_) return;
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    int32_t state = 0;
    size_t i = 0;
    while (i < n) {
      char32_t cp;
      // CJK ideographs (lead bytes E4-E9 and two continuation bytes) are most of the text:
      // decoded inline, the rest by utf8::Decode.
      if (static_cast<unsigned>(p[i] - 0xE4) < 6 && i + 2 < n &&
          ((p[i + 1] ^ 0x80) | (p[i + 2] ^ 0x80)) < 0x40) {
        cp = (char32_t{p[i]} & 0x0F) << 12 | (char32_t{p[i + 1]} & 0x3F) << 6 | (p[i + 2] & 0x3F);
        i += 3;
      } else {
        cp = utf8::Decode(text, &i);
      }
      if (cp < kRootTableSize) {
        // Most characters of running text occur in no pattern: back to the root at once,
        // decided by a bitmap small enough to stay in L1.
        if ((alphabet_[cp >> 6] >> (cp & 63) & 1) == 0) {
          state = 0;
          continue;
        }
        state = state == 0 ? root_[cp] : Next(state, cp);
      } else {
        state = Next(state, cp);
      }
      for (int32_t s = nodes_[static_cast<size_t>(state)].out; s >= 0;
           s = nodes_[static_cast<size_t>(s)].out_link) {
        const Node& n = nodes_[static_cast<size_t>(s)];
        for (uint32_t k = n.payload_begin; k < n.payload_end; ++k) f(payloads_[k], i - n.bytes, i);
      }
    }
  }

 private:
  // After Build() the automaton is flat: nodes of 24 bytes and one array of edges, each
  // node's edges contiguous and sorted by code point.
  struct Node {
    int32_t fail = 0;
    int32_t out = -1;       // nearest pattern-ending state on the suffix chain, or -1
    int32_t out_link = -1;  // next shorter pattern-ending suffix, or -1
    uint32_t bytes = 0;     // UTF-8 length of the path to this state
    uint32_t payload_begin = 0;
    uint32_t payload_end = 0;
    uint32_t edge_begin = 0;
    uint32_t edge_end = 0;
  };
  struct Edge {
    char32_t cp;
    int32_t to;
  };
  static constexpr char32_t kRootTableSize = 0xA000;  // ASCII … CJK unified ideographs

  int32_t Child(int32_t s, char32_t cp) const {
    const Node& n = nodes_[static_cast<size_t>(s)];
    const Edge* e = edges_.data() + n.edge_begin;
    const Edge* end = edges_.data() + n.edge_end;
    if (end - e <= 8) {
      for (; e != end; ++e) {
        if (e->cp == cp) return e->to;
      }
      return -1;
    }
    return ChildSearch(e, end, cp);
  }
  static int32_t ChildSearch(const Edge* begin, const Edge* end, char32_t cp);
  int32_t Next(int32_t s, char32_t cp) const {
    while (s != 0) {
      int32_t c = Child(s, cp);
      if (c >= 0) return c;
      s = nodes_[static_cast<size_t>(s)].fail;
    }
    return cp < kRootTableSize ? root_[cp] : RootChild(cp);
  }
  int32_t RootChild(char32_t cp) const {
    int32_t c = Child(0, cp);
    return c < 0 ? 0 : c;
  }

  std::vector<Node> nodes_{Node{}};
  std::vector<Edge> edges_;
  // Before Build(): the trie's edges and payloads per node.
  std::vector<std::vector<Edge>> pending_edges_{{}};
  std::vector<std::vector<int>> pending_payloads_{{}};
  std::vector<int> payloads_;
  // Root transitions for code points below kRootTableSize (0: stay at the root).
  std::vector<int32_t> root_;
  // Bit per code point below kRootTableSize: set when the code point occurs in a pattern.
  std::vector<uint64_t> alphabet_;
  size_t patterns_ = 0;
  bool built_ = false;
};

}  // namespace guihua
