// CompactVector: one pointer, no block while empty, and the std::vector operations the task
// fields use, checked against std::vector.
#include "common/compact_vector.h"

#include <gtest/gtest.h>

#include <random>
#include <span>
#include <string>
#include <vector>

#include "common/shared_text.h"

namespace guihua {
namespace {

// Long enough that every string owns a heap buffer: a lost or doubled destructor shows
// under the sanitizers.
std::string Long(int i) { return "第" + std::to_string(i) + "项任务的文字，长于短字符串优化"; }

TEST(CompactVector, IsOnePointerAndEmptyHasNoBlock) {
  static_assert(sizeof(CompactVector<std::string>) == sizeof(void*));
  CompactVector<std::string> v;
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(v.size(), 0u);
  EXPECT_EQ(v.capacity(), 0u);
  EXPECT_EQ(v.data(), nullptr);
  EXPECT_EQ(v.begin(), v.end());
  CompactVector<std::string> from_empty = std::vector<std::string>{};
  EXPECT_EQ(from_empty.capacity(), 0u);
  v.clear();
  EXPECT_EQ(v.capacity(), 0u);
}

TEST(CompactVector, GrowsLikeAVector) {
  CompactVector<std::string> v;
  std::vector<std::string> want;
  for (int i = 0; i < 100; ++i) {
    if (i % 3 == 0) {
      v.push_back(Long(i));
    } else {
      std::string s = Long(i);
      v.push_back(s);  // the copying overload
    }
    want.push_back(Long(i));
    ASSERT_EQ(v.size(), want.size());
    ASSERT_GE(v.capacity(), v.size());
  }
  EXPECT_TRUE(v == want);
  EXPECT_EQ(v.front(), Long(0));
  EXPECT_EQ(v.back(), Long(99));
  EXPECT_EQ(v[42], Long(42));
  EXPECT_EQ(std::vector<std::string>(v.begin(), v.end()), want);
  std::span<const std::string> view = v;
  EXPECT_EQ(view.size(), 100u);
  EXPECT_EQ(view[7], Long(7));
}

TEST(CompactVector, AppendsAnElementOfItselfWhileGrowing) {
  CompactVector<std::string> v{Long(1)};
  ASSERT_EQ(v.capacity(), 1u);
  v.push_back(v[0]);  // the block moves while the argument points into it
  v.emplace_back(v.back());
  EXPECT_TRUE(v == (std::vector<std::string>{Long(1), Long(1), Long(1)}));
}

TEST(CompactVector, CopiesMovesAndAssigns) {
  CompactVector<std::string> a{Long(1), Long(2), Long(3)};
  CompactVector<std::string> b = a;
  EXPECT_TRUE(a == b);
  EXPECT_NE(a.data(), b.data());
  b.push_back(Long(4));
  EXPECT_FALSE(a == b);
  const std::string* block = b.data();
  CompactVector<std::string> c = std::move(b);
  EXPECT_EQ(c.data(), block);  // moved, not copied
  EXPECT_TRUE(b.empty());      // NOLINT(bugprone-use-after-move): a moved-from one is empty
  c = a;
  EXPECT_TRUE(c == a);
  auto& self = c;
  c = self;
  EXPECT_TRUE(c == a);
  c = std::move(self);
  EXPECT_EQ(c.size(), 3u);
  c = std::vector<std::string>{Long(9)};
  EXPECT_TRUE(c == std::vector<std::string>{Long(9)});
  c.clear();
  EXPECT_TRUE(c.empty());
  EXPECT_GE(c.capacity(), 1u);  // the block is kept for reuse
  c.emplace_back(Long(5));
  EXPECT_EQ(c.size(), 1u);
}

TEST(CompactVector, HoldsSharedTextAndComparesWithVector) {
  SharedText name("市发展和改革委员会");
  CompactVector<SharedText> units = std::vector<SharedText>{name, "衡阳县"};
  EXPECT_TRUE(units == (std::vector<SharedText>{"市发展和改革委员会", "衡阳县"}));
  EXPECT_TRUE((std::vector<SharedText>{"市发展和改革委员会", "衡阳县"}) == units);
  EXPECT_TRUE(units != std::vector<SharedText>{"衡阳县"});
  EXPECT_EQ(units[0].data(), name.data());  // shared, not copied
  EXPECT_EQ(ToStrings(units), (std::vector<std::string>{"市发展和改革委员会", "衡阳县"}));
}

TEST(CompactVector, ReserveKeepsContents) {
  CompactVector<std::string> v{Long(1), Long(2)};
  v.reserve(1);  // smaller: nothing happens
  EXPECT_EQ(v.capacity(), 2u);
  v.reserve(50);
  EXPECT_EQ(v.capacity(), 50u);
  EXPECT_TRUE(v == (std::vector<std::string>{Long(1), Long(2)}));
}

TEST(CompactVector, AgreesWithVectorOnRandomOperations) {
  std::mt19937 rng(7);
  CompactVector<std::string> v;
  std::vector<std::string> want;
  for (int step = 0; step < 2000; ++step) {
    switch (rng() % 6) {
      case 0:
        v.clear();
        want.clear();
        break;
      case 1: {
        CompactVector<std::string> copy = v;
        v = std::move(copy);
        break;
      }
      case 2:
        v.reserve(rng() % 40);
        break;
      default:
        v.push_back(Long(step));
        want.push_back(Long(step));
    }
    ASSERT_TRUE(v == want) << "step " << step;
  }
}

}  // namespace
}  // namespace guihua
