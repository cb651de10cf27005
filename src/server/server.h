// The HTTP server (`guihua serve`): JSON over HTTP under /api/v1/, the built front end (a
// single-page app) at every other path, cookie sessions with a
// CSRF token, role checks from workflow's authorisation table, an OpenAPI 3 document built
// from the same route table the server registers, an access log line per request, and a
// graceful shutdown on SIGTERM/SIGINT (stop accepting, finish in-flight requests, checkpoint
// the database). This header stays free of Boost/nlohmann so it is cheap to include.
//
// Thread-safety: Serve blocks its thread and runs handlers on the transport's event-loop
// threads (transport.h); the one SQLite Store is shared through store::NewSynchronizedStore
// (one call at a time; password hashing and evaluation run outside the lock).
//
// Example:
//   ServerOptions opt;
//   opt.db_path = "guihua.db";
//   Status s = Serve(opt);   // returns after SIGTERM, once the database is checkpointed
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/status.h"

namespace guihua::server {

struct ServerOptions {
  std::string db_path = "guihua.db";  // must exist (created by import / user add)
  std::string host = "127.0.0.1";     // loopback unless told otherwise
  int port = 8080;
  size_t max_body_bytes = 1 << 20;     // larger requests get 413
  int read_timeout_seconds = 10;       // per socket read
  int write_timeout_seconds = 10;      // per socket write
  int session_ttl_seconds = 8 * 3600;  // cookie and session lifetime
  // Threads of the event loop, i.e. requests handled at once (a connection holds no thread,
  // so this is not a limit on clients). 0: two per core, at least 4 (handlers block on SQLite
  // and password hashing; more threads than that only adds context switches: bench/http).
  int threads = 0;
  // Requests one connection may make before the server closes it (the client reconnects).
  int keep_alive_max_count = 1000;
  // The built front end (web/dist: index.html, assets/), served at every path outside /api/;
  // "" for none (GET / then says how to build it). Serve refuses a directory without
  // index.html (NotFound). `guihua serve` defaults it to DefaultWebRoot().
  std::string web_root;
};

// Where the front end is when --web is not given: web/dist under the current directory if it
// holds index.html, else web/dist of the source tree the binary was built in
// (<binary dir>/../../web/dist, the binary being build/app/guihua) if that does, else "".
std::string DefaultWebRoot();

// Runs the server until SIGTERM or SIGINT. Unavailable when the port cannot be bound;
// NotFound when the database does not exist or the web root has no index.html.
Status Serve(const ServerOptions& opt);

// A route of the API as (method, path template), e.g. {"GET", "/api/v1/plans/{id}"}.
struct RouteKey {
  std::string method;
  std::string path;
  bool operator==(const RouteKey&) const = default;
};
// The routes Serve's router matches, in matching order (for the test that every registered
// route is documented).
std::vector<RouteKey> RegisteredRoutes();
// The OpenAPI 3 document served at /api/v1/openapi.json.
std::string OpenApiJson();

}  // namespace guihua::server
