// libFuzzer target for the CSV reader and the units-table parser built on it.
//
//   ./csv_fuzz -max_total_time=60 fuzz/corpus/csv
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "plan/units.h"
#include "tabular/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)guihua::tabular::ParseCsv(bytes);
  auto units = guihua::plan::ParseUnitsCsv(bytes);
  if (units.ok()) {
    guihua::plan::UnitMatcher m(*units);
    (void)m.Suggest(bytes.substr(0, 512), "");
  }
  return 0;
}
