// Internal to server/: one HTTP request as the transport (transport.h) hands it to the
// dispatcher, and the two pieces of URL decoding both sides agree on. No Boost, no JSON: cheap
// to include, and what the fuzz target for static paths feeds (fuzz/web_path_fuzz.cc).
//
// Example:
//   DecodePath("/tasks/%E4%BB%BB?x=1")   // "/tasks/任"
//   ParseQuery("q=%E9%92%A2+%E7%AE%A1&page=2")   // {"page":"2"}, {"q":"钢 管"}
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace guihua::server {

struct HttpRequest {
  std::string method;                                        // "GET", "POST", …
  std::string target;                                        // as sent: path and query
  std::string path;                                          // DecodePath(target)
  std::multimap<std::string, std::string> query;             // ParseQuery(after '?')
  std::vector<std::pair<std::string, std::string>> headers;  // as sent, in order
  std::string body;                                          // empty until the body is read
  std::string remote_addr;
  std::string request_id;  // assigned by the transport, returned as X-Request-Id
  std::string log_user;    // set by the dispatcher: the account named in the access log

  // The first header called `name` (ASCII case-insensitive), "" when absent.
  std::string_view Header(std::string_view name) const;
};

// The path part of a request target (before '?'), %XX sequences decoded; '+' stays '+' and a
// malformed escape is kept as written. The result may hold any byte (NUL, "..", "\"): callers
// that map it to files must check it (WebApp does).
std::string DecodePath(std::string_view target);

// An application/x-www-form-urlencoded query ("a=1&b=x+y"): pairs split on '&', names and
// values %XX-decoded with '+' as a space; "a" alone is ("a", ""), empty pieces are skipped.
std::multimap<std::string, std::string> ParseQuery(std::string_view query);

}  // namespace guihua::server
