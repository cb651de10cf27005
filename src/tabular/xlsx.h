// Reading and writing .xlsx workbooks for the files offices exchange (任务分解表, indicator
// and observation sheets). Reading uses libzip + pugixml and returns every cell as text, with
// Excel row numbers kept so messages can say "row 12"; writing uses libxlsxwriter with the
// layout offices expect (optional merged title row, bold header, frozen header, column
// widths, wrapped text, borders). Functions are thread-safe; they share no state.
//
// Example:
//   GH_ASSIGN_OR_RETURN(Workbook wb, ReadXlsxFile("任务分解表.xlsx"));
//   for (const Row& r : wb.sheets[0].rows) use(r.number, r.cells);
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace guihua::tabular {

struct Row {
  int number = 0;                  // 1-based Excel row number
  std::vector<std::string> cells;  // cell text by column (A = 0); trailing empties trimmed
};

struct Sheet {
  std::string name;
  std::vector<Row> rows;  // only rows that hold at least one non-empty cell, in order
};

struct Workbook {
  std::vector<Sheet> sheets;  // in workbook order
};

// Largest workbook we accept, compressed and uncompressed (bytes).
inline constexpr size_t kMaxXlsxBytes = 64u << 20;

// Reads every sheet. Shared strings, inline strings, numbers (shortest round-trip text,
// "12" not "12.0"), booleans ("TRUE"/"FALSE") and cached formula results are returned as
// text. Dates stay as the serial number text. Errors (ParseError) name the problem: not a
// zip / truncated, not a workbook, malformed XML in a named part, too large.
Result<Workbook> ReadXlsx(std::string_view bytes);
Result<Workbook> ReadXlsxFile(const std::string& path);

struct ColumnSpec {
  std::string header;
  double width = 12;     // Excel character units
  bool wrap = false;     // wrap text in data cells
  bool numeric = false;  // write cells that parse as numbers as numbers
  bool hidden = false;
};

struct SheetSpec {
  std::string name;
  std::string title;  // when set: a merged, bold, centred title row above the header
  std::vector<ColumnSpec> columns;
  std::vector<std::vector<std::string>> rows;
  bool freeze_header = true;  // freeze the rows above the first data row
  bool hidden = false;        // hide the sheet (not honoured for the first sheet)
};

// Writes a new workbook at `path` (overwriting). Errors name the path.
Status WriteXlsxFile(const std::string& path, const std::vector<SheetSpec>& sheets);
// The same workbook as bytes, for a download. Goes through a private temporary file that is
// removed before returning; Unavailable when none can be created.
//
// Example:
//   GH_ASSIGN_OR_RETURN(std::string xlsx, WriteXlsxBytes({spec}));
Result<std::string> WriteXlsxBytes(const std::vector<SheetSpec>& sheets);

// Column letters for a 0-based index: 0 -> "A", 26 -> "AA".
std::string ColumnName(int index);

}  // namespace guihua::tabular
