#include "tabular/csv.h"

#include <functional>

#include "common/file_io.h"
#include "common/i18n.h"
#include "common/text_encoding.h"

namespace guihua::tabular {

namespace {

// The RFC 4180 scanner over decoded UTF-8 text. `rec` is reused between records (its
// strings keep their capacity), so streaming a large file allocates little.
Status ScanRecords(const std::string& s, const std::function<Status(const CsvRecord&)>& fn) {
  size_t i = 0;
  int line = 1;
  CsvRecord rec;
  size_t used = 0;  // fields of `rec` in use
  auto next_field = [&]() -> std::string& {
    if (used == rec.fields.size()) rec.fields.emplace_back();
    std::string& f = rec.fields[used++];
    f.clear();
    return f;
  };
  while (i < s.size()) {
    rec.line = line;
    used = 0;
    bool record_done = false;
    bool any = false;  // the record has content (to skip blank lines)
    while (!record_done) {
      std::string& field = next_field();
      if (i < s.size() && s[i] == '"') {
        any = true;
        ++i;
        int quote_line = line;
        bool closed = false;
        while (i < s.size()) {
          size_t q = s.find('"', i);
          size_t end = q == std::string::npos ? s.size() : q;
          for (size_t k = i; k < end; ++k) line += s[k] == '\n';
          field.append(s, i, end - i);
          i = end;
          if (q == std::string::npos) break;
          if (i + 1 < s.size() && s[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        if (!closed) {
          return Status::ParseError(
              Msg("第 {} 行：引号没有闭合", "line {}: unterminated quoted field", quote_line));
        }
        if (i < s.size() && s[i] != ',' && s[i] != '\n' && s[i] != '\r') {
          return Status::ParseError(Msg("第 {} 行第 {} 列：引号后面多出了文字",
                                        "line {}, column {}: text after a closing quote", line,
                                        used));
        }
      } else {
        size_t start = i;
        while (i < s.size() && s[i] != ',' && s[i] != '\n' && s[i] != '\r') ++i;
        field.assign(s, start, i - start);
        if (i > start) any = true;
      }
      if (i >= s.size()) {
        record_done = true;
      } else if (s[i] == ',') {
        any = true;
        ++i;
      } else {
        if (s[i] == '\r') ++i;
        if (i < s.size() && s[i] == '\n') ++i;
        ++line;
        record_done = true;
      }
    }
    if (!any) continue;
    // Expose exactly the fields of this record.
    std::vector<std::string> spare;
    if (rec.fields.size() > used) {
      spare.assign(std::make_move_iterator(rec.fields.begin() + static_cast<ptrdiff_t>(used)),
                   std::make_move_iterator(rec.fields.end()));
      rec.fields.resize(used);
    }
    GH_RETURN_IF_ERROR(fn(rec));
    for (std::string& f : spare) rec.fields.push_back(std::move(f));
  }
  return Status::Ok();
}

}  // namespace

Status ForEachCsvRecord(std::string_view bytes, const std::function<Status(const CsvRecord&)>& fn,
                        std::string* encoding) {
  GH_ASSIGN_OR_RETURN(DecodedText decoded, DecodeText(bytes));
  if (encoding) *encoding = decoded.encoding;
  return ScanRecords(decoded.text, fn);
}

Result<CsvTable> ParseCsv(std::string_view bytes) {
  CsvTable table;
  GH_RETURN_IF_ERROR(ForEachCsvRecord(
      bytes,
      [&](const CsvRecord& r) {
        table.records.push_back(r);
        return Status::Ok();
      },
      &table.encoding));
  return table;
}

Result<CsvTable> ReadCsvFile(const std::string& path) {
  GH_ASSIGN_OR_RETURN(std::string bytes, ReadFileBytes(path, kMaxCsvBytes));
  auto t = ParseCsv(bytes);
  if (!t.ok()) return t.status().WithContext(path);
  return t;
}

std::string CsvEscape(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace guihua::tabular
