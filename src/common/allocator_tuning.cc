// Settings for mimalloc in the executables that link it (CMake: guihua_link_allocator adds
// this file to each one; the library itself never names an allocator).
//
// mimalloc gives freed memory back to the operating system 25 ms after it is freed (its
// segments 500 ms after). Reading a plan frees hundreds of MB at once (a 50 MB plan's text,
// paragraphs, nodes and 680 thousand tasks), so the next plan read by the same process — the
// server's next upload, the next file of a batch — gets fresh pages, which the kernel must
// zero again: on this VM that was a tenth of the whole pipeline (bench/parse; README, design
// notes). Freed memory is kept for kRetainMs instead, then returned as before, so an idle
// server still shrinks. An environment variable of mimalloc's own
// (MIMALLOC_DECOMMIT_DELAY, MIMALLOC_SEGMENT_DECOMMIT_DELAY) overrides the setting.
#include <mimalloc.h>

#include <cstdlib>

namespace {

constexpr long kRetainMs = 10'000;

void Retain(mi_option_t option, const char* env) {
  if (std::getenv(env) == nullptr) mi_option_set(option, kRetainMs);
}

// Runs before main(); mimalloc itself is initialised earlier still (its library's
// constructor), and these options are read whenever memory is about to be returned.
const bool kTuned = [] {
  Retain(mi_option_decommit_delay, "MIMALLOC_DECOMMIT_DELAY");
  Retain(mi_option_segment_decommit_delay, "MIMALLOC_SEGMENT_DECOMMIT_DELAY");
  return true;
}();

}  // namespace
