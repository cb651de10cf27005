// URL decoding of request targets and queries, and header lookup (server/http_message.h):
// each case is an input and the exact result.
#include "server/http_message.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace guihua::server {
namespace {

TEST(DecodePathTest, Cases) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/", "/"},
      {"/api/v1/plans?x=1", "/api/v1/plans"},
      {"/tasks/%E4%BB%BB%E5%8A%A1", "/tasks/任务"},
      {"/a+b", "/a+b"},        // '+' is only a space in queries
      {"/%2e%2E/x", "/../x"},  // decoded: WebApp must refuse it, not the decoder
      {"/%zz/%4", "/%zz/%4"},  // malformed escapes stay as written
      {"/%", "/%"},
      {"/a%00b", std::string("/a\0b", 4)},
      {"", ""},
      {"?only=query", ""},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(DecodePath(in), want) << in;
}

TEST(ParseQueryTest, Cases) {
  using Q = std::multimap<std::string, std::string>;
  EXPECT_EQ(ParseQuery(""), Q{});
  EXPECT_EQ(ParseQuery("a=1&b=2"), (Q{{"a", "1"}, {"b", "2"}}));
  EXPECT_EQ(ParseQuery("q=%E9%92%A2+%E7%AE%A1"), (Q{{"q", "钢 管"}}));
  EXPECT_EQ(ParseQuery("flag&x="), (Q{{"flag", ""}, {"x", ""}}));
  EXPECT_EQ(ParseQuery("&&a=1&"), (Q{{"a", "1"}}));
  EXPECT_EQ(ParseQuery("unit=a&unit=b"), (Q{{"unit", "a"}, {"unit", "b"}}));
  EXPECT_EQ(ParseQuery("a=x=y"), (Q{{"a", "x=y"}}));
  EXPECT_EQ(ParseQuery("a%3Db=c%26d"), (Q{{"a=b", "c&d"}}));
}

TEST(HttpRequestTest, HeaderIsCaseInsensitiveAndFirstWins) {
  HttpRequest req;
  req.headers = {{"Content-Type", "application/json"}, {"X-A", "1"}, {"x-a", "2"}};
  EXPECT_EQ(req.Header("content-type"), "application/json");
  EXPECT_EQ(req.Header("X-A"), "1");
  EXPECT_EQ(req.Header("Cookie"), "");
}

}  // namespace
}  // namespace guihua::server
