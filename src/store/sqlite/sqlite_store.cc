// The SQLite backend of Store: one database file, WAL journal, foreign keys on, the schema
// created and upgraded by numbered migrations recorded in schema_version.
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <variant>

#include "common/hash.h"
#include "common/i18n.h"
#include "plan/task_json.h"
#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace guihua::store {
namespace {

using sqlite::Db;
using sqlite::Stmt;
using sqlite::Transaction;

// Migrations: index i upgrades the schema from version i to i + 1. Append only.
constexpr const char* kMigrations[] = {
    // 1: plans, versions, outline nodes, tasks, units.
    R"sql(
CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  region TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE plan_versions (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  version INTEGER NOT NULL,
  content_hash TEXT NOT NULL,
  source_name TEXT,
  source_format TEXT,
  source_encoding TEXT,
  title TEXT NOT NULL,
  issuer TEXT,
  adopted TEXT,
  region TEXT,
  period_start INTEGER,
  period_end INTEGER,
  vision_year INTEGER,
  front_matter TEXT NOT NULL DEFAULT '[]',
  imported_at TEXT NOT NULL,
  UNIQUE (plan_id, version)
);
CREATE INDEX plan_versions_hash ON plan_versions(plan_id, content_hash);
CREATE TABLE plan_nodes (
  version_id INTEGER NOT NULL REFERENCES plan_versions(id),
  seq INTEGER NOT NULL,
  parent_seq INTEGER,
  node_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  label TEXT NOT NULL DEFAULT '',
  number INTEGER,
  title TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  table_json TEXT,
  source_begin INTEGER NOT NULL,
  source_end INTEGER NOT NULL,
  PRIMARY KEY (version_id, seq)
);
CREATE TABLE tasks (
  version_id INTEGER NOT NULL REFERENCES plan_versions(id),
  task_id INTEGER NOT NULL,
  node_id TEXT,
  node_seq INTEGER NOT NULL DEFAULT 0,
  node_offset INTEGER NOT NULL DEFAULT 0,
  part TEXT,
  part_title TEXT,
  article INTEGER,
  article_title TEXT,
  text TEXT NOT NULL,
  initiatives TEXT NOT NULL DEFAULT '[]',
  targets TEXT NOT NULL DEFAULT '[]',
  lead_unit TEXT,
  co_units TEXT NOT NULL DEFAULT '[]',
  deadline TEXT,
  kind TEXT NOT NULL DEFAULT 'other',
  remarks TEXT,
  manual INTEGER NOT NULL DEFAULT 0,
  edited INTEGER NOT NULL DEFAULT 0,
  unit_basis TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (version_id, task_id)
);
CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  short_name TEXT,
  type TEXT,
  parent TEXT,
  aliases TEXT NOT NULL DEFAULT '[]',
  keywords TEXT NOT NULL DEFAULT '[]'
);
)sql",
    // 2: regions, indicators (主要指标) and observations.
    R"sql(
CREATE TABLE regions (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  parent TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL DEFAULT ''
);
CREATE TABLE indicators (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  plan_id INTEGER REFERENCES plans(id),
  name TEXT NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL DEFAULT '',
  attribute TEXT NOT NULL DEFAULT 'unknown',
  direction TEXT NOT NULL DEFAULT 'increase',
  target_kind TEXT NOT NULL DEFAULT 'level',
  baseline_year INTEGER,
  baseline REAL,
  target_year INTEGER,
  target REAL,
  target_text TEXT NOT NULL DEFAULT '',
  lead_unit TEXT NOT NULL DEFAULT '',
  formula TEXT NOT NULL DEFAULT '',
  aggregation TEXT NOT NULL DEFAULT 'none',
  weight_by TEXT NOT NULL DEFAULT '',
  remarks TEXT NOT NULL DEFAULT '',
  table_name TEXT NOT NULL DEFAULT ''
);
-- period: the period's end month (year * 12 + month) * 4 + grain (0 year, 1 quarter, 2 month),
-- so keys order by time and 2023, 2023-Q4 and 2023-12 stay distinct.
-- No REFERENCES clauses: with foreign keys on they would cost two B-tree lookups per row of
-- a bulk import; SaveIndicatorData resolves both ids from the tables in the same transaction.
CREATE TABLE observations (
  indicator_id INTEGER NOT NULL,
  region_id INTEGER NOT NULL,
  period INTEGER NOT NULL,
  value REAL NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'approved',
  updated_at TEXT NOT NULL,
  PRIMARY KEY (indicator_id, region_id, period)
) WITHOUT ROWID;
)sql",
    // 3: accounts, sessions and the hash-chained audit log.
    R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  disabled INTEGER NOT NULL DEFAULT 0,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user TEXT NOT NULL,
  role TEXT NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  entity TEXT NOT NULL DEFAULT '',
  before TEXT NOT NULL DEFAULT '',
  after TEXT NOT NULL DEFAULT '',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
)sql",
    // 4: the reporting workflow: rounds, reports, evidence files, close-outs, publications.
    R"sql(
CREATE INDEX sessions_expires ON sessions(expires_at);
CREATE TABLE rounds (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  period TEXT NOT NULL,
  opens_on TEXT NOT NULL DEFAULT '',
  due_on TEXT NOT NULL DEFAULT '',
  closed INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
-- One row per report, either kind. Every column round-trips the workflow::Report exactly:
-- the task part (plan_id .. evidence) of a value report and the value part (indicator ..
-- note) of a task report keep their defaults. plan_id and task_id are NULL when 0.
-- evidence: JSON array of evidence hashes, in the reporter's order (at most kMaxEvidence).
CREATE TABLE reports (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('task', 'value')),
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  plan_id INTEGER,
  task_id INTEGER,
  unit TEXT NOT NULL DEFAULT '',
  percent INTEGER NOT NULL DEFAULT 0,
  progress TEXT NOT NULL DEFAULT 'in_progress',
  narrative TEXT NOT NULL DEFAULT '',
  evidence TEXT NOT NULL DEFAULT '[]',
  indicator TEXT NOT NULL DEFAULT '',
  region TEXT NOT NULL DEFAULT '',
  period TEXT NOT NULL DEFAULT '',
  value REAL NOT NULL DEFAULT 0,
  source TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL,
  revision INTEGER NOT NULL DEFAULT 0,
  submitted_by TEXT NOT NULL DEFAULT '',
  submitted_at TEXT NOT NULL DEFAULT '',
  reviewed_by TEXT NOT NULL DEFAULT '',
  reviewed_at TEXT NOT NULL DEFAULT '',
  review_comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX reports_round ON reports(round_id);
CREATE INDEX reports_unit ON reports(unit);
CREATE INDEX reports_state ON reports(state);
CREATE INDEX reports_task ON reports(plan_id, task_id);
CREATE INDEX reports_indicator ON reports(indicator) WHERE kind = 'value';
CREATE TABLE evidence (
  hash TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  size INTEGER NOT NULL,
  uploaded_by TEXT NOT NULL DEFAULT '',
  uploaded_at TEXT NOT NULL
);
CREATE TABLE task_closeouts (
  plan_id INTEGER NOT NULL,
  task_id INTEGER NOT NULL,
  closed_by TEXT NOT NULL DEFAULT '',
  closed_at TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (plan_id, task_id)
);
CREATE TABLE publications (
  id INTEGER PRIMARY KEY,
  published_by TEXT NOT NULL DEFAULT '',
  published_at TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  content TEXT NOT NULL
);
)sql",
};

// Observation periods as integer keys: (end month) * 4 + grain.
int64_t PeriodKey(const indicators::Period& p) {
  return static_cast<int64_t>(p.EndMonth()) * 4 + static_cast<int64_t>(p.grain);
}

std::optional<indicators::Period> PeriodFromKey(int64_t key) {
  using indicators::Period;
  if (key < 0) return std::nullopt;
  auto grain = static_cast<int>(key % 4);
  int64_t end = key / 4;  // year * 12 + month, month 1..12
  auto year = static_cast<int>((end - 1) / 12);
  auto month = static_cast<int>(end - static_cast<int64_t>(year) * 12);
  switch (grain) {
    case 0:
      if (month != 12) return std::nullopt;
      return Period::Year(year);
    case 1:
      if (month % 3 != 0) return std::nullopt;
      return Period::Quarter(year, month / 3);
    case 2:
      return Period::Month(year, month);
  }
  return std::nullopt;
}

class SqliteStore : public Store {
 public:
  explicit SqliteStore(std::unique_ptr<Db> db) : db_(std::move(db)) {}

  Status Init();

  Result<ImportOutcome> SavePlanVersion(const NewPlanVersion& v,
                                        const workflow::AuditEntry* audit) override;
  Result<std::vector<PlanInfo>> ListPlans() override;
  Result<std::vector<VersionInfo>> ListVersions(int64_t plan_id) override;
  Result<plan::Plan> LoadPlan(int64_t plan_id, int version) override;
  Result<std::vector<plan::Task>> LoadTasks(int64_t plan_id, int version) override;
  Status SaveTaskChanges(int64_t plan_id, int version, const std::vector<plan::Task>& updated,
                         const std::vector<plan::Task>& added,
                         const workflow::AuditEntry* audit) override;
  Result<std::vector<plan::Unit>> LoadUnits() override;
  Result<IndicatorWriteOutcome> SaveIndicatorData(const IndicatorWrite& w,
                                                  const workflow::AuditEntry* audit) override;
  Result<std::vector<indicators::Region>> LoadRegions() override;
  Result<std::vector<indicators::Indicator>> LoadIndicators(int64_t plan_id) override;
  Result<std::vector<indicators::Observation>> LoadObservations(
      const std::vector<std::string>& indicator_codes) override;
  Result<std::vector<std::pair<std::string, std::string>>> LoadObservedPairs() override;
  Result<int64_t> CreateUser(const workflow::User& u, const workflow::AuditEntry* audit) override;
  Result<workflow::User> FindUser(const std::string& name) override;
  Result<workflow::User> FindUserById(int64_t id) override;
  Status UpdateUser(const workflow::User& u, const workflow::AuditEntry* audit) override;
  Result<std::vector<workflow::User>> ListUsers() override;
  Status CreateSession(const Session& s, const workflow::AuditEntry* audit) override;
  Result<Session> FindSession(const std::string& token_hash) override;
  Status DeleteSession(const std::string& token_hash, const workflow::AuditEntry* audit) override;
  Result<int64_t> DeleteExpiredSessions(const std::string& now_iso) override;
  Result<int64_t> CreateRound(const workflow::Round& r, const workflow::AuditEntry* audit) override;
  Status UpdateRound(const workflow::Round& r, const workflow::AuditEntry* audit) override;
  Result<workflow::Round> FindRound(int64_t id) override;
  Result<std::vector<workflow::Round>> ListRounds() override;
  Result<int64_t> SaveReport(const workflow::Report& r,
                             const indicators::Observation* approved_value,
                             const workflow::AuditEntry* audit) override;
  Result<workflow::Report> FindReport(int64_t id) override;
  Result<std::vector<workflow::Report>> LoadReports(const ReportFilter& f) override;
  Status SaveEvidence(const workflow::EvidenceFile& f, const workflow::AuditEntry* audit) override;
  Result<workflow::EvidenceFile> FindEvidence(const std::string& hash) override;
  Status SaveCloseOut(const TaskCloseOut& c, const workflow::AuditEntry* audit) override;
  Result<std::vector<TaskCloseOut>> LoadCloseOuts(int64_t plan_id) override;
  Result<int64_t> SavePublication(const Publication& p, const workflow::AuditEntry* audit) override;
  Result<Publication> LatestPublication() override;
  Result<std::vector<Publication>> ListPublications() override;
  Result<workflow::AuditEntry> AppendAudit(const workflow::AuditEntry& e) override;
  Result<std::vector<workflow::AuditEntry>> LoadAudit(int64_t limit, int64_t offset) override;
  Result<std::string> ChangeStamp() override;
  Status Checkpoint() override;

 private:
  // Appends inside the caller's transaction.
  Result<workflow::AuditEntry> InsertAudit(const workflow::AuditEntry& e);
  // InsertAudit when `audit` is set: the last step of every write that takes one.
  // Appends `audit` when given; `new_id` > 0 is the id a creating write assigned
  // (WithAssignedId).
  Status MaybeAudit(const workflow::AuditEntry* audit, int64_t new_id = 0);
  // Upserts `obs` into observations inside the caller's transaction, the indicator and region
  // of each resolved through the maps (code / name -> id); NotFound when one is missing.
  Status UpsertObservations(const std::vector<indicators::Observation>& obs,
                            const std::unordered_map<std::string, int64_t>& indicator_ids,
                            const std::unordered_map<std::string, int64_t>& region_ids);
  // Reports matching `where` (bound by `bind`), by id.
  Result<std::vector<workflow::Report>> QueryReports(std::string_view where,
                                                     const std::function<void(Stmt&)>& bind);
  // Users matching `where`, which has at most one parameter: `id` or `name`, whichever is set.
  Result<std::vector<workflow::User>> QueryUsers(std::string_view where, std::optional<int64_t> id,
                                                 const std::string* name);
  Result<int64_t> VersionRowId(int64_t plan_id, int version, int* resolved = nullptr);
  Status InsertNodes(int64_t version_id, const std::vector<plan::Node>& nodes,
                     std::optional<int64_t> parent, int* seq);
  Status InsertTask(int64_t version_id, const plan::Task& t);
  Status WriteUnits(const std::vector<plan::Unit>& units);

  std::unique_ptr<Db> db_;
};

Status SqliteStore::Init() {
  GH_RETURN_IF_ERROR(db_->Exec("PRAGMA journal_mode=WAL"));
  GH_RETURN_IF_ERROR(db_->Exec("PRAGMA foreign_keys=ON"));
  GH_RETURN_IF_ERROR(db_->Exec("PRAGMA synchronous=NORMAL"));
  // A file that is not a database fails here with a clear message.
  GH_RETURN_IF_ERROR(
      db_->Exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"));
  int64_t current = 0;
  {
    Stmt q(db_.get(), "SELECT max(version) FROM schema_version");
    if (q.Step()) current = q.IsNull(0) ? 0 : q.Int(0);
    GH_RETURN_IF_ERROR(q.status());
  }
  constexpr int64_t kLatest = static_cast<int64_t>(std::size(kMigrations));
  if (current > kLatest) {
    return Status::FailedPrecondition(
        Msg("{}：数据库版本 {} 比本程序支持的 {} 新，请升级 guihua",
            "{}: database schema {} is newer than this program supports ({}); upgrade guihua",
            db_->path(), current, kLatest));
  }
  for (int64_t v = current; v < kLatest; ++v) {
    Transaction tx(db_.get());
    GH_RETURN_IF_ERROR(tx.status());
    GH_RETURN_IF_ERROR(db_->Exec(kMigrations[v]));
    Stmt ins(db_.get(), "INSERT INTO schema_version(version) VALUES (?)");
    GH_RETURN_IF_ERROR(ins.Bind(1, v + 1).Run());
    GH_RETURN_IF_ERROR(tx.Commit());
  }
  return Status::Ok();
}

Status SqliteStore::InsertNodes(int64_t version_id, const std::vector<plan::Node>& nodes,
                                std::optional<int64_t> parent, int* seq) {
  Stmt ins(db_.get(),
           "INSERT INTO plan_nodes(version_id, seq, parent_seq, node_id, kind, label, number, "
           "title, text, "
           "table_json, source_begin, source_end) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  for (const plan::Node& n : nodes) {
    int my = ++*seq;
    ins.Reset();
    ins.Bind(1, version_id)
        .Bind(2, my)
        .Bind(3, parent)
        .Bind(4, n.id)
        .Bind(5, plan::NodeKindName(n.kind));
    ins.Bind(6, n.label).Bind(7, n.number).Bind(8, n.title).Bind(9, n.text);
    if (n.table.empty()) {
      ins.BindNull(10);
    } else {
      ins.Bind(10, plan::StringTableToJson(n.table));
    }
    ins.Bind(11, static_cast<int64_t>(n.source_begin)).Bind(12, static_cast<int64_t>(n.source_end));
    GH_RETURN_IF_ERROR(ins.Run());
    GH_RETURN_IF_ERROR(InsertNodes(version_id, n.children, my, seq));
  }
  return Status::Ok();
}

Status SqliteStore::InsertTask(int64_t version_id, const plan::Task& t) {
  Stmt ins(db_.get(),
           "INSERT INTO tasks(version_id, task_id, node_id, node_seq, node_offset, part, "
           "part_title, article, "
           "article_title, text, initiatives, targets, lead_unit, co_units, deadline, kind, "
           "remarks, manual, "
           "edited, unit_basis) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  ins.Bind(1, version_id).Bind(2, t.id).BindText(3, t.node_id).Bind(4, t.node_seq);
  ins.Bind(5, static_cast<int64_t>(t.node_offset)).BindText(6, t.part).BindText(7, t.part_title);
  ins.Bind(8, t.article).BindText(9, t.article_title).Bind(10, t.text);
  ins.Bind(11, plan::StringsToJson(t.initiatives)).Bind(12, plan::TargetsToJson(t.targets));
  ins.BindText(13, t.lead_unit).Bind(14, plan::StringsToJson(t.co_units)).BindText(15, t.deadline);
  ins.Bind(16, t.kind.str())
      .BindText(17, t.remarks)
      .Bind(18, t.manual ? 1 : 0)
      .Bind(19, t.edited ? 1 : 0);
  ins.Bind(20, plan::UnitScoresToJson(t.unit_scores));
  return ins.Run();
}

Status SqliteStore::WriteUnits(const std::vector<plan::Unit>& units) {
  GH_RETURN_IF_ERROR(db_->Exec("DELETE FROM units"));
  Stmt ins(
      db_.get(),
      "INSERT INTO units(name, short_name, type, parent, aliases, keywords) VALUES (?,?,?,?,?,?)");
  for (const plan::Unit& u : units) {
    std::vector<std::string> kws;
    for (const plan::Keyword& k : u.keywords)
      kws.push_back(k.word + ":" + std::to_string(k.weight));
    ins.Reset();
    ins.Bind(1, u.name).BindText(2, u.short_name).BindText(3, u.type).BindText(4, u.parent);
    ins.Bind(5, plan::StringsToJson(u.aliases)).Bind(6, plan::StringsToJson(kws));
    GH_RETURN_IF_ERROR(ins.Run());
  }
  return Status::Ok();
}

Result<ImportOutcome> SqliteStore::SavePlanVersion(const NewPlanVersion& v,
                                                   const workflow::AuditEntry* audit) {
  const plan::Plan& p = *v.plan;
  Transaction tx(db_.get());
  GH_RETURN_IF_ERROR(tx.status());
  ImportOutcome out;
  {
    Stmt q(db_.get(), "SELECT id FROM plans WHERE key = ?");
    q.Bind(1, v.key);
    if (q.Step()) out.plan_id = q.Int(0);
    GH_RETURN_IF_ERROR(q.status());
  }
  if (out.plan_id == 0) {
    Stmt ins(db_.get(), "INSERT INTO plans(key, title, region, created_at) VALUES (?,?,?,?)");
    ins.Bind(1, v.key).Bind(2, p.title).BindText(3, p.region).Bind(4, UtcNowIso());
    GH_RETURN_IF_ERROR(ins.Run());
    out.plan_id = db_->LastInsertId();
  } else {
    Stmt q(db_.get(),
           "SELECT version, content_hash FROM plan_versions WHERE plan_id = ? ORDER BY version "
           "DESC LIMIT 1");
    q.Bind(1, out.plan_id);
    if (q.Step() && q.Text(1) == v.content_hash) {
      out.version = static_cast<int>(q.Int(0));
      out.created = false;
      return out;  // identical to the latest version: nothing to write (tx rolls back)
    }
    GH_RETURN_IF_ERROR(q.status());
  }
  int next = 1;
  {
    Stmt q(db_.get(), "SELECT coalesce(max(version), 0) + 1 FROM plan_versions WHERE plan_id = ?");
    q.Bind(1, out.plan_id);
    if (q.Step()) next = static_cast<int>(q.Int(0));
    GH_RETURN_IF_ERROR(q.status());
  }
  // An older version with the same content (A -> B -> A) is stored again as a new version
  // so "latest" always means the last import; the hash stays the content's own.
  const std::string& hash = v.content_hash;
  Stmt ins(db_.get(),
           "INSERT INTO plan_versions(plan_id, version, content_hash, source_name, source_format, "
           "source_encoding, "
           "title, issuer, adopted, region, period_start, period_end, vision_year, front_matter, "
           "imported_at) "
           "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  auto opt = [](int x) { return x ? std::optional<int64_t>(x) : std::nullopt; };
  ins.Bind(1, out.plan_id)
      .Bind(2, next)
      .Bind(3, hash)
      .BindText(4, v.source_name)
      .BindText(5, p.source_format);
  ins.BindText(6, p.source_encoding).Bind(7, p.title).BindText(8, p.issuer).BindText(9, p.adopted);
  ins.BindText(10, p.region)
      .Bind(11, opt(p.period.start))
      .Bind(12, opt(p.period.end))
      .Bind(13, opt(p.vision_year));
  ins.Bind(14, plan::StringsToJson(p.front_matter)).Bind(15, UtcNowIso());
  GH_RETURN_IF_ERROR(ins.Run());
  int64_t version_id = db_->LastInsertId();
  int seq = 0;
  GH_RETURN_IF_ERROR(InsertNodes(version_id, p.nodes, std::nullopt, &seq));
  if (v.tasks) {
    for (const plan::Task& t : *v.tasks) GH_RETURN_IF_ERROR(InsertTask(version_id, t));
  }
  if (v.units) GH_RETURN_IF_ERROR(WriteUnits(*v.units));
  {
    Stmt up(db_.get(), "UPDATE plans SET title = ?, region = ? WHERE id = ?");
    GH_RETURN_IF_ERROR(up.Bind(1, p.title).BindText(2, p.region).Bind(3, out.plan_id).Run());
  }
  GH_RETURN_IF_ERROR(MaybeAudit(audit));
  GH_RETURN_IF_ERROR(tx.Commit());
  out.version = next;
  out.created = true;
  return out;
}

Result<std::vector<PlanInfo>> SqliteStore::ListPlans() {
  Stmt q(db_.get(),
         "SELECT p.id, p.key, p.title, p.region, p.created_at, "
         "(SELECT max(version) FROM plan_versions v WHERE v.plan_id = p.id) FROM plans p ORDER BY "
         "p.id");
  std::vector<PlanInfo> out;
  while (q.Step()) {
    out.push_back(
        PlanInfo{q.Int(0), q.Text(1), q.Text(2), q.Text(3), static_cast<int>(q.Int(5)), q.Text(4)});
  }
  GH_RETURN_IF_ERROR(q.status());
  return out;
}

Result<std::vector<VersionInfo>> SqliteStore::ListVersions(int64_t plan_id) {
  Stmt q(db_.get(),
         "SELECT v.version, v.content_hash, v.source_name, v.imported_at, "
         "(SELECT count(*) FROM tasks t WHERE t.version_id = v.id) FROM plan_versions v WHERE "
         "v.plan_id = ? "
         "ORDER BY v.version");
  q.Bind(1, plan_id);
  std::vector<VersionInfo> out;
  while (q.Step()) {
    out.push_back(VersionInfo{plan_id, static_cast<int>(q.Int(0)), q.Text(1), q.Text(2), q.Text(3),
                              static_cast<int>(q.Int(4))});
  }
  GH_RETURN_IF_ERROR(q.status());
  return out;
}

Result<int64_t> SqliteStore::VersionRowId(int64_t plan_id, int version, int* resolved) {
  Stmt q(db_.get(), version > 0
                        ? "SELECT id, version FROM plan_versions WHERE plan_id = ? AND version = ?"
                        : "SELECT id, version FROM plan_versions WHERE plan_id = ? ORDER BY "
                          "version DESC LIMIT 1");
  q.Bind(1, plan_id);
  if (version > 0) q.Bind(2, version);
  if (q.Step()) {
    if (resolved) *resolved = static_cast<int>(q.Int(1));
    return q.Int(0);
  }
  GH_RETURN_IF_ERROR(q.status());
  if (version > 0) {
    return Status::NotFound(
        Msg("规划 {} 没有第 {} 版", "plan {} has no version {}", plan_id, version));
  }
  return Status::NotFound(Msg("没有编号为 {} 的规划", "no plan with id {}", plan_id));
}

Result<plan::Plan> SqliteStore::LoadPlan(int64_t plan_id, int version) {
  GH_ASSIGN_OR_RETURN(int64_t vid, VersionRowId(plan_id, version));
  plan::Plan p;
  {
    Stmt q(db_.get(),
           "SELECT title, issuer, adopted, region, period_start, period_end, vision_year, "
           "front_matter, "
           "source_format, source_encoding FROM plan_versions WHERE id = ?");
    q.Bind(1, vid);
    if (!q.Step()) return q.status().ok() ? Status::Internal("plan version vanished") : q.status();
    p.title = q.Text(0);
    p.issuer = q.Text(1);
    p.adopted = q.Text(2);
    p.region = q.Text(3);
    p.period.start = static_cast<int>(q.Int(4));
    p.period.end = static_cast<int>(q.Int(5));
    p.vision_year = static_cast<int>(q.Int(6));
    GH_ASSIGN_OR_RETURN(p.front_matter, plan::StringsFromJson(q.Text(7)));
    p.source_format = q.Text(8);
    p.source_encoding = q.Text(9);
  }
  // Rebuild the tree from (seq, parent_seq); rows come in pre-order.
  struct Row {
    plan::Node node;
    int64_t parent;
  };
  std::vector<Row> rows;
  std::map<int64_t, size_t> index;
  Stmt q(db_.get(),
         "SELECT seq, parent_seq, node_id, kind, label, number, title, text, table_json, "
         "source_begin, source_end "
         "FROM plan_nodes WHERE version_id = ? ORDER BY seq");
  q.Bind(1, vid);
  while (q.Step()) {
    Row r;
    r.parent = q.IsNull(1) ? 0 : q.Int(1);
    r.node.id = q.Text(2);
    if (!plan::ParseNodeKind(q.Text(3), &r.node.kind))
      return Status::Internal("unknown node kind " + q.Text(3));
    r.node.label = q.Text(4);
    r.node.number = q.OptInt(5);
    r.node.title = q.Text(6);
    r.node.text = q.Text(7);
    if (!q.IsNull(8)) {
      GH_ASSIGN_OR_RETURN(r.node.table, plan::StringTableFromJson(q.Text(8)));
    }
    r.node.source_begin = static_cast<size_t>(q.Int(9));
    r.node.source_end = static_cast<size_t>(q.Int(10));
    index[q.Int(0)] = rows.size();
    rows.push_back(std::move(r));
  }
  GH_RETURN_IF_ERROR(q.status());
  // Children lists, then assemble bottom-up (children have larger seq than parents).
  std::vector<std::vector<size_t>> children(rows.size());
  std::vector<size_t> roots;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].parent == 0) {
      roots.push_back(i);
    } else {
      children[index.at(rows[i].parent)].push_back(i);
    }
  }
  for (size_t i = rows.size(); i-- > 0;) {
    for (size_t c : children[i]) rows[i].node.children.push_back(std::move(rows[c].node));
  }
  for (size_t r : roots) p.nodes.push_back(std::move(rows[r].node));
  return p;
}

Result<std::vector<plan::Task>> SqliteStore::LoadTasks(int64_t plan_id, int version) {
  GH_ASSIGN_OR_RETURN(int64_t vid, VersionRowId(plan_id, version));
  Stmt q(db_.get(),
         "SELECT task_id, node_id, node_seq, node_offset, part, part_title, article, "
         "article_title, text, "
         "initiatives, targets, lead_unit, co_units, deadline, kind, remarks, manual, edited, "
         "unit_basis "
         "FROM tasks WHERE version_id = ? ORDER BY node_seq, task_id");
  q.Bind(1, vid);
  std::vector<plan::Task> out;
  TextInterner shared;  // names, titles, deadlines and kinds repeat across tasks
  while (q.Step()) {
    plan::Task t;
    t.id = q.Int(0);
    t.node_id = shared.Intern(q.Text(1));
    t.node_seq = static_cast<int>(q.Int(2));
    t.node_offset = static_cast<size_t>(q.Int(3));
    t.part = shared.Intern(q.Text(4));
    t.part_title = shared.Intern(q.Text(5));
    t.article = q.OptInt(6);
    t.article_title = shared.Intern(q.Text(7));
    t.text = q.Text(8);
    GH_ASSIGN_OR_RETURN(t.initiatives, plan::StringsFromJson(q.Text(9)));
    GH_ASSIGN_OR_RETURN(t.targets, plan::TargetsFromJson(q.Text(10)));
    t.lead_unit = shared.Intern(q.Text(11));
    GH_ASSIGN_OR_RETURN(t.co_units, plan::SharedStringsFromJson(q.Text(12), &shared));
    t.deadline = shared.Intern(q.Text(13));
    t.kind = shared.Intern(q.Text(14));
    t.remarks = shared.Intern(q.Text(15));
    t.manual = q.Int(16) != 0;
    t.edited = q.Int(17) != 0;
    GH_ASSIGN_OR_RETURN(t.unit_scores, plan::UnitScoresFromJson(q.Text(18), &shared));
    out.push_back(std::move(t));
  }
  GH_RETURN_IF_ERROR(q.status());
  return out;
}

Status SqliteStore::SaveTaskChanges(int64_t plan_id, int version,
                                    const std::vector<plan::Task>& updated,
                                    const std::vector<plan::Task>& added,
                                    const workflow::AuditEntry* audit) {
  Transaction tx(db_.get());
  GH_RETURN_IF_ERROR(tx.status());
  GH_ASSIGN_OR_RETURN(int64_t vid, VersionRowId(plan_id, version));
  Stmt up(db_.get(),
          "UPDATE tasks SET lead_unit = ?, co_units = ?, deadline = ?, remarks = ?, edited = ? "
          "WHERE version_id = ? AND task_id = ?");
  for (const plan::Task& t : updated) {
    up.Reset();
    up.BindText(1, t.lead_unit).Bind(2, plan::StringsToJson(t.co_units)).BindText(3, t.deadline);
    up.BindText(4, t.remarks).Bind(5, t.edited ? 1 : 0).Bind(6, vid).Bind(7, t.id);
    GH_RETURN_IF_ERROR(up.Run());
    if (sqlite3_changes(db_->handle()) != 1) {
      return Status::NotFound(Msg("任务 {} 不存在", "task {} does not exist", t.id));
    }
  }
  for (const plan::Task& t : added) GH_RETURN_IF_ERROR(InsertTask(vid, t));
  GH_RETURN_IF_ERROR(MaybeAudit(audit));
  return tx.Commit();
}

Result<std::vector<plan::Unit>> SqliteStore::LoadUnits() {
  Stmt q(db_.get(),
         "SELECT name, short_name, type, parent, aliases, keywords FROM units ORDER BY id");
  std::vector<plan::Unit> out;
  while (q.Step()) {
    plan::Unit u;
    u.name = q.Text(0);
    u.short_name = q.Text(1);
    u.type = q.Text(2);
    u.parent = q.Text(3);
    GH_ASSIGN_OR_RETURN(u.aliases, plan::StringsFromJson(q.Text(4)));
    GH_ASSIGN_OR_RETURN(std::vector<std::string> kws, plan::StringsFromJson(q.Text(5)));
    for (const std::string& k : kws) {
      size_t c = k.rfind(':');
      plan::Keyword kw;
      kw.word = k.substr(0, c);
      kw.weight = c == std::string::npos ? 2 : std::atoi(k.c_str() + c + 1);
      u.keywords.push_back(std::move(kw));
    }
    out.push_back(std::move(u));
  }
  GH_RETURN_IF_ERROR(q.status());
  return out;
}

Result<IndicatorWriteOutcome> SqliteStore::SaveIndicatorData(const IndicatorWrite& w,
                                                             const workflow::AuditEntry* audit) {
  using indicators::Indicator;
  Transaction tx(db_.get());
  GH_RETURN_IF_ERROR(tx.status());
  IndicatorWriteOutcome out;
  std::unordered_map<std::string, int64_t> region_ids;
  {
    Stmt q(db_.get(), "SELECT name, id FROM regions");
    while (q.Step()) region_ids.emplace(q.Text(0), q.Int(1));
    GH_RETURN_IF_ERROR(q.status());
  }
  if (w.regions) {
    Stmt ins(db_.get(), "INSERT INTO regions(name, parent, type) VALUES (?,?,?)");
    Stmt up(db_.get(), "UPDATE regions SET parent = ?, type = ? WHERE id = ?");
    for (const indicators::Region& r : *w.regions) {
      auto it = region_ids.find(r.name);
      if (it != region_ids.end()) {
        up.Reset();
        GH_RETURN_IF_ERROR(up.Bind(1, r.parent).Bind(2, r.type).Bind(3, it->second).Run());
        continue;
      }
      ins.Reset();
      GH_RETURN_IF_ERROR(ins.Bind(1, r.name).Bind(2, r.parent).Bind(3, r.type).Run());
      region_ids.emplace(r.name, db_->LastInsertId());
      ++out.regions_added;
    }
  }
  std::unordered_map<std::string, int64_t> indicator_ids;
  {
    Stmt q(db_.get(), "SELECT code, id FROM indicators");
    while (q.Step()) indicator_ids.emplace(q.Text(0), q.Int(1));
    GH_RETURN_IF_ERROR(q.status());
  }
  if (w.indicators) {
    Stmt ins(db_.get(),
             "INSERT INTO indicators(code, plan_id, name, unit, category, attribute, direction, "
             "target_kind, baseline_year, baseline, target_year, target, target_text, lead_unit, "
             "formula, aggregation, weight_by, remarks, table_name) "
             "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
             "ON CONFLICT(code) DO UPDATE SET plan_id = excluded.plan_id, name = excluded.name, "
             "unit = excluded.unit, category = excluded.category, attribute = excluded.attribute, "
             "direction = excluded.direction, target_kind = excluded.target_kind, "
             "baseline_year = excluded.baseline_year, baseline = excluded.baseline, "
             "target_year = excluded.target_year, target = excluded.target, "
             "target_text = excluded.target_text, lead_unit = excluded.lead_unit, "
             "formula = excluded.formula, aggregation = excluded.aggregation, "
             "weight_by = excluded.weight_by, remarks = excluded.remarks, "
             "table_name = excluded.table_name");
    auto opt_int = [](const std::optional<int>& v) {
      return v ? std::optional<int64_t>(*v) : std::nullopt;
    };
    for (const Indicator& ind : *w.indicators) {
      ins.Reset();
      ins.Bind(1, ind.code);
      if (w.plan_id > 0) {
        ins.Bind(2, w.plan_id);
      } else {
        ins.BindNull(2);
      }
      ins.Bind(3, ind.name).Bind(4, ind.unit).Bind(5, ind.category);
      ins.Bind(6, indicators::AttributeName(ind.attribute));
      ins.Bind(7, indicators::DirectionName(ind.direction));
      ins.Bind(8, indicators::TargetKindName(ind.target_kind));
      ins.Bind(9, opt_int(ind.baseline_year));
      if (ind.baseline) {
        ins.Bind(10, *ind.baseline);
      } else {
        ins.BindNull(10);
      }
      ins.Bind(11, opt_int(ind.target_year));
      if (ind.target) {
        ins.Bind(12, *ind.target);
      } else {
        ins.BindNull(12);
      }
      ins.Bind(13, ind.target_text).Bind(14, ind.lead_unit).Bind(15, ind.formula);
      ins.Bind(16, indicators::AggregationName(ind.aggregation));
      ins.Bind(17, ind.weight_by).Bind(18, ind.remarks).Bind(19, ind.table);
      GH_RETURN_IF_ERROR(ins.Run());
      if (indicator_ids.count(ind.code)) {
        ++out.indicators_updated;
      } else {
        Stmt q(db_.get(), "SELECT id FROM indicators WHERE code = ?");
        q.Bind(1, ind.code);
        if (q.Step()) indicator_ids.emplace(ind.code, q.Int(0));
        GH_RETURN_IF_ERROR(q.status());
        ++out.indicators_added;
      }
    }
  }
  if (w.observations) {
    int64_t stored_before = 0;
    {
      Stmt q(db_.get(), "SELECT count(*) FROM observations");
      if (q.Step()) stored_before = q.Int(0);
      GH_RETURN_IF_ERROR(q.status());
    }
    GH_RETURN_IF_ERROR(UpsertObservations(*w.observations, indicator_ids, region_ids));
    int64_t stored_after = 0;
    {
      Stmt q(db_.get(), "SELECT count(*) FROM observations");
      if (q.Step()) stored_after = q.Int(0);
      GH_RETURN_IF_ERROR(q.status());
    }
    out.observations_added = stored_after - stored_before;
    out.observations_updated =
        static_cast<int64_t>(w.observations->size()) - out.observations_added;
  }
  GH_RETURN_IF_ERROR(MaybeAudit(audit));
  GH_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Status SqliteStore::UpsertObservations(
    const std::vector<indicators::Observation>& all,
    const std::unordered_map<std::string, int64_t>& indicator_ids,
    const std::unordered_map<std::string, int64_t>& region_ids) {
  // One prepared statement in one transaction, text bound without copies, and a larger
  // page cache for the duration of a bulk write.
  const bool bulk = all.size() > 100000;
  if (bulk) GH_RETURN_IF_ERROR(db_->Exec("PRAGMA cache_size = -262144"));
  // Rows go in batches of kBatch per statement: per-statement overhead (reset, step)
  // dominates a single-row insert, so batching makes bulk imports several times faster.
  constexpr size_t kBatch = 64;
  constexpr int kCols = 7;
  auto insert_sql = [](size_t rows) {
    std::string sql =
        "INSERT INTO observations(indicator_id, region_id, period, value, source, status, "
        "updated_at) VALUES ";
    for (size_t r = 0; r < rows; ++r) sql += r ? ",(?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?)";
    sql +=
        " ON CONFLICT(indicator_id, region_id, period) DO UPDATE SET value = excluded.value, "
        "source = excluded.source, status = excluded.status, updated_at = excluded.updated_at";
    return sql;
  };
  // The batch statement is only prepared when there is a full batch to write.
  std::optional<Stmt> batch;
  if (all.size() >= kBatch) batch.emplace(db_.get(), insert_sql(kBatch));
  Stmt single(db_.get(), insert_sql(1));
  const std::string now = UtcNowIso();
  const std::string* last_ind = nullptr;
  const std::string* last_reg = nullptr;
  int64_t ind_id = 0, reg_id = 0;
  for (size_t start = 0; start < all.size();) {
    const size_t n = all.size() - start >= kBatch ? kBatch : 1;
    Stmt& ins = n == kBatch ? *batch : single;
    ins.Reset();
    for (size_t k = 0; k < n; ++k) {
      const indicators::Observation& o = all[start + k];
      if (last_ind == nullptr || o.indicator != *last_ind) {
        auto ind = indicator_ids.find(o.indicator);
        if (ind == indicator_ids.end()) {
          return Status::NotFound(
              Msg("指标“{}”不存在", "indicator \"{}\" does not exist", o.indicator));
        }
        ind_id = ind->second;
        last_ind = &o.indicator;
      }
      if (last_reg == nullptr || o.region != *last_reg) {
        auto reg = region_ids.find(o.region);
        if (reg == region_ids.end()) {
          return Status::NotFound(Msg("地区“{}”不存在", "region \"{}\" does not exist", o.region));
        }
        reg_id = reg->second;
        last_reg = &o.region;
      }
      const int c = static_cast<int>(k) * kCols;
      ins.Bind(c + 1, ind_id).Bind(c + 2, reg_id).Bind(c + 3, PeriodKey(o.period));
      ins.Bind(c + 4, o.value).BindStatic(c + 5, o.source);
      ins.BindStatic(c + 6, indicators::ObservationStatusName(o.status));
      ins.BindStatic(c + 7, now);
    }
    GH_RETURN_IF_ERROR(ins.Run());
    start += n;
  }
  if (bulk) GH_RETURN_IF_ERROR(db_->Exec("PRAGMA cache_size = -2000"));
  return Status::Ok();
}

Result<std::vector<indicators::Region>> SqliteStore::LoadRegions() {
  std::vector<indicators::Region> out;
  Stmt q(db_.get(), "SELECT name, parent, type FROM regions ORDER BY id");
  while (q.Step()) out.push_back(indicators::Region{q.Text(0), q.Text(1), q.Text(2)});
  GH_RETURN_IF_ERROR(q.status());
  return out;
}

Result<std::vector<indicators::Indicator>> SqliteStore::LoadIndicators(int64_t plan_id) {
  using namespace indicators;
  std::vector<Indicator> out;
  Stmt q(db_.get(),
         "SELECT code, name, unit, category, attribute, direction, target_kind, baseline_year, "
         "baseline, target_year, target, target_text, lead_unit, formula, aggregation, "
         "weight_by, remarks, table_name FROM indicators WHERE ? = 0 OR plan_id = ? ORDER BY id");
  q.Bind(1, plan_id).Bind(2, plan_id);
  while (q.Step()) {
    Indicator ind;
    ind.code = q.Text(0);
    ind.name = q.Text(1);
    ind.unit = q.Text(2);
    ind.category = q.Text(3);
    ParseAttribute(q.Text(4), &ind.attribute);
    ParseDirection(q.Text(5), &ind.direction);
    ParseTargetKind(q.Text(6), &ind.target_kind);
    if (!q.IsNull(7)) ind.baseline_year = static_cast<int>(q.Int(7));
    if (!q.IsNull(8)) ind.baseline = q.Double(8);
    if (!q.IsNull(9)) ind.target_year = static_cast<int>(q.Int(9));
    if (!q.IsNull(10)) ind.target = q.Double(10);
    ind.target_text = q.Text(11);
    ind.lead_unit = q.Text(12);
    ind.formula = q.Text(13);
    ParseAggregation(q.Text(14), &ind.aggregation);
    ind.weight_by = q.Text(15);
    ind.remarks = q.Text(16);
    ind.table = q.Text(17);
    out.push_back(std::move(ind));
  }
  GH_RETURN_IF_ERROR(q.status());
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> SqliteStore::LoadObservedPairs() {
  // DISTINCT over the primary key's prefix: one pass over the index, no row materialised.
  Stmt q(db_.get(),
         "SELECT i.code, r.name FROM (SELECT DISTINCT indicator_id, region_id FROM observations) o "
         "JOIN indicators i ON i.id = o.indicator_id JOIN regions r ON r.id = o.region_id "
         "ORDER BY o.indicator_id, o.region_id");
  std::vector<std::pair<std::string, std::string>> out;
  while (q.Step()) out.emplace_back(q.Text(0), q.Text(1));
  GH_RETURN_IF_ERROR(q.status());
  return out;
}

Result<std::vector<indicators::Observation>> SqliteStore::LoadObservations(
    const std::vector<std::string>& indicator_codes) {
  using namespace indicators;
  std::vector<Observation> out;
  std::unordered_set<std::string> wanted(indicator_codes.begin(), indicator_codes.end());
  Stmt q(db_.get(),
         "SELECT i.code, r.name, o.period, o.value, o.source, o.status FROM observations o "
         "JOIN indicators i ON i.id = o.indicator_id JOIN regions r ON r.id = o.region_id "
         "ORDER BY o.indicator_id, o.region_id, o.period");
  while (q.Step()) {
    Observation o;
    o.indicator = q.Text(0);
    if (!wanted.empty() && !wanted.count(o.indicator)) continue;
    o.region = q.Text(1);
    auto p = PeriodFromKey(q.Int(2));
    if (!p) {
      return Status::Internal(
          Msg("数据库中的时期编码 {} 无法识别", "stored period key {} is invalid", q.Int(2)));
    }
    o.period = *p;
    o.value = q.Double(3);
    o.source = q.Text(4);
    ParseObservationStatus(q.Text(5), &o.status);
    out.push_back(std::move(o));
  }
  GH_RETURN_IF_ERROR(q.status());
  return out;
}

constexpr const char* kUserColumns =
    "SELECT id, name, role, unit, disabled, password_hash, created_at FROM users ";

Result<std::vector<workflow::User>> SqliteStore::QueryUsers(std::string_view where,
                                                            std::optional<int64_t> id,
                                                            const std::string* name) {
  Stmt q(db_.get(), std::string(kUserColumns) + std::string(where));
  if (id) q.Bind(1, *id);
  if (name) q.Bind(1, *name);
  std::vector<workflow::User> out;
  while (q.Step()) {
    workflow::User u;
    u.id = q.Int(0);
    u.name = q.Text(1);
    if (!workflow::ParseRole(q.Text(2), &u.role)) {
      return Status::Internal(Msg("用户 {} 的角色“{}”无法识别",
                                  "user {}: stored role \"{}\" is invalid", u.name, q.Text(2)));
    }
    u.unit = q.Text(3);
    u.disabled = q.Int(4) != 0;
    u.password_hash = q.Text(5);
    u.created_at = q.Text(6);
    out.push_back(std::move(u));
  }
  GH_RETURN_IF_ERROR(q.status());
  return out;
}

Result<int64_t> SqliteStore::CreateUser(const workflow::User& u,
                                        const workflow::AuditEntry* audit) {
  Transaction tx(db_.get());
  GH_RETURN_IF_ERROR(tx.status());
  {
    Stmt q(db_.get(), "SELECT 1 FROM users WHERE name = ?");
    q.Bind(1, u.name);
    if (q.Step())
      return Status::AlreadyExists(Msg("用户 {} 已存在", "user {} already exists", u.name));
    GH_RETURN_IF_ERROR(q.status());
  }
  Stmt ins(db_.get(),
           "INSERT INTO users(name, role, unit, disabled, password_hash, created_at) "
           "VALUES (?,?,?,?,?,?)");
  ins.Bind(1, u.name).Bind(2, workflow::RoleName(u.role)).Bind(3, u.unit);
  ins.Bind(4, u.disabled ? 1 : 0).Bind(5, u.password_hash).Bind(6, UtcNowIso());
  GH_RETURN_IF_ERROR(ins.Run());
  int64_t id = db_->LastInsertId();
  GH_RETURN_IF_ERROR(MaybeAudit(audit, id));
  GH_RETURN_IF_ERROR(tx.Commit());
  return id;
}

Result<workflow::User> SqliteStore::FindUser(const std::string& name) {
  GH_ASSIGN_OR_RETURN(auto users, QueryUsers("WHERE name = ?", std::nullopt, &name));
  if (users.empty()) return Status::NotFound(Msg("没有用户 {}", "no user {}", name));
  return std::move(users[0]);
}

Result<workflow::User> SqliteStore::FindUserById(int64_t id) {
  GH_ASSIGN_OR_RETURN(auto users, QueryUsers("WHERE id = ?", id, nullptr));
  if (users.empty()) return Status::NotFound(Msg("没有编号为 {} 的用户", "no user with id {}", id));
  return std::move(users[0]);
}

Status SqliteStore::UpdateUser(const workflow::User& u, const workflow::AuditEntry* audit) {
  Transaction tx(db_.get());
  GH_RETURN_IF_ERROR(tx.status());
  Stmt up(db_.get(), "UPDATE users SET password_hash = ?, disabled = ? WHERE name = ?");
  GH_RETURN_IF_ERROR(up.Bind(1, u.password_hash).Bind(2, u.disabled ? 1 : 0).Bind(3, u.name).Run());
  if (sqlite3_changes(db_->handle()) == 0)
    return Status::NotFound(Msg("没有用户 {}", "no user {}", u.name));
  // A new password or a disabled account ends every session of the user (a stolen cookie
  // must not outlive the reset).
  Stmt end(db_.get(), "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?)");
  GH_RETURN_IF_ERROR(end.Bind(1, u.name).Run());
  GH_RETURN_IF_ERROR(MaybeAudit(audit));
  return tx.Commit();
}

Result<std::vector<workflow::User>> SqliteStore::ListUsers() {
  return QueryUsers("ORDER BY id", std::nullopt, nullptr);
}

Status SqliteStore::CreateSession(const Session& s, const workflow::AuditEntry* audit) {
  Transaction tx(db_.get());
  GH_RETURN_IF_ERROR(tx.status());
  Stmt ins(db_.get(),
           "INSERT INTO sessions(token_hash, user_id, csrf_token, expires_at, created_at) "
           "VALUES (?,?,?,?,?)");
  ins.Bind(1, s.token_hash).Bind(2, s.user_id).Bind(3, s.csrf_token).Bind(4, s.expires_at);
  ins.Bind(5, s.created_at.empty() ? UtcNowIso() : s.created_at);
  GH_RETURN_IF_ERROR(ins.Run());
  GH_RETURN_IF_ERROR(MaybeAudit(audit));
  return tx.Commit();
}

Result<Session> SqliteStore::FindSession(const std::string& token_hash) {
  Stmt q(db_.get(),
         "SELECT token_hash, user_id, csrf_token, expires_at, created_at FROM sessions "
         "WHERE token_hash = ?");
  q.Bind(1, token_hash);
  if (q.Step()) return Session{q.Text(0), q.Int(1), q.Text(2), q.Text(3), q.Text(4)};
  GH_RETURN_IF_ERROR(q.status());
  return Status::NotFound(Tr("会话不存在或已退出", "no such session"));
}

Status SqliteStore::DeleteSession(const std::string& token_hash,
                                  const workflow::AuditEntry* audit) {
  Transaction tx(db_.get());
  GH_RETURN_IF_ERROR(tx.status());
  Stmt del(db_.get(), "DELETE FROM sessions WHERE token_hash = ?");
  GH_RETURN_IF_ERROR(del.Bind(1, token_hash).Run());
  GH_RETURN_IF_ERROR(MaybeAudit(audit));
  return tx.Commit();
}

Result<int64_t> SqliteStore::DeleteExpiredSessions(const std::string& now_iso) {
  Stmt del(db_.get(), "DELETE FROM sessions WHERE expires_at < ?");
  GH_RETURN_IF_ERROR(del.Bind(1, now_iso).Run());
  return static_cast<int64_t>(sqlite3_changes(db_->handle()));
}

// Reporting rounds (填报轮次).

constexpr const char* kRoundColumns =
    "SELECT id, name, period, opens_on, due_on, closed FROM rounds ";

workflow::Round RoundFromRow(const Stmt& q) {
  workflow::Round r;
  r.id = q.Int(0);
  r.name = q.Text(1);
  r.period = q.Text(2);
  r.opens_on = q.Text(3);
  r.due_on = q.Text(4);
  r.closed = q.Int(5) != 0;
  return r;
}

Status RoundNotFound(int64_t id) {
  return Status::NotFound(Msg("没有编号为 {} 的填报轮次", "no reporting round with id {}", id));
}

Result<int64_t> SqliteStore::CreateRound(const workflow::Round& r,
                                         const workflow::AuditEntry* audit) {
  Transaction tx(db_.get());
  GH_RETURN_IF_ERROR(tx.status());
  Stmt ins(db_.get(),
           "INSERT INTO rounds(name, period, opens_on, due_on, closed, created_at) "
           "VALUES (?,?,?,?,?,?)");
  ins.Bind(1, r.name).Bind(2, r.period).Bind(3, r.opens_on).Bind(4, r.due_on);
  ins.Bind(5, r.closed ? 1 : 0).Bind(6, UtcNowIso());
  GH_RETURN_IF_ERROR(ins.Run());
  int64_t id = db_->LastInsertId();
  GH_RETURN_IF_ERROR(MaybeAudit(audit, id));
  GH_RETURN_IF_ERROR(tx.Commit());
  return id;
}

Status SqliteStore::UpdateRound(const workflow::Round& r, const workflow::AuditEntry* audit) {
  Transaction tx(db_.get());
  GH_RETURN_IF_ERROR(tx.status());
  Stmt up(db_.get(),
          "UPDATE rounds SET name = ?, period = ?, opens_on = ?, due_on = ?, closed = ? "
          "WHERE id = ?");
  up.Bind(1, r.name).Bind(2, r.period).Bind(3, r.opens_on).Bind(4, r.due_on);
  GH_RETURN_IF_ERROR(up.Bind(5, r.closed ? 1 : 0).Bind(6, r.id).Run());
  if (sqlite3_changes(db_->handle()) == 0) return RoundNotFound(r.id);
  GH_RETURN_IF_ERROR(MaybeAudit(audit));
  return tx.Commit();
}

Result<workflow::Round> SqliteStore::FindRound(int64_t id) {
  Stmt q(db_.get(), std::string(kRoundColumns) + "WHERE id = ?");
  q.Bind(1, id);
  if (q.Step()) return RoundFromRow(q);
  GH_RETURN_IF_ERROR(q.status());
  return RoundNotFound(id);
}

Result<std::vector<workflow::Round>> SqliteStore::ListRounds() {
  Stmt q(db_.get(), std::string(kRoundColumns) + "ORDER BY id");
  std::vector<workflow::Round> out;
  while (q.Step()) out.push_back(RoundFromRow(q));
  GH_RETURN_IF_ERROR(q.status());
  return out;
}

// Reports. workflow has names for the enums but (so far) no parsers for two of them.

bool ParseReportKind(std::string_view s, workflow::ReportKind* out) {
  for (workflow::ReportKind k : {workflow::ReportKind::kTask, workflow::ReportKind::kValue}) {
    if (s == workflow::ReportKindName(k)) {
      *out = k;
      return true;
    }
  }
  return false;
}

bool ParseReportState(std::string_view s, workflow::ReportState* out) {
  using workflow::ReportState;
  for (ReportState st : {ReportState::kDraft, ReportState::kSubmitted, ReportState::kApproved,
                         ReportState::kReturned}) {
    if (s == workflow::ReportStateName(st)) {
      *out = st;
      return true;
    }
  }
  return false;
}

// The columns a report is written to and read from, in this order (binding 1..22, reading
// 1..22 after the id).
constexpr const char* kReportFields =
    "kind, round_id, plan_id, task_id, unit, percent, progress, narrative, evidence, "
    "indicator, region, period, value, source, note, state, revision, submitted_by, "
    "submitted_at, reviewed_by, reviewed_at, review_comment";
constexpr int kReportFieldCount = 22;

void BindReport(Stmt& s, const workflow::Report& r) {
  auto id_or_null = [](int64_t id) { return id ? std::optional<int64_t>(id) : std::nullopt; };
  s.Bind(1, workflow::ReportKindName(r.kind)).Bind(2, r.round_id);
  s.Bind(3, id_or_null(r.plan_id)).Bind(4, id_or_null(r.task_id)).Bind(5, r.unit);
  s.Bind(6, r.content.percent).Bind(7, workflow::TaskProgressName(r.content.progress));
  s.Bind(8, r.content.narrative).Bind(9, plan::StringsToJson(r.content.evidence));
  s.Bind(10, r.value.indicator).Bind(11, r.value.region).Bind(12, r.value.period);
  s.Bind(13, r.value.value).Bind(14, r.value.source).Bind(15, r.value.note);
  s.Bind(16, workflow::ReportStateName(r.state)).Bind(17, r.revision);
  s.Bind(18, r.submitted_by).Bind(19, r.submitted_at).Bind(20, r.reviewed_by);
  s.Bind(21, r.reviewed_at).Bind(22, r.review_comment);
}

Result<workflow::Report> ReportFromRow(const Stmt& q) {
  workflow::Report r;
  r.id = q.Int(0);
  auto bad = [&](const char* column, const std::string& value) {
    return Status::Internal(Msg("报告 {} 的 {}“{}”无法识别",
                                "report {}: stored {} \"{}\" is invalid", r.id, column, value));
  };
  if (!ParseReportKind(q.Text(1), &r.kind)) return bad("kind", q.Text(1));
  r.round_id = q.Int(2);
  r.plan_id = q.Int(3);  // NULL reads as 0
  r.task_id = q.Int(4);
  r.unit = q.Text(5);
  r.content.percent = static_cast<int>(q.Int(6));
  if (!workflow::ParseTaskProgress(q.Text(7), &r.content.progress))
    return bad("progress", q.Text(7));
  r.content.narrative = q.Text(8);
  GH_ASSIGN_OR_RETURN(r.content.evidence, plan::StringsFromJson(q.Text(9)));
  r.value.indicator = q.Text(10);
  r.value.region = q.Text(11);
  r.value.period = q.Text(12);
  r.value.value = q.Double(13);
  r.value.source = q.Text(14);
  r.value.note = q.Text(15);
  if (!ParseReportState(q.Text(16), &r.state)) return bad("state", q.Text(16));
  r.revision = static_cast<int>(q.Int(17));
  r.submitted_by = q.Text(18);
  r.submitted_at = q.Text(19);
  r.reviewed_by = q.Text(20);
  r.reviewed_at = q.Text(21);
  r.review_comment = q.Text(22);
  return r;
}

Status ReportNotFound(int64_t id) {
  return Status::NotFound(Msg("没有编号为 {} 的报告", "no report with id {}", id));
}

Result<int64_t> SqliteStore::SaveReport(const workflow::Report& r,
                                        const indicators::Observation* approved_value,
                                        const workflow::AuditEntry* audit) {
  Transaction tx(db_.get());
  GH_RETURN_IF_ERROR(tx.status());
  {
    Stmt q(db_.get(), "SELECT 1 FROM rounds WHERE id = ?");
    q.Bind(1, r.round_id);
    if (!q.Step()) {
      GH_RETURN_IF_ERROR(q.status());
      return RoundNotFound(r.round_id);
    }
  }
  int64_t id = r.id;
  if (id == 0) {
    std::string sql = std::string("INSERT INTO reports(") + kReportFields + ") VALUES (?";
    for (int i = 1; i < kReportFieldCount; ++i) sql += ",?";
    sql += ")";
    Stmt ins(db_.get(), sql);
    BindReport(ins, r);
    GH_RETURN_IF_ERROR(ins.Run());
    id = db_->LastInsertId();
  } else {
    // The columns of kReportFields, in its order.
    Stmt up(db_.get(),
            "UPDATE reports SET kind = ?, round_id = ?, plan_id = ?, task_id = ?, unit = ?, "
            "percent = ?, progress = ?, narrative = ?, evidence = ?, indicator = ?, region = ?, "
            "period = ?, value = ?, source = ?, note = ?, state = ?, revision = ?, "
            "submitted_by = ?, submitted_at = ?, reviewed_by = ?, reviewed_at = ?, "
            "review_comment = ? WHERE id = ?");
    BindReport(up, r);
    GH_RETURN_IF_ERROR(up.Bind(kReportFieldCount + 1, id).Run());
    if (sqlite3_changes(db_->handle()) == 0) return ReportNotFound(id);
  }
  if (approved_value) {
    // The same upsert as SaveIndicatorData, with just the two ids it needs.
    std::unordered_map<std::string, int64_t> indicator_ids, region_ids;
    {
      Stmt q(db_.get(), "SELECT id FROM indicators WHERE code = ?");
      q.Bind(1, approved_value->indicator);
      if (q.Step()) indicator_ids.emplace(approved_value->indicator, q.Int(0));
      GH_RETURN_IF_ERROR(q.status());
    }
    {
      Stmt q(db_.get(), "SELECT id FROM regions WHERE name = ?");
      q.Bind(1, approved_value->region);
      if (q.Step()) region_ids.emplace(approved_value->region, q.Int(0));
      GH_RETURN_IF_ERROR(q.status());
    }
    GH_RETURN_IF_ERROR(UpsertObservations({*approved_value}, indicator_ids, region_ids));
  }
  GH_RETURN_IF_ERROR(MaybeAudit(audit, r.id == 0 ? id : 0));
  GH_RETURN_IF_ERROR(tx.Commit());
  return id;
}

Result<std::vector<workflow::Report>> SqliteStore::QueryReports(
    std::string_view where, const std::function<void(Stmt&)>& bind) {
  Stmt q(db_.get(),
         std::string("SELECT id, ") + kReportFields + " FROM reports " + std::string(where));
  bind(q);
  std::vector<workflow::Report> out;
  while (q.Step()) {
    GH_ASSIGN_OR_RETURN(workflow::Report r, ReportFromRow(q));
    out.push_back(std::move(r));
  }
  GH_RETURN_IF_ERROR(q.status());
  return out;
}

Result<workflow::Report> SqliteStore::FindReport(int64_t id) {
  GH_ASSIGN_OR_RETURN(auto reports, QueryReports("WHERE id = ?", [&](Stmt& q) { q.Bind(1, id); }));
  if (reports.empty()) return ReportNotFound(id);
  return std::move(reports[0]);
}

Result<std::vector<workflow::Report>> SqliteStore::LoadReports(const ReportFilter& f) {
  // The WHERE clause is built from fixed fragments; every value is a bound parameter.
  std::string where = "WHERE 1 = 1";
  std::vector<std::variant<int64_t, std::string>> params;
  auto match = [&](bool set, const char* clause, std::variant<int64_t, std::string> value) {
    if (!set) return;
    where += clause;
    params.push_back(std::move(value));
  };
  match(f.kind.has_value(), " AND kind = ?",
        std::string(f.kind ? workflow::ReportKindName(*f.kind) : ""));
  match(f.round_id != 0, " AND round_id = ?", f.round_id);
  match(!f.unit.empty(), " AND unit = ?", f.unit);
  match(f.state.has_value(), " AND state = ?",
        std::string(f.state ? workflow::ReportStateName(*f.state) : ""));
  match(f.plan_id != 0, " AND plan_id = ?", f.plan_id);
  match(f.task_id != 0, " AND task_id = ?", f.task_id);
  // Spelled out (not bound) so that the partial index reports_indicator applies.
  match(!f.indicator.empty(), " AND kind = 'value' AND indicator = ?", f.indicator);
  where += " ORDER BY id LIMIT ? OFFSET ?";
  params.emplace_back(f.limit > 0 ? f.limit : int64_t{-1});
  params.emplace_back(f.offset > 0 ? f.offset : int64_t{0});
  return QueryReports(where, [&](Stmt& q) {
    for (size_t i = 0; i < params.size(); ++i) {
      const int col = static_cast<int>(i) + 1;
      std::visit([&](const auto& v) { q.Bind(col, v); }, params[i]);
    }
  });
}

// Evidence files (佐证材料).

Status SqliteStore::SaveEvidence(const workflow::EvidenceFile& f,
                                 const workflow::AuditEntry* audit) {
  Transaction tx(db_.get());
  GH_RETURN_IF_ERROR(tx.status());
  Stmt ins(db_.get(),
           "INSERT INTO evidence(hash, name, type, size, uploaded_by, uploaded_at) "
           "VALUES (?,?,?,?,?,?) ON CONFLICT(hash) DO NOTHING");
  ins.Bind(1, f.hash).Bind(2, f.name).Bind(3, f.type).Bind(4, f.size).Bind(5, f.uploaded_by);
  GH_RETURN_IF_ERROR(ins.Bind(6, f.uploaded_at.empty() ? UtcNowIso() : f.uploaded_at).Run());
  // Already stored: the first record stays, and nothing (not even the audit entry) is written.
  if (sqlite3_changes(db_->handle()) == 0) return Status::Ok();
  GH_RETURN_IF_ERROR(MaybeAudit(audit));
  return tx.Commit();
}

Result<workflow::EvidenceFile> SqliteStore::FindEvidence(const std::string& hash) {
  Stmt q(db_.get(),
         "SELECT hash, name, type, size, uploaded_by, uploaded_at FROM evidence WHERE hash = ?");
  q.Bind(1, hash);
  if (q.Step()) {
    return workflow::EvidenceFile{q.Text(0), q.Text(1), q.Text(2), q.Int(3), q.Text(4), q.Text(5)};
  }
  GH_RETURN_IF_ERROR(q.status());
  return Status::NotFound(Msg("没有摘要为 {} 的佐证材料", "no evidence file with hash {}", hash));
}

// Task close-outs (销号).

Status SqliteStore::SaveCloseOut(const TaskCloseOut& c, const workflow::AuditEntry* audit) {
  Transaction tx(db_.get());
  GH_RETURN_IF_ERROR(tx.status());
  {
    Stmt q(db_.get(), "SELECT 1 FROM task_closeouts WHERE plan_id = ? AND task_id = ?");
    q.Bind(1, c.plan_id).Bind(2, c.task_id);
    if (q.Step()) {
      return Status::AlreadyExists(Msg("规划 {} 的任务 {} 已销号",
                                       "task {1} of plan {0} is already closed out", c.plan_id,
                                       c.task_id));
    }
    GH_RETURN_IF_ERROR(q.status());
  }
  Stmt ins(db_.get(),
           "INSERT INTO task_closeouts(plan_id, task_id, closed_by, closed_at, comment) "
           "VALUES (?,?,?,?,?)");
  ins.Bind(1, c.plan_id).Bind(2, c.task_id).Bind(3, c.closed_by);
  ins.Bind(4, c.closed_at.empty() ? UtcNowIso() : c.closed_at).Bind(5, c.comment);
  GH_RETURN_IF_ERROR(ins.Run());
  GH_RETURN_IF_ERROR(MaybeAudit(audit));
  return tx.Commit();
}

Result<std::vector<TaskCloseOut>> SqliteStore::LoadCloseOuts(int64_t plan_id) {
  Stmt q(db_.get(),
         "SELECT plan_id, task_id, closed_by, closed_at, comment FROM task_closeouts "
         "WHERE ? = 0 OR plan_id = ? ORDER BY plan_id, task_id");
  q.Bind(1, plan_id).Bind(2, plan_id);
  std::vector<TaskCloseOut> out;
  while (q.Step()) out.push_back(TaskCloseOut{q.Int(0), q.Int(1), q.Text(2), q.Text(3), q.Text(4)});
  GH_RETURN_IF_ERROR(q.status());
  return out;
}

// Publications (信息公开).

Result<int64_t> SqliteStore::SavePublication(const Publication& p,
                                             const workflow::AuditEntry* audit) {
  Transaction tx(db_.get());
  GH_RETURN_IF_ERROR(tx.status());
  Stmt ins(db_.get(),
           "INSERT INTO publications(published_by, published_at, note, content) VALUES (?,?,?,?)");
  ins.Bind(1, p.published_by).Bind(2, p.published_at.empty() ? UtcNowIso() : p.published_at);
  GH_RETURN_IF_ERROR(ins.Bind(3, p.note).Bind(4, p.content).Run());
  int64_t id = db_->LastInsertId();
  GH_RETURN_IF_ERROR(MaybeAudit(audit, id));
  GH_RETURN_IF_ERROR(tx.Commit());
  return id;
}

Result<Publication> SqliteStore::LatestPublication() {
  Stmt q(db_.get(),
         "SELECT id, published_by, published_at, note, content FROM publications "
         "ORDER BY id DESC LIMIT 1");
  if (q.Step()) return Publication{q.Int(0), q.Text(1), q.Text(2), q.Text(3), q.Text(4)};
  GH_RETURN_IF_ERROR(q.status());
  return Status::NotFound(Tr("还没有发布过信息", "nothing has been published yet"));
}

Result<std::vector<Publication>> SqliteStore::ListPublications() {
  Stmt q(db_.get(), "SELECT id, published_by, published_at, note FROM publications ORDER BY id");
  std::vector<Publication> out;
  while (q.Step()) out.push_back(Publication{q.Int(0), q.Text(1), q.Text(2), q.Text(3), ""});
  GH_RETURN_IF_ERROR(q.status());
  return out;
}

Status SqliteStore::MaybeAudit(const workflow::AuditEntry* audit, int64_t new_id) {
  if (audit == nullptr) return Status::Ok();
  if (new_id > 0) return InsertAudit(WithAssignedId(*audit, new_id)).status();
  return InsertAudit(*audit).status();
}

Result<workflow::AuditEntry> SqliteStore::InsertAudit(const workflow::AuditEntry& e) {
  workflow::AuditEntry out = e;
  out.id = 1;
  out.prev_hash.clear();
  {
    Stmt q(db_.get(), "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
    if (q.Step()) {
      out.id = q.Int(0) + 1;
      out.prev_hash = q.Text(1);
    }
    GH_RETURN_IF_ERROR(q.status());
  }
  if (out.at.empty()) out.at = UtcNowIso();
  out.hash = workflow::AuditHash(out);
  Stmt ins(db_.get(),
           "INSERT INTO audit_log(id, at, user, role, unit, action, entity, before, after, "
           "prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  ins.Bind(1, out.id).Bind(2, out.at).Bind(3, out.user).Bind(4, out.role).Bind(5, out.unit);
  ins.Bind(6, out.action).Bind(7, out.entity).Bind(8, out.before).Bind(9, out.after);
  ins.Bind(10, out.prev_hash).Bind(11, out.hash);
  GH_RETURN_IF_ERROR(ins.Run());
  return out;
}

Result<workflow::AuditEntry> SqliteStore::AppendAudit(const workflow::AuditEntry& e) {
  Transaction tx(db_.get());
  GH_RETURN_IF_ERROR(tx.status());
  GH_ASSIGN_OR_RETURN(workflow::AuditEntry out, InsertAudit(e));
  GH_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<std::vector<workflow::AuditEntry>> SqliteStore::LoadAudit(int64_t limit, int64_t offset) {
  Stmt q(db_.get(),
         "SELECT id, at, user, role, unit, action, entity, before, after, prev_hash, hash "
         "FROM audit_log ORDER BY id LIMIT ? OFFSET ?");
  q.Bind(1, limit > 0 ? limit : int64_t{-1}).Bind(2, offset > 0 ? offset : int64_t{0});
  std::vector<workflow::AuditEntry> out;
  while (q.Step()) {
    out.push_back(workflow::AuditEntry{q.Int(0), q.Text(1), q.Text(2), q.Text(3), q.Text(4),
                                       q.Text(5), q.Text(6), q.Text(7), q.Text(8), q.Text(9),
                                       q.Text(10)});
  }
  GH_RETURN_IF_ERROR(q.status());
  return out;
}

Result<std::string> SqliteStore::ChangeStamp() {
  // data_version moves when another connection commits; total_changes when this one writes.
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_->handle(), "PRAGMA data_version", -1, &st, nullptr) != SQLITE_OK) {
    return Status::Internal(sqlite3_errmsg(db_->handle()));
  }
  int64_t version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  sqlite3_finalize(st);
  return std::to_string(version) + ":" + std::to_string(sqlite3_total_changes64(db_->handle()));
}

Status SqliteStore::Checkpoint() { return db_->Exec("PRAGMA wal_checkpoint(TRUNCATE)"); }

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, bool create_if_missing) {
  std::error_code ec;
  if (!create_if_missing && !std::filesystem::exists(path, ec)) {
    return Status::NotFound(Msg("{}：数据库不存在（先用 guihua import 导入规划）",
                                "{}: no such database (import a plan first with guihua import)",
                                path));
  }
  GH_ASSIGN_OR_RETURN(std::unique_ptr<Db> db, Db::Open(path));
  auto store = std::make_unique<SqliteStore>(std::move(db));
  Status s = store->Init();
  if (!s.ok()) return s;
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace guihua::store
