// guihua: the command-line face of the library. Parses flags, wires objects, calls the
// library and prints. No domain logic lives here.
//
// Exit codes: 0 success, 1 internal or environment failure, 2 bad input or usage.
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>

#include "common/i18n.h"
#include "document/reader.h"
#include "indicators/evaluate.h"
#include "indicators/generate.h"
#include "plan/plan_json.h"
#include "plan/structure.h"
#include "plan/task_json.h"
#include "server/server.h"
#include "service/account_service.h"
#include "service/data_gen.h"
#include "service/evaluation_report.h"
#include "service/indicator_import.h"
#include "service/plan_service.h"
#include "service/reporting_service.h"
#include "service/task_sheet.h"
#include "store/store.h"
#include "tabular/xlsx.h"

namespace {

using guihua::Msg;
using guihua::Result;
using guihua::Status;
using guihua::Tr;
namespace plan = guihua::plan;
namespace service = guihua::service;
namespace store = guihua::store;

int Fail(const Status& s) {
  std::fprintf(stderr, "%s%s\n", Tr("错误：", "error: "), s.message().c_str());
  return s.IsUserError() ? 2 : 1;
}

std::string DataDir() {
  if (const char* d = std::getenv("GUIHUA_DATA_DIR"); d && *d) return d;
  return GUIHUA_DEFAULT_DATA_DIR;
}

std::string DefaultUnitsFile() { return DataDir() + "/units/hengyang_units.csv"; }

// Commands that only read or edit must not create a database by accident (a typo in --db).
Result<std::unique_ptr<store::Store>> OpenStore(const std::string& db, bool create = false) {
  return store::OpenSqliteStore(db, create);
}

int CmdParse(const std::string& file, const std::string& format) {
  auto p = service::ReadPlanFile(file);
  if (!p.ok()) return Fail(p.status());
  std::cout << (format == "json" ? plan::PlanToJson(*p) + "\n" : plan::PlanOutlineText(*p));
  return 0;
}

int CmdImport(const std::string& file, const std::string& db, const std::string& units_file) {
  // Parse first: bad input must not create or touch the database.
  auto parsed = service::ReadPlanFile(file);
  if (!parsed.ok()) return Fail(parsed.status());
  std::optional<std::vector<plan::Unit>> given;
  if (!units_file.empty()) {  // also read before the database is opened
    auto u = plan::LoadUnitsFile(units_file);
    if (!u.ok()) return Fail(u.status());
    given = std::move(*u);
  }
  auto st = OpenStore(db, /*create=*/true);
  if (!st.ok()) return Fail(st.status());
  auto units = service::ChooseUnits(**st, std::move(given), DefaultUnitsFile());
  if (!units.ok()) return Fail(units.status());
  auto r = service::ImportPlan(**st, std::move(*parsed), file, units->units, units->store);
  if (!r.ok()) return Fail(r.status());
  if (r->created) {
    std::cout << Msg("已导入：{}\n  规划编号 {}，第 {} 版，{} 项任务",
                     "Imported: {}\n  plan {}, version {}, {} tasks", r->plan.title, r->plan_id,
                     r->version, r->task_count);
    if (r->carried_over)
      std::cout << Msg("（沿用上一版的 {} 处修改）",
                       " ({} edits carried over from the previous version)", r->carried_over);
    std::cout << "\n";
  } else {
    std::cout << Msg("未变化：与规划 {} 的第 {} 版内容相同，没有写入任何数据\n",
                     "Unchanged: same content as plan {} version {}; nothing written\n", r->plan_id,
                     r->version);
  }
  std::cout << "\n" << plan::PlanOutlineText(r->plan);
  return 0;
}

int CmdPlans(const std::string& db) {
  auto st = OpenStore(db);
  if (!st.ok()) return Fail(st.status());
  auto plans = (*st)->ListPlans();
  if (!plans.ok()) return Fail(plans.status());
  if (plans->empty()) std::cout << Tr("（还没有导入规划）\n", "(no plans imported yet)\n");
  for (const auto& p : *plans) {
    std::cout << Msg("#{}  {}  [{}]  最新第 {} 版\n", "#{}  {}  [{}]  latest version {}\n", p.id,
                     p.title, p.region, p.latest_version);
    auto versions = (*st)->ListVersions(p.id);
    if (!versions.ok()) return Fail(versions.status());
    for (const auto& v : *versions) {
      std::cout << Msg("    第 {} 版  {}  {} 项任务  {}\n", "    v{}  {}  {} tasks  {}\n",
                       v.version, v.imported_at, v.task_count, v.source_name);
    }
  }
  return 0;
}

int CmdTasks(const std::string& db, int64_t plan_id, int version, const std::string& format,
             const std::string& xlsx, bool explain) {
  auto st = OpenStore(db);
  if (!st.ok()) return Fail(st.status());
  auto id = service::ResolvePlanId(**st, plan_id);
  if (!id.ok()) return Fail(id.status());
  auto tasks = (*st)->LoadTasks(*id, version);
  if (!tasks.ok()) return Fail(tasks.status());
  if (!xlsx.empty()) {
    auto p = (*st)->LoadPlan(*id, version);
    if (!p.ok()) return Fail(p.status());
    auto versions = (*st)->ListVersions(*id);
    if (!versions.ok()) return Fail(versions.status());
    int resolved = version > 0 ? version : versions->back().version;
    Status s = service::ExportTaskSheet(*p, *tasks, {*id, resolved}, xlsx);
    if (!s.ok()) return Fail(s);
    std::cerr << Msg("任务分解表已写入 {}（{} 项任务）\n", "task table written to {} ({} tasks)\n",
                     xlsx, tasks->size());
    return 0;
  }
  if (format == "json") {
    std::cout << plan::TasksToJson(*tasks) << "\n";
  } else {
    std::cout << plan::TasksToText(*tasks, explain);
  }
  return 0;
}

int CmdTasksImport(const std::string& db, int64_t plan_id, const std::string& file, bool dry_run) {
  // Read the workbook first: a bad file must not touch the database.
  auto wb = guihua::tabular::ReadXlsxFile(file);
  if (!wb.ok()) return Fail(wb.status());
  auto st = OpenStore(db);
  if (!st.ok()) return Fail(st.status());
  auto id = service::ResolvePlanId(**st, plan_id);
  if (!id.ok()) return Fail(id.status());
  auto ch = service::ImportTaskSheet(**st, *id, *wb, file, dry_run);
  if (!ch.ok()) return Fail(ch.status());
  for (const std::string& w : ch->warnings) std::cerr << Tr("提示：", "note: ") << w << "\n";
  std::cout << Msg(
      "{}：修改 {} 项，新增 {} 项，未变 {} 项\n", "{}: {} updated, {} added, {} unchanged\n",
      dry_run ? Tr("检查（未写入）", "dry run (nothing written)") : Tr("已导入", "imported"),
      ch->updated.size(), ch->added.size(), ch->unchanged);
  return 0;
}

using ImportFn = Result<service::TableImportReport> (*)(store::Store&, const std::string&,
                                                        const service::TableImportOptions&);

// Imports a regions, indicators or data file. A database that does not exist yet is only
// created once the file has been validated against an empty in-memory store, so a bad file
// never leaves a database behind.
int CmdTableImport(ImportFn fn, const std::string& db, const std::string& file,
                   const service::TableImportOptions& opt, bool create) {
  std::error_code ec;
  if (create && !std::filesystem::exists(db, ec)) {
    auto mem = store::NewMemoryStore();
    service::TableImportOptions check = opt;
    check.dry_run = true;
    check.plan_id = 0;
    auto r = fn(*mem, file, check);
    if (!r.ok()) return Fail(r.status());
    if (opt.dry_run) {
      std::cout << r->Summary() << "\n";
      return 0;
    }
  }
  auto st = OpenStore(db, create && !opt.dry_run);
  if (!st.ok()) return Fail(st.status());
  auto r = fn(**st, file, opt);
  if (!r.ok()) return Fail(r.status());
  std::cout << r->Summary() << "\n";
  return 0;
}

int CmdIndicators(const std::string& db, int64_t plan_id) {
  auto st = OpenStore(db);
  if (!st.ok()) return Fail(st.status());
  auto inds = (*st)->LoadIndicators(plan_id);
  if (!inds.ok()) return Fail(inds.status());
  if (inds->empty()) std::cout << Tr("（还没有指标）\n", "(no indicators yet)\n");
  for (const auto& i : *inds) {
    std::cout << fmt::format("{:<6} {}（{}）  {}  {}  {} {} → {} {}\n", i.code, i.name, i.unit,
                             guihua::indicators::AttributeLabel(i.attribute),
                             guihua::indicators::TargetKindName(i.target_kind),
                             i.baseline_year ? std::to_string(*i.baseline_year) : "—",
                             i.baseline ? fmt::format("{:g}", *i.baseline) : "—",
                             i.target_year ? std::to_string(*i.target_year) : "—",
                             i.target_text.empty() ? "—" : i.target_text);
  }
  return 0;
}

int CmdDataExport(const std::string& db, const std::string& out) {
  auto st = OpenStore(db);
  if (!st.ok()) return Fail(st.status());
  Status s = service::ExportData(**st, out);
  if (!s.ok()) return Fail(s);
  std::cerr << Msg("已写出 {}\n", "written: {}\n", out);
  return 0;
}

int CmdEvaluate(const std::string& db, const service::EvaluationQuery& q, const std::string& format,
                const std::string& out) {
  auto st = OpenStore(db);
  if (!st.ok()) return Fail(st.status());
  auto run = service::EvaluateStored(**st, q);
  if (!run.ok()) return Fail(run.status());
  if (format == "xlsx") {
    std::string path = out.empty() ? Tr("评估结果.xlsx", "evaluation.xlsx") : out;
    Status s = service::WriteEvaluationXlsx(*run, path);
    if (!s.ok()) return Fail(s);
    std::cerr << Msg("评估表已写入 {}（{} 行）\n", "evaluation written to {} ({} rows)\n", path,
                     run->evaluations.size());
    return 0;
  }
  std::cout << (format == "json" ? service::EvaluationsToJson(run->evaluations) + "\n"
                                 : service::EvaluationsToText(*run));
  return 0;
}

// Writes a synthetic dataset: Hengyang's regions and the bundled synthetic indicator table
// (default), or a national-scale one when --regions/--indicators/--months are given.
int CmdGen(const guihua::indicators::GenOptions& opt, const std::string& dir) {
  namespace ind = guihua::indicators;
  ind::Dataset ds;
  if (opt.regions > 0 || opt.indicators > 0 || opt.months > 0) {
    if (opt.regions <= 0 || opt.indicators <= 0 || opt.months <= 0) {
      return Fail(Status::InvalidArgument(
          Tr("--regions、--indicators、--months 须一起给出且为正数",
             "--regions, --indicators and --months go together and must be positive")));
    }
    ds = ind::GenerateScale(opt);
  } else {
    // The bundled tables, read and validated by the importers (into a throwaway store).
    auto mem = store::NewMemoryStore();
    service::TableImportOptions io;
    auto r = service::ImportRegionsFile(*mem, DataDir() + "/units/hengyang_regions.csv", io);
    if (!r.ok()) return Fail(r.status());
    r = service::ImportIndicatorsFile(
        *mem, DataDir() + "/indicators/hengyang-synthetic-indicators.csv", io);
    if (!r.ok()) return Fail(r.status());
    auto regions = mem->LoadRegions();
    auto inds = mem->LoadIndicators();
    if (!regions.ok()) return Fail(regions.status());
    if (!inds.ok()) return Fail(inds.status());
    ds = ind::GenerateDataset(opt, *regions, *inds);
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  Status s = service::WriteDatasetCsv(ds, dir);
  if (!s.ok()) return Fail(s);
  std::cout << Msg("合成数据（非官方数据）已写入 {}：{} 个地区、{} 项指标、{} 条观测值\n",
                   "synthetic data (not official) written to {}: {} regions, {} indicators, {} "
                   "observations\n",
                   dir, ds.regions.size(), ds.indicators.size(), ds.observations.size());
  return 0;
}

// Reads one line (the password) from stdin, without its line ending. At a terminal it asks
// for it on stderr and turns echo off while it is typed.
std::string ReadPasswordLine() {
  termios saved{};
  bool tty = isatty(STDIN_FILENO) == 1 && tcgetattr(STDIN_FILENO, &saved) == 0;
  if (tty) {
    // Echo off first, then the prompt: TCSAFLUSH drops input typed before it, so a password
    // typed after the prompt appeared is never lost.
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    std::fputs(Tr("密码：", "Password: "), stderr);
    std::fflush(stderr);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::fputs("\n", stderr);
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int CmdUserAdd(const std::string& db, const service::NewUser& nu, bool random_password) {
  std::string password = random_password ? guihua::workflow::RandomToken(12) : ReadPasswordLine();
  // Validate before creating a database file.
  guihua::workflow::User check;
  check.name = nu.name;
  check.role = nu.role;
  check.unit = nu.unit;
  Status valid = guihua::workflow::ValidateNewUser(check);
  if (valid.ok()) valid = guihua::workflow::ValidatePassword(password);
  if (!valid.ok()) return Fail(valid);
  auto st = OpenStore(db, /*create=*/true);
  if (!st.ok()) return Fail(st.status());
  auto u = service::AddUser(**st, nu, password, service::CliActor("user add"));
  if (!u.ok()) return Fail(u.status());
  std::cout << Msg("已创建用户 {}（{}{}）\n", "created user {} ({}{})\n", u->name,
                   guihua::workflow::RoleName(u->role), u->unit.empty() ? "" : ", " + u->unit);
  if (random_password) std::cout << Tr("密码：", "password: ") << password << "\n";
  return 0;
}

int CmdUserPasswd(const std::string& db, const std::string& name) {
  std::string password = ReadPasswordLine();
  auto st = OpenStore(db);
  if (!st.ok()) return Fail(st.status());
  Status s = service::ChangePassword(**st, name, password, service::CliActor("user passwd"));
  if (!s.ok()) return Fail(s);
  std::cout << Msg("已修改用户 {} 的密码\n", "password of {} changed\n", name);
  return 0;
}

int CmdUserDisable(const std::string& db, const std::string& name) {
  auto st = OpenStore(db);
  if (!st.ok()) return Fail(st.status());
  Status s = service::DisableUser(**st, name, service::CliActor("user disable"));
  if (!s.ok()) return Fail(s);
  std::cout << Msg("已停用用户 {}\n", "user {} disabled\n", name);
  return 0;
}

int CmdUserList(const std::string& db, const std::string& format) {
  auto st = OpenStore(db);
  if (!st.ok()) return Fail(st.status());
  auto users = (*st)->ListUsers();
  if (!users.ok()) return Fail(users.status());
  if (format == "json") {
    std::cout << service::UsersToJson(*users) << "\n";
    return 0;
  }
  if (users->empty()) std::cout << Tr("（还没有用户）\n", "(no users yet)\n");
  for (const auto& u : *users) {
    std::cout << fmt::format("{:<20} {:<9} {:<16} {}{}\n", u.name,
                             guihua::workflow::RoleName(u.role), u.unit.empty() ? "—" : u.unit,
                             u.created_at, u.disabled ? Tr("  已停用", "  disabled") : "");
  }
  return 0;
}

// Exit 0 when the chain is intact; 1 (not a usage error: the data is damaged) naming the first
// broken entry otherwise.
int CmdAuditVerify(const std::string& db) {
  auto st = OpenStore(db);
  if (!st.ok()) return Fail(st.status());
  auto r = service::VerifyStoredAudit(**st);
  if (!r.ok()) return Fail(r.status());
  if (r->has_value()) {
    std::fprintf(stderr, "%s%s\n", Tr("审计日志已被篡改：", "audit log tampered with: "),
                 (*r)->reason.c_str());
    return 1;
  }
  auto all = (*st)->LoadAudit(0, 0);
  if (!all.ok()) return Fail(all.status());
  std::cout << Msg("审计日志完整：{} 条记录，哈希链无误\n",
                   "audit log intact: {} entries, hash chain verified\n", all->size());
  return 0;
}

int CmdRoundOpen(const std::string& db, guihua::workflow::Round r) {
  auto st = OpenStore(db);
  if (!st.ok()) return Fail(st.status());
  auto out = service::OpenRound(**st, service::CliCaller("round open"), std::move(r));
  if (!out.ok()) return Fail(out.status());
  std::cout << Msg("已开启填报轮次 {}：{}（时期 {}，{} 至 {}）\n",
                   "opened round {}: {} (period {}, {} to {})\n", out->id, out->name, out->period,
                   out->opens_on, out->due_on);
  return 0;
}

int CmdRoundClose(const std::string& db, int64_t id) {
  auto st = OpenStore(db);
  if (!st.ok()) return Fail(st.status());
  auto out = service::CloseRound(**st, service::CliCaller("round close"), id);
  if (!out.ok()) return Fail(out.status());
  std::cout << Msg("已关闭填报轮次 {}：{}\n", "closed round {}: {}\n", out->id, out->name);
  return 0;
}

int CmdRoundList(const std::string& db, const std::string& format) {
  auto st = OpenStore(db);
  if (!st.ok()) return Fail(st.status());
  auto rounds = (*st)->ListRounds();
  if (!rounds.ok()) return Fail(rounds.status());
  if (format == "json") {
    std::cout << service::RoundsJson(*rounds) << "\n";
    return 0;
  }
  if (rounds->empty()) std::cout << Tr("（还没有填报轮次）\n", "(no rounds yet)\n");
  for (const auto& r : *rounds) {
    std::cout << fmt::format("{:>4}  {:<16} {:<8} {} → {}{}\n", r.id, r.name, r.period, r.opens_on,
                             r.due_on, r.closed ? Tr("  已关闭", "  closed") : "");
  }
  return 0;
}

int CmdDue(const std::string& db, int64_t plan_id, const std::string& unit,
           const std::string& today, int within, const std::string& format) {
  auto st = OpenStore(db);
  if (!st.ok()) return Fail(st.status());
  auto items = service::Reminders(**st, plan_id, unit, today, within);
  if (!items.ok()) return Fail(items.status());
  if (format == "json") {
    std::cout << service::DueItemsJson(*items) << "\n";
    return 0;
  }
  if (items->empty()) std::cout << Tr("（没有待办）\n", "(nothing due)\n");
  using guihua::workflow::DueItem;
  for (const DueItem& d : *items) {
    const char* kind = d.kind == DueItem::Kind::kOverdue    ? Tr("逾期", "overdue")
                       : d.kind == DueItem::Kind::kReturned ? Tr("退回", "returned")
                                                            : Tr("将到期", "due soon");
    std::string what = d.report_kind == guihua::workflow::ReportKind::kTask
                           ? Msg("任务 {}", "task {}", d.task_id)
                           : Msg("指标 {} {}", "indicator {} {}", d.indicator, d.region);
    std::cout << fmt::format("{:<16} {:<8} {:<28} {} ({})\n", d.unit, kind, what, d.due_on,
                             d.days_left);
  }
  return 0;
}

int CmdPublish(const std::string& db, int64_t plan_id, const std::string& as_of,
               const std::string& note) {
  auto st = OpenStore(db);
  if (!st.ok()) return Fail(st.status());
  auto p = service::Publish(**st, service::CliCaller("publish"), plan_id, as_of, note);
  if (!p.ok()) return Fail(p.status());
  std::cout << Msg("已公开发布第 {} 期（{}，{} 字节）\n", "published #{} ({}, {} bytes)\n", p->id,
                   p->published_at, p->content.size());
  return 0;
}

}  // namespace

int Run(int argc, char** argv) {
  guihua::SetLanguage(guihua::LanguageFromEnvironment());
  // --lang is honoured before CLI11 builds its help text.
  for (int i = 1; i + 1 < argc; ++i) {
    guihua::Lang l;
    if (std::string(argv[i]) == "--lang" && guihua::ParseLanguage(argv[i + 1], &l))
      guihua::SetLanguage(l);
  }
  CLI::App app{Tr("规划 Guihua：规划实施监测评估系统",
                  "Guihua: plan implementation monitoring and evaluation")};
  app.require_subcommand(1);
  std::string lang;
  app.add_option("--lang", lang, Tr("界面语言 zh|en", "interface language zh|en"))
      ->check(CLI::IsMember({"zh", "en", "zh-CN", "en-US"}));

  std::string file, format = "text", db = "guihua.db", units_file, xlsx;
  int64_t plan_id = 0;
  int version = 0;
  bool explain = false, dry_run = false;

  auto* parse = app.add_subcommand("parse", Tr("解析规划文档并输出结构（不写数据库）",
                                               "parse a plan document and print its structure"));
  parse
      ->add_option("FILE", file,
                   Tr("规划文档（txt/html/docx/pdf）", "plan document (txt/html/docx/pdf)"))
      ->required();
  parse->add_option("--format", format, "json|text")->check(CLI::IsMember({"json", "text"}));

  auto* import =
      app.add_subcommand("import", Tr("导入规划文档：识别结构、分解任务、存入数据库",
                                      "import a plan document: structure, tasks, store"));
  import
      ->add_option("FILE", file,
                   Tr("规划文档（txt/html/docx/pdf）", "plan document (txt/html/docx/pdf)"))
      ->required();
  import->add_option("--db", db,
                     Tr("数据库文件（默认 guihua.db）", "database file (default guihua.db)"));
  import->add_option(
      "--units", units_file,
      Tr("单位表 CSV（默认用库中已有的，否则用自带的衡阳单位表）",
         "units table CSV (default: the stored one, else the bundled Hengyang table)"));

  auto* plans = app.add_subcommand(
      "plans", Tr("列出已导入的规划及其版本", "list imported plans and their versions"));
  plans->add_option("--db", db, Tr("数据库文件", "database file"));

  auto* tasks = app.add_subcommand(
      "tasks", Tr("任务分解表：查看、导出 xlsx；tasks import 读回修改",
                  "task table: show, export xlsx; tasks import reads edits back"));
  tasks->add_option("--db", db, Tr("数据库文件", "database file"));
  tasks->add_option("--plan", plan_id,
                    Tr("规划编号（默认最近导入的）", "plan id (default: the latest imported)"));
  tasks->add_option("--version", version, Tr("版本（默认最新）", "version (default: latest)"));
  tasks->add_option("--format", format, "json|text")->check(CLI::IsMember({"json", "text"}));
  tasks->add_option("--xlsx", xlsx, Tr("写出任务分解表 xlsx", "write the task table as xlsx"));
  tasks->add_flag("--explain", explain,
                  Tr("显示单位建议的得分与依据", "show unit scores and the words behind them"));
  auto* tasks_import = tasks->add_subcommand(
      "import", Tr("读回修改过的任务分解表 xlsx", "read an edited task table xlsx back"));
  tasks_import->add_option("FILE", file, "xlsx")->required();
  tasks_import->add_option("--db", db, Tr("数据库文件", "database file"));
  tasks_import->add_option(
      "--plan", plan_id,
      Tr("规划编号（默认最近导入的）", "plan id (default: the latest imported)"));
  tasks_import->add_flag("--dry-run", dry_run,
                         Tr("只检查，不写入", "validate only, write nothing"));

  auto* regions = app.add_subcommand("regions", Tr("地区表", "the region table"));
  regions->require_subcommand(1);
  auto* regions_import =
      regions->add_subcommand("import", Tr("导入地区表 CSV/xlsx（name,parent,type）",
                                           "import a region table CSV/xlsx (name,parent,type)"));
  regions_import->add_option("FILE", file, "csv|xlsx")->required();
  regions_import->add_option("--db", db, Tr("数据库文件", "database file"));
  regions_import->add_flag("--dry-run", dry_run, Tr("只检查，不写入", "validate only"));

  auto* inds = app.add_subcommand("indicators", Tr("主要指标表：列出；indicators import 导入",
                                                   "main indicators: list, import"));
  inds->add_option("--db", db, Tr("数据库文件", "database file"));
  inds->add_option("--plan", plan_id, Tr("只列出某规划的指标", "only this plan's indicators"));
  auto* inds_import = inds->add_subcommand(
      "import", Tr("导入指标表 CSV/xlsx", "import an indicator table CSV/xlsx"));
  inds_import->add_option("FILE", file, "csv|xlsx")->required();
  inds_import->add_option("--db", db, Tr("数据库文件", "database file"));
  inds_import->add_option("--plan", plan_id,
                          Tr("把指标关联到该规划编号", "attach the indicators to this plan id"));
  inds_import->add_flag("--dry-run", dry_run, Tr("只检查，不写入", "validate only"));

  auto* data =
      app.add_subcommand("data", Tr("监测数据：导入、导出", "observations: import, export"));
  data->require_subcommand(1);
  auto* data_import = data->add_subcommand(
      "import", Tr("导入监测数据 CSV/xlsx（indicator,region,period,value,source）",
                   "import observations CSV/xlsx (indicator,region,period,value,source)"));
  data_import->add_option("FILE", file, "csv|xlsx")->required();
  data_import->add_option("--db", db, Tr("数据库文件", "database file"));
  data_import->add_flag("--dry-run", dry_run, Tr("只检查，不写入", "validate only"));
  auto* data_export =
      data->add_subcommand("export", Tr("导出全部监测数据", "export every observation"));
  std::string csv_out;
  data_export->add_option("--db", db, Tr("数据库文件", "database file"));
  auto* x_opt = data_export->add_option("--xlsx", xlsx, Tr("写出 xlsx", "write xlsx"));
  auto* c_opt = data_export->add_option("--csv", csv_out, Tr("写出 CSV", "write CSV"));
  x_opt->excludes(c_opt);

  auto* evaluate = app.add_subcommand(
      "evaluate", Tr("指标监测评估：进度、序时进度、评估结论与预警",
                     "evaluate indicators: progress, pace, status and warnings"));
  service::EvaluationQuery query;
  std::string as_of, method = "pace", out;
  evaluate->add_option("--db", db, Tr("数据库文件", "database file"));
  evaluate->add_option("--plan", query.plan_id,
                       Tr("只评估某规划的指标", "only this plan's indicators"));
  evaluate->add_option("--as-of", as_of,
                       Tr("截至时期：2023、2023-Q2、2023-06", "as of: 2023, 2023-Q2, 2023-06"));
  evaluate->add_option("--region", query.region, Tr("只看某地区", "only this region"));
  evaluate->add_option("--method", method, "pace|cagr|escap")
      ->check(CLI::IsMember({"pace", "cagr", "escap"}));
  evaluate->add_option("--yellow", query.options.yellow_gap,
                       Tr("落后序时进度多少个百分点起亮黄灯（默认 10）",
                          "points behind pace for yellow (default 10)"));
  evaluate->add_option(
      "--red", query.options.red_gap,
      Tr("落后多少个百分点起亮红灯（默认 30）", "points behind pace for red (default 30)"));
  evaluate->add_option("--format", format, "text|json|xlsx")
      ->check(CLI::IsMember({"text", "json", "xlsx"}));
  evaluate->add_option("--out", out, Tr("xlsx 输出文件", "xlsx output file"));

  auto* gen = app.add_subcommand(
      "gen", Tr("生成合成监测数据（演示与压力测试用，非官方数据）",
                "generate synthetic monitoring data (demo and load tests; not official)"));
  guihua::indicators::GenOptions gen_opt;
  std::string gen_dir = "out/synthetic", gen_end;
  gen->add_option("--seed", gen_opt.seed, Tr("随机种子", "random seed"));
  gen->add_option("--regions", gen_opt.regions, Tr("地区数（大规模模式）", "regions (scale mode)"));
  gen->add_option("--indicators", gen_opt.indicators,
                  Tr("指标数（大规模模式）", "indicators (scale mode)"));
  gen->add_option("--months", gen_opt.months, Tr("月度期数（大规模模式）", "months (scale mode)"));
  gen->add_option("--end", gen_end, Tr("最后一期，如 2025-12", "last period, e.g. 2025-12"));
  gen->add_option("--out", gen_dir, Tr("输出目录（默认 out/synthetic）", "output directory"));

  auto* user = app.add_subcommand("user", Tr("用户账户：add、passwd、disable、list",
                                             "user accounts: add, passwd, disable, list"));
  user->require_subcommand(1);
  std::string user_name, role_name, unit;
  bool random_password = false;
  auto* user_add = user->add_subcommand(
      "add", Tr("新建用户（密码从标准输入读一行）", "add a user (password: one line on stdin)"));
  user_add->add_option("NAME", user_name, Tr("用户名", "user name"))->required();
  user_add->add_option("--role", role_name, "admin|reviewer|reporter|viewer")
      ->required()
      ->check(CLI::IsMember({"admin", "reviewer", "reporter", "viewer"}));
  user_add->add_option("--unit", unit,
                       Tr("所属单位（填报人必填）", "the user's unit (required for reporters)"));
  user_add->add_option("--db", db, Tr("数据库文件", "database file"));
  user_add->add_flag("--random-password", random_password,
                     Tr("生成随机密码并打印（不读标准输入）",
                        "generate a random password and print it (stdin is not read)"));
  auto* user_passwd = user->add_subcommand(
      "passwd", Tr("修改密码（新密码从标准输入读一行）", "change a password (one line on stdin)"));
  user_passwd->add_option("NAME", user_name, Tr("用户名", "user name"))->required();
  user_passwd->add_option("--db", db, Tr("数据库文件", "database file"));
  auto* user_disable = user->add_subcommand("disable", Tr("停用用户", "disable a user"));
  user_disable->add_option("NAME", user_name, Tr("用户名", "user name"))->required();
  user_disable->add_option("--db", db, Tr("数据库文件", "database file"));
  auto* user_list = user->add_subcommand("list", Tr("列出用户", "list users"));
  user_list->add_option("--db", db, Tr("数据库文件", "database file"));
  user_list->add_option("--format", format, "text|json")->check(CLI::IsMember({"json", "text"}));

  auto* audit = app.add_subcommand("audit", Tr("审计日志", "the audit log"));
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand(
      "verify", Tr("校验审计日志哈希链（被修改或删除时返回非零）",
                   "verify the audit hash chain (non-zero exit when edited or deleted)"));
  audit_verify->add_option("--db", db, Tr("数据库文件", "database file"));

  auto* round = app.add_subcommand(
      "round", Tr("填报轮次：open、close、list", "reporting rounds: open, close, list"));
  round->require_subcommand(1);
  guihua::workflow::Round new_round;
  int64_t round_id = 0;
  auto* round_open = round->add_subcommand("open", Tr("开启填报轮次", "open a reporting round"));
  round_open->add_option("NAME", new_round.name, Tr("名称，如 2024年第二季度", "name"))->required();
  round_open
      ->add_option("--period", new_round.period, Tr("时期，如 2024-Q2", "period, e.g. 2024-Q2"))
      ->required();
  round_open->add_option("--due", new_round.due_on, Tr("截止日期 YYYY-MM-DD", "due date"))
      ->required();
  round_open->add_option("--opens", new_round.opens_on,
                         Tr("开始日期（默认今天）", "opening date (default today)"));
  round_open->add_option("--db", db, Tr("数据库文件", "database file"));
  auto* round_close = round->add_subcommand("close", Tr("关闭填报轮次", "close a round"));
  round_close->add_option("ID", round_id, Tr("轮次编号", "round id"))->required();
  round_close->add_option("--db", db, Tr("数据库文件", "database file"));
  auto* round_list = round->add_subcommand("list", Tr("列出填报轮次", "list rounds"));
  round_list->add_option("--db", db, Tr("数据库文件", "database file"));
  round_list->add_option("--format", format, "text|json")->check(CLI::IsMember({"json", "text"}));

  std::string today;
  int within = 3;
  auto* due = app.add_subcommand(
      "due", Tr("提醒：3 天内到期、逾期和被退回的填报", "reminders: due soon, overdue, returned"));
  due->add_option("--db", db, Tr("数据库文件", "database file"));
  due->add_option("--plan", plan_id, Tr("规划编号", "plan id"));
  due->add_option("--unit", unit, Tr("只看该单位", "only this unit"));
  due->add_option("--today", today, Tr("以该日期为今天（YYYY-MM-DD）", "take this date as today"));
  due->add_option("--within", within, Tr("提前天数（默认 3）", "days ahead (default 3)"))
      ->check(CLI::Range(0, 366));
  due->add_option("--format", format, "text|json")->check(CLI::IsMember({"json", "text"}));

  std::string publish_as_of, note;
  auto* publish = app.add_subcommand(
      "publish", Tr("公开发布当前评估结果与任务进展（信息公开）",
                    "publish the current evaluation and task progress for the public"));
  publish->add_option("--db", db, Tr("数据库文件", "database file"));
  publish->add_option("--plan", plan_id, Tr("规划编号", "plan id"));
  publish->add_option("--as-of", publish_as_of, Tr("评估截至时期", "evaluate as of this period"));
  publish->add_option("--note", note, Tr("说明", "note"));

  auto* serve =
      app.add_subcommand("serve", Tr("启动 HTTP 服务（/api/v1/，默认只监听 127.0.0.1:8080）",
                                     "run the HTTP server (/api/v1/, 127.0.0.1:8080 by default)"));
  guihua::server::ServerOptions serve_opt;
  serve->add_option("--db", serve_opt.db_path, Tr("数据库文件", "database file"));
  serve->add_option("--host", serve_opt.host,
                    Tr("监听地址（默认 127.0.0.1）", "address to bind (default 127.0.0.1)"));
  serve->add_option("--port", serve_opt.port, Tr("端口（默认 8080）", "port (default 8080)"))
      ->check(CLI::Range(1, 65535));
  serve
      ->add_option("--threads", serve_opt.threads,
                   Tr("同时处理请求的线程数（默认每核 2 个，至少 4 个）",
                      "threads handling requests at once (default 2 per core, at least 4)"))
      ->check(CLI::Range(0, 1024));
  serve
      ->add_option("--keep-alive", serve_opt.keep_alive_max_count,
                   Tr("每个连接最多处理的请求数（默认 1000）",
                      "requests served per keep-alive connection (default 1000)"))
      ->check(CLI::Range(1, 1000000));
  auto* serve_web = serve->add_option(
      "--web", serve_opt.web_root,
      Tr("前端目录（默认 ./web/dist，其次源码树的 web/dist）",
         "front end directory (default ./web/dist, else the source tree's web/dist)"));
  bool no_web = false;
  auto* serve_no_web = serve->add_flag(
      "--no-web", no_web, Tr("只提供接口，不提供前端", "serve the API only, no front end"));
  serve_no_web->excludes(serve_web);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  if (parse->parsed()) return CmdParse(file, format);
  if (user_add->parsed()) {
    service::NewUser nu{user_name, guihua::workflow::Role::kViewer, unit};
    guihua::workflow::ParseRole(role_name, &nu.role);  // checked by CLI11 above
    return CmdUserAdd(db, nu, random_password);
  }
  if (user_passwd->parsed()) return CmdUserPasswd(db, user_name);
  if (user_disable->parsed()) return CmdUserDisable(db, user_name);
  if (user_list->parsed()) return CmdUserList(db, format);
  if (audit_verify->parsed()) return CmdAuditVerify(db);
  if (round_open->parsed()) return CmdRoundOpen(db, new_round);
  if (round_close->parsed()) return CmdRoundClose(db, round_id);
  if (round_list->parsed()) return CmdRoundList(db, format);
  if (due->parsed()) return CmdDue(db, plan_id, unit, today, within, format);
  if (publish->parsed()) return CmdPublish(db, plan_id, publish_as_of, note);
  if (serve->parsed()) {
    if (serve_web->count() == 0 && !no_web) serve_opt.web_root = guihua::server::DefaultWebRoot();
    Status s = guihua::server::Serve(serve_opt);
    return s.ok() ? 0 : Fail(s);
  }
  if (import->parsed()) return CmdImport(file, db, units_file);
  if (plans->parsed()) return CmdPlans(db);
  if (tasks_import->parsed()) return CmdTasksImport(db, plan_id, file, dry_run);
  if (tasks->parsed()) return CmdTasks(db, plan_id, version, format, xlsx, explain);
  service::TableImportOptions iopt;
  iopt.dry_run = dry_run;
  iopt.plan_id = plan_id;
  if (regions_import->parsed())
    return CmdTableImport(service::ImportRegionsFile, db, file, iopt, /*create=*/true);
  if (inds_import->parsed())
    return CmdTableImport(service::ImportIndicatorsFile, db, file, iopt, /*create=*/true);
  if (inds->parsed()) return CmdIndicators(db, plan_id);
  if (data_import->parsed())
    return CmdTableImport(service::ImportObservationsFile, db, file, iopt, /*create=*/false);
  if (data_export->parsed()) {
    if (xlsx.empty() && csv_out.empty()) {
      return Fail(Status::InvalidArgument(Tr("data export 需要 --xlsx 文件 或 --csv 文件",
                                             "data export needs --xlsx FILE or --csv FILE")));
    }
    return CmdDataExport(db, xlsx.empty() ? csv_out : xlsx);
  }
  if (gen->parsed()) {
    if (!gen_end.empty()) {
      auto p = guihua::indicators::ParsePeriod(gen_end);
      if (!p || p->grain == guihua::indicators::Period::Grain::kQuarter) {
        return Fail(Status::InvalidArgument(Msg(
            "--end “{}”应为 2025 或 2025-12", "--end \"{}\" should be 2025 or 2025-12", gen_end)));
      }
      gen_opt.end_year = p->year;
      gen_opt.end_month = p->grain == guihua::indicators::Period::Grain::kMonth ? p->sub : 12;
    }
    return CmdGen(gen_opt, gen_dir);
  }
  if (evaluate->parsed()) {
    if (!as_of.empty()) {
      query.options.as_of = guihua::indicators::ParsePeriod(as_of);
      if (!query.options.as_of) {
        return Fail(Status::InvalidArgument(
            Msg("--as-of “{}”不是时期（2023、2023-Q2 或 2023-06）",
                "--as-of \"{}\" is not a period (2023, 2023-Q2 or 2023-06)", as_of)));
      }
    }
    guihua::indicators::ParseMethod(method, &query.options.method);
    return CmdEvaluate(db, query, format, out);
  }
  return 0;
}

int main(int argc, char** argv) {
  // Library code returns Status; this is the last resort for what escapes anyway
  // (std::bad_alloc, a bug). Exit code 1: not the user's fault.
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s%s\n", Tr("内部错误：", "internal error: "), e.what());
  } catch (...) {
    std::fprintf(stderr, "%s\n", Tr("内部错误", "internal error"));
  }
  return 1;
}
