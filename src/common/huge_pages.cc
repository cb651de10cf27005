#include "common/huge_pages.h"

#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace guihua {

void AdviseHugePages(const void* data, size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (data == nullptr || bytes < kHugePageMinBytes) return;
  // madvise wants a page-aligned range: the whole pages inside the buffer (the kernel uses
  // huge pages only for the 2 MiB-aligned stretches of it anyway).
  // Offsets rather than integer-to-pointer casts: the range stays derived from `data`.
  static const auto kPage = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  if (kPage == 0 || (kPage & (kPage - 1)) != 0) return;
  const auto begin = reinterpret_cast<uintptr_t>(data);
  const uintptr_t first = (begin + kPage - 1) & ~(kPage - 1);
  const uintptr_t last = (begin + bytes) & ~(kPage - 1);
  if (last <= first) return;
  auto* start = const_cast<char*>(static_cast<const char*>(data)) + (first - begin);
  // A failure (THP disabled, an old kernel) leaves ordinary pages, which is correct too.
  (void)madvise(start, last - first, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

std::string CopyHuge(std::string_view bytes) {
  std::string s;
  s.reserve(bytes.size());
  AdviseHugePages(s.data(), s.capacity());
  s.append(bytes);
  return s;
}

}  // namespace guihua
