// common/huge_pages.h: the copies and reservations keep their contents, and on Linux with
// transparent huge pages in "madvise" or "always" mode the advised buffer's mapping becomes
// eligible for them (/proc/self/smaps, THPeligible).
#include "common/huge_pages.h"

#include <gtest/gtest.h>

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
  AdviseHugePages(nullptr, kHugePageMinBytes);  // ignored
  AdviseHugePages(small.data() + 1, 3);         // below the minimum: ignored
}

// The THPeligible flag of the mapping that holds `p`, or -1 when smaps does not say.
int ThpEligible(const void* p) {
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
    if (inside && line.rfind("THPeligible:", 0) == 0) return std::stoi(line.substr(12));
  }
  return -1;
}

TEST(HugePagesTest, AdvisedBufferIsEligibleForHugePages) {
  std::ifstream mode_file("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string mode;
  std::getline(mode_file, mode);
  if (mode.find("[madvise]") == std::string::npos && mode.find("[always]") == std::string::npos) {
    GTEST_SKIP() << "transparent huge pages are off here: " << mode;
  }
  std::vector<char> v;
  ReserveHuge(&v, size_t{64} << 20);
  v.resize(size_t{64} << 20, 'a');
  const int eligible = ThpEligible(v.data() + (size_t{32} << 20));
  if (eligible < 0) GTEST_SKIP() << "smaps has no THPeligible field";
  EXPECT_EQ(eligible, 1);
}

}  // namespace
}  // namespace guihua
