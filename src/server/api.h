// Internal to server/: the route table and its handlers, independent of the transport. A handler
// receives an ApiContext (request data already authenticated and authorised by the
// dispatcher) and returns an ApiResponse. Handlers parse, call service/ or store/, serialise.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "server/server.h"
#include "service/account_service.h"
#include "service/search.h"
#include "store/store.h"
#include "workflow/account.h"
#include "workflow/login_throttle.h"

namespace guihua::server {

inline constexpr const char* kSessionCookie = "guihua_session";
inline constexpr const char* kApiPrefix = "/api/v1";

// Values derived from the whole database (the evaluation, the dashboard, a plan's search
// index), reused while the store's ChangeStamp is unchanged. Thread-safe; bounded (cleared
// when it would hold more than 64 keys).
template <typename V>
class StampedCache {
 public:
  // The value stored under `key` with this `stamp`, if any.
  std::optional<V> Get(const std::string& key, const std::string& stamp) {
    std::lock_guard<std::mutex> l(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.first != stamp) return std::nullopt;
    return it->second.second;
  }
  void Put(const std::string& key, std::string stamp, V value) {
    std::lock_guard<std::mutex> l(mu_);
    if (entries_.size() >= 64 && !entries_.count(key)) entries_.clear();  // bounded, simply
    entries_[key] = {std::move(stamp), std::move(value)};
  }
  // Held while computing, so a burst of requests after a change computes once.
  std::mutex compute_mu;

 private:
  std::mutex mu_;
  std::map<std::string, std::pair<std::string, V>> entries_;  // key -> (stamp, value)
};
using DerivedCache = StampedCache<std::string>;  // response bodies

// Shared by every request of one server.
struct ServerState {
  ServerOptions options;
  std::string evidence_dir;             // where uploaded evidence files are stored
  std::unique_ptr<store::Store> store;  // a NewSynchronizedStore: shared by the pool
  workflow::LoginThrottle throttle;
  DerivedCache derived;
  StampedCache<std::shared_ptr<const service::SearchIndex>> search;  // by requested plan id
};

struct ApiResponse {
  int status = 200;
  std::string body;  // JSON unless content_type says otherwise
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type = "application/json; charset=utf-8";
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
  std::string action;  // "POST /api/v1/tasks/{id}/reports": the route, for the audit log

  // The query parameter `name` or "" when absent.
  std::string Query(const std::string& name) const;
};

// Who may call a route.
enum class Access {
  kAnonymous,  // anyone (role public); no session needed
  kSession,    // any logged-in account
  kAction,     // a logged-in account allowed Route::action by workflow::Allowed
};

// What a write touches, resolved from the path before the body is read, so that a reporter
// is refused (403) on another unit's data whatever the body says, and learns nothing about
// whether the entity exists.
enum class Scope {
  kNone,    // role-level: the caller's own unit
  kTask,    // params[0] is a task id (query `plan` picks the plan): its lead and co-units
  kReport,  // params[0] is a report id: the reporting unit
  kValue,   // params[0] an indicator code, params[1] a region name: the value's owner unit
};

using Handler = ApiResponse (*)(ApiContext&);

struct Route {
  const char* method;
  const char* path;  // under kApiPrefix, OpenAPI template: "/plans/{id}"
  Access access;
  workflow::Action action;  // for kAction
  Scope scope;              // for kAction
  const char* query;        // documented query parameters, comma-separated ("" for none)
  const char* body;         // documented JSON body fields, comma-separated ("" for none)
  const char* summary;
  Handler handler;
  bool upload = false;  // the body is a file (up to kMaxEvidenceBytes), not JSON
};

// The one route table: registered by the server, documented by OpenApiJson().
std::span<const Route> Routes();

// The authorisation of an authenticated caller (c.auth set) for `route`: nullopt when
// allowed, else the refusal (403; 404 only for callers allowed on every unit, so a reporter
// cannot probe other units' data). Resolves the route's Scope from the path.
std::optional<ApiResponse> Authorize(ApiContext& c, const Route& route);

// {"error":{"code","message","field"}} with `http` status.
ApiResponse ErrorResponse(int http, const std::string& code, const std::string& message,
                          const std::string& field = "");
// Maps a Status to 400/403/404/409/500/503 and the error body.
ApiResponse StatusResponse(const Status& s);
// "no_such_route" etc. for a bare status the router or transport answers (404, 405, 413, …).
ApiResponse BareStatusResponse(int http);

}  // namespace guihua::server
