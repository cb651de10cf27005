// Internal to server/: the built front end (web/dist: index.html, assets/) served beside the
// API, independent of the HTTP transport. A file that exists is served as is; any other path
// outside /api/ gets index.html (a history-mode single-page app routes /tasks/12 itself), except
// under /assets/, where a missing file is a 404 (a stale hashed script must fail loudly, not load
// HTML). Hashed assets are cached for a year (immutable), everything else revalidates
// (no-cache). Every HTML response carries HtmlSecurityHeaders(). A path with a ".." segment, a
// backslash or a NUL is refused (404) before the file system is asked; a file reached through
// a link outside the root is not served either.
//
// Thread-safety: a WebApp is immutable; Get reads files and may run on many threads.
//
// Example:
//   WebApp web(*CheckWebRoot("web/dist"));
//   ApiResponse r = web.Get("/tasks/12");  // index.html, 200, text/html; charset=utf-8
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "server/api.h"

namespace guihua::server {

// Content-Security-Policy, X-Content-Type-Options and Referrer-Policy of every HTML page.
std::vector<std::pair<std::string, std::string>> HtmlSecurityHeaders();

// True for /api and everything under /api/: those paths never get the front end.
bool IsApiPath(std::string_view path);

// The canonical path of `dir` when it holds index.html; NotFound naming it otherwise.
Result<std::string> CheckWebRoot(const std::string& dir);

// The default web root: `cwd`/web/dist when it holds index.html, else
// dirname(`exe`)/../../web/dist (the binary is build/app/guihua) when that does, else "".
std::string FindWebRoot(const std::string& cwd, const std::string& exe);

class WebApp {
 public:
  // `root` as returned by CheckWebRoot; "" for none (GET / then explains how to build it).
  explicit WebApp(std::string root) : root_(std::move(root)) {}

  // The response to GET `path` (URL-decoded, without the query, not an IsApiPath).
  ApiResponse Get(std::string_view path) const;

  const std::string& root() const { return root_; }

 private:
  ApiResponse IndexHtml() const;
  std::string root_;
};

}  // namespace guihua::server
