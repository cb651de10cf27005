// libFuzzer target for the static-file side of the server (server/web_app.h): a request path
// from outside mapped to a file under the web root, index.html or a 404; and the
// Accept-Language header parser (common/i18n.h) on the same bytes. Checks the invariants, not
// just the absence of crashes.
//
// A web root is built once in a temp dir: distinct contents per file, so the body of a 200
// names the file that was served. Beside it (a sibling whose name starts with the root's, to
// catch a bare prefix test) lies a secret; links lead to it from inside the root (a file link,
// a directory link, an absolute one, a relative one) and to /etc/passwd.
//
// Each input is used as the path the way server.cc sees it (DecodePath: the target before '?',
// percent-decoded) and also raw, each with a leading '/' added when missing.
// Properties: a 200 serves a file that is inside the root after canonicalisation (never the
// secret, never /etc/passwd); /api paths never reach a file; a missing /assets/ file is a 404,
// not index.html; every HTML page carries the security headers.
//
//   ./web_path_fuzz -max_total_time=60 fuzz/corpus/web_path
#include <unistd.h>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>

#include "common/i18n.h"
#include "server/api.h"
#include "server/http_message.h"
#include "server/web_app.h"

namespace {

namespace fs = std::filesystem;
using guihua::server::ApiResponse;
using guihua::server::WebApp;

void Check(bool ok, const char* what, std::string_view path) {
  if (ok) return;
  std::fprintf(stderr, "web_path_fuzz: %s (path %zu bytes: \"%.*s\")\n", what, path.size(),
               static_cast<int>(path.size()), path.data());
  __builtin_trap();
}

void WriteFile(const fs::path& p, const std::string& content) {
  std::ofstream out(p, std::ios::binary);
  out << content;
}

struct WebRoot {
  fs::path base;                                 // removed at exit
  std::string root;                              // canonical, as CheckWebRoot returns it
  std::string index;                             // index.html's content
  std::map<std::string, std::string> inside;     // content -> canonical file inside the root
  std::map<std::string, std::string> forbidden;  // content -> file outside the root
};

fs::path g_base;  // for the atexit handler
void RemoveBase() {
  std::error_code ec;
  fs::remove_all(g_base, ec);
}

const WebRoot& Root() {
  static const WebRoot* web = [] {
    auto* w = new WebRoot;
    w->base = fs::temp_directory_path() / ("guihua-web-path-fuzz-" + std::to_string(::getpid()));
    g_base = w->base;
    std::atexit(RemoveBase);
    fs::path dist = w->base / "web";
    fs::path outside = w->base / "web-outside";  // shares the root's name as a prefix
    fs::create_directories(dist / "assets");
    fs::create_directories(dist / "docs" / "deep");
    fs::create_directories(outside / "dir");
    WriteFile(dist / "index.html", "<!doctype html><title>INDEX-MARK</title>");
    WriteFile(dist / "assets" / "app.js", "console.log('APP-JS-MARK');");
    WriteFile(dist / "assets" / "app.css", "body{/*APP-CSS-MARK*/}");
    WriteFile(dist / "docs" / "guide.txt", "GUIDE-MARK");
    WriteFile(dist / "docs" / "deep" / "page.html", "<p>DEEP-HTML-MARK</p>");
    WriteFile(dist / "favicon.ico", "ICO-MARK");
    WriteFile(dist / "说明.txt", "HAN-MARK");
    WriteFile(dist / "a b.txt", "SPACE-MARK");
    WriteFile(outside / "secret.txt", "OUTSIDE-SECRET-MARK");
    WriteFile(outside / "dir" / "x.js", "OUTSIDE-DIR-MARK");
    std::error_code ec;
    fs::create_symlink(outside / "secret.txt", dist / "assets" / "link", ec);
    fs::create_symlink("../web-outside/secret.txt", dist / "sib", ec);
    fs::create_symlink("../../web-outside/dir", dist / "assets" / "escape", ec);
    fs::create_directory_symlink(outside, dist / "outdir", ec);
    fs::create_symlink("/etc/passwd", dist / "passwd", ec);
    fs::create_symlink("docs/guide.txt", dist / "inlink.txt", ec);  // inside: may be served
    fs::create_symlink("loop", dist / "loop", ec);                  // ELOOP
    fs::create_symlink("missing.js", dist / "assets" / "dangling.js", ec);

    auto root = guihua::server::CheckWebRoot(dist.string());
    if (!root.ok()) {
      std::fprintf(stderr, "web_path_fuzz: cannot set up the web root %s\n", dist.c_str());
      std::abort();
    }
    w->root = *root;
    for (const auto& entry : fs::recursive_directory_iterator(w->root)) {
      if (entry.is_symlink(ec) || !entry.is_regular_file(ec)) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      w->inside[content] = fs::canonical(entry.path()).string();
    }
    for (const auto& [content, file] : w->inside) {
      if (file == w->root + "/index.html") w->index = content;
    }
    if (w->index.empty() || w->inside.size() < 8) std::abort();  // the setup went wrong
    for (const fs::path& p : {outside / "secret.txt", outside / "dir" / "x.js"}) {
      std::ifstream in(p, std::ios::binary);
      w->forbidden[std::string((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>())] = p.string();
    }
    std::ifstream passwd("/etc/passwd", std::ios::binary);
    std::string pw((std::istreambuf_iterator<char>(passwd)), std::istreambuf_iterator<char>());
    if (!pw.empty()) w->forbidden[pw] = "/etc/passwd";
    return w;
  }();
  return *web;
}

bool HasHeader(const ApiResponse& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name && !v.empty()) return true;
  }
  return false;
}

void CheckPath(const WebApp& web, const WebRoot& w, std::string_view path) {
  // The server's catch-all GET route: /api/ stays JSON, everything else is the front end's.
  bool api = guihua::server::IsApiPath(path);
  ApiResponse r = api ? guihua::server::BareStatusResponse(404) : web.Get(path);
  Check(r.status == 200 || r.status == 404, "status neither 200 nor 404", path);
  if (api) {
    Check(r.status == 404 && !w.inside.count(r.body), "an /api path reached a file", path);
    return;
  }
  if (r.status != 200) {
    Check(!w.inside.count(r.body) && !w.forbidden.count(r.body), "a 404 carries a file", path);
    return;
  }
  Check(!w.forbidden.count(r.body), "served a file outside the web root", path);
  auto file = w.inside.find(r.body);
  Check(file != w.inside.end(), "served bytes that are no file of the web root", path);
  // The served file, canonicalised, must lie inside the root.
  std::error_code ec;
  std::string canonical = fs::weakly_canonical(file->second, ec).string();
  Check(!ec && canonical.size() > w.root.size() && canonical.starts_with(w.root + "/"),
        "served file is outside the root after canonicalisation", path);
  Check(!path.starts_with("/assets/") || r.body != w.index, "a missing asset got index.html", path);
  if (r.content_type.starts_with("text/html")) {
    Check(HasHeader(r, "Content-Security-Policy") && HasHeader(r, "X-Content-Type-Options"),
          "HTML without the security headers", path);
  }
  Check(HasHeader(r, "Cache-Control"), "200 without Cache-Control", path);
}

void CheckAcceptLanguage(const std::string& header) {
  using guihua::Lang;
  const auto kUnset = static_cast<Lang>(-1);
  Lang lang = kUnset;
  bool found = guihua::LanguageFromAcceptLanguage(header, &lang);
  if (!found) {
    Check(lang == kUnset, "Accept-Language: false but the language was written", header);
    return;
  }
  Check(lang == Lang::kZh || lang == Lang::kEn, "Accept-Language: not a valid Lang", header);
  std::string lower = header;
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  Check(lower.find(lang == Lang::kZh ? "zh" : "en") != std::string::npos,
        "Accept-Language: a language the header does not name", header);
  if (lower.starts_with("zh") || lower.starts_with("en")) {
    Check(lang == (lower.starts_with("zh") ? Lang::kZh : Lang::kEn),
          "Accept-Language: not the first language", header);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const WebRoot& w = Root();
  static const WebApp web(w.root);
  static const WebApp no_front_end("");

  std::string decoded = guihua::server::DecodePath(bytes);
  for (std::string path : {decoded, std::string(bytes)}) {
    CheckPath(web, w, path);
    if (!path.starts_with("/")) CheckPath(web, w, "/" + path);
    ApiResponse none = no_front_end.Get(path);
    Check(none.status == (path == "/" ? 200 : 404), "no front end: wrong status", path);
  }
  CheckAcceptLanguage(std::string(bytes));
  return 0;
}
