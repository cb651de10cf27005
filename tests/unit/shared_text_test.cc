// SharedText: reads and compares as the string it holds; copies share one buffer.
#include "common/shared_text.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

namespace guihua {
namespace {

TEST(SharedTextTest, ReadsAsItsString) {
  SharedText empty;
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(empty.str(), "");
  EXPECT_EQ(empty, SharedText(""));
  EXPECT_TRUE(SharedText("").empty());
  EXPECT_TRUE(SharedText(std::string()).empty());
  EXPECT_EQ(SharedText("").data(), empty.data());  // "" holds no buffer of its own
  SharedText t = std::string("建设区域性先进制造业中心");
  EXPECT_FALSE(t.empty());
  EXPECT_EQ(t.size(), std::string("建设区域性先进制造业中心").size());
  EXPECT_EQ(t, "建设区域性先进制造业中心");
  EXPECT_FALSE(t == "建设");
  EXPECT_TRUE(t == std::string("建设区域性先进制造业中心"));
  EXPECT_EQ(SharedText(t).str(), t.str());
  const std::string& s = t;
  EXPECT_EQ(s, "建设区域性先进制造业中心");
  std::ostringstream os;
  os << t;
  EXPECT_EQ(os.str(), "建设区域性先进制造业中心");
}

TEST(SharedTextTest, CopiesShareOneBuffer) {
  SharedText a = std::string_view("推进乡村振兴");
  SharedText b = a;
  EXPECT_EQ(a.data(), b.data());
  b = "壮大先进制造业";
  EXPECT_EQ(a, "推进乡村振兴");
  EXPECT_EQ(b, "壮大先进制造业");
  EXPECT_NE(a.data(), b.data());
}

TEST(SharedTextTest, MovesCopiesAndSelfAssignment) {
  SharedText a = std::string("推进乡村振兴");
  const char* buf = a.data();
  SharedText b = std::move(a);
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty
  EXPECT_EQ(b.data(), buf);
  a = b;  // reusable after a move
  EXPECT_EQ(a.data(), buf);
  SharedText& self = a;
  a = self;
  EXPECT_EQ(a, "推进乡村振兴");
  a = std::move(self);
  EXPECT_EQ(a, "推进乡村振兴");
  SharedText c = b;
  c = a;  // two copies of one buffer
  EXPECT_EQ(c.data(), buf);
  b = "另一个";
  a = SharedText();
  EXPECT_EQ(c, "推进乡村振兴");  // the last owner keeps it
  // A temporary does not convert to a reference or a view into its buffer.
  static_assert(!std::is_convertible_v<SharedText&&, const std::string&>);
  static_assert(!std::is_convertible_v<const SharedText&&, const std::string&>);
  static_assert(!std::is_convertible_v<SharedText&&, std::string_view>);
  static_assert(!std::is_convertible_v<const SharedText&&, std::string_view>);
  static_assert(std::is_convertible_v<const SharedText&, std::string_view>);
  EXPECT_TRUE(c < std::string("推进乡村振兴啊"));
  EXPECT_FALSE(std::string("推进乡村振兴") < c);
}

TEST(SharedTextTest, CopiesLiveInOtherThreads) {
  SharedText t = std::string("市发展和改革委员会");
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int k = 0; k < 4; ++k) {
    threads.emplace_back([t] {
      std::vector<SharedText> copies(1000, t);
      for (const SharedText& c : copies) EXPECT_EQ(c.data(), t.data());
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(t, "市发展和改革委员会");
}

TEST(SharedTextTest, InternerSharesEqualStrings) {
  TextInterner in;
  std::string first = "市发展和改革委员会";
  SharedText a = in.Intern(first);
  first.assign("changed");  // the interned copy does not view the caller's string
  SharedText b = in.Intern(std::string("市发展和改革委员会"));
  SharedText c = in.Intern("市财政局");
  EXPECT_EQ(a, "市发展和改革委员会");
  EXPECT_EQ(a.data(), b.data());
  EXPECT_NE(a.data(), c.data());
  EXPECT_TRUE(in.Intern("").empty());
  // Many distinct strings (the table rehashes), then the first again.
  for (int k = 0; k < 1000; ++k) in.Intern("单位" + std::to_string(k));
  EXPECT_EQ(in.Intern("市发展和改革委员会").data(), a.data());
  EXPECT_EQ(in.Intern("单位7").data(), in.Intern(std::string("单位7")).data());
}

TEST(SharedTextTest, PermanentTextsAreOnePerStringAndOutliveTheirCopies) {
  std::string name = "市工业和信息化局";
  SharedText a = SharedText::Permanent(name);
  name.assign("changed");  // the pool does not view the caller's string
  EXPECT_EQ(a, "市工业和信息化局");
  EXPECT_EQ(SharedText::Permanent("市工业和信息化局").data(), a.data());
  EXPECT_NE(SharedText::Permanent("市财政局").data(), a.data());
  EXPECT_TRUE(SharedText::Permanent("").empty());
  EXPECT_EQ(a, SharedText("市工业和信息化局"));  // compares like any other
  const char* buffer = a.data();
  {
    // Copies made, moved and destroyed in several threads; the text stays.
    std::vector<std::thread> threads;
    threads.reserve(4);
    for (int k = 0; k < 4; ++k) {
      threads.emplace_back([k] {
        std::vector<SharedText> copies;
        copies.reserve(1000);
        for (int i = 0; i < 1000; ++i) {
          copies.push_back(
              SharedText::Permanent(k % 2 ? "市工业和信息化局" : "单位" + std::to_string(i % 50)));
        }
        std::vector<SharedText> moved = std::move(copies);
        for (SharedText& c : moved) c = SharedText();
      });
    }
    for (auto& th : threads) th.join();
  }
  a = SharedText();
  SharedText again = SharedText::Permanent("市工业和信息化局");
  EXPECT_EQ(again.data(), buffer);
  EXPECT_EQ(again, "市工业和信息化局");
  // Past its bound the pool keeps nothing more: equal texts get buffers of their own, and
  // what it holds stays. (Last in this test: the pool is per process.)
  // Texts of 2^k bytes, largest first: each is kept while it fits, so the pool ends full.
  static_assert(SharedText::kPermanentBytes <= size_t{1} << 24);
  for (int k = 23; k >= 0; --k) SharedText::Permanent(std::string(size_t{1} << k, 'A' + k));
  SharedText over1 = SharedText::Permanent("超出之后");
  SharedText over2 = SharedText::Permanent("超出之后");
  EXPECT_EQ(over1, over2);
  EXPECT_NE(over1.data(), over2.data());
  EXPECT_EQ(SharedText::Permanent("市工业和信息化局").data(), buffer);
}

TEST(SharedTextTest, ListsConvertAndCompare) {
  std::vector<SharedText> v = ToShared({"衡阳县", "耒阳市"});
  EXPECT_EQ(ToStrings(v), (std::vector<std::string>{"衡阳县", "耒阳市"}));
  EXPECT_TRUE(v[0] < v[1] || v[1] < v[0]);
  EXPECT_FALSE(v[0] < v[0]);
  std::string_view view = v[1];
  EXPECT_EQ(view, "耒阳市");
}

}  // namespace
}  // namespace guihua
