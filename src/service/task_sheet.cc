#include "service/task_sheet.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "common/cn_number.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "plan/metadata.h"

namespace guihua::service {
namespace {

// Column headers as offices write them; English alternatives are accepted on import.
struct Col {
  const char* zh;
  const char* en;
  double width;
  bool wrap;
};
constexpr Col kCols[] = {
    {"序号", "No.", 7, false},           {"所属部分", "Part", 20, true},
    {"条目", "Article", 22, true},       {"任务内容", "Task", 60, true},
    {"牵头单位", "Lead unit", 18, true}, {"责任单位", "Co-units", 26, true},
    {"完成时限", "Deadline", 15, false}, {"备注", "Remarks", 24, true},
};
enum ColIdx { kNo, kPart, kArticle, kText, kLead, kCo, kDeadline, kRemarks, kNumCols };

std::string PartCell(const plan::Task& t) {
  if (t.part.empty()) return t.part_title;
  const std::string& part = t.part;
  bool ordinal = part.find("第") != std::string::npos || part.find("（") != std::string::npos;
  return part + (ordinal ? " " : "、") + t.part_title.str();
}

std::string ArticleCell(const plan::Task& t) {
  if (!t.article) return t.article_title;
  return std::to_string(*t.article) + ". " + t.article_title.str();
}

std::vector<std::string> SplitUnits(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  size_t i = 0;
  auto flush = [&]() {
    std::string_view t = utf8::Trim(cur);
    if (!t.empty()) out.emplace_back(t);
    cur.clear();
  };
  while (i < s.size()) {
    size_t b = i;
    char32_t cp = utf8::Decode(s, &i);
    if (cp == U'、' || cp == U'，' || cp == ',' || cp == ';' || cp == U'；' || cp == '/' ||
        cp == U'／' || cp == '\n' || cp == '\r') {
      flush();
    } else {
      cur.append(s.substr(b, i - b));
    }
  }
  flush();
  return out;
}

std::string Cell(const tabular::Row& r, int col) {
  if (col < 0 || static_cast<size_t>(col) >= r.cells.size()) return "";
  return std::string(utf8::Trim(r.cells[static_cast<size_t>(col)]));
}

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

std::string Iso(int y, int m, int d) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// Excel serial day number (1900 date system, with its fictitious 1900-02-29) -> ISO date.
std::string FromExcelSerial(int64_t serial) {
  // Days since 1970-01-01 of serial: Excel serial 25569 is 1970-01-01.
  int64_t z = serial - 25569 + 719468;  // civil-from-days (Howard Hinnant)
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return Iso(static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d));
}

}  // namespace

std::string FormatDeadline(const std::string& iso) {
  if (iso.size() != 10) return iso;
  int y = std::atoi(iso.c_str());
  int m = std::atoi(iso.c_str() + 5);
  int d = std::atoi(iso.c_str() + 8);
  return std::to_string(y) + "年" + std::to_string(m) + "月" + std::to_string(d) + "日";
}

Result<std::string> ParseDeadline(const std::string& cell) {
  std::string s = utf8::RemoveSpaces(cell);
  if (s.empty()) return std::string();
  std::string full = plan::FindDate(s);
  if (!full.empty()) return full;
  // Plain number: a year (2025) or an Excel date serial (45657).
  int64_t n = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec == std::errc() && p == s.data() + s.size()) {
    if (n >= 1990 && n <= 2100) return Iso(static_cast<int>(n), 12, 31);
    if (n > 30000 && n < 80000) return FromExcelSerial(n);
  }
  // 2025年12月 / 2025年12月底 / 2025-12 / 2025年底 / 2025年末 / 2025年
  size_t year_end = s.find("年");
  std::string_view sv(s);
  std::string_view ystr = year_end == std::string::npos ? sv.substr(0, 4) : sv.substr(0, year_end);
  auto y = ParseChineseNumber(ystr);
  if (y && *y >= 1990 && *y <= 2100) {
    std::string_view rest = year_end == std::string::npos ? sv.substr(4) : sv.substr(year_end + 3);
    if (rest.empty() || rest == "底" || rest == "末" || rest == "底前" || rest == "年底" ||
        rest == "内") {
      return Iso(static_cast<int>(*y), 12, 31);
    }
    if (rest.starts_with("-") || rest.starts_with(".") || rest.starts_with("/"))
      rest.remove_prefix(1);
    size_t mend = rest.find("月");
    std::string_view mstr = mend == std::string_view::npos ? rest : rest.substr(0, mend);
    std::string_view tail = mend == std::string_view::npos ? "" : rest.substr(mend + 3);
    auto m = ParseChineseNumber(mstr);
    if (m && *m >= 1 && *m <= 12 &&
        (tail.empty() || tail == "底" || tail == "末" || tail == "底前")) {
      return Iso(static_cast<int>(*y), static_cast<int>(*m),
                 DaysInMonth(static_cast<int>(*y), static_cast<int>(*m)));
    }
  }
  return Status::InvalidArgument(Msg("无法识别的日期“{}”（例：2025年12月31日）",
                                     "unrecognised date \"{}\" (e.g. 2025年12月31日)", cell));
}

tabular::SheetSpec TaskSheetSpec(const plan::Plan& plan, const std::vector<plan::Task>& tasks) {
  tabular::SheetSpec spec;
  spec.name = "任务分解表";
  spec.title = plan.title.empty() ? "任务分解表" : plan.title + "任务分解表";
  for (const Col& c : kCols) {
    tabular::ColumnSpec col;
    col.header = c.zh;
    col.width = c.width;
    col.wrap = c.wrap;
    col.numeric = &c == &kCols[kNo];
    spec.columns.push_back(col);
  }
  for (const plan::Task& t : tasks) {
    spec.rows.push_back({std::to_string(t.id), PartCell(t), ArticleCell(t), t.text,
                         t.lead_unit.str(), plan::JoinUnitNames(t.co_units),
                         FormatDeadline(t.deadline), t.remarks.str()});
  }
  return spec;
}

namespace {

// The hidden sheet that records where a table came from.
constexpr const char* kOriginSheet = "_guihua";
constexpr const char* kOriginMarker = "guihua-task-table";

tabular::SheetSpec OriginSheet(const SheetOrigin& origin) {
  tabular::SheetSpec spec;
  spec.name = kOriginSheet;
  spec.hidden = true;
  spec.freeze_header = false;
  spec.columns = {tabular::ColumnSpec{"key", 12, false, false, false},
                  tabular::ColumnSpec{"value", 12, false, false, false}};
  spec.rows = {{kOriginMarker, "1"},
               {"plan", std::to_string(origin.plan_id)},
               {"version", std::to_string(origin.version)}};
  return spec;
}

// Reads the origin sheet; nullopt when the workbook has none (a table rebuilt by hand).
Result<std::optional<SheetOrigin>> ReadOrigin(const tabular::Workbook& wb,
                                              const std::string& file) {
  for (const tabular::Sheet& s : wb.sheets) {
    if (s.name != kOriginSheet) continue;
    std::map<std::string, std::string> kv;
    for (const tabular::Row& r : s.rows) {
      if (r.cells.size() >= 2) kv[r.cells[0]] = r.cells[1];
    }
    if (!kv.count(kOriginMarker)) return std::optional<SheetOrigin>();
    SheetOrigin o;
    auto num = [](const std::string& v) -> int64_t {
      int64_t n = 0;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      return ec == std::errc() && p == v.data() + v.size() ? n : -1;
    };
    o.plan_id = num(kv["plan"]);
    o.version = static_cast<int>(num(kv["version"]));
    if (o.plan_id <= 0 || o.version <= 0) {
      return Status::ParseError(Msg("{}，工作表“{}”：来源信息损坏",
                                    "{}, sheet \"{}\": the origin record is damaged", file,
                                    kOriginSheet));
    }
    return std::optional<SheetOrigin>(o);
  }
  return std::optional<SheetOrigin>();
}

}  // namespace

Status ExportTaskSheet(const plan::Plan& plan, const std::vector<plan::Task>& tasks,
                       const SheetOrigin& origin, const std::string& path) {
  return tabular::WriteXlsxFile(path, {TaskSheetSpec(plan, tasks), OriginSheet(origin)});
}

Result<std::string> TaskSheetXlsx(const plan::Plan& plan, const std::vector<plan::Task>& tasks,
                                  const SheetOrigin& origin) {
  return tabular::WriteXlsxBytes({TaskSheetSpec(plan, tasks), OriginSheet(origin)});
}

Result<SheetChanges> DiffTaskSheet(const tabular::Workbook& wb,
                                   const std::vector<plan::Task>& current,
                                   const std::vector<plan::Unit>& units,
                                   const SheetOrigin& current_origin, const std::string& file) {
  GH_ASSIGN_OR_RETURN(std::optional<SheetOrigin> origin, ReadOrigin(wb, file));
  if (origin && origin->plan_id != current_origin.plan_id) {
    return Status::FailedPrecondition(Msg("{}：这张表导出自规划 {}，不是规划 {}",
                                          "{}: this table was exported from plan {}, not plan {}",
                                          file, origin->plan_id, current_origin.plan_id));
  }
  if (origin && origin->version != current_origin.version) {
    return Status::FailedPrecondition(
        Msg("{}：这张表导出自第 {} 版，规划现为第 {} 版，序号已变；请重新导出后再修改",
            "{}: this table was exported from version {} and the plan is now at version {}, "
            "so task numbers have changed; export again and edit that",
            file, origin->version, current_origin.version));
  }
  const tabular::Sheet* task_sheet = nullptr;
  for (const tabular::Sheet& s : wb.sheets) {
    if (s.name != kOriginSheet) {
      task_sheet = &s;
      break;
    }
  }
  if (task_sheet == nullptr) {
    return Status::ParseError(
        Msg("{}：工作簿里没有工作表", "{}: the workbook has no sheets", file));
  }
  const tabular::Sheet& sheet = *task_sheet;
  // Header: the first of the opening rows that names 序号 and 任务内容.
  int cols[kNumCols];
  std::fill(std::begin(cols), std::end(cols), -1);
  size_t header = sheet.rows.size();
  for (size_t r = 0; r < sheet.rows.size() && r < 10; ++r) {
    int found[kNumCols];
    std::fill(std::begin(found), std::end(found), -1);
    for (size_t c = 0; c < sheet.rows[r].cells.size(); ++c) {
      std::string h = utf8::RemoveSpaces(sheet.rows[r].cells[c]);
      for (int k = 0; k < kNumCols; ++k) {
        if (h == kCols[k].zh || h == utf8::RemoveSpaces(kCols[k].en))
          found[k] = static_cast<int>(c);
      }
    }
    if (found[kNo] >= 0 && found[kText] >= 0) {
      std::copy(std::begin(found), std::end(found), std::begin(cols));
      header = r;
      break;
    }
  }
  if (header == sheet.rows.size()) {
    return Status::ParseError(
        Msg("{}，工作表“{}”：找不到表头（需要“序号”和“任务内容”列）",
            "{}, sheet \"{}\": no header row (needs 序号 and 任务内容 columns)", file, sheet.name));
  }
  auto where = [&](const tabular::Row& r, int col) {
    return Msg("{}，工作表“{}”，第 {} 行，{} 列", "{}, sheet \"{}\", row {}, column {}", file,
               sheet.name, r.number, kCols[col].zh);
  };

  std::map<int64_t, const plan::Task*> by_id;
  std::multimap<std::string, const plan::Task*> by_text;
  int64_t max_id = 0;
  for (const plan::Task& t : current) {
    by_id[t.id] = &t;
    by_text.emplace(t.text, &t);
    max_id = std::max(max_id, t.id);
  }
  std::set<std::string> known_units;
  for (const plan::Unit& u : units) {
    known_units.insert(u.name);
    known_units.insert(u.DisplayName());
    known_units.insert(u.aliases.begin(), u.aliases.end());
  }
  auto check_units = [&](const tabular::Row& r, int col, const std::vector<SharedText>& names,
                         SheetChanges* ch) {
    if (known_units.empty()) return;
    for (const std::string& n : names) {
      if (!known_units.contains(n)) {
        ch->warnings.push_back(Msg("{}：“{}”不在单位表中，已按原样保存",
                                   "{}: \"{}\" is not in the units table; stored as written",
                                   where(r, col), n));
      }
    }
  };

  SheetChanges ch;
  std::set<int64_t> seen;
  for (size_t i = header + 1; i < sheet.rows.size(); ++i) {
    const tabular::Row& r = sheet.rows[i];
    std::string no = Cell(r, cols[kNo]);
    std::string text = Cell(r, cols[kText]);
    std::string lead = Cell(r, cols[kLead]);
    std::vector<SharedText> co = ToShared(SplitUnits(Cell(r, cols[kCo])));
    std::string remarks = Cell(r, cols[kRemarks]);
    auto deadline = ParseDeadline(Cell(r, cols[kDeadline]));
    if (!deadline.ok())
      return Status::ParseError(where(r, kDeadline) + "：" + deadline.status().message());

    int64_t id = 0;
    if (!no.empty()) {
      double d = 0;
      auto [p, ec] = std::from_chars(no.data(), no.data() + no.size(), d);
      if (ec == std::errc() && p == no.data() + no.size() &&
          d == static_cast<double>(static_cast<int64_t>(d))) {
        id = static_cast<int64_t>(d);
      }
    }
    // The task this row is about: its 序号 with the same text, else the one task that has
    // this text (rows renumbered by hand).
    const plan::Task* match = nullptr;
    auto it = id > 0 ? by_id.find(id) : by_id.end();
    if (it != by_id.end() && (text.empty() || text == it->second->text)) {
      match = it->second;
    } else if (!text.empty() && by_text.count(text) == 1) {
      match = by_text.find(text)->second;
    }
    if (match != nullptr && seen.count(match->id)) {
      ch.warnings.push_back(Msg("{}：与前面的行是同一项任务，本行未导入",
                                "{}: the same task as an earlier row; this row is not applied",
                                where(r, kNo)));
      continue;
    }
    if (match == nullptr && it != by_id.end()) {
      ch.warnings.push_back(Msg(
          "{}：任务内容与第 {} "
          "项任务的原文不同，本行的修改未导入（任务内容不能在表中修改，请修改规划文本后重新导入）",
          "{}: the text differs from task {}'s; this row is not applied (task text cannot be "
          "edited in the table; "
          "edit the plan and import it again)",
          where(r, kText), id));
      continue;
    }
    if (match != nullptr) {
      seen.insert(match->id);
      const plan::Task& t = *match;
      if (lead == t.lead_unit && co == t.co_units && *deadline == t.deadline &&
          remarks == t.remarks) {
        ++ch.unchanged;
        continue;
      }
      if (lead != t.lead_unit && !lead.empty()) check_units(r, kLead, {lead}, &ch);
      if (co != t.co_units) check_units(r, kCo, co, &ch);
      plan::Task u = t;
      u.lead_unit = lead;
      u.co_units = co;
      u.deadline = *deadline;
      u.remarks = remarks;
      u.edited = true;
      ch.updated.push_back(std::move(u));
      continue;
    }
    if (text.empty()) {
      bool blank = lead.empty() && co.empty() && remarks.empty() && deadline->empty();
      if (blank) continue;
      return Status::ParseError(where(r, kText) +
                                Tr("：新增的行没有任务内容", ": an added row has no task text"));
    }
    // A new row: a manual task. Its place comes from the 条目 / 所属部分 cells when they name
    // an existing article.
    plan::Task m;
    m.id = ++max_id;
    m.manual = true;
    m.edited = true;
    m.text = text;
    m.lead_unit = lead;
    m.co_units = co;
    m.deadline = *deadline;
    m.remarks = remarks;
    m.kind = "other";
    std::string article_cell = Cell(r, cols[kArticle]);
    std::string part_cell = Cell(r, cols[kPart]);
    // After the last task of the named article; at the end when the article is unknown.
    m.node_seq = 1 << 30;
    for (const plan::Task& t : current) {
      if (article_cell.empty() || ArticleCell(t) != article_cell) continue;
      if (m.node_id.empty()) m.node_seq = t.node_seq;
      m.node_seq = std::max(m.node_seq, t.node_seq);
      m.node_id = t.node_id;
      m.part = t.part;
      m.part_title = t.part_title;
      m.article = t.article;
      m.article_title = t.article_title;
    }
    if (m.node_id.empty()) {
      m.article_title = article_cell;
      m.part_title = part_cell;
    }
    if (!lead.empty()) check_units(r, kLead, {lead}, &ch);
    check_units(r, kCo, co, &ch);
    ch.added.push_back(std::move(m));
  }
  int missing = 0;
  for (const plan::Task& t : current) missing += seen.count(t.id) ? 0 : 1;
  if (missing > 0) {
    ch.warnings.push_back(
        Msg("{}：表中缺少 {} 项已有任务；删除行不会删除任务",
            "{}: {} existing tasks are missing from the sheet; removing rows does not delete tasks",
            file, missing));
  }
  return ch;
}

Result<SheetChanges> ImportTaskSheet(store::Store& store, int64_t plan_id,
                                     const tabular::Workbook& wb, const std::string& file,
                                     bool dry_run, const Actor& actor) {
  GH_ASSIGN_OR_RETURN(std::vector<store::VersionInfo> versions, store.ListVersions(plan_id));
  if (versions.empty())
    return Status::NotFound(Msg("没有编号为 {} 的规划", "no plan with id {}", plan_id));
  SheetOrigin origin{plan_id, versions.back().version};
  GH_ASSIGN_OR_RETURN(std::vector<plan::Task> current, store.LoadTasks(plan_id, origin.version));
  GH_ASSIGN_OR_RETURN(std::vector<plan::Unit> units, store.LoadUnits());
  GH_ASSIGN_OR_RETURN(SheetChanges ch, DiffTaskSheet(wb, current, units, origin, file));
  if (!dry_run && (!ch.updated.empty() || !ch.added.empty())) {
    // The audit entry keeps every edited field's old and new value.
    auto fields = [](const plan::Task& t) {
      return nlohmann::json{{"id", t.id},
                            {"lead_unit", t.lead_unit},
                            {"co_units", t.co_units},
                            {"deadline", t.deadline},
                            {"remarks", t.remarks}};
    };
    nlohmann::json before = nlohmann::json::array(), after = nlohmann::json::array();
    for (const plan::Task& t : ch.updated) {
      for (const plan::Task& old : current) {
        if (old.id == t.id) before.push_back(fields(old));
      }
      after.push_back(fields(t));
    }
    for (const plan::Task& t : ch.added) {
      nlohmann::json j = fields(t);
      j["text"] = t.text;
      j["manual"] = true;
      after.push_back(std::move(j));
    }
    workflow::AuditEntry audit =
        AuditFor(actor, "plan:" + std::to_string(plan_id) + "/v" + std::to_string(origin.version),
                 before.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                 after.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    GH_RETURN_IF_ERROR(
        store.SaveTaskChanges(plan_id, origin.version, ch.updated, ch.added, &audit));
  }
  return ch;
}

}  // namespace guihua::service
