// guihua: the command-line face of the library. Parses flags, wires objects, calls the
// library and prints. No domain logic lives here.
//
// Exit codes: 0 success, 1 internal or environment failure, 2 bad input or usage.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>

#include "common/i18n.h"
#include "document/reader.h"
#include "plan/plan_json.h"
#include "plan/structure.h"
#include "plan/task_json.h"
#include "service/plan_service.h"
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  if (parse->parsed()) return CmdParse(file, format);
  if (import->parsed()) return CmdImport(file, db, units_file);
  if (plans->parsed()) return CmdPlans(db);
  if (tasks_import->parsed()) return CmdTasksImport(db, plan_id, file, dry_run);
  if (tasks->parsed()) return CmdTasks(db, plan_id, version, format, xlsx, explain);
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
