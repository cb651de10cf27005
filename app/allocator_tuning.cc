// Settings for mimalloc in the executables that link it (CMake: guihua_link_allocator adds
// this file to each one; the libraries never name an allocator).
//
// mimalloc gives freed memory back to the operating system 25 ms after it is freed (its
// segments 500 ms after). Reading a plan frees hundreds of MB at once (a 50 MB plan's
// paragraphs, nodes and 680 thousand tasks), so the next plan read by the same process — the
// server's next upload, the next file of a batch — gets fresh pages, which the kernel must
// zero again: on this VM that was a tenth of the whole pipeline (bench/parse; README, design
// notes). Freed memory is kept for kRetainMs instead. mimalloc has no thread of its own: the
// memory goes back at the process's next allocation or free after that, so an idle process
// keeps it until its next request. Blocks above mimalloc's large-object size (about 16 MB,
// e.g. a plan's whole text) are unmapped when freed, as before. mimalloc's own environment
// variables (MIMALLOC_DECOMMIT_DELAY, MIMALLOC_SEGMENT_DECOMMIT_DELAY, any case) still win.
#include <mimalloc.h>

// mimalloc 2.1 renamed these options (purge_delay, arena_purge_mult): revisit when it comes.
static_assert(MI_MALLOC_VERSION >= 200 && MI_MALLOC_VERSION < 210,
              "mimalloc options below are those of 2.0.x");

namespace {

constexpr long kRetainMs = 10'000;

// Runs before main(), after mimalloc's own initialisation has read the environment;
// mi_option_set_default leaves an option the environment set alone. The options are read
// whenever memory is about to be returned.
const bool kTuned = [] {
  mi_option_set_default(mi_option_decommit_delay, kRetainMs);
  mi_option_set_default(mi_option_segment_decommit_delay, kRetainMs);
  return true;
}();

}  // namespace
