// The executables' mimalloc settings (app/allocator_tuning.cc): freed memory is kept
// for the next document, and mimalloc's own environment variables still decide when set
// (CTest runs this binary once without and once with them).
#include <gtest/gtest.h>
#include <mimalloc.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace {

long Expected(const char* env) {
  const char* v = std::getenv(env);
  return v == nullptr ? 10'000 : std::stol(v);
}

TEST(AllocatorTuning, KeepsFreedMemoryUnlessTheEnvironmentSays) {
  EXPECT_EQ(mi_option_get(mi_option_decommit_delay), Expected("MIMALLOC_DECOMMIT_DELAY"));
  EXPECT_EQ(mi_option_get(mi_option_segment_decommit_delay),
            Expected("MIMALLOC_SEGMENT_DECOMMIT_DELAY"));
}

TEST(AllocatorTuning, MallocIsMimalloc) {
  // Interposed: memory from malloc is mimalloc's, so the settings above apply to it.
  auto* p = static_cast<char*>(std::malloc(100));
  ASSERT_NE(p, nullptr);
  std::memset(p, 1, 100);
  EXPECT_TRUE(mi_is_in_heap_region(p));
  std::free(p);
}

}  // namespace
