// ReadXlsx / ReadXlsxFile: .xlsx bytes -> Workbook of text cells. The zip container is opened
// in memory with libzip, the package relationships lead to the workbook, its sheets and the
// shared strings, and pugixml parses each part. Input is untrusted (uploads, the fuzzer): every
// size is checked before the matching allocation and every failure becomes a ParseError.
//
// Limits beyond the header's kMaxXlsxBytes (compressed input and each uncompressed part):
//  - all parts read together: kMaxTotalUnzippedBytes, so many <sheet> entries pointing at one
//    large part cannot multiply the work;
//  - the text kept (shared strings and cells), plus the empty cells padding a row up to its
//    last value: kMaxCellBytes, so a shared string referenced a million times, millions of
//    empty <si/>, or one value in column XFD of every row cannot exhaust memory.
// What stays unbounded by these is pugixml's DOM: a part of kMaxXlsxBytes made of tiny
// elements takes roughly 15 times its size while it is parsed.
#include <zip.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <new>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/file_io.h"
#include "common/i18n.h"
#include "common/status.h"
#include "common/utf8.h"
#include "tabular/xlsx.h"

namespace guihua::tabular {
namespace {

constexpr int kMaxRows = 1'048'576;  // Excel's sheet height
constexpr int kMaxColumns = 16'384;  // Excel's sheet width (A..XFD)
constexpr size_t kMaxTotalUnzippedBytes = 8 * kMaxXlsxBytes;
constexpr size_t kMaxCellBytes = 4 * kMaxXlsxBytes;

Status NotAnXlsx() {
  return Status::ParseError(
      Msg("不是有效的 .xlsx 文件（压缩包损坏或被截断）",
          "not a valid .xlsx file (the zip archive is damaged or truncated)"));
}

// Shortens attacker-sized text before it goes into a message.
std::string Quote(std::string_view s) {
  constexpr size_t kMax = 40;
  if (s.size() <= kMax) return utf8::Sanitize(s);
  return utf8::Sanitize(s.substr(0, kMax)) + "…";
}

// Memory the result may take, charged as it grows (see kMaxCellBytes).
class Budget {
 public:
  Status Charge(size_t bytes) {
    used_ += bytes;
    if (used_ > kMaxCellBytes) {
      return Status::ParseError(Msg("单元格内容超过上限 {} MB（表格过大或过于稀疏）",
                                    "cell content exceeds the limit of {} MB (sheet too large "
                                    "or too sparse)",
                                    kMaxCellBytes >> 20));
    }
    return Status::Ok();
  }

 private:
  size_t used_ = 0;
};

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Zip access

struct ZipDiscard {
  void operator()(zip_t* zip) const { zip_discard(zip); }
};
struct ZipFileClose {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

// A read-only view of the archive. `bytes` must outlive it (libzip reads them in place).
class ZipArchive {
 public:
  static Result<ZipArchive> Open(std::string_view bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    zip_error_fini(&error);
    if (source == nullptr) return NotAnXlsx();
    zip_error_init(&error);
    zip_t* zip = zip_open_from_source(source, ZIP_RDONLY, &error);
    zip_error_fini(&error);
    if (zip == nullptr) {
      zip_source_free(source);  // not taken over on failure
      return NotAnXlsx();
    }
    ZipArchive archive(zip);
    // OPC part names compare case-insensitively. libzip's own case-insensitive lookup scans
    // every entry, which a hostile archive with many entries and many sheets turns quadratic,
    // so index the names once.
    zip_int64_t count = zip_get_num_entries(zip, 0);
    for (zip_int64_t i = 0; i < count; ++i) {
      const char* name = zip_get_name(zip, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
      if (name != nullptr) archive.index_.emplace(AsciiLower(name), i);
    }
    return archive;
  }

  bool Has(const std::string& part) const { return Locate(part) >= 0; }

  // The uncompressed bytes of `part` (a zip entry name without a leading slash).
  Result<std::string> Read(const std::string& part) {
    zip_int64_t index = Locate(part);
    if (index < 0) {
      return Status::ParseError(Msg("缺少部件 {}", "missing part {}", Quote(part)));
    }
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(zip_.get(), static_cast<zip_uint64_t>(index), 0, &stat) != 0) {
      return NotAnXlsx();
    }
    if ((stat.valid & ZIP_STAT_SIZE) != 0 && stat.size > kMaxXlsxBytes) return TooLarge(part);
    std::unique_ptr<zip_file_t, ZipFileClose> file(
        zip_fopen_index(zip_.get(), static_cast<zip_uint64_t>(index), 0));
    if (file == nullptr) {
      return Status::ParseError(Msg("无法解压部件 {}（已加密或压缩方式不受支持）",
                                    "cannot unpack part {} (encrypted or unsupported compression)",
                                    Quote(part)));
    }
    std::string out;
    // The declared size is only a hint from the input; don't let it reserve a lot up front.
    if ((stat.valid & ZIP_STAT_SIZE) != 0) out.reserve(std::min<zip_uint64_t>(stat.size, 1 << 20));
    char buffer[1 << 16];
    for (;;) {
      zip_int64_t n = zip_fread(file.get(), buffer, sizeof(buffer));
      if (n < 0) return NotAnXlsx();
      if (n == 0) break;
      size_t count = static_cast<size_t>(n);
      if (out.size() + count > kMaxXlsxBytes) return TooLarge(part);
      if (total_read_ + count > kMaxTotalUnzippedBytes) {
        return Status::ParseError(Msg("解压后的内容超过上限 {} MB",
                                      "the unpacked content exceeds the limit of {} MB",
                                      kMaxTotalUnzippedBytes >> 20));
      }
      total_read_ += count;
      out.append(buffer, count);
    }
    if (zip_fclose(file.release()) != 0) return NotAnXlsx();  // e.g. CRC mismatch
    return out;
  }

 private:
  explicit ZipArchive(zip_t* zip) : zip_(zip) {}

  zip_int64_t Locate(const std::string& part) const {
    auto it = index_.find(AsciiLower(part));
    return it == index_.end() ? -1 : it->second;
  }

  static Status TooLarge(const std::string& part) {
    return Status::ParseError(Msg("部件 {} 解压后超过上限 {} MB",
                                  "part {} is larger than {} MB when unpacked", Quote(part),
                                  kMaxXlsxBytes >> 20));
  }

  std::unique_ptr<zip_t, ZipDiscard> zip_;
  std::unordered_map<std::string, zip_int64_t> index_;  // lower-cased name -> entry
  size_t total_read_ = 0;
};

// ---------------------------------------------------------------------------------------------
// XML helpers. Producers differ in namespace prefixes (<x:c> from the OpenXML SDK), so elements
// and attributes are matched by local name.

std::string_view LocalName(const char* name) {
  std::string_view s(name);
  size_t colon = s.rfind(':');
  return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

pugi::xml_node Child(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element && LocalName(child.name()) == local) return child;
  }
  return {};
}

template <typename F>
void ForEachChild(pugi::xml_node node, std::string_view local, F f) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element && LocalName(child.name()) == local) f(child);
  }
}

pugi::xml_attribute Attr(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_attribute attr : node.attributes()) {
    if (LocalName(attr.name()) == local) return attr;
  }
  return {};
}

// The character data directly inside `node` (several runs when split by comments or CDATA).
void AppendText(pugi::xml_node node, std::string* out) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      out->append(child.value());
    }
  }
}

std::string Text(pugi::xml_node node) {
  std::string s;
  AppendText(node, &s);
  return s;
}

// Parses `xml` in place; `xml` must outlive `doc`.
Status ParseXml(const std::string& part, std::string* xml, pugi::xml_document* doc) {
  // parse_ws_pcdata_single keeps <t xml:space="preserve"> </t>; other whitespace-only text
  // between elements is dropped.
  pugi::xml_parse_result result = doc->load_buffer_inplace(
      xml->data(), xml->size(), pugi::parse_default | pugi::parse_ws_pcdata_single,
      pugi::encoding_auto);
  if (!result) {
    return Status::ParseError(Msg("部件 {} 的 XML 格式错误（第 {} 字节：{}）",
                                  "malformed XML in part {} (byte {}: {})", Quote(part),
                                  result.offset, result.description()));
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------
// Text conversions

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Reads the code unit of an "_xHHHH_" escape at s[i]; -1 when there is none.
int EscapedUnit(std::string_view s, size_t i) {
  if (i + 7 > s.size() || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_') return -1;
  int unit = 0;
  for (size_t k = i + 2; k < i + 6; ++k) {
    if (!IsHexDigit(s[k])) return -1;
    unsigned char c = static_cast<unsigned char>(s[k]);
    unit = unit * 16 + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
  }
  return unit;
}

// Strings in SpreadsheetML (ST_Xstring) carry characters XML cannot hold as "_xHHHH_" UTF-16
// escapes ("_x000D_" for a carriage return); Excel shows the decoded text, so we return that.
std::string DecodeXstring(std::string s) {
  if (s.find("_x") == std::string::npos) return s;
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    int unit = EscapedUnit(s, i);
    if (unit < 0) {
      out.push_back(s[i++]);
      continue;
    }
    i += 7;
    char32_t cp = static_cast<char32_t>(unit);
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      int low = EscapedUnit(s, i);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        cp = 0x10000 + ((static_cast<char32_t>(unit) - 0xD800) << 10) +
             (static_cast<char32_t>(low) - 0xDC00);
        i += 7;
      } else {
        cp = utf8::kReplacement;
      }
    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
      cp = utf8::kReplacement;
    }
    utf8::Append(cp, &out);
  }
  return out;
}

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// "12.0" -> "12", "1.0E-3" -> "0.001": the shortest text that reads back as the same double.
// Text that is not a finite number comes back unchanged.
std::string FormatNumber(std::string_view v) {
  std::string_view t = TrimAscii(v);
  double d = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), d);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size() || !std::isfinite(d)) {
    return std::string(v);
  }
  if (d == 0) d = 0;  // drop the sign of -0
  char buffer[64];
  auto [out, out_ec] = std::to_chars(buffer, buffer + sizeof(buffer), d);
  if (out_ec != std::errc()) return std::string(v);
  return std::string(buffer, out);
}

std::string FormatBoolean(std::string_view v) {
  std::string_view t = TrimAscii(v);
  if (t == "1" || t == "true") return "TRUE";
  if (t == "0" || t == "false") return "FALSE";
  return std::string(v);
}

// Text of a shared or inline rich string: <t> directly, or the <t> of each <r> run. Phonetic
// guides (<rPh>, furigana over the base text) are not part of the cell's value.
std::string RichText(pugi::xml_node node) {
  std::string s;
  for (pugi::xml_node child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    std::string_view name = LocalName(child.name());
    if (name == "t") {
      AppendText(child, &s);
    } else if (name == "r") {
      ForEachChild(child, "t", [&](pugi::xml_node t) { AppendText(t, &s); });
    }
  }
  return DecodeXstring(std::move(s));
}

// ---------------------------------------------------------------------------------------------
// Cell references

// Parses a row number ("12", as in a row's r attribute) within Excel's sheet height.
bool ParseRowNumber(std::string_view s, int* row) {
  if (s.empty() || s.size() > 7 || s[0] == '0') return false;
  int r = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    r = r * 10 + (c - '0');
  }
  if (r > kMaxRows) return false;
  *row = r;
  return true;
}

// Parses "B12" into column 1 (0-based) and row 12 (1-based) within Excel's sheet size.
bool ParseCellRef(std::string_view ref, int* column, int* row) {
  size_t i = 0;
  int col = 0;
  while (i < ref.size() && i < 4) {
    char c = ref[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    col = col * 26 + (c - 'A' + 1);
    ++i;
  }
  if (i == 0 || i > 3 || col > kMaxColumns) return false;
  if (!ParseRowNumber(ref.substr(i), row)) return false;
  *column = col - 1;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Package structure

struct Relationship {
  std::string type;    // full URI; compared by its last segment
  std::string target;  // resolved part name, no leading slash
};

// The relationships part for `part`: "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels".
std::string RelsPartFor(const std::string& part) {
  size_t slash = part.rfind('/');
  std::string dir = slash == std::string::npos ? "" : part.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? part : part.substr(slash + 1);
  return dir + "_rels/" + base + ".rels";
}

// Resolves a relationship target against the folder of its source part. Targets are relative
// ("worksheets/sheet1.xml", "../sharedStrings.xml") or absolute ("/xl/worksheets/sheet1.xml").
std::string ResolveTarget(const std::string& source_part, std::string_view target) {
  std::vector<std::string_view> segments;
  std::string base;
  if (!target.empty() && target[0] == '/') {
    target.remove_prefix(1);
  } else {
    size_t slash = source_part.rfind('/');
    if (slash != std::string::npos) base = source_part.substr(0, slash + 1);
  }
  std::string joined = base + std::string(target);
  std::string_view rest(joined);
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view seg = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
      continue;
    }
    segments.push_back(seg);
  }
  std::string out;
  for (std::string_view seg : segments) {
    if (!out.empty()) out.push_back('/');
    out.append(seg);
  }
  return out;
}

bool TypeIs(const std::string& type, std::string_view last_segment) {
  size_t slash = type.rfind('/');
  std::string_view tail = slash == std::string::npos ? std::string_view(type)
                                                     : std::string_view(type).substr(slash + 1);
  return tail == last_segment;
}

// Reads the relationships of `source_part` by id. A missing .rels part is an empty map.
Result<std::map<std::string, Relationship>> ReadRelationships(ZipArchive* zip,
                                                              const std::string& source_part) {
  std::map<std::string, Relationship> rels;
  std::string rels_part = RelsPartFor(source_part);
  if (!zip->Has(rels_part)) return rels;
  GH_ASSIGN_OR_RETURN(std::string xml, zip->Read(rels_part));
  pugi::xml_document doc;
  GH_RETURN_IF_ERROR(ParseXml(rels_part, &xml, &doc));
  pugi::xml_node root = doc.document_element();
  ForEachChild(root, "Relationship", [&](pugi::xml_node rel) {
    if (std::string_view(Attr(rel, "TargetMode").value()) == "External") return;
    Relationship r;
    r.type = Attr(rel, "Type").value();
    r.target = ResolveTarget(source_part, Attr(rel, "Target").value());
    rels.emplace(Attr(rel, "Id").value(), std::move(r));
  });
  return rels;
}

// The workbook part, normally xl/workbook.xml, found through the package's _rels/.rels.
Result<std::string> FindWorkbookPart(ZipArchive* zip) {
  GH_ASSIGN_OR_RETURN(auto package_rels, ReadRelationships(zip, ""));
  for (const auto& [id, rel] : package_rels) {
    if (TypeIs(rel.type, "officeDocument") && zip->Has(rel.target)) return rel.target;
  }
  if (zip->Has("xl/workbook.xml")) return std::string("xl/workbook.xml");
  return Status::ParseError(Msg("不是 Excel 工作簿（找不到 xl/workbook.xml）",
                                "not an Excel workbook (no xl/workbook.xml)"));
}

Result<std::vector<std::string>> ReadSharedStrings(ZipArchive* zip, const std::string& part,
                                                   Budget* budget) {
  std::vector<std::string> strings;
  GH_ASSIGN_OR_RETURN(std::string xml, zip->Read(part));
  pugi::xml_document doc;
  GH_RETURN_IF_ERROR(ParseXml(part, &xml, &doc));
  // No reserve from the count attribute: it is input, not a promise.
  for (pugi::xml_node si : doc.document_element().children()) {
    if (si.type() != pugi::node_element || LocalName(si.name()) != "si") continue;
    std::string text = utf8::Sanitize(RichText(si));
    GH_RETURN_IF_ERROR(budget->Charge(sizeof(std::string) + text.size()));
    strings.push_back(std::move(text));
  }
  return strings;
}

// ---------------------------------------------------------------------------------------------
// Worksheets

class SheetReader {
 public:
  SheetReader(const std::vector<std::string>& shared, Budget* budget)
      : shared_(shared), budget_(budget) {}

  Status Read(const std::string& part, std::string* xml, Sheet* sheet) {
    pugi::xml_document doc;
    GH_RETURN_IF_ERROR(ParseXml(part, xml, &doc));
    pugi::xml_node data = Child(doc.document_element(), "sheetData");
    int last_row = 0;
    for (pugi::xml_node row_node : data.children()) {
      if (row_node.type() != pugi::node_element || LocalName(row_node.name()) != "row") continue;
      GH_ASSIGN_OR_RETURN(int number, RowNumber(row_node, last_row));
      last_row = number;
      Row row;
      row.number = number;
      GH_RETURN_IF_ERROR(ReadCells(row_node, &row));
      if (row.cells.empty()) continue;
      GH_RETURN_IF_ERROR(budget_->Charge(sizeof(Row)));
      sheet->rows.push_back(std::move(row));
    }
    return Status::Ok();
  }

 private:
  // The row's r attribute; else the row of its first referenced cell; else the next row.
  Result<int> RowNumber(pugi::xml_node row_node, int last_row) {
    if (pugi::xml_attribute r = Attr(row_node, "r")) {
      int number = 0;
      if (!ParseRowNumber(r.value(), &number)) {
        return Status::ParseError(Msg("行号“{}”无效（应为 1 到 {}）",
                                      "invalid row number \"{}\" (must be 1 to {})",
                                      Quote(r.value()), kMaxRows));
      }
      return number;
    }
    for (pugi::xml_node c : row_node.children()) {
      if (c.type() != pugi::node_element || LocalName(c.name()) != "c") continue;
      pugi::xml_attribute ref = Attr(c, "r");
      int column = 0;
      int number = 0;
      if (ref && ParseCellRef(ref.value(), &column, &number)) return number;
      break;
    }
    if (last_row >= kMaxRows) {
      return Status::ParseError(
          Msg("行数超过 Excel 上限 {}", "more rows than Excel's limit of {}", kMaxRows));
    }
    return last_row + 1;
  }

  Status ReadCells(pugi::xml_node row_node, Row* row) {
    int last_column = -1;
    for (pugi::xml_node c : row_node.children()) {
      if (c.type() != pugi::node_element || LocalName(c.name()) != "c") continue;
      int column = last_column + 1;
      if (pugi::xml_attribute ref = Attr(c, "r")) {
        int ref_row = 0;
        if (!ParseCellRef(ref.value(), &column, &ref_row)) {
          return Status::ParseError(Msg("第 {} 行：单元格引用“{}”无效",
                                        "row {}: invalid cell reference \"{}\"", row->number,
                                        Quote(ref.value())));
        }
      }
      if (column >= kMaxColumns) {
        return Status::ParseError(Msg("第 {} 行：列数超过 Excel 上限 {}",
                                      "row {}: more columns than Excel's limit of {}", row->number,
                                      kMaxColumns));
      }
      last_column = column;
      GH_ASSIGN_OR_RETURN(std::string text, CellText(c, row->number, column));
      if (text.empty()) continue;
      size_t size = row->cells.size();
      size_t padding = static_cast<size_t>(column) + 1 > size ? column + 1 - size : 0;
      GH_RETURN_IF_ERROR(budget_->Charge(padding * sizeof(std::string) + text.size()));
      if (padding > 0) row->cells.resize(static_cast<size_t>(column) + 1);
      row->cells[static_cast<size_t>(column)] = std::move(text);
    }
    return Status::Ok();
  }

  Result<std::string> CellText(pugi::xml_node c, int row, int column) {
    std::string_view type = Attr(c, "t").value();
    if (type == "inlineStr") return utf8::Sanitize(RichText(Child(c, "is")));
    pugi::xml_node v = Child(c, "v");
    if (!v) return std::string();
    std::string value = Text(v);
    if (type.empty() || type == "n") return FormatNumber(value);
    if (type == "s") {
      std::string_view t = TrimAscii(value);
      size_t index = 0;
      auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), index);
      if (t.empty() || ec != std::errc() || end != t.data() + t.size() || index >= shared_.size()) {
        return Status::ParseError(Msg("单元格 {}{}：共享字符串编号“{}”无效",
                                      "cell {}{}: invalid shared string index \"{}\"",
                                      ColumnName(column), row, Quote(value)));
      }
      return shared_[index];
    }
    if (type == "b") return FormatBoolean(value);
    if (type == "str") return utf8::Sanitize(DecodeXstring(std::move(value)));
    // "e" (#DIV/0!, #N/A...), "d" (ISO 8601 dates) and unknown types: the stored text.
    return utf8::Sanitize(value);
  }

  const std::vector<std::string>& shared_;
  Budget* budget_;
};

Result<Workbook> ReadWorkbook(ZipArchive* zip) {
  GH_ASSIGN_OR_RETURN(std::string workbook_part, FindWorkbookPart(zip));
  GH_ASSIGN_OR_RETURN(auto rels, ReadRelationships(zip, workbook_part));

  Budget budget;
  std::vector<std::string> shared;
  std::string shared_part;
  for (const auto& [id, rel] : rels) {
    if (TypeIs(rel.type, "sharedStrings")) shared_part = rel.target;
  }
  if (shared_part.empty() && zip->Has("xl/sharedStrings.xml")) {
    shared_part = "xl/sharedStrings.xml";
  }
  if (!shared_part.empty() && zip->Has(shared_part)) {
    GH_ASSIGN_OR_RETURN(shared, ReadSharedStrings(zip, shared_part, &budget));
  }

  GH_ASSIGN_OR_RETURN(std::string workbook_xml, zip->Read(workbook_part));
  pugi::xml_document doc;
  GH_RETURN_IF_ERROR(ParseXml(workbook_part, &workbook_xml, &doc));
  pugi::xml_node sheets = Child(doc.document_element(), "sheets");

  Workbook workbook;
  SheetReader reader(shared, &budget);
  for (pugi::xml_node node : sheets.children()) {
    if (node.type() != pugi::node_element || LocalName(node.name()) != "sheet") continue;
    std::string name = utf8::Sanitize(Attr(node, "name").value());
    // r:id names the relationship; match the local name "id" under any prefix.
    std::string id;
    for (pugi::xml_attribute attr : node.attributes()) {
      std::string_view full(attr.name());
      if (full.find(':') != std::string_view::npos && LocalName(attr.name()) == "id") {
        id = attr.value();
      }
    }
    auto rel = rels.find(id);
    if (rel == rels.end()) {
      return Status::ParseError(Msg("工作表“{}”在 {} 中没有对应的部件",
                                    "sheet \"{}\" has no part in {}", Quote(name),
                                    RelsPartFor(workbook_part)));
    }
    // Chart sheets, dialog sheets and macro sheets hold no cells.
    if (!TypeIs(rel->second.type, "worksheet")) continue;
    Sheet sheet;
    sheet.name = name;
    Result<std::string> xml = zip->Read(rel->second.target);
    Status status = xml.ok() ? reader.Read(rel->second.target, &*xml, &sheet) : xml.status();
    if (!status.ok()) {
      return status.WithContext(Msg("工作表“{}”", "sheet \"{}\"", Quote(name)));
    }
    workbook.sheets.push_back(std::move(sheet));
  }
  return workbook;
}

}  // namespace

Result<Workbook> ReadXlsx(std::string_view bytes) {
  if (bytes.empty()) return Status::ParseError(Msg("文件是空的", "the file is empty"));
  if (bytes.size() > kMaxXlsxBytes) {
    return Status::ParseError(Msg("文件太大（{} 字节，上限 {} MB）",
                                  "file too large ({} bytes, limit {} MB)", bytes.size(),
                                  kMaxXlsxBytes >> 20));
  }
  if (bytes.size() >= 4 && std::memcmp(bytes.data(), "\xD0\xCF\x11\xE0", 4) == 0) {
    return Status::ParseError(
        Msg("这是旧版 Excel（.xls）文件或加密的工作簿，请另存为不加密的 .xlsx 后再导入",
            "this is a legacy Excel (.xls) file or an encrypted workbook; save it as an "
            "unencrypted .xlsx and import that"));
  }
  try {
    GH_ASSIGN_OR_RETURN(ZipArchive zip, ZipArchive::Open(bytes));
    return ReadWorkbook(&zip);
  } catch (const std::bad_alloc&) {
    return Status::ParseError(
        Msg("内存不足，工作簿太大", "out of memory: the workbook is too large"));
  } catch (const std::exception& e) {
    return Status::Internal(Msg("读取 .xlsx 时出错：{}", "error reading .xlsx: {}", e.what()));
  } catch (...) {
    return Status::Internal(Msg("读取 .xlsx 时出错", "error reading .xlsx"));
  }
}

Result<Workbook> ReadXlsxFile(const std::string& path) {
  GH_ASSIGN_OR_RETURN(std::string bytes, ReadFileBytes(path, kMaxXlsxBytes));
  Result<Workbook> workbook = ReadXlsx(bytes);
  if (!workbook.ok()) return workbook.status().WithContext(path);
  return workbook;
}

}  // namespace guihua::tabular
