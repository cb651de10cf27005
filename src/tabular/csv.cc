#include "tabular/csv.h"

#include "common/file_io.h"
#include "common/i18n.h"
#include "common/text_encoding.h"

namespace guihua::tabular {

Result<CsvTable> ParseCsv(std::string_view bytes) {
  GH_ASSIGN_OR_RETURN(DecodedText decoded, DecodeText(bytes));
  CsvTable table;
  table.encoding = decoded.encoding;
  const std::string& s = decoded.text;
  size_t i = 0;
  int line = 1;
  while (i < s.size()) {
    CsvRecord rec;
    rec.line = line;
    std::string field;
    bool record_done = false;
    bool any = false;  // the record has content (to skip blank lines)
    while (!record_done) {
      field.clear();
      if (i < s.size() && s[i] == '"') {
        any = true;
        ++i;
        int quote_line = line;
        bool closed = false;
        while (i < s.size()) {
          char c = s[i];
          if (c == '"') {
            if (i + 1 < s.size() && s[i + 1] == '"') {
              field.push_back('"');
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (c == '\n') ++line;
          field.push_back(c);
          ++i;
        }
        if (!closed) {
          return Status::ParseError(
              Msg("第 {} 行：引号没有闭合", "line {}: unterminated quoted field", quote_line));
        }
        if (i < s.size() && s[i] != ',' && s[i] != '\n' && s[i] != '\r') {
          return Status::ParseError(Msg("第 {} 行第 {} 列：引号后面多出了文字",
                                        "line {}, column {}: text after a closing quote", line,
                                        rec.fields.size() + 1));
        }
      } else {
        while (i < s.size() && s[i] != ',' && s[i] != '\n' && s[i] != '\r') field.push_back(s[i++]);
        if (!field.empty()) any = true;
      }
      rec.fields.push_back(field);
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
    if (any) table.records.push_back(std::move(rec));
  }
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
