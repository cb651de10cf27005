// Internal to server/: the route table and its handlers, independent of httplib. A handler
// receives an ApiContext (request data already authenticated and authorised by the
// dispatcher) and returns an ApiResponse. Handlers parse, call service/ or store/, serialise.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "server/server.h"
#include "service/account_service.h"
#include "store/store.h"
#include "workflow/account.h"
#include "workflow/login_throttle.h"

namespace guihua::server {

inline constexpr const char* kSessionCookie = "guihua_session";
inline constexpr const char* kApiPrefix = "/api/v1";

// Shared by every request of one server.
struct ServerState {
  ServerOptions options;
  std::unique_ptr<store::Store> store;  // a NewSynchronizedStore: shared by the pool
  workflow::LoginThrottle throttle;
};

struct ApiResponse {
  int status = 200;
  std::string body;  // JSON
  std::vector<std::pair<std::string, std::string>> headers;
};

struct ApiContext {
  ServerState& state;
  store::Store& store;  // thread-safe (synchronised per call)
  std::string method;
  std::vector<std::string> params;  // path captures in template order
  std::multimap<std::string, std::string> query;
  const std::string& body;
  std::string remote_addr;
  std::string session_token;  // from the cookie ("" when none)
  std::optional<service::Authenticated> auth;
  std::string request_id;

  // The query parameter `name` or "" when absent.
  std::string Query(const std::string& name) const;
};

// Who may call a route.
enum class Access {
  kAnonymous,  // anyone (role public); no session needed
  kSession,    // any logged-in account
  kAction,     // a logged-in account allowed Route::action by workflow::Allowed
};

using Handler = ApiResponse (*)(ApiContext&);

struct Route {
  const char* method;
  const char* path;  // under kApiPrefix, OpenAPI template: "/plans/{id}"
  Access access;
  workflow::Action action;  // for kAction
  const char* query;        // documented query parameters, comma-separated ("" for none)
  const char* body;         // documented JSON body fields, comma-separated ("" for none)
  const char* summary;
  Handler handler;
};

// The one route table: registered by the server, documented by OpenApiJson().
std::span<const Route> Routes();

// {"error":{"code","message","field"}} with `http` status.
ApiResponse ErrorResponse(int http, const std::string& code, const std::string& message,
                          const std::string& field = "");
// Maps a Status to 400/403/404/409/500/503 and the error body.
ApiResponse StatusResponse(const Status& s);
// "no_such_route" etc. for a bare httplib status (404, 405, 413, …).
ApiResponse BareStatusResponse(int http);

}  // namespace guihua::server
