// SharedText: reads and compares as the string it holds; copies share one buffer.
#include "common/shared_text.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

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

}  // namespace
}  // namespace guihua
