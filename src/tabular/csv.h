// CSV reading (RFC 4180: quoted fields, doubled quotes, embedded newlines; comma separator;
// UTF-8 with or without BOM, or GB18030 as Excel in China saves it) for every importer.
// Records keep their 1-based line number so errors can name the row. Thread-safe.
//
// Example:
//   GH_ASSIGN_OR_RETURN(CsvTable t, ParseCsv(bytes));
//   for (const CsvRecord& r : t.records) use(r.line, r.fields);
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace guihua::tabular {

// Largest CSV file we read (bytes).
inline constexpr size_t kMaxCsvBytes = 1u << 30;

struct CsvRecord {
  int line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

struct CsvTable {
  std::string encoding;
  std::vector<CsvRecord> records;  // blank lines skipped; the header is records[0]
};

// Fails with ParseError naming the line for an unterminated quote or text after a closing
// quote, and for bytes that are neither UTF-8 nor GB18030.
Result<CsvTable> ParseCsv(std::string_view bytes);
// The same, streaming: calls fn for each record in order (the record is valid only during
// the call); stops at the first error fn returns. `encoding`, when given, receives the
// detected encoding.
Status ForEachCsvRecord(std::string_view bytes, const std::function<Status(const CsvRecord&)>& fn,
                        std::string* encoding = nullptr);
Result<CsvTable> ReadCsvFile(const std::string& path);

// Quotes a field when it holds a comma, quote, CR or LF.
std::string CsvEscape(std::string_view field);

}  // namespace guihua::tabular
