// WriteXlsxFile / WriteXlsxBytes: write SheetSpecs with libxlsxwriter in the layout offices
// expect: an optional merged title row, a bold grey header row, bordered data cells, column
// widths, frozen header.
//
// Font: every cell we write uses 宋体 (SimSun) 11 pt, the face of official documents, which
// Excel and WPS on Chinese systems have; elsewhere the viewer substitutes a CJK-capable face.
// The workbook's default style stays libxlsxwriter's Calibri 11, so Excel's column width unit
// (the default font's digit width) and so ColumnSpec::width mean what users expect.
//
// Text is made safe for Excel rather than rejected: invalid UTF-8 becomes U+FFFD, a cell is cut
// at Excel's 32,767 characters, and sheet names are cleaned (see SheetName below).
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "common/file_io.h"
#include "common/i18n.h"
#include "common/status.h"
#include "common/utf8.h"
#include "tabular/xlsx.h"

namespace guihua::tabular {
namespace {

constexpr const char* kFontName = "宋体";
constexpr double kFontSize = 11;
constexpr double kTitleFontSize = 16;
constexpr double kTitleRowHeight = 30;
constexpr lxw_color_t kHeaderFill = 0xD9D9D9;  // light grey
constexpr size_t kMaxCellUnits = 32767;        // Excel's limit per cell, in UTF-16 units
constexpr size_t kMaxSheetNameUnits = 31;      // Excel's limit per sheet name
constexpr double kMaxColumnWidth = 255;        // Excel's widest column
constexpr size_t kMaxRows = LXW_ROW_MAX;
constexpr size_t kMaxColumns = LXW_COL_MAX;

// The longest prefix of `s` (valid UTF-8) that fits in `max_units` UTF-16 code units, which is
// how Excel counts characters.
std::string_view TruncateUnits(std::string_view s, size_t max_units) {
  size_t units = 0;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t next = pos;
    char32_t cp = utf8::Decode(s, &next);
    units += cp > 0xFFFF ? 2 : 1;
    if (units > max_units) break;
    pos = next;
  }
  return s.substr(0, pos);
}

std::string CellText(std::string_view s) {
  return std::string(TruncateUnits(utf8::Sanitize(s), kMaxCellUnits));
}

bool SameNameIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
    if (x != y) return false;
  }
  return true;
}

bool NameUsed(std::string_view name, const std::vector<std::string>& used) {
  for (const std::string& u : used) {
    if (SameNameIgnoringCase(name, u)) return true;
  }
  return false;
}

// A name Excel accepts for sheet `index` (0-based): the characters []:*?/\ and control
// characters become "_", apostrophes at either end are dropped, the name is cut to 31
// characters, "History" (reserved by Excel) gets a suffix, an empty name becomes "Sheet<n>",
// and a name already used (case-insensitively) gets "(2)", "(3)"...
std::string SheetName(std::string_view requested, size_t index, std::vector<std::string>* used) {
  std::string clean;
  std::string valid = utf8::Sanitize(requested);
  size_t pos = 0;
  while (pos < valid.size()) {
    char32_t cp = utf8::Decode(valid, &pos);
    bool forbidden = cp < 0x20 || cp == 0x7F ||
                     std::u32string_view(U"[]:*?/\\").find(cp) != std::u32string_view::npos;
    utf8::Append(forbidden ? U'_' : cp, &clean);
  }
  std::string_view name(clean);
  while (!name.empty() && name.front() == '\'') name.remove_prefix(1);
  std::string base(TruncateUnits(name, kMaxSheetNameUnits));
  while (!base.empty() && base.back() == '\'') base.pop_back();
  if (base.empty()) base = "Sheet" + std::to_string(index + 1);
  if (SameNameIgnoringCase(base, "History")) base += "_";

  std::string result = base;
  for (int n = 2; NameUsed(result, *used); ++n) {
    std::string suffix = "(" + std::to_string(n) + ")";
    result = std::string(TruncateUnits(base, kMaxSheetNameUnits - suffix.size())) + suffix;
  }
  used->push_back(result);
  return result;
}

// True when the whole of `text` (spaces around allowed) is a finite number.
bool ParseNumber(std::string_view text, double* value) {
  std::string_view t = utf8::Trim(text);
  if (t.empty()) return false;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), *value);
  return ec == std::errc() && end == t.data() + t.size() && std::isfinite(*value);
}

struct Formats {
  lxw_format* title;
  lxw_format* header;
  lxw_format* data;
  lxw_format* data_wrap;
};

lxw_format* NewFormat(lxw_workbook* workbook) {
  lxw_format* format = workbook_add_format(workbook);
  format_set_font_name(format, kFontName);
  format_set_font_size(format, kFontSize);
  format_set_font_family(format, 3);  // "modern", as Excel itself describes 宋体
  return format;
}

Formats AddFormats(lxw_workbook* workbook) {
  Formats f;
  f.title = NewFormat(workbook);
  format_set_bold(f.title);
  format_set_font_size(f.title, kTitleFontSize);
  format_set_align(f.title, LXW_ALIGN_CENTER);
  format_set_align(f.title, LXW_ALIGN_VERTICAL_CENTER);

  f.header = NewFormat(workbook);
  format_set_bold(f.header);
  format_set_align(f.header, LXW_ALIGN_CENTER);
  format_set_align(f.header, LXW_ALIGN_VERTICAL_CENTER);
  format_set_pattern(f.header, LXW_PATTERN_SOLID);
  format_set_bg_color(f.header, kHeaderFill);
  format_set_border(f.header, LXW_BORDER_THIN);
  format_set_text_wrap(f.header);

  f.data = NewFormat(workbook);
  format_set_border(f.data, LXW_BORDER_THIN);
  format_set_align(f.data, LXW_ALIGN_VERTICAL_TOP);

  f.data_wrap = NewFormat(workbook);
  format_set_border(f.data_wrap, LXW_BORDER_THIN);
  format_set_align(f.data_wrap, LXW_ALIGN_VERTICAL_TOP);
  format_set_text_wrap(f.data_wrap);
  return f;
}

// Collects the first libxlsxwriter error; later calls are skipped once one failed.
class Writer {
 public:
  explicit Writer(lxw_worksheet* sheet) : sheet_(sheet) {}

  void String(lxw_row_t row, lxw_col_t col, std::string_view text, lxw_format* format) {
    if (error_ != LXW_NO_ERROR) return;
    std::string s = CellText(text);
    // An empty string is written as a blank cell that keeps its format (the borders).
    error_ = worksheet_write_string(sheet_, row, col, s.c_str(), format);
  }
  void Number(lxw_row_t row, lxw_col_t col, double value, lxw_format* format) {
    if (error_ == LXW_NO_ERROR) error_ = worksheet_write_number(sheet_, row, col, value, format);
  }
  void Merge(lxw_row_t row, lxw_col_t last_col, std::string_view text, lxw_format* format) {
    if (error_ != LXW_NO_ERROR) return;
    std::string s = CellText(text);
    error_ = worksheet_merge_range(sheet_, row, 0, row, last_col, s.c_str(), format);
  }
  void RowHeight(lxw_row_t row, double height) {
    if (error_ == LXW_NO_ERROR) error_ = worksheet_set_row(sheet_, row, height, nullptr);
  }
  void Column(lxw_col_t col, double width, bool hidden) {
    if (error_ != LXW_NO_ERROR) return;
    lxw_row_col_options options = {};
    options.hidden = hidden ? 1 : 0;
    error_ = worksheet_set_column_opt(sheet_, col, col, width, nullptr, &options);
  }
  lxw_error FirstError() const { return error_; }

 private:
  lxw_worksheet* sheet_;
  lxw_error error_ = LXW_NO_ERROR;
};

lxw_error WriteSheet(const SheetSpec& spec, lxw_worksheet* worksheet, const Formats& formats) {
  Writer w(worksheet);
  size_t width = spec.columns.size();
  for (const std::vector<std::string>& row : spec.rows) width = std::max(width, row.size());
  if (width == 0 && !spec.title.empty()) width = 1;

  lxw_row_t next_row = 0;
  if (!spec.title.empty()) {
    if (width == 1) {
      w.String(next_row, 0, spec.title, formats.title);
    } else {
      w.Merge(next_row, static_cast<lxw_col_t>(width - 1), spec.title, formats.title);
    }
    w.RowHeight(next_row, kTitleRowHeight);
    ++next_row;
  }
  if (!spec.columns.empty()) {
    for (size_t c = 0; c < spec.columns.size(); ++c) {
      w.String(next_row, static_cast<lxw_col_t>(c), spec.columns[c].header, formats.header);
    }
    ++next_row;
  }
  lxw_row_t first_data_row = next_row;

  for (size_t c = 0; c < spec.columns.size(); ++c) {
    const ColumnSpec& column = spec.columns[c];
    double col_width = std::isfinite(column.width) ? column.width : ColumnSpec().width;
    col_width = std::clamp(col_width, 0.0, kMaxColumnWidth);
    w.Column(static_cast<lxw_col_t>(c), col_width, column.hidden);
  }

  // Every cell of the grid is written, empty ones as formatted blanks, so borders stay whole.
  for (const std::vector<std::string>& row : spec.rows) {
    for (size_t c = 0; c < width; ++c) {
      const ColumnSpec* column = c < spec.columns.size() ? &spec.columns[c] : nullptr;
      std::string_view text = c < row.size() ? std::string_view(row[c]) : std::string_view();
      lxw_format* format = column != nullptr && column->wrap ? formats.data_wrap : formats.data;
      double value = 0;
      if (column != nullptr && column->numeric && ParseNumber(text, &value)) {
        w.Number(next_row, static_cast<lxw_col_t>(c), value, format);
      } else {
        w.String(next_row, static_cast<lxw_col_t>(c), text, format);
      }
    }
    ++next_row;
  }

  if (spec.freeze_header && first_data_row > 0) {
    worksheet_freeze_panes(worksheet, first_data_row, 0);
  }
  return w.FirstError();
}

// Checks that `path` can be written before any work, so the error carries errno's reason.
// Opening for append creates the file when missing and leaves an existing one untouched;
// libxlsxwriter replaces it when the workbook is closed.
Status CheckWritable(const std::string& path) {
  errno = 0;
  std::FILE* file = std::fopen(path.c_str(), "ab");
  if (file != nullptr) {
    std::fclose(file);
    return Status::Ok();
  }
  int error = errno;
  std::string reason = std::strerror(error);
  std::string msg = Msg("{}：无法创建文件（{}）", "{}: cannot create the file ({})", path, reason);
  switch (error) {
    case ENOENT:
    case ENOTDIR:
    case EISDIR:
    case ENAMETOOLONG:
      return Status::InvalidArgument(msg);
    case EACCES:
    case EPERM:
    case EROFS:
      return Status::PermissionDenied(msg);
    default:
      return Status::Unavailable(msg);
  }
}

struct WorkbookFree {
  void operator()(lxw_workbook* workbook) const { lxw_workbook_free(workbook); }
};

// Writes the workbook at `path`; messages name it `name` (the path, or "工作簿" for a
// temporary file the caller never sees).
Status WriteWorkbook(const std::string& path, const std::string& name,
                     const std::vector<SheetSpec>& sheets) {
  for (const SheetSpec& spec : sheets) {
    size_t width = spec.columns.size();
    for (const std::vector<std::string>& row : spec.rows) width = std::max(width, row.size());
    size_t height =
        spec.rows.size() + (spec.title.empty() ? 0 : 1) + (spec.columns.empty() ? 0 : 1);
    if (width > kMaxColumns || height > kMaxRows) {
      return Status::InvalidArgument(
          Msg("{}：工作表“{}”有 {} 行 {} 列，超过 Excel 上限（{} 行，{} 列）",
              "{}: sheet \"{}\" has {} rows and {} columns, more than Excel allows ({} rows, {} "
              "columns)",
              name, utf8::Sanitize(spec.name), height, width, kMaxRows, kMaxColumns));
    }
  }
  GH_RETURN_IF_ERROR(CheckWritable(path));

  std::unique_ptr<lxw_workbook, WorkbookFree> workbook(workbook_new(path.c_str()));
  if (workbook == nullptr) {
    return Status::Unavailable(Msg("{}：无法创建工作簿（内存不足）",
                                   "{}: cannot create the workbook (out of memory)", name));
  }
  Formats formats = AddFormats(workbook.get());
  std::vector<std::string> used_names;
  for (size_t i = 0; i < sheets.size(); ++i) {
    std::string sheet = SheetName(sheets[i].name, i, &used_names);
    lxw_worksheet* worksheet = workbook_add_worksheet(workbook.get(), sheet.c_str());
    lxw_error error = worksheet == nullptr ? LXW_ERROR_PARAMETER_VALIDATION
                                           : WriteSheet(sheets[i], worksheet, formats);
    if (error == LXW_NO_ERROR && sheets[i].hidden && i > 0) worksheet_hide(worksheet);
    if (error != LXW_NO_ERROR) {
      return Status::Internal(Msg("{}：写入工作表“{}”失败（{}）",
                                  "{}: writing sheet \"{}\" failed ({})", name, sheet,
                                  lxw_strerror(error)));
    }
  }
  // Excel needs at least one sheet.
  if (sheets.empty()) workbook_add_worksheet(workbook.get(), nullptr);

  lxw_error error = workbook_close(workbook.release());  // frees the workbook in any case
  if (error != LXW_NO_ERROR) {
    std::string msg = Msg("{}：写入失败（{}）", "{}: write failed ({})", name, lxw_strerror(error));
    return error == LXW_ERROR_MEMORY_MALLOC_FAILED ? Status::Internal(msg)
                                                   : Status::Unavailable(msg);
  }
  return Status::Ok();
}

}  // namespace

Status WriteXlsxFile(const std::string& path, const std::vector<SheetSpec>& sheets) {
  try {
    return WriteWorkbook(path, path, sheets);
  } catch (const std::exception& e) {
    return Status::Internal(Msg("{}：写入失败（{}）", "{}: write failed ({})", path, e.what()));
  }
}

Result<std::string> WriteXlsxBytes(const std::vector<SheetSpec>& sheets) {
  // libxlsxwriter writes to memory only from 1.1.5 on (lxw_workbook_options::output_buffer);
  // Debian 12 ships 1.1.4. So: a private temporary file, read back and removed.
  std::string name = Tr("工作簿", "workbook");
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
  if (ec) dir = "/tmp";
  std::string path = (dir / "guihua-xlsx-XXXXXX").string();
  int fd = mkstemp(path.data());
  if (fd < 0) {
    return Status::Unavailable(Msg("{}：无法在 {} 创建临时文件（{}）",
                                   "{}: cannot create a temporary file in {} ({})", name,
                                   dir.string(), std::strerror(errno)));
  }
  close(fd);
  Result<std::string> bytes = [&]() -> Result<std::string> {
    try {
      GH_RETURN_IF_ERROR(WriteWorkbook(path, name, sheets));
      return ReadFileBytes(path, kMaxXlsxBytes);
    } catch (const std::exception& e) {
      return Status::Internal(Msg("{}：写入失败（{}）", "{}: write failed ({})", name, e.what()));
    }
  }();
  std::remove(path.c_str());
  return bytes;
}

}  // namespace guihua::tabular
