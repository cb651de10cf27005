#include "server/web_app.h"

#include <filesystem>
#include <system_error>

#include "common/file_io.h"
#include "common/i18n.h"

namespace guihua::server {
namespace {

namespace fs = std::filesystem;

// Vite's output is small; anything larger is not ours to serve.
constexpr size_t kMaxWebFileBytes = 64u << 20;

constexpr const char* kCsp =
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'";
constexpr const char* kImmutable = "public, max-age=31536000, immutable";
constexpr const char* kHtmlType = "text/html; charset=utf-8";

// Shown at / when no front end was built: both languages, whatever the server's.
constexpr const char* kNotBuiltPage = R"(<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>规划实施监测评估系统 Guihua</title></head>
<body>
<h1>前端尚未构建 · The front end is not built</h1>
<p>请在源码目录运行 <code>make web</code>，再重新启动 <code>guihua serve</code>（或用
<code>--web 目录</code> 指定构建好的前端）。</p>
<p>Run <code>make web</code> in the source tree, then restart <code>guihua serve</code> (or
point <code>--web DIR</code> at a built front end).</p>
<p>接口说明 API description: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a></p>
</body>
</html>
)";

struct MimeType {
  const char* ext;
  const char* type;
};
constexpr MimeType kMimeTypes[] = {
    {".html", kHtmlType},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".map", "application/json; charset=utf-8"},
    {".webmanifest", "application/manifest+json; charset=utf-8"},
    {".txt", "text/plain; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".webp", "image/webp"},
    {".avif", "image/avif"},
    {".ico", "image/x-icon"},
    {".woff", "font/woff"},
    {".woff2", "font/woff2"},
    {".ttf", "font/ttf"},
    {".wasm", "application/wasm"},
};

const char* ContentTypeFor(std::string_view path) {
  for (const MimeType& m : kMimeTypes) {
    std::string_view ext = m.ext;
    if (path.size() > ext.size() && path.substr(path.size() - ext.size()) == ext) return m.type;
  }
  return "application/octet-stream";
}

ApiResponse NoSuchFile() {
  return ErrorResponse(404, "not_found", Tr("没有这个文件", "no such file"));
}

// A path the file system must never see: a ".." segment, a backslash, a NUL.
bool Suspicious(std::string_view path) {
  if (path.empty() || path.front() != '/') return true;
  if (path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos)
    return true;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    if (path.substr(pos, end - pos) == "..") return true;
    pos = end + 1;
  }
  return false;
}

bool HasIndex(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "index.html", ec);
}

// The file `rel` under `root` when it is a regular file that stays inside the root after
// links are resolved; "" otherwise.
std::string FileUnder(const std::string& root, std::string_view rel) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::path(root) / fs::path(rel), ec);
  if (ec || !fs::is_regular_file(p, ec)) return "";
  std::string s = p.string();
  if (s.size() <= root.size() || s.compare(0, root.size(), root) != 0 || s[root.size()] != '/')
    return "";
  return s;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> HtmlSecurityHeaders() {
  return {{"Content-Security-Policy", kCsp},
          {"X-Content-Type-Options", "nosniff"},
          {"Referrer-Policy", "same-origin"}};
}

// Judged on the path's first real segment: "//api/x" and "/./api/x" name the API too (the router
// does not normalise paths), so they never reach the static files.
bool IsApiPath(std::string_view path) {
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
    } else if (path.substr(i, 2) == "./" || path.substr(i) == ".") {
      i += 1;
    } else {
      break;
    }
  }
  std::string_view first = path.substr(i);
  return first == "api" || first.starts_with("api/");
}

Result<std::string> CheckWebRoot(const std::string& dir) {
  std::error_code ec;
  fs::path canonical = fs::canonical(dir, ec);
  if (ec || !HasIndex(canonical)) {
    return Status::NotFound(Msg("--web {}：目录里没有 index.html（先运行 make web）",
                                "--web {}: no index.html in the directory (run make web first)",
                                dir));
  }
  return canonical.string();
}

std::string FindWebRoot(const std::string& cwd, const std::string& exe) {
  for (const fs::path& dir : {fs::path(cwd) / "web" / "dist",
                              fs::path(exe).parent_path() / ".." / ".." / "web" / "dist"}) {
    if (dir.empty() || !HasIndex(dir)) continue;
    auto root = CheckWebRoot(dir.string());
    if (root.ok()) return *root;
  }
  return "";
}

ApiResponse WebApp::IndexHtml() const {
  auto bytes = ReadFileBytes(root_ + "/index.html", kMaxWebFileBytes);
  if (!bytes.ok()) {
    return ErrorResponse(404, "not_found",
                         Tr("前端的 index.html 不见了（重新运行 make web）",
                            "the front end's index.html is missing (run make web again)"));
  }
  ApiResponse res{200, std::move(*bytes), HtmlSecurityHeaders(), kHtmlType};
  res.headers.emplace_back("Cache-Control", "no-cache");
  return res;
}

ApiResponse WebApp::Get(std::string_view path) const {
  if (root_.empty()) {
    if (path != "/") return BareStatusResponse(404);
    ApiResponse res{200, kNotBuiltPage, HtmlSecurityHeaders(), kHtmlType};
    res.headers.emplace_back("Cache-Control", "no-cache");
    return res;
  }
  if (Suspicious(path)) return NoSuchFile();
  std::string_view rel = path.substr(1);
  std::string file = rel.empty() || rel.back() == '/' ? "" : FileUnder(root_, rel);
  if (file.empty()) {
    if (path.starts_with("/assets/")) return NoSuchFile();
    return IndexHtml();
  }
  if (file == root_ + "/index.html") return IndexHtml();
  auto bytes = ReadFileBytes(file, kMaxWebFileBytes);
  if (!bytes.ok()) return NoSuchFile();
  const char* type = ContentTypeFor(file);
  ApiResponse res{200, std::move(*bytes), {}, type};
  if (std::string_view(type).starts_with("text/html")) res.headers = HtmlSecurityHeaders();
  res.headers.emplace_back("Cache-Control", path.starts_with("/assets/") ? kImmutable : "no-cache");
  return res;
}

}  // namespace guihua::server
