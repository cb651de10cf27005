// common/huge_pages.h: the copies and reservations keep their contents, and on a Linux
// kernel with transparent huge pages the advised buffer's mapping carries the advice (the
// "hg" flag in /proc/self/smaps VmFlags), whatever the system-wide THP mode.
#include "common/huge_pages.h"

#include <gtest/gtest.h>
#include <sys/mman.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace guihua {
namespace {

TEST(HugePagesTest, CopyHugeKeepsTheBytes) {
  EXPECT_EQ(CopyHuge(""), "");
  EXPECT_EQ(CopyHuge("衡阳"), "衡阳");
  std::string big(kHugePageMinBytes + 12345, 'x');
  big[7] = '\0';
  big.back() = 'y';
  EXPECT_EQ(CopyHuge(big), big);
}

TEST(HugePagesTest, ReserveHugeReserves) {
  std::vector<int64_t> v{1, 2, 3};
  ReserveHuge(&v, kHugePageMinBytes / sizeof(int64_t) + 1);
  EXPECT_GE(v.capacity(), kHugePageMinBytes / sizeof(int64_t) + 1);
  EXPECT_EQ(v, (std::vector<int64_t>{1, 2, 3}));
  std::vector<char> small;
  ReserveHuge(&small, 10);
  EXPECT_GE(small.capacity(), 10u);
}

// The VmFlags line of the mapping that holds `p`, or "" when smaps does not say.
std::string VmFlags(const void* p) {
  std::ifstream smaps("/proc/self/smaps");
  const auto addr = reinterpret_cast<uintptr_t>(p);
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    uintptr_t lo = 0;
    uintptr_t hi = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> lo >> dash >> hi && dash == '-' && line.find(':') > line.find(' ')) {
      inside = lo <= addr && addr < hi;
      continue;
    }
    if (inside && line.rfind("VmFlags:", 0) == 0) return line.substr(8) + " ";
  }
  return "";
}

TEST(HugePagesTest, LargeBuffersAreAdvisedSmallOnesAreNot) {
  if (!std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled")) {
    GTEST_SKIP() << "no transparent huge pages in this kernel";
  }
  std::vector<char> v;
  ReserveHuge(&v, size_t{64} << 20);
  v.resize(size_t{64} << 20, 'a');
  const std::string flags = VmFlags(v.data() + (size_t{32} << 20));
  if (flags.empty()) GTEST_SKIP() << "smaps has no VmFlags";
  EXPECT_NE(flags.find(" hg "), std::string::npos) << flags;
  EXPECT_EQ(v[12345], 'a');
  // Below kHugePageMinBytes nothing is advised: a fresh mapping of its own stays plain.
  const size_t small = kHugePageMinBytes / 2;
  void* m = mmap(nullptr, small, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(m, MAP_FAILED);
  AdviseHugePages(m, small);
  EXPECT_EQ(VmFlags(m).find(" hg "), std::string::npos) << VmFlags(m);
  munmap(m, small);
  AdviseHugePages(nullptr, kHugePageMinBytes);  // ignored
}

}  // namespace
}  // namespace guihua
