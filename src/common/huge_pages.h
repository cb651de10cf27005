// Large working buffers (the task list of a national-scale plan runs to hundreds of MB)
// backed by transparent huge pages where the kernel offers them: the kernel then maps and
// zeroes 2 MiB per fault instead of 4 KiB, and the fault count, not the copying, is what
// bounds the decomposition of a 50 MB document on a virtual machine (bench/parse). A hint
// only: contents and behaviour are unchanged, and where it is not supported it does nothing.
// Thread-safe.
//
// Example:
//   std::vector<Task> tasks;
//   ReserveHuge(&tasks, estimated_count);  // reserve(), then the hint if the buffer is large
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace guihua {

// Buffers smaller than this are left to the allocator's ordinary pages.
inline constexpr size_t kHugePageMinBytes = size_t{8} << 20;

// Asks the kernel to back [data, data + bytes) with huge pages (Linux madvise MADV_HUGEPAGE
// over the whole pages inside it; the kernel uses huge pages for its 2 MiB-aligned stretches);
// ignored below kHugePageMinBytes and where unsupported.
void AdviseHugePages(const void* data, size_t bytes);

// v->reserve(n), then AdviseHugePages over the new capacity.
template <typename T>
void ReserveHuge(std::vector<T>* v, size_t n) {
  v->reserve(n);
  AdviseHugePages(v->data(), v->capacity() * sizeof(T));
}

// A copy of `bytes` whose buffer gets the hint before it is written (a document's text).
std::string CopyHuge(std::string_view bytes);

}  // namespace guihua
