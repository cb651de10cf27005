// KeywordMatcher against a naive search on random inputs over a small alphabet.
#include "common/keyword_matcher.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <tuple>

namespace guihua {
namespace {

TEST(KeywordMatcher, FindsOverlappingMatches) {
  KeywordMatcher m;
  m.Add("制造业", 0);
  m.Add("先进制造业", 1);
  m.Add("产业链", 2);
  m.Add("业", 3);
  m.Build();
  std::vector<std::tuple<int, size_t, size_t>> hits;
  std::string text = "先进制造业产业链";
  m.Find(text, [&](int p, size_t b, size_t e) { hits.emplace_back(p, b, e); });
  std::set<std::tuple<int, size_t, size_t>> got(hits.begin(), hits.end());
  std::set<std::tuple<int, size_t, size_t>> want = {
      {1, 0, 15}, {0, 6, 15}, {3, 12, 15}, {2, 15, 24}, {3, 18, 21}};
  EXPECT_EQ(got, want);
}

TEST(KeywordMatcher, AgreesWithNaiveSearch) {
  const char* alphabet[] = {"a", "b", "中", "国", "产", "业"};
  std::mt19937 rng(42);
  auto word = [&](int max_len) {
    std::string w;
    int n = 1 + static_cast<int>(rng() % static_cast<unsigned>(max_len));
    for (int i = 0; i < n; ++i) w += alphabet[rng() % 6];
    return w;
  };
  for (int round = 0; round < 200; ++round) {
    std::vector<std::string> patterns;
    KeywordMatcher m;
    for (int i = 0; i < 8; ++i) {
      patterns.push_back(word(4));
      m.Add(patterns.back(), i);
    }
    m.Build();
    std::string text = word(40);
    std::multiset<std::tuple<int, size_t, size_t>> got, want;
    m.Find(text, [&](int p, size_t b, size_t e) { got.emplace(p, b, e); });
    for (int i = 0; i < 8; ++i) {
      for (size_t pos = text.find(patterns[i]); pos != std::string::npos;
           pos = text.find(patterns[i], pos + 1)) {
        // Only matches that start on a code point boundary count.
        if ((static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) continue;
        want.emplace(i, pos, pos + patterns[i].size());
      }
    }
    ASSERT_EQ(got, want) << "round " << round << " text " << text;
  }
}

// Ideographs are decoded inline and everything else by utf8::Decode: matches must come out
// the same next to ASCII, two- and four-byte characters, full-width punctuation and
// malformed or truncated sequences.
TEST(KeywordMatcher, FindsAroundOtherSequences) {
  KeywordMatcher m;
  m.Add("中国", 0);
  m.Add("é中", 1);
  m.Add("，国", 2);
  m.Build();
  auto find = [&](std::string_view text) {
    std::vector<std::tuple<int, size_t, size_t>> hits;
    m.Find(text, [&](int p, size_t b, size_t e) { hits.emplace_back(p, b, e); });
    return hits;
  };
  using Hits = std::vector<std::tuple<int, size_t, size_t>>;
  EXPECT_EQ(find("a中国b"), (Hits{{0, 1, 7}}));
  EXPECT_EQ(find("é中国"), (Hits{{1, 0, 5}, {0, 2, 8}}));
  EXPECT_EQ(find("😀中国，国"), (Hits{{0, 4, 10}, {2, 10, 16}}));
  EXPECT_EQ(find("中\xE4国"), Hits{});                 // a stray lead byte breaks the word
  EXPECT_EQ(find("中\xB8\xAD国"), Hits{});             // so do stray continuation bytes
  EXPECT_EQ(find("中国\xE4\xB8"), (Hits{{0, 0, 6}}));  // truncated at the end
  EXPECT_EQ(find("\xE4\xB8\x41中国"), (Hits{{0, 3, 9}}));
}

TEST(KeywordMatcher, EmptyMatcherFindsNothing) {
  KeywordMatcher m;
  m.Build();
  int n = 0;
  m.Find("任何文字", [&](int, size_t, size_t) { ++n; });
  EXPECT_EQ(n, 0);
}

}  // namespace
}  // namespace guihua
