// libFuzzer target for the structure parser and task decomposition: any text must give a
// Plan (or a Status) and a task list, never a crash, hang or sanitizer report. Input bytes
// go through the text reader (encoding detection, line splitting, furniture marking), then
// ParsePlan, then the Decomposer with a small units table.
//
//   ./structure_parser_fuzz -max_total_time=60 fuzz/corpus/structure_parser
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "document/reader.h"
#include "plan/decompose.h"
#include "plan/plan_json.h"
#include "plan/structure.h"
#include "plan/units.h"

namespace {

const guihua::plan::UnitMatcher& Units() {
  static const auto* matcher = [] {
    auto units = guihua::plan::ParseUnitsCsv(
        "name,short_name,type,parent,aliases,keywords\n"
        "衡阳市工业和信息化局,市工信局,government,衡阳市,市经信委,制造业:4;产业链;工业\n"
        "衡阳县,衡阳县,county,衡阳市,,\n");
    return new guihua::plan::UnitMatcher(units.ok() ? *units : std::vector<guihua::plan::Unit>{});
  }();
  return *matcher;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto doc = guihua::document::ReadText(bytes);
  if (!doc.ok()) return 0;
  guihua::document::MarkFurniture(&*doc);
  auto plan = guihua::plan::ParsePlan(*doc);
  if (!plan.ok()) return 0;
  // Offsets must stay inside the document text.
  guihua::plan::VisitNodes(plan->nodes, [&](const guihua::plan::Node& n, const auto&) {
    if (n.source_begin > n.source_end || n.source_end > doc->text.size()) __builtin_trap();
  });
  guihua::plan::Decomposer d(&Units());
  auto tasks = d.Decompose(*plan);
  for (const auto& t : tasks) {
    if (t.text.empty()) __builtin_trap();
  }
  (void)guihua::plan::PlanToJson(*plan);
  return 0;
}
