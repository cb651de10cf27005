#include "service/indicator_import.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "common/file_io.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "indicators/aggregate.h"
#include "indicators/target_notation.h"
#include "service/data_gen.h"
#include "tabular/csv.h"
#include "tabular/xlsx.h"

namespace guihua::service {
namespace {

using indicators::Indicator;
using indicators::Observation;
using indicators::Region;

// A table read from CSV or the first sheet of an xlsx file, with each row's number as the
// user sees it (CSV line, Excel row).
struct Table {
  std::vector<std::string> header;
  struct Row {
    int number = 0;
    std::vector<std::string> cells;
  };
  std::vector<Row> rows;
};

bool EndsWith(const std::string& s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  std::string tail = s.substr(s.size() - suffix.size());
  std::transform(tail.begin(), tail.end(), tail.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return tail == suffix;
}

Result<Table> ReadTable(const std::string& path) {
  Table t;
  if (EndsWith(path, ".xlsx")) {
    GH_ASSIGN_OR_RETURN(tabular::Workbook wb, tabular::ReadXlsxFile(path));
    if (wb.sheets.empty() || wb.sheets[0].rows.empty()) {
      return Status::InvalidArgument(Msg("{}：工作表是空的", "{}: the sheet is empty", path));
    }
    const auto& rows = wb.sheets[0].rows;
    t.header = rows[0].cells;
    for (size_t i = 1; i < rows.size(); ++i) t.rows.push_back({rows[i].number, rows[i].cells});
    return t;
  }
  GH_ASSIGN_OR_RETURN(tabular::CsvTable csv, tabular::ReadCsvFile(path));
  if (csv.records.empty()) {
    return Status::InvalidArgument(Msg("{}：文件是空的", "{}: the file is empty", path));
  }
  t.header = csv.records[0].fields;
  t.rows.reserve(csv.records.size() - 1);
  for (size_t i = 1; i < csv.records.size(); ++i) {
    t.rows.push_back({csv.records[i].line, std::move(csv.records[i].fields)});
  }
  return t;
}

// Streams a CSV file or the first sheet of an xlsx file: on_header(cells) once, then
// on_row(row number, cells) for each data row. CSV files are never held as a table.
Status ForEachTableRow(const std::string& path,
                       const std::function<Status(const std::vector<std::string>&)>& on_header,
                       const std::function<void(int, const std::vector<std::string>&)>& on_row) {
  if (EndsWith(path, ".xlsx")) {
    GH_ASSIGN_OR_RETURN(Table t, ReadTable(path));
    GH_RETURN_IF_ERROR(on_header(t.header));
    for (const Table::Row& r : t.rows) on_row(r.number, r.cells);
    return Status::Ok();
  }
  GH_ASSIGN_OR_RETURN(std::string bytes, ReadFileBytes(path, tabular::kMaxCsvBytes));
  bool header = true;
  Status header_status;  // already names the file
  Status s = tabular::ForEachCsvRecord(bytes, [&](const tabular::CsvRecord& r) {
    if (header) {
      header = false;
      header_status = on_header(r.fields);
      return header_status;
    }
    on_row(r.line, r.fields);
    return Status::Ok();
  });
  if (!header_status.ok()) return header_status;
  if (!s.ok()) return s.WithContext(path);
  if (header) return Status::InvalidArgument(Msg("{}：文件是空的", "{}: the file is empty", path));
  return Status::Ok();
}

// Columns of a contract: an English name and the Chinese names accepted for it.
struct ColumnName {
  const char* key;
  std::initializer_list<const char*> names;
  bool required;
};

// Maps contract keys to column indexes; unknown columns are "extra" (kept as remarks).
struct Columns {
  std::map<std::string, int> index;
  std::vector<std::pair<int, std::string>> extra;  // (column, header)
  int Get(const std::string& key) const {
    auto it = index.find(key);
    return it == index.end() ? -1 : it->second;
  }
};

Result<Columns> MapColumns(const std::string& file, const std::vector<std::string>& header,
                           std::initializer_list<ColumnName> contract) {
  Columns c;
  std::vector<bool> used(header.size(), false);
  for (const ColumnName& col : contract) {
    for (size_t i = 0; i < header.size(); ++i) {
      std::string h(utf8::Trim(header[i]));
      std::transform(h.begin(), h.end(), h.begin(), [](unsigned char ch) {
        return ch < 0x80 ? static_cast<char>(std::tolower(ch)) : static_cast<char>(ch);
      });
      bool match = h == col.key;
      for (const char* n : col.names) match |= h == n;
      if (match && !used[i]) {
        c.index[col.key] = static_cast<int>(i);
        used[i] = true;
        break;
      }
    }
    if (col.required && !c.index.count(col.key)) {
      std::string zh = col.names.size() ? *col.names.begin() : col.key;
      return Status::InvalidArgument(Msg("{}，第 1 行：缺少“{}”（{}）列",
                                         "{}, row 1: missing column \"{}\" ({})", file, col.key,
                                         zh));
    }
  }
  for (size_t i = 0; i < header.size(); ++i) {
    std::string h(utf8::Trim(header[i]));
    if (!used[i] && !h.empty()) c.extra.emplace_back(static_cast<int>(i), h);
  }
  return c;
}

// Collects row errors; the import fails with all of them listed.
class Errors {
 public:
  explicit Errors(std::string file) : file_(std::move(file)) {}
  void Add(int row, const std::string& column, const std::string& msg) {
    ++count_;
    if (lines_.size() < kMaxListed) {
      lines_.push_back(
          Msg("{}，第 {} 行，列 {}：{}", "{}, row {}, column {}: {}", file_, row, column, msg));
    }
  }
  bool empty() const { return count_ == 0; }
  Status ToStatus() const {
    std::string msg;
    for (const std::string& l : lines_) msg += (msg.empty() ? "" : "\n") + l;
    if (count_ > lines_.size()) {
      msg += Msg("\n……共 {} 处错误", "\n… {} errors in all", count_);
    }
    msg += Tr("\n未写入任何数据。", "\nNothing was written.");
    return Status::InvalidArgument(msg);
  }

 private:
  static constexpr size_t kMaxListed = 50;
  std::string file_;
  std::vector<std::string> lines_;
  size_t count_ = 0;
};

std::string Cell(const Table::Row& r, int col) {
  if (col < 0 || static_cast<size_t>(col) >= r.cells.size()) return "";
  return std::string(utf8::Trim(r.cells[static_cast<size_t>(col)]));
}

// A number as offices write it: "1,234.5", "７.５", "7.5%". Blank is nullopt (unknown).
std::optional<double> ParseNumber(const std::string& cell, bool* ok) {
  *ok = true;
  std::string s;
  size_t i = 0;
  while (i < cell.size()) {
    char32_t cp = utf8::Decode(cell, &i);
    int d = utf8::DigitValue(cp);
    if (d >= 0) {
      s.push_back(static_cast<char>('0' + d));
    } else if (cp == U'．') {
      s.push_back('.');
    } else if (cp == U'－' || cp == U'−') {
      s.push_back('-');
    } else if (cp == ',' || cp == U'，' || utf8::IsSpace(cp)) {
      continue;
    } else if ((cp == '%' || cp == U'％') && i == cell.size()) {
      continue;
    } else if (cp < 0x80) {
      s.push_back(static_cast<char>(cp));
    } else {
      *ok = false;
      return std::nullopt;
    }
  }
  if (s.empty()) return std::nullopt;
  double v = 0;
  const char* b = s.data() + (s[0] == '+' ? 1 : 0);
  auto [p, ec] = std::from_chars(b, s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) {
    *ok = false;
    return std::nullopt;
  }
  return v;
}

std::optional<int> ParseYear(const std::string& cell, bool* ok) {
  auto v = ParseNumber(cell, ok);
  if (!*ok || !v) return std::nullopt;
  // Range first: casting an out-of-range double to int is undefined.
  if (*v < 1900 || *v > 2200 || *v != std::floor(*v)) {
    *ok = false;
    return std::nullopt;
  }
  return static_cast<int>(*v);
}

TableImportReport NewReport(const std::string& path, const TableImportOptions& opt, size_t rows) {
  TableImportReport r;
  r.file = path;
  r.rows = static_cast<int64_t>(rows);
  r.dry_run = opt.dry_run;
  return r;
}

// The audit entry of an import: which file, how many rows (the rows themselves are in the
// file the office keeps; a data import may hold millions).
workflow::AuditEntry ImportAudit(const TableImportOptions& opt, const char* entity,
                                 const std::string& path, int64_t rows) {
  size_t slash = path.find_last_of('/');
  nlohmann::json after = {{"file", slash == std::string::npos ? path : path.substr(slash + 1)},
                          {"rows", rows}};
  if (opt.plan_id) after["plan_id"] = opt.plan_id;
  return AuditFor(opt.actor, entity, "",
                  after.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

std::string TableImportReport::Summary() const {
  std::string s;
  if (dry_run) s += Tr("（试运行，未写入）", "(dry run, nothing written) ");
  s += Msg("{}：{} 行", "{}: {} rows", file, rows);
  if (written.regions_added) s += Msg("；新增地区 {}", "; {} regions added", written.regions_added);
  if (written.indicators_added || written.indicators_updated) {
    s += Msg("；指标新增 {}、更新 {}", "; indicators: {} added, {} updated",
             written.indicators_added, written.indicators_updated);
  }
  if (written.observations_added || written.observations_updated) {
    s += Msg("；数据新增 {}、更新 {}", "; observations: {} added, {} updated",
             written.observations_added, written.observations_updated);
  }
  if (!new_regions.empty()) {
    constexpr size_t kListed = 12;
    std::string names;
    for (size_t i = 0; i < new_regions.size() && i < kListed; ++i) {
      names += (i ? "、" : "") + new_regions[i];
    }
    if (new_regions.size() > kListed) {
      names += Msg("等 {} 个", " and {} more", new_regions.size() - kListed);
    }
    s += Msg("\n新建顶级地区：{}", "\nnew top-level regions: {}", names);
  }
  return s;
}

Result<TableImportReport> ImportRegionsFile(store::Store& store, const std::string& path,
                                            const TableImportOptions& opt) {
  GH_ASSIGN_OR_RETURN(Table t, ReadTable(path));
  GH_ASSIGN_OR_RETURN(Columns c, MapColumns(path, t.header,
                                            {{"name", {"名称", "地区", "地区名称"}, true},
                                             {"parent", {"上级", "上级地区"}, false},
                                             {"type", {"类型"}, false}}));
  GH_ASSIGN_OR_RETURN(std::vector<Region> stored, store.LoadRegions());
  std::set<std::string> known;
  for (const Region& r : stored) known.insert(r.name);
  std::vector<Region> regions;
  std::set<std::string> seen;
  Errors errors(path);
  for (const Table::Row& row : t.rows) {
    Region r{Cell(row, c.Get("name")), Cell(row, c.Get("parent")), Cell(row, c.Get("type"))};
    if (r.name.empty()) {
      errors.Add(row.number, "name", Tr("名称为空", "empty name"));
      continue;
    }
    if (!seen.insert(r.name).second) {
      errors.Add(row.number, "name", Msg("“{}”重复", "duplicate \"{}\"", r.name));
      continue;
    }
    regions.push_back(std::move(r));
  }
  // Parents must be known: stored, or listed in this file.
  for (size_t i = 0; i < regions.size(); ++i) {
    const Region& r = regions[i];
    if (!r.parent.empty() && !seen.count(r.parent) && !known.count(r.parent)) {
      errors.Add(t.rows[i].number, "parent",
                 Msg("上级地区“{}”不存在", "parent region \"{}\" does not exist", r.parent));
    }
  }
  if (!errors.empty()) return errors.ToStatus();
  TableImportReport report = NewReport(path, opt, t.rows.size());
  if (opt.dry_run) return report;
  store::IndicatorWrite w;
  w.regions = &regions;
  workflow::AuditEntry audit = ImportAudit(opt, "regions", path, report.rows);
  GH_ASSIGN_OR_RETURN(report.written, store.SaveIndicatorData(w, &audit));
  return report;
}

Result<TableImportReport> ImportIndicatorsFile(store::Store& store, const std::string& path,
                                               const TableImportOptions& opt) {
  GH_ASSIGN_OR_RETURN(Table t, ReadTable(path));
  GH_ASSIGN_OR_RETURN(Columns c, MapColumns(path, t.header,
                                            {{"code", {"指标编码", "编码", "代码", "序号"}, true},
                                             {"name", {"指标名称", "名称", "指标"}, true},
                                             {"unit", {"单位", "计量单位"}, false},
                                             {"category", {"类别", "分类", "指标类别"}, false},
                                             {"attribute", {"属性", "指标属性"}, false},
                                             {"direction", {"方向", "指标方向"}, false},
                                             {"target_kind", {"目标类型"}, false},
                                             {"baseline_year", {"基期年份", "基期"}, false},
                                             {"baseline", {"基期值", "基期数值"}, false},
                                             {"target_year", {"目标年份", "目标年"}, false},
                                             {"target", {"目标值", "目标"}, false},
                                             {"lead_unit", {"牵头单位", "责任单位"}, false},
                                             {"formula", {"公式", "计算公式"}, false},
                                             {"aggregation", {"汇总方式", "汇总"}, false},
                                             {"weight_by", {"权重指标"}, false},
                                             {"table", {"指标表"}, false}}));
  const std::string file_stem = std::filesystem::path(path).stem().string();
  Errors errors(path);
  std::vector<Indicator> inds;
  std::set<std::string> codes;
  for (const Table::Row& row : t.rows) {
    Indicator ind;
    auto cell = [&](const char* key) { return Cell(row, c.Get(key)); };
    ind.code = cell("code");
    ind.name = cell("name");
    ind.unit = cell("unit");
    ind.category = cell("category");
    ind.lead_unit = cell("lead_unit");
    ind.formula = cell("formula");
    ind.weight_by = cell("weight_by");
    ind.table = cell("table");
    if (ind.table.empty()) ind.table = file_stem;
    bool row_ok = true;
    auto bad = [&](const char* col, const std::string& msg) {
      errors.Add(row.number, col, msg);
      row_ok = false;
    };
    if (ind.code.empty()) bad("code", Tr("指标编码为空", "empty code"));
    if (!ind.code.empty() && !codes.insert(ind.code).second)
      bad("code", Msg("指标编码“{}”重复", "duplicate code \"{}\"", ind.code));
    if (ind.name.empty()) bad("name", Tr("指标名称为空", "empty name"));
    if (!indicators::ParseAttribute(cell("attribute"), &ind.attribute)) {
      bad("attribute",
          Msg("“{}”不是约束性或预期性", "\"{}\" is not binding or expected", cell("attribute")));
    }
    std::string dir = cell("direction");
    if (!dir.empty() && !indicators::ParseDirection(dir, &ind.direction)) {
      bad("direction",
          Msg("“{}”不是 increase 或 decrease", "\"{}\" is not increase or decrease", dir));
    }
    std::optional<indicators::TargetKind> declared;
    std::string kind = cell("target_kind");
    if (!kind.empty()) {
      indicators::TargetKind k;
      if (indicators::ParseTargetKind(kind, &k)) {
        declared = k;
      } else {
        bad("target_kind",
            Msg("“{}”不是 level/growth/cumulative/ceiling/floor/qualitative",
                "\"{}\" is not level/growth/cumulative/ceiling/floor/qualitative", kind));
      }
    }
    if (!indicators::ParseAggregation(cell("aggregation"), &ind.aggregation)) {
      bad("aggregation", Msg("“{}”不是 sum/mean/weighted/formula",
                             "\"{}\" is not sum/mean/weighted/formula", cell("aggregation")));
    }
    bool ok = true;
    ind.baseline_year = ParseYear(cell("baseline_year"), &ok);
    if (!ok)
      bad("baseline_year", Msg("“{}”不是年份", "\"{}\" is not a year", cell("baseline_year")));
    ind.baseline = ParseNumber(cell("baseline"), &ok);
    if (!ok) bad("baseline", Msg("“{}”不是数值", "\"{}\" is not a number", cell("baseline")));
    ind.target_year = ParseYear(cell("target_year"), &ok);
    if (!ok) bad("target_year", Msg("“{}”不是年份", "\"{}\" is not a year", cell("target_year")));
    ind.target_text = cell("target");
    auto parsed = indicators::ParseTarget(ind.target_text, declared, ind.direction, ind.unit);
    if (!parsed.ok()) {
      bad("target", parsed.status().message());
    } else {
      ind.target_kind = parsed->kind;
      ind.target = parsed->value;
    }
    if (!ind.formula.empty()) {
      auto f = indicators::Formula::Parse(ind.formula);
      if (!f.ok()) bad("formula", f.status().message());
    }
    if (ind.baseline_year && ind.target_year && *ind.target_year <= *ind.baseline_year) {
      bad("target_year",
          Msg("目标年份 {} 不晚于基期年份 {}", "target year {} is not after the baseline year {}",
              *ind.target_year, *ind.baseline_year));
    }
    for (const auto& [col, name] : c.extra) {
      std::string v = Cell(row, col);
      if (!v.empty()) ind.remarks += (ind.remarks.empty() ? "" : "；") + name + "：" + v;
    }
    if (row_ok) inds.push_back(std::move(ind));
  }
  // Weighting and formula references must name indicators of this file or the store.
  GH_ASSIGN_OR_RETURN(std::vector<Indicator> stored, store.LoadIndicators());
  std::set<std::string> all = codes;
  for (const Indicator& s : stored) all.insert(s.code);
  for (size_t i = 0; i < inds.size(); ++i) {
    if (!inds[i].formula.empty()) {
      auto f = indicators::Formula::Parse(inds[i].formula);
      for (const std::string& code : f.ok() ? f->operands() : std::vector<std::string>{}) {
        if (!all.count(code)) {
          errors.Add(t.rows[i].number, "formula",
                     Msg("公式中的指标“{}”不存在", "formula names unknown indicator \"{}\"", code));
        }
      }
    }
    if (!inds[i].weight_by.empty() && !all.count(inds[i].weight_by)) {
      errors.Add(t.rows[i].number, "weight_by",
                 Msg("权重指标“{}”不存在", "weighting indicator \"{}\" does not exist",
                     inds[i].weight_by));
    }
  }
  if (!errors.empty()) return errors.ToStatus();
  if (opt.plan_id > 0) {
    GH_ASSIGN_OR_RETURN(auto plans, store.ListPlans());
    bool found = std::any_of(plans.begin(), plans.end(),
                             [&](const store::PlanInfo& p) { return p.id == opt.plan_id; });
    if (!found) {
      return Status::NotFound(Msg("规划 {} 不存在", "plan {} does not exist", opt.plan_id));
    }
  }
  TableImportReport report = NewReport(path, opt, t.rows.size());
  if (opt.dry_run) return report;
  store::IndicatorWrite w;
  w.indicators = &inds;
  w.plan_id = opt.plan_id;
  workflow::AuditEntry audit = ImportAudit(opt, "indicators", path, report.rows);
  GH_ASSIGN_OR_RETURN(report.written, store.SaveIndicatorData(w, &audit));
  return report;
}

Result<TableImportReport> ImportObservationsFile(store::Store& store, const std::string& path,
                                                 const TableImportOptions& opt) {
  GH_ASSIGN_OR_RETURN(std::vector<Indicator> inds, store.LoadIndicators());
  GH_ASSIGN_OR_RETURN(std::vector<Region> regions, store.LoadRegions());
  std::unordered_map<std::string, std::string> code_of;  // code or name -> code
  for (const Indicator& ind : inds) code_of.emplace(ind.name, ind.code);
  for (const Indicator& ind : inds) code_of[ind.code] = ind.code;  // codes win over names
  std::unordered_set<std::string> known_regions;
  for (const Region& r : regions) known_regions.insert(r.name);

  Errors errors(path);
  std::vector<Observation> obs;
  std::vector<std::string> new_regions;
  int64_t rows = 0;
  int c_ind = -1, c_reg = -1, c_per = -1, c_val = -1, c_src = -1, c_st = -1;
  // Consecutive rows usually repeat the indicator, region and period text.
  std::string last_ind, last_code, last_per;
  std::optional<indicators::Period> last_period;
  auto on_header = [&](const std::vector<std::string>& header) -> Status {
    GH_ASSIGN_OR_RETURN(Columns c,
                        MapColumns(path, header,
                                   {{"indicator", {"指标", "指标编码", "指标名称"}, true},
                                    {"region", {"地区", "区域"}, true},
                                    {"period", {"时期", "期间", "年份"}, true},
                                    {"value", {"数值", "值", "数据"}, true},
                                    {"source", {"来源", "数据来源"}, false},
                                    {"status", {"状态"}, false}}));
    c_ind = c.Get("indicator");
    c_reg = c.Get("region");
    c_per = c.Get("period");
    c_val = c.Get("value");
    c_src = c.Get("source");
    c_st = c.Get("status");
    return Status::Ok();
  };
  auto cell = [](const std::vector<std::string>& cells, int col) -> std::string_view {
    if (col < 0 || static_cast<size_t>(col) >= cells.size()) return {};
    return utf8::Trim(cells[static_cast<size_t>(col)]);
  };
  auto on_row = [&](int number, const std::vector<std::string>& cells) {
    ++rows;
    Observation o;
    bool row_ok = true;
    std::string_view ind = cell(cells, c_ind);
    if (ind != last_ind || last_code.empty()) {
      auto it = code_of.find(std::string(ind));
      last_ind = ind;
      last_code = it == code_of.end() ? "" : it->second;
    }
    if (last_code.empty()) {
      errors.Add(number, "indicator",
                 ind.empty()
                     ? Tr("指标为空", "empty indicator")
                     : Msg("指标“{}”不存在（先导入指标表）",
                           "unknown indicator \"{}\" (import the indicator table first)", ind));
      row_ok = false;
    } else {
      o.indicator = last_code;
    }
    o.region = cell(cells, c_reg);
    if (o.region.empty()) {
      errors.Add(number, "region", Tr("地区为空", "empty region"));
      row_ok = false;
    } else if (known_regions.insert(o.region).second) {
      new_regions.push_back(o.region);
    }
    std::string_view per = cell(cells, c_per);
    if (per != last_per || !last_period) {
      last_per = per;
      last_period = indicators::ParsePeriod(per);
    }
    if (!last_period) {
      errors.Add(number, "period",
                 Msg("“{}”不是时期（2023、2023-Q2 或 2023-06）",
                     "\"{}\" is not a period (2023, 2023-Q2 or 2023-06)", per));
      row_ok = false;
    } else {
      o.period = *last_period;
    }
    bool ok = true;
    std::string val(cell(cells, c_val));
    auto v = ParseNumber(val, &ok);
    if (!ok || !v) {
      errors.Add(number, "value",
                 val.empty() ? Tr("数值为空", "empty value")
                             : Msg("“{}”不是数值", "\"{}\" is not a number", val));
      row_ok = false;
    } else {
      o.value = *v;
    }
    o.source = cell(cells, c_src);
    std::string_view st = cell(cells, c_st);
    if (!indicators::ParseObservationStatus(st, &o.status)) {
      errors.Add(
          number, "status",
          Msg("“{}”不是 draft/submitted/approved", "\"{}\" is not draft/submitted/approved", st));
      row_ok = false;
    }
    if (row_ok && errors.empty()) obs.push_back(std::move(o));
  };
  GH_RETURN_IF_ERROR(ForEachTableRow(path, on_header, on_row));
  if (!errors.empty()) return errors.ToStatus();
  TableImportReport report;
  report.file = path;
  report.rows = rows;
  report.dry_run = opt.dry_run;
  report.new_regions = new_regions;
  if (opt.dry_run) return report;
  std::vector<Region> add;
  for (const std::string& n : new_regions) add.push_back(Region{n, "", ""});
  store::IndicatorWrite w;
  if (!add.empty()) w.regions = &add;
  w.observations = &obs;
  workflow::AuditEntry audit = ImportAudit(opt, "observations", path, report.rows);
  GH_ASSIGN_OR_RETURN(report.written, store.SaveIndicatorData(w, &audit));
  return report;
}

Status ExportData(store::Store& store, const std::string& path) {
  GH_ASSIGN_OR_RETURN(std::vector<Indicator> inds, store.LoadIndicators());
  GH_ASSIGN_OR_RETURN(std::vector<Observation> obs, store.LoadObservations());
  auto num = [](const std::optional<double>& v) {
    if (!v) return std::string();
    char buf[32];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, *v);
    return ec == std::errc() ? std::string(buf, p) : std::string();
  };
  if (!EndsWith(path, ".xlsx")) return WriteObservationsCsv(obs, path);
  std::vector<std::vector<std::string>> rows;
  rows.reserve(obs.size());
  for (const Observation& o : obs) {
    rows.push_back({o.indicator, o.region, o.period.ToString(), num(o.value), o.source});
  }
  tabular::SheetSpec data;
  data.name = Tr("监测数据", "observations");
  data.columns = {{"indicator", 10},
                  {"region", 14},
                  {"period", 10},
                  {"value", 12, false, true},
                  {"source", 30}};
  data.rows = std::move(rows);
  tabular::SheetSpec table;
  table.name = Tr("指标表", "indicators");
  table.columns = {{"code", 8},         {"name", 36, true},    {"unit", 10},
                   {"category", 10},    {"attribute", 10},     {"direction", 10},
                   {"target_kind", 12}, {"baseline_year", 10}, {"baseline", 10, false, true},
                   {"target_year", 10}, {"target", 14},        {"note", 40, true}};
  for (const Indicator& i : inds) {
    table.rows.push_back(
        {i.code, i.name, i.unit, i.category, indicators::AttributeName(i.attribute),
         indicators::DirectionName(i.direction), indicators::TargetKindName(i.target_kind),
         i.baseline_year ? std::to_string(*i.baseline_year) : "", num(i.baseline),
         i.target_year ? std::to_string(*i.target_year) : "", i.target_text, i.remarks});
  }
  return tabular::WriteXlsxFile(path, {data, table});
}

}  // namespace guihua::service
