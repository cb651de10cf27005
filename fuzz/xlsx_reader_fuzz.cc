// libFuzzer target for tabular::ReadXlsx: any bytes must give a Workbook or a Status, never a
// crash, hang or sanitizer report.
//
// Mutating a real .xlsx rarely gets past the zip layer (deflate, CRC-32), so input that
// starts with '<' is taken as XML and packed into a minimal workbook first:
//   <sheet1.xml bytes> [ '\0' <sharedStrings.xml bytes> ]
// Anything else goes to ReadXlsx as it is. Seeds: fuzz/corpus/xlsx_reader/ (small fixtures
// from tests/golden/xlsx/ and sheet XML). Needs libzip besides guihua_tabular.
//
//   ./xlsx_reader_fuzz -max_total_time=60 fuzz/corpus/xlsx_reader
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tabular/xlsx.h"

namespace {

constexpr std::string_view kPackageRels =
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/)"
    R"(relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)";
constexpr std::string_view kWorkbook =
    R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
    R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)"
    R"(<sheets><sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>)";
constexpr std::string_view kWorkbookRels =
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/)"
    R"(relationships/worksheet" Target="worksheets/sheet1.xml"/>)"
    R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/)"
    R"(relationships/sharedStrings" Target="/xl/sharedStrings.xml"/></Relationships>)";

// Packs the parts into an uncompressed zip in memory; empty on any libzip failure.
std::string Pack(const std::vector<std::pair<const char*, std::string_view>>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_error_fini(&error);
  if (buffer == nullptr) return {};
  zip_source_keep(buffer);  // still needed after zip_close to read the result
  zip_t* zip = zip_open_from_source(buffer, ZIP_TRUNCATE, nullptr);
  if (zip == nullptr) {
    zip_source_free(buffer);
    zip_source_free(buffer);
    return {};
  }
  for (const auto& [name, data] : parts) {
    zip_source_t* source = zip_source_buffer(zip, data.data(), data.size(), 0);
    zip_int64_t index = source == nullptr ? -1 : zip_file_add(zip, name, source, 0);
    if (index < 0) {
      zip_source_free(source);
      continue;
    }
    zip_set_file_compression(zip, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
  }
  std::string out;
  if (zip_close(zip) != 0) {
    zip_discard(zip);
  } else if (zip_source_open(buffer) == 0) {
    char chunk[4096];
    zip_int64_t n;
    while ((n = zip_source_read(buffer, chunk, sizeof(chunk))) > 0) {
      out.append(chunk, static_cast<size_t>(n));
    }
    zip_source_close(buffer);
  }
  zip_source_free(buffer);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string packed;
  if (!input.empty() && input[0] == '<') {
    size_t nul = input.find('\0');
    std::string_view sheet = input.substr(0, nul);
    std::vector<std::pair<const char*, std::string_view>> parts = {
        {"_rels/.rels", kPackageRels},
        {"xl/workbook.xml", kWorkbook},
        {"xl/_rels/workbook.xml.rels", kWorkbookRels},
        {"xl/worksheets/sheet1.xml", sheet},
    };
    if (nul != std::string_view::npos)
      parts.push_back({"xl/sharedStrings.xml", input.substr(nul + 1)});
    packed = Pack(parts);
    if (packed.empty()) return 0;
    input = packed;
  }
  guihua::Result<guihua::tabular::Workbook> workbook = guihua::tabular::ReadXlsx(input);
  // Walk the result so every string is touched.
  size_t total = workbook.ok() ? 0 : workbook.status().message().size();
  if (workbook.ok()) {
    for (const auto& sheet : workbook->sheets) {
      total += sheet.name.size();
      for (const auto& row : sheet.rows) {
        for (const auto& cell : row.cells) total += cell.size() + static_cast<size_t>(row.number);
      }
    }
  }
  // Keep the walk from being optimised away.
  asm volatile("" : : "r"(total) : "memory");
  return 0;
}
