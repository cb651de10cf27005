// Golden tests of indicator evaluation: every folder under tests/golden/evaluate/ holds
//   regions.csv (optional), indicators.csv (or indicators.ref naming a repository file),
//   observations.csv (or observations.ref), args (optional: "as_of=2021", "method=cagr",
//   "region=全国", one per line) and expected.json (guihua evaluate --format json).
// The files go through the real importers into a memory store, then the evaluation service.
// Run with GUIHUA_UPDATE_GOLDEN=1 to rewrite the expectations, then review the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "service/evaluation_report.h"
#include "service/indicator_import.h"
#include "store/store.h"

namespace guihua::service {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// name.csv, or name.ref holding a path relative to the repository root.
fs::path Input(const fs::path& dir, const std::string& name) {
  if (fs::exists(dir / (name + ".ref"))) {
    std::string rel = ReadAll(dir / (name + ".ref"));
    while (!rel.empty() && (rel.back() == '\n' || rel.back() == '\r')) rel.pop_back();
    return fs::path(GUIHUA_SOURCE_DIR) / rel;
  }
  return dir / (name + ".csv");
}

std::vector<fs::path> Cases() {
  std::vector<fs::path> out;
  fs::path root = fs::path(GUIHUA_TEST_DATA) / "golden/evaluate";
  for (const auto& e : fs::directory_iterator(root)) {
    if (e.is_directory()) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(EvaluateGolden, EveryCaseMatches) {
  auto cases = Cases();
  ASSERT_FALSE(cases.empty());
  const bool update = std::getenv("GUIHUA_UPDATE_GOLDEN") != nullptr;
  for (const fs::path& dir : cases) {
    SCOPED_TRACE(dir.filename().string());
    auto store = store::NewMemoryStore();
    if (fs::exists(dir / "regions.csv")) {
      auto r = ImportRegionsFile(*store, (dir / "regions.csv").string(), {});
      ASSERT_TRUE(r.ok()) << r.status().ToString();
    }
    auto r = ImportIndicatorsFile(*store, Input(dir, "indicators").string(), {});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    r = ImportObservationsFile(*store, Input(dir, "observations").string(), {});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EvaluationQuery q;
    if (fs::exists(dir / "args")) {
      std::istringstream args(ReadAll(dir / "args"));
      std::string line;
      while (std::getline(args, line)) {
        auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        std::string k = line.substr(0, eq), v = line.substr(eq + 1);
        if (k == "as_of") q.options.as_of = indicators::ParsePeriod(v);
        if (k == "method") {
          ASSERT_TRUE(indicators::ParseMethod(v, &q.options.method));
        }
        if (k == "region") q.region = v;
      }
    }
    auto run = EvaluateStored(*store, q);
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    std::string got = EvaluationsToJson(run->evaluations) + "\n";
    if (update) {
      std::ofstream(dir / "expected.json", std::ios::binary) << got;
      continue;
    }
    EXPECT_EQ(got, ReadAll(dir / "expected.json"));
  }
}

}  // namespace
}  // namespace guihua::service
