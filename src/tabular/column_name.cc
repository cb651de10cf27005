#include "tabular/xlsx.h"

namespace guihua::tabular {

std::string ColumnName(int index) {
  std::string name;
  int n = index + 1;
  while (n > 0) {
    int r = (n - 1) % 26;
    name.insert(name.begin(), static_cast<char>('A' + r));
    n = (n - 1) / 26;
  }
  return name;
}

}  // namespace guihua::tabular
