// Golden tests: every folder under tests/golden/plans/ holds an input document (input.* or
// input.ref naming a file in the repository) and the expected outputs:
//   expected.json          the plan JSON (guihua parse --format json)
//   expected_tasks.jsonl   one task per line (guihua tasks --format json, without unit_basis)
// Run with GUIHUA_UPDATE_GOLDEN=1 to rewrite the expectations, then review the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "document/reader.h"
#include "plan/decompose.h"
#include "plan/plan_json.h"
#include "plan/structure.h"
#include "plan/task_json.h"
#include "plan/units.h"

namespace guihua::plan {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const fs::path& p, const std::string& s) {
  std::ofstream out(p, std::ios::binary);
  out << s;
}

fs::path InputOf(const fs::path& dir) {
  if (fs::exists(dir / "input.ref")) {
    std::string rel = ReadFile(dir / "input.ref");
    while (!rel.empty() && (rel.back() == '\n' || rel.back() == '\r')) rel.pop_back();
    return fs::path(GUIHUA_SOURCE_DIR) / rel;
  }
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().stem() == "input") return e.path();
  }
  return {};
}

std::string TasksJsonl(const std::vector<Task>& tasks) {
  std::string out;
  for (Task t : tasks) {
    t.unit_scores.clear();
    std::string one = TasksToJson({t}, -1);
    one = one.substr(1, one.size() - 2);  // drop the array brackets
    size_t basis = one.find(",\"unit_basis\":[]");
    if (basis != std::string::npos) one.erase(basis, std::string(",\"unit_basis\":[]").size());
    out += one + "\n";
  }
  return out;
}

void Check(const fs::path& file, const std::string& actual, bool update) {
  if (update) {
    WriteFile(file, actual);
    return;
  }
  ASSERT_TRUE(fs::exists(file)) << file << " is missing; run with GUIHUA_UPDATE_GOLDEN=1";
  std::string expected = ReadFile(file);
  if (expected == actual) return;
  // Report the first differing line.
  std::istringstream a(actual), e(expected);
  std::string la, le;
  int line = 0;
  while (true) {
    bool ga = static_cast<bool>(std::getline(a, la));
    bool ge = static_cast<bool>(std::getline(e, le));
    ++line;
    if (!ga && !ge) break;
    if (la != le || ga != ge) {
      ADD_FAILURE() << file << ":" << line << " differs\n  expected: " << le
                    << "\n  actual:   " << la;
      return;
    }
  }
}

TEST(Golden, Plans) {
  bool update = std::getenv("GUIHUA_UPDATE_GOLDEN") != nullptr;
  auto units = LoadUnitsFile(GUIHUA_SOURCE_DIR "/data/units/hengyang_units.csv");
  ASSERT_TRUE(units.ok()) << units.status().ToString();
  UnitMatcher matcher(*units);
  Decomposer decomposer(&matcher);
  int cases = 0;
  for (const auto& e : fs::directory_iterator(fs::path(GUIHUA_TEST_DATA) / "golden" / "plans")) {
    if (!e.is_directory()) continue;
    SCOPED_TRACE(e.path().filename().string());
    fs::path input = InputOf(e.path());
    ASSERT_FALSE(input.empty()) << "no input in " << e.path();
    auto doc = document::ReadDocumentFile(input.string());
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    auto plan = ParsePlan(*doc);
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    Check(e.path() / "expected.json", PlanToJson(*plan) + "\n", update);
    Check(e.path() / "expected_tasks.jsonl", TasksJsonl(decomposer.Decompose(*plan)), update);
    ++cases;
  }
  EXPECT_GE(cases, 4);
}

}  // namespace
}  // namespace guihua::plan
