// httplib wiring: registers the route table with the dispatcher (session, CSRF and role
// checks before any handler sees the body), the front end (web_app.h) at every other GET path,
// JSON errors for everything httplib refuses on its own (404, 405, 413), the access log, and
// the SIGTERM/SIGINT shutdown.
#include "server/server.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include "common/i18n.h"
#include "server/api.h"
#include "server/web_app.h"
#include "service/reporting_service.h"
#include "workflow/evidence.h"

namespace guihua::server {
namespace {

using Clock = std::chrono::steady_clock;

// Per-request data the logger (called on the same worker thread after the handler) reads.
thread_local Clock::time_point t_request_start;
thread_local std::string t_log_user;

std::atomic<uint64_t> g_request_counter{0};

std::string CookieValue(const std::string& header, const std::string& name) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string_view part(header.data() + pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name &&
        part[name.size()] == '=') {
      return std::string(part.substr(name.size() + 1));
    }
    pos = end + 1;
  }
  return "";
}

// Constant-time comparison: the CSRF token must not leak through timing.
bool SameToken(const std::string& a, const std::string& b) {
  if (a.size() != b.size() || a.empty()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

void Write(const ApiResponse& out, httplib::Response& res) {
  res.status = out.status;
  for (const auto& [k, v] : out.headers) res.set_header(k, v);
  // Nothing is cached unless the response says so (the front end's files do).
  if (!res.has_header("Cache-Control")) res.set_header("Cache-Control", "no-store");
  if (!res.has_header("X-Content-Type-Options"))
    res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(out.body, out.content_type);
}

// Authentication, CSRF and authorisation, in that order, before the handler (and so before
// the body is looked at): a refused caller learns nothing about the data.
void Dispatch(ServerState& st, const Route& route, const httplib::Request& req,
              httplib::Response& res) {
  std::string rid = std::to_string(++g_request_counter);
  res.set_header("X-Request-Id", rid);
  // Messages and errors in the caller's language (the web app sends its own choice).
  std::optional<ScopedThreadLanguage> lang;
  Lang asked;
  if (LanguageFromAcceptLanguage(req.get_header_value("Accept-Language"), &asked)) {
    lang.emplace(asked);
  }
  std::string token = CookieValue(req.get_header_value("Cookie"), kSessionCookie);
  ApiContext c{st,    *st.store,    req.method, {}, {}, req.body, req.remote_addr,
               token, std::nullopt, rid,        ""};
  for (size_t i = 1; i < req.matches.size(); ++i) c.params.push_back(req.matches[i].str());
  for (const auto& [k, v] : req.params) c.query.emplace(k, v);
  c.action = route.method + std::string(" ") + kApiPrefix + route.path;
  if (route.access != Access::kAnonymous) {
    auto who = service::Authenticate(*st.store, token);
    if (!who.ok()) {
      Write(who.status().code() == Status::Code::kNotFound
                ? ErrorResponse(401, "unauthenticated", who.status().message())
                : StatusResponse(who.status()),
            res);
      return;
    }
    t_log_user = who->user.name;
    if (req.method != "GET" &&
        !SameToken(req.get_header_value("X-CSRF-Token"), who->session.csrf_token)) {
      Write(ErrorResponse(403, "csrf",
                          Tr("缺少或错误的 X-CSRF-Token", "missing or wrong X-CSRF-Token"),
                          "X-CSRF-Token"),
            res);
      return;
    }
    c.auth = std::move(*who);
    if (auto refused = Authorize(c, route)) {
      Write(*refused, res);
      return;
    }
  }
  // A JSON body must say so: a cross-site HTML form cannot send application/json without a
  // CORS preflight, which this server never grants (login CSRF is closed this way too).
  if (!route.upload && !req.body.empty() &&
      req.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
    Write(ErrorResponse(415, "unsupported_media_type",
                        Tr("请求体须为 JSON（Content-Type: application/json）",
                           "the body must be JSON (Content-Type: application/json)"),
                        "Content-Type"),
          res);
    return;
  }
  // JSON bodies are small; only upload routes take files up to the evidence limit.
  if (!route.upload && req.body.size() > st.options.max_body_bytes) {
    Write(BareStatusResponse(413), res);
    return;
  }
  Write(route.handler(c), res);
}

// "/api/v1/plans/{id}" -> "/api/v1/plans/([^/]+)", regex metacharacters of literals escaped.
std::string PathRegex(const std::string& tmpl) {
  std::string out;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    char ch = tmpl[i];
    if (ch == '{') {
      i = tmpl.find('}', i);
      out += "([^/]+)";
      continue;
    }
    if (std::string_view(".^$|()[]*+?\\").find(ch) != std::string_view::npos) out.push_back('\\');
    out.push_back(ch);
  }
  return out;
}

void Register(httplib::Server& svr, const std::string& method, const std::string& pattern,
              httplib::Server::Handler h) {
  if (method == "GET")
    svr.Get(pattern, std::move(h));
  else if (method == "POST")
    svr.Post(pattern, std::move(h));
  else if (method == "PUT")
    svr.Put(pattern, std::move(h));
  else if (method == "PATCH")
    svr.Patch(pattern, std::move(h));
  else if (method == "DELETE")
    svr.Delete(pattern, std::move(h));
}

// Registers every route of the table (returned as RouteKeys) and, for the other methods on
// the same paths, a 405 with an Allow header.
std::vector<RouteKey> RegisterRoutes(httplib::Server& svr, ServerState* st) {
  std::vector<RouteKey> registered;
  std::map<std::string, std::set<std::string>> methods_by_path;
  for (const Route& r : Routes()) {
    std::string path = std::string(kApiPrefix) + r.path;
    const Route* route = &r;
    Register(svr, r.method, PathRegex(path),
             [st, route](const httplib::Request& req, httplib::Response& res) {
               Dispatch(*st, *route, req, res);
             });
    registered.push_back({r.method, path});
    methods_by_path[path].insert(r.method);
  }
  for (const auto& [path, methods] : methods_by_path) {
    std::string allow;
    for (const std::string& m : methods) allow += (allow.empty() ? "" : ", ") + m;
    for (const char* m : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
      if (methods.count(m)) continue;
      Register(svr, m, PathRegex(path), [allow](const httplib::Request&, httplib::Response& res) {
        ApiResponse out = BareStatusResponse(405);
        out.headers.emplace_back("Allow", allow);
        Write(out, res);
      });
    }
  }
  return registered;
}

// Debian's libcpp-httplib is a compiled library with a listen backlog of 5: a burst of new
// connections (a dashboard opening, a load balancer warming up) overflows it and the kernel
// drops SYNs, which clients retry after a whole second. Calling listen() again on the bound
// socket raises the backlog; the socket is found by its port since httplib keeps it private.
void RaiseListenBacklog(int port) {
  for (int fd = 0; fd < 1024; ++fd) {
    int listening = 0;
    socklen_t len = sizeof(listening);
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || !listening) continue;
    sockaddr_storage addr{};
    socklen_t alen = sizeof(addr);
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &alen) != 0) continue;
    int bound = addr.ss_family == AF_INET ? ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port)
                : addr.ss_family == AF_INET6
                    ? ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port)
                    : -1;
    if (bound == port) ::listen(fd, SOMAXCONN);
  }
}

}  // namespace

std::string DefaultWebRoot() {
  std::error_code ec;
  std::string cwd = std::filesystem::current_path(ec).string();
  std::string exe = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  return FindWebRoot(cwd, exe);
}

std::vector<RouteKey> RegisteredRoutes() {
  httplib::Server svr;
  return RegisterRoutes(svr, nullptr);
}

Status Serve(const ServerOptions& opt) {
  auto log = spdlog::get("guihua");
  if (!log) log = spdlog::stderr_color_mt("guihua");
  std::string web_root;
  if (!opt.web_root.empty()) {
    auto root = CheckWebRoot(opt.web_root);
    if (!root.ok()) return root.status();
    web_root = *root;
  }
  const WebApp web(web_root);
  ServerState st;
  st.options = opt;
  st.evidence_dir = service::EvidenceDirFor(opt.db_path);
  {
    auto store = store::OpenSqliteStore(opt.db_path, /*create_if_missing=*/false);
    if (!store.ok()) return store.status();
    st.store = store::NewSynchronizedStore(std::move(*store));
  }

  httplib::Server svr;
  svr.new_task_queue = [n = opt.threads] {
    return new httplib::ThreadPool(static_cast<size_t>(std::max(1, n)));
  };
  // httplib's default of 5 makes clients reconnect constantly.
  svr.set_keep_alive_max_count(static_cast<size_t>(std::max(1, opt.keep_alive_max_count)));
  svr.set_tcp_nodelay(true);  // without it every response waits ~40 ms (Nagle + delayed ACK)
  // Evidence uploads are the largest bodies; JSON routes refuse more than max_body_bytes.
  svr.set_payload_max_length(
      std::max(opt.max_body_bytes, static_cast<size_t>(workflow::kMaxEvidenceBytes) + 4096));
  svr.set_read_timeout(opt.read_timeout_seconds, 0);
  svr.set_write_timeout(opt.write_timeout_seconds, 0);
  svr.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    t_request_start = Clock::now();
    t_log_user.clear();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  RegisterRoutes(svr, &st);
  // Last: every other GET is the front end's (its files, else index.html); /api/ stays JSON.
  svr.Get(".*", [&web](const httplib::Request& req, httplib::Response& res) {
    Write(IsApiPath(req.path) ? BareStatusResponse(404) : web.Get(req.path), res);
  });
  // Anything httplib answers itself (no route, 413, malformed request) gets the JSON shape.
  httplib::Server::HandlerWithResponse on_error = [](const httplib::Request&,
                                                     httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    Write(BareStatusResponse(res.status), res);
    return httplib::Server::HandlerResponse::Handled;
  };
  svr.set_error_handler(std::move(on_error));
  svr.set_exception_handler(
      [log](const httplib::Request& req, httplib::Response& res, const std::exception_ptr& ep) {
        std::string what = "unknown";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        std::string rid = res.get_header_value("X-Request-Id");
        log->error("exception req={} {} {}: {}", rid, req.method, req.path, what);
        ApiResponse out = ErrorResponse(
            500, "internal",
            Msg("服务器内部错误（请求编号 {}）", "internal server error (request id {})", rid));
        Write(out, res);
      });
  svr.set_logger([log](const httplib::Request& req, const httplib::Response& res) {
    // Requests httplib refuses before routing (malformed, too large) have no start time.
    std::string ms = "-";
    if (t_request_start != Clock::time_point{}) {
      ms = fmt::format(
          "{:.1f}",
          std::chrono::duration<double, std::milli>(Clock::now() - t_request_start).count());
    }
    std::string rid = res.get_header_value("X-Request-Id");
    log->info("access remote={} method={} path={} status={} bytes={} ms={} user={} req={}",
              req.remote_addr, req.method, req.path, res.status, res.body.size(), ms,
              t_log_user.empty() ? "-" : t_log_user, rid.empty() ? "-" : rid);
    t_request_start = Clock::time_point{};
    t_log_user.clear();
  });

  // SIGTERM/SIGINT are blocked in every thread (httplib's workers inherit the mask) and
  // taken by one watcher thread, which stops the server until listen returns.
  sigset_t signals, old_mask;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, &old_mask);
  std::atomic<bool> done{false};
  std::thread watcher([&] {
    timespec tick{0, 100L * 1000 * 1000};
    bool stopping = false;
    while (!done) {
      if (!stopping) {
        int sig = sigtimedwait(&signals, nullptr, &tick);
        if (sig > 0) {
          log->info("signal {}: stopping (finishing in-flight requests)", sig);
          stopping = true;
        }
      } else {
        svr.stop();  // repeated: a stop before listen starts would be lost
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  });
  auto finish = [&] {
    done = true;
    watcher.join();
    pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  };
  if (!svr.bind_to_port(opt.host, opt.port)) {
    finish();
    return Status::Unavailable(Msg("无法监听 {}:{}（端口被占用或地址无效）",
                                   "cannot listen on {}:{} (port in use or bad address)", opt.host,
                                   opt.port));
  }
  RaiseListenBacklog(opt.port);
  log->info("listening on http://{}:{} (database {})", opt.host, opt.port, opt.db_path);
  if (web_root.empty()) {
    log->info("web root: none (front end not built: run make web, or give --web DIR)");
  } else {
    log->info("web root: {}", web_root);
  }
  bool ok = svr.listen_after_bind();
  finish();
  Status cp = st.store->Checkpoint();
  if (!cp.ok()) return cp;
  log->info("stopped; database checkpointed");
  if (!ok) return Status::Unavailable(Tr("服务器异常退出", "the server stopped on an error"));
  return Status::Ok();
}

}  // namespace guihua::server
