// libFuzzer target for the indicator-side parsers of outside input: target notation, periods,
// and the indicator/observation importers (CSV) feeding the evaluation engine.
//
//   ./indicator_import_fuzz -max_total_time=60 fuzz/corpus/indicator_import
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "indicators/evaluate.h"
#include "indicators/target_notation.h"
#include "service/indicator_import.h"
#include "store/store.h"

namespace {

std::string TempPath(const char* name) {
  return "/tmp/guihua-fuzz-" + std::to_string(getpid()) + "-" + name + ".csv";
}

bool WriteFile(const std::string& path, std::string_view bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  return std::fclose(f) == 0 && ok;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace guihua;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string_view head = bytes.substr(0, 64);
  (void)indicators::ParsePeriod(head);
  (void)indicators::ParseTarget(head, std::nullopt, indicators::Direction::kIncrease, "%");
  (void)indicators::ParseTarget(head, indicators::TargetKind::kFloor,
                                indicators::Direction::kDecrease, "万吨");

  // The input as an indicator table, then as observations against a fixed table.
  auto store = store::NewMemoryStore();
  const std::string table = TempPath("indicators");
  const std::string obs = TempPath("observations");
  if (!WriteFile(table, bytes)) return 0;
  (void)service::ImportIndicatorsFile(*store, table, {});
  if (!WriteFile(table,
                 "code,name,unit,target_kind,baseline_year,baseline,target_year,target\n"
                 "A,a,%,level,2020,10,2025,20\nB,b,%,,2020,5,2025,>7\n"
                 "C,c,%,,2020,,2025,〔13.5〕\nD,d,万吨,floor,2020,6.6,2025,6.5以上\n")) {
    return 0;
  }
  (void)service::ImportIndicatorsFile(*store, table, {});
  if (WriteFile(obs, bytes)) (void)service::ImportObservationsFile(*store, obs, {});
  auto inds = store->LoadIndicators();
  auto got = store->LoadObservations();
  if (inds.ok() && got.ok()) {
    indicators::Evaluator ev(*inds, {});
    ev.AddBulk(*got);
    ev.EvaluateAll();
  }
  std::remove(table.c_str());
  std::remove(obs.c_str());
  return 0;
}
