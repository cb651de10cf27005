// Internal to server/: the HTTP/1.1 transport under `guihua serve`, an event loop (Boost.Asio
// and Beast) run by a few threads. A connection holds no thread: an idle keep-alive connection
// is a socket and a suspended coroutine, and whichever thread is free reads the next request
// that arrives. The request's head (method, path, headers) is read first and the body limit is
// chosen for that path (an upload route takes a file, a JSON route 1 MiB), so an oversized body
// is refused with 413 before it is buffered. Handlers run on the loop's threads and may block
// (SQLite, password hashing): `threads` is how many requests run at once.
//
// The transport answers on its own only what never reaches a handler: 400 for a malformed
// request, 413 for a body over the limit (then it reads and discards what the client still
// sends, briefly, so the client sees the answer rather than a reset), and 500 when a handler
// throws. Every response carries X-Request-Id; one access-log line is written per request.
//
// Limits against a client that sends slowly or without end: a head of max_header_bytes, a body
// within the route's limit, at most read_timeout between pieces and 16 KiB/s on average, a
// bounded read buffer (a never-ending chunk line is a 400), and max_connections at once.
//
// Shutdown (SIGTERM, SIGINT or Stop()): stop accepting, close idle connections, give a client
// still sending its request 2 s to finish it, answer requests in flight with
// "Connection: close", then Run returns. A request still running after write timeout + 5 s is
// abandoned, and a second signal stops at once.
//
// Thread-safety: Bind and Run are called once, from one thread; Stop from any thread.
//
// Example:
//   Transport t(opt, [](HttpRequest& r) { return ApiResponse{200, "{}"}; },
//               [](const HttpRequest&) -> size_t { return 1 << 20; }, log);
//   if (Status s = t.Bind(); !s.ok()) return s;
//   t.Run();   // until SIGTERM
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "server/api.h"
#include "server/http_message.h"

namespace spdlog {
class logger;
}

namespace guihua::server {

struct TransportOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 8;                     // requests handled at once
  int keep_alive_max_count = 1000;     // requests per connection before it is closed
  int read_timeout_seconds = 10;       // to receive a request (and an idle connection's limit)
  int write_timeout_seconds = 10;      // to send a response
  size_t max_header_bytes = 64 << 10;  // request line and headers; beyond: 400
  int max_connections = 1000;          // beyond: new connections are closed at once
};

class Transport {
 public:
  // Answers a request (body read). Sets req.log_user for the access log.
  using Handler = std::function<ApiResponse(HttpRequest& req)>;
  // The largest body accepted for a request whose head has been read (req.body is empty).
  using BodyLimit = std::function<size_t(const HttpRequest& req)>;

  Transport(TransportOptions opt, Handler handler, BodyLimit body_limit,
            std::shared_ptr<spdlog::logger> log);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // Binds and listens (backlog SOMAXCONN). Unavailable when the address cannot be bound.
  Status Bind();
  // Serves until SIGTERM/SIGINT or Stop(), then drains as described above and returns.
  void Run();
  // Begins the shutdown; Run returns once requests in flight are answered.
  void Stop();

  struct Impl;  // opaque (transport.cc)

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace guihua::server
