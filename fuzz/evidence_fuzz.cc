// libFuzzer target for what an upload and a report carry from outside: the evidence type
// sniffer, file-name sanitising, content-addressed paths, and value/round validation of
// arbitrary period and date strings. Checks the invariants, not just the absence of crashes.
//
//   ./evidence_fuzz -max_total_time=60 fuzz/corpus/evidence
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/utf8.h"
#include "workflow/evidence.h"
#include "workflow/reporting.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The first line is the file name, the rest the content.
  size_t nl = bytes.find('\n');
  std::string_view name = bytes.substr(0, nl == std::string_view::npos ? bytes.size() : nl);
  std::string_view content = nl == std::string_view::npos ? "" : bytes.substr(nl + 1);

  std::string safe = guihua::workflow::SanitizeFileName(name);
  if (safe.empty() || safe.size() > 200 || !guihua::utf8::IsValid(safe) ||
      safe.find_first_of("/\\\"\r\n") != std::string::npos) {
    std::abort();
  }
  (void)guihua::workflow::EvidenceType(safe, content);
  auto path = guihua::workflow::EvidencePath("/evidence", name);
  if (path.ok() && path->find("..") != std::string::npos) std::abort();

  guihua::workflow::Round round;
  round.id = 1;
  round.name = "r";
  round.period = std::string(name.substr(0, 16));
  round.due_on = std::string(content.substr(0, 10));
  (void)guihua::workflow::ValidateRound(round);
  round.period = "2024-Q2";
  guihua::workflow::ValueContent v;
  v.indicator = "X";
  v.region = "R";
  v.period = std::string(name);
  (void)guihua::workflow::ValidateValue(&v, round);
  return 0;
}
