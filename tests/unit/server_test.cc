// The API description cannot drift from the server: every registered route is documented in
// the OpenAPI document and every documented operation is registered.
#include "server/server.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace guihua::server {
namespace {

TEST(ServerTest, EveryRegisteredRouteIsDocumentedAndViceVersa) {
  std::vector<RouteKey> registered = RegisteredRoutes();
  ASSERT_FALSE(registered.empty());
  auto doc = nlohmann::json::parse(OpenApiJson());
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  std::vector<RouteKey> documented;
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      std::string m = method;
      for (char& c : m) c = static_cast<char>(c - 'a' + 'A');
      documented.push_back({m, path});
      EXPECT_TRUE(op.contains("responses")) << m << " " << path;
    }
  }
  for (const RouteKey& r : registered) {
    EXPECT_NE(std::find(documented.begin(), documented.end(), r), documented.end())
        << "undocumented: " << r.method << " " << r.path;
  }
  for (const RouteKey& d : documented) {
    EXPECT_NE(std::find(registered.begin(), registered.end(), d), registered.end())
        << "documented but not registered: " << d.method << " " << d.path;
  }
  // The routes clients rely on.
  for (const RouteKey& k : std::vector<RouteKey>{{"POST", "/api/v1/session"},
                                                 {"DELETE", "/api/v1/session"},
                                                 {"GET", "/api/v1/tasks"},
                                                 {"GET", "/api/v1/dashboard"},
                                                 {"GET", "/api/v1/audit"}}) {
    EXPECT_NE(std::find(registered.begin(), registered.end(), k), registered.end()) << k.path;
  }
}

}  // namespace
}  // namespace guihua::server
