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

TEST(KeywordMatcher, EmptyMatcherFindsNothing) {
  KeywordMatcher m;
  m.Build();
  int n = 0;
  m.Find("任何文字", [&](int, size_t, size_t) { ++n; });
  EXPECT_EQ(n, 0);
}

}  // namespace
}  // namespace guihua
