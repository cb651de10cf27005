// Routing and dispatch over the transport (transport.h): the route table matched against the
// decoded path, session, CSRF and role checks before any handler sees the body, 405 with Allow
// for a known path under another method, the front end (web_app.h) at every other GET path,
// and the per-route body limit the transport applies before reading a body.
#include "server/server.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>
#include <string_view>
#include <thread>
#include <vector>

#include "common/i18n.h"
#include "server/api.h"
#include "server/http_message.h"
#include "server/transport.h"
#include "server/web_app.h"
#include "service/reporting_service.h"
#include "workflow/evidence.h"

namespace guihua::server {
namespace {

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

// Authentication, CSRF and authorisation, in that order, before the handler (and so before
// the body is looked at): a refused caller learns nothing about the data.
ApiResponse Dispatch(ServerState& st, const Route& route, std::vector<std::string> params,
                     HttpRequest& req) {
  // Messages and errors in the caller's language (the web app sends its own choice).
  std::optional<ScopedThreadLanguage> lang;
  Lang asked;
  if (LanguageFromAcceptLanguage(std::string(req.Header("Accept-Language")), &asked)) {
    lang.emplace(asked);
  }
  std::string token = CookieValue(std::string(req.Header("Cookie")), kSessionCookie);
  ApiContext c{st,       *st.store,       req.method, std::move(params), req.query,
               req.body, req.remote_addr, token,      std::nullopt,      req.request_id,
               ""};
  c.action = route.method + std::string(" ") + kApiPrefix + route.path;
  if (route.access != Access::kAnonymous) {
    auto who = service::Authenticate(*st.store, token);
    if (!who.ok()) {
      return who.status().code() == Status::Code::kNotFound
                 ? ErrorResponse(401, "unauthenticated", who.status().message())
                 : StatusResponse(who.status());
    }
    req.log_user = who->user.name;
    if (req.method != "GET" &&
        !SameToken(std::string(req.Header("X-CSRF-Token")), who->session.csrf_token)) {
      return ErrorResponse(403, "csrf",
                           Tr("缺少或错误的 X-CSRF-Token", "missing or wrong X-CSRF-Token"),
                           "X-CSRF-Token");
    }
    c.auth = std::move(*who);
    if (auto refused = Authorize(c, route)) return *refused;
  }
  // A JSON body must say so: a cross-site HTML form cannot send application/json without a
  // CORS preflight, which this server never grants (login CSRF is closed this way too).
  if (!route.upload && !req.body.empty() &&
      req.Header("Content-Type").rfind("application/json", 0) != 0) {
    return ErrorResponse(415, "unsupported_media_type",
                         Tr("请求体须为 JSON（Content-Type: application/json）",
                            "the body must be JSON (Content-Type: application/json)"),
                         "Content-Type");
  }
  return route.handler(c);
}

// The route table as a matcher over URL-decoded paths: a template segment "{x}" matches one
// non-empty segment; the first route of the table that matches method and path wins.
class Router {
 public:
  Router() {
    for (const Route& r : Routes()) {
      Entry e{&r, std::string(kApiPrefix) + r.path, {}};
      for (std::string_view seg : Split(e.path)) e.segments.emplace_back(seg);
      entries_.push_back(std::move(e));
    }
  }

  struct Match {
    const Route* route = nullptr;     // the route for this method and path
    std::vector<std::string> params;  // its captures
    std::string allow;                // else, the methods the path has ("" for none)
  };

  Match Find(std::string_view method, std::string_view path) const {
    Match m;
    std::vector<std::string_view> parts = Split(path);
    std::set<std::string> methods;
    for (const Entry& e : entries_) {
      std::vector<std::string> params;
      if (!Matches(e.segments, parts, &params)) continue;
      if (method == e.route->method ||
          (method == "HEAD" && std::string_view(e.route->method) == "GET")) {
        m.route = e.route;
        m.params = std::move(params);
        return m;
      }
      methods.insert(e.route->method);
    }
    for (const std::string& x : methods) m.allow += (m.allow.empty() ? "" : ", ") + x;
    return m;
  }

  std::vector<RouteKey> Keys() const {
    std::vector<RouteKey> keys;
    for (const Entry& e : entries_) keys.push_back({e.route->method, e.path});
    return keys;
  }

 private:
  struct Entry {
    const Route* route;
    std::string path;
    std::vector<std::string> segments;
  };

  // "/a/b/" -> {"a", "b", ""}: every segment after a '/', empty ones included.
  static std::vector<std::string_view> Split(std::string_view path) {
    std::vector<std::string_view> out;
    if (path.empty() || path[0] != '/') {
      out.push_back(path);  // never equal to a template segment list (those start with '/')
      out.push_back("\x01");
      return out;
    }
    size_t pos = 1;
    for (;;) {
      size_t end = path.find('/', pos);
      out.push_back(path.substr(pos, end == std::string_view::npos ? end : end - pos));
      if (end == std::string_view::npos) break;
      pos = end + 1;
    }
    return out;
  }

  static bool Matches(const std::vector<std::string>& tmpl,
                      const std::vector<std::string_view>& parts,
                      std::vector<std::string>* params) {
    if (tmpl.size() != parts.size()) return false;
    for (size_t i = 0; i < tmpl.size(); ++i) {
      if (!tmpl[i].empty() && tmpl[i].front() == '{') {
        if (parts[i].empty()) return false;
        params->emplace_back(parts[i]);
      } else if (tmpl[i] != parts[i]) {
        return false;
      }
    }
    return true;
  }

  std::vector<Entry> entries_;
};

// Body limits: JSON is small; only upload routes take files, up to the evidence limit (the
// handler then says 413 for a file one byte over kMaxEvidenceBytes), and only from a caller
// with a live session: an anonymous client cannot make the server buffer 10 MiB (it gets the
// JSON limit, and then 401 from the dispatcher).
size_t BodyLimitFor(ServerState& st, const Router& router, const HttpRequest& req) {
  Router::Match m = router.Find(req.method, req.path);
  if (m.route && m.route->upload) {
    std::string token = CookieValue(std::string(req.Header("Cookie")), kSessionCookie);
    if (!token.empty() && service::Authenticate(*st.store, token).ok()) {
      return std::max(st.options.max_body_bytes,
                      static_cast<size_t>(workflow::kMaxEvidenceBytes) + 4096);
    }
  }
  return st.options.max_body_bytes;
}

ApiResponse Handle(ServerState& st, const Router& router, const WebApp& web, HttpRequest& req) {
  Router::Match m = router.Find(req.method, req.path);
  if (m.route) return Dispatch(st, *m.route, std::move(m.params), req);
  if (!m.allow.empty()) {
    ApiResponse out = BareStatusResponse(405);
    out.headers.emplace_back("Allow", m.allow);
    return out;
  }
  // Every other GET is the front end's (its files, else index.html); /api/ stays JSON.
  if ((req.method == "GET" || req.method == "HEAD") && !IsApiPath(req.path)) {
    return web.Get(req.path);
  }
  return BareStatusResponse(404);
}

}  // namespace

std::string DefaultWebRoot() {
  std::error_code ec;
  std::string cwd = std::filesystem::current_path(ec).string();
  std::string exe = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  return FindWebRoot(cwd, exe);
}

std::vector<RouteKey> RegisteredRoutes() { return Router().Keys(); }

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
  const Router router;
  ServerState st;
  st.options = opt;
  st.evidence_dir = service::EvidenceDirFor(opt.db_path);
  {
    auto store = store::OpenSqliteStore(opt.db_path, /*create_if_missing=*/false);
    if (!store.ok()) return store.status();
    st.store = store::NewSynchronizedStore(std::move(*store));
  }

  TransportOptions topt;
  topt.host = opt.host;
  topt.port = opt.port;
  topt.threads = opt.threads > 0
                     ? opt.threads
                     : std::max(4, 2 * static_cast<int>(std::thread::hardware_concurrency()));
  topt.keep_alive_max_count = opt.keep_alive_max_count;
  topt.read_timeout_seconds = opt.read_timeout_seconds;
  topt.write_timeout_seconds = opt.write_timeout_seconds;
  Transport transport(
      topt, [&](HttpRequest& req) { return Handle(st, router, web, req); },
      [&](const HttpRequest& req) { return BodyLimitFor(st, router, req); }, log);
  if (Status bound = transport.Bind(); !bound.ok()) return bound;
  log->info("listening on http://{}:{} (database {}, {} threads)", opt.host, opt.port, opt.db_path,
            topt.threads);
  if (web_root.empty()) {
    log->info("web root: none (front end not built: run make web, or give --web DIR)");
  } else {
    log->info("web root: {}", web_root);
  }
  transport.Run();
  Status cp = st.store->Checkpoint();
  if (!cp.ok()) return cp;
  log->info("stopped; database checkpointed");
  return Status::Ok();
}

}  // namespace guihua::server
