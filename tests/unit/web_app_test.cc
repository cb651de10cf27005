// The front end served beside the API (server/web_app.h): each case is a GET path and the
// status, body, content type and cache header it must get from a small web root.
#include "server/web_app.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace guihua::server {
namespace {

namespace fs = std::filesystem;

std::string Header(const ApiResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

void WriteFile(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

class WebAppTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("guihua-web-" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    WriteFile(*dir_ / "dist" / "index.html", "<!doctype html><p>app</p>");
    WriteFile(*dir_ / "dist" / "assets" / "app-1a2b.js", "console.log(1)");
    WriteFile(*dir_ / "dist" / "favicon.svg", "<svg/>");
    WriteFile(*dir_ / "secret.txt", "outside the root");
    fs::create_symlink(*dir_ / "secret.txt", *dir_ / "dist" / "link.txt");
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  static WebApp App() { return WebApp(*CheckWebRoot((*dir_ / "dist").string())); }
  static fs::path* dir_;
};
fs::path* WebAppTest::dir_ = nullptr;

struct Case {
  const char* path;
  int status;
  const char* body;  // "" to skip
  const char* type_prefix;
  const char* cache;  // Cache-Control, "" for none
};

const Case kCases[] = {
    {"/", 200, "<!doctype html><p>app</p>", "text/html; charset=utf-8", "no-cache"},
    {"/index.html", 200, "<!doctype html><p>app</p>", "text/html; charset=utf-8", "no-cache"},
    {"/public", 200, "<!doctype html><p>app</p>", "text/html", "no-cache"},
    {"/tasks/12", 200, "<!doctype html><p>app</p>", "text/html", "no-cache"},
    {"/indicators/H01/", 200, "<!doctype html><p>app</p>", "text/html", "no-cache"},
    {"/assets/app-1a2b.js", 200, "console.log(1)", "text/javascript",
     "public, max-age=31536000, immutable"},
    {"/favicon.svg", 200, "<svg/>", "image/svg+xml", "no-cache"},
    {"/assets/gone-9z.js", 404, "", "application/json", ""},
    {"/../secret.txt", 404, "", "application/json", ""},
    {"/assets/../../secret.txt", 404, "", "application/json", ""},
    {"/..", 404, "", "application/json", ""},
    {"/a\\..\\secret.txt", 404, "", "application/json", ""},
    {"/link.txt", 200, "<!doctype html><p>app</p>", "text/html", "no-cache"},  // not followed
};

TEST_F(WebAppTest, Serves) {
  WebApp app = App();
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.path);
    ApiResponse r = app.Get(c.path);
    EXPECT_EQ(r.status, c.status);
    if (*c.body) {
      EXPECT_EQ(r.body, c.body);
    }
    EXPECT_TRUE(r.content_type.starts_with(c.type_prefix)) << r.content_type;
    EXPECT_EQ(Header(r, "Cache-Control"), c.cache);
    if (r.content_type.starts_with("text/html")) {
      EXPECT_TRUE(Header(r, "Content-Security-Policy").starts_with("default-src 'self'"));
      EXPECT_EQ(Header(r, "Referrer-Policy"), "same-origin");
    }
  }
}

TEST_F(WebAppTest, NoRootExplainsAtSlashOnly) {
  WebApp none("");
  ApiResponse r = none.Get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("make web"), std::string::npos);
  EXPECT_NE(r.body.find("/api/v1/openapi.json"), std::string::npos);
  EXPECT_FALSE(Header(r, "Content-Security-Policy").empty());
  EXPECT_EQ(none.Get("/tasks/1").status, 404);
}

TEST_F(WebAppTest, RootsAndDefaults) {
  EXPECT_FALSE(CheckWebRoot((*dir_ / "nowhere").string()).ok());
  EXPECT_FALSE(CheckWebRoot(dir_->string()).ok());  // no index.html
  std::string dist = fs::canonical(*dir_ / "dist").string();
  // ./web/dist first, then <binary>/../../web/dist.
  WriteFile(*dir_ / "cwd" / "web" / "dist" / "index.html", "x");
  WriteFile(*dir_ / "src" / "web" / "dist" / "index.html", "y");
  std::string exe = (*dir_ / "src" / "build" / "app" / "guihua").string();
  WriteFile(exe, "");
  EXPECT_EQ(FindWebRoot((*dir_ / "cwd").string(), exe),
            fs::canonical(*dir_ / "cwd" / "web" / "dist").string());
  EXPECT_EQ(FindWebRoot(dir_->string(), exe),
            fs::canonical(*dir_ / "src" / "web" / "dist").string());
  EXPECT_EQ(FindWebRoot(dir_->string(), dist + "/a/b"), "");
  EXPECT_TRUE(IsApiPath("/api/v1/nope"));
  EXPECT_TRUE(IsApiPath("/api"));
  EXPECT_FALSE(IsApiPath("/apidocs"));
  // Paths are not normalised: these name the API too and must not reach static files.
  EXPECT_TRUE(IsApiPath("//api/v1/x"));
  EXPECT_TRUE(IsApiPath("/./api/x"));
  EXPECT_TRUE(IsApiPath("/.//./api"));
  EXPECT_FALSE(IsApiPath("/.api/x"));
  EXPECT_FALSE(IsApiPath("/public"));
}

}  // namespace
}  // namespace guihua::server
