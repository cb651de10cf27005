// The Store interface: everything the domain persists, behind one abstract class so the
// domain never sees SQL. Backends: SQLite (sqlite/, the default: one file, WAL, migrations),
// memory (memory/, for tests), PostgreSQL (a later issue). Every method is atomic: it either
// applies completely or not at all. A Store instance is not thread-safe; open one per thread,
// or share one wrapped by NewSynchronizedStore.
//
// Example:
//   GH_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenSqliteStore("guihua.db"));
//   GH_ASSIGN_OR_RETURN(ImportOutcome out, store->SavePlanVersion(v));
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "indicators/indicator.h"
#include "plan/plan.h"
#include "plan/task.h"
#include "plan/units.h"
#include "workflow/account.h"
#include "workflow/audit.h"
#include "workflow/evidence.h"
#include "workflow/reporting.h"

namespace guihua::store {

struct PlanInfo {
  int64_t id = 0;
  std::string key;  // identity of the plan across versions: region + title
  std::string title;
  std::string region;
  int latest_version = 0;
  std::string created_at;  // UTC, ISO 8601
};

struct VersionInfo {
  int64_t plan_id = 0;
  int version = 0;  // 1, 2, … per plan
  std::string content_hash;
  std::string source_name;
  std::string imported_at;  // UTC, ISO 8601
  int task_count = 0;
};

// What an import writes in one transaction.
struct NewPlanVersion {
  std::string key;
  std::string content_hash;  // of the plan's content; equal hash = same document
  std::string source_name;
  const plan::Plan* plan = nullptr;
  const std::vector<plan::Task>* tasks = nullptr;
  // When set, replaces the stored units table in the same transaction.
  const std::vector<plan::Unit>* units = nullptr;
};

struct ImportOutcome {
  int64_t plan_id = 0;
  int version = 0;
  bool created = false;  // false: the latest version already had this content; nothing written
};

// What an indicator or data import writes, in one transaction. Null members are not written.
struct IndicatorWrite {
  // Upserted by name.
  const std::vector<indicators::Region>* regions = nullptr;
  // Upserted by code; attached to `plan_id` when set (0 = not attached to a stored plan).
  const std::vector<indicators::Indicator>* indicators = nullptr;
  int64_t plan_id = 0;
  // Upserted by (indicator, region, period); indicators and regions must exist (written
  // before them in the same call, or stored earlier).
  const std::vector<indicators::Observation>* observations = nullptr;
};

// Counts of an IndicatorWrite: rows inserted and rows that replaced stored ones.
struct IndicatorWriteOutcome {
  int regions_added = 0;
  int indicators_added = 0, indicators_updated = 0;
  int64_t observations_added = 0, observations_updated = 0;
};

// A login session (会话). The token itself is only in the client's cookie; the store keeps its
// SHA-256 so a copy of the database does not let anyone in.
struct Session {
  std::string token_hash;
  int64_t user_id = 0;
  std::string csrf_token;  // sent back by the client as X-CSRF-Token on every write
  std::string expires_at;  // UTC, ISO 8601
  std::string created_at;  // UTC, ISO 8601
};

// Which reports LoadReports returns: every set member must match (0 / "" / nullopt: any).
struct ReportFilter {
  std::optional<workflow::ReportKind> kind;
  int64_t round_id = 0;
  std::string unit;
  std::optional<workflow::ReportState> state;
  int64_t plan_id = 0;
  int64_t task_id = 0;
  std::string indicator;  // value reports of this indicator code
  int64_t limit = 0;      // 0: all
  int64_t offset = 0;
};

// A task closed out (销号): no longer chased by reminders.
struct TaskCloseOut {
  int64_t plan_id = 0;
  int64_t task_id = 0;
  std::string closed_by;
  std::string closed_at;  // UTC, ISO 8601
  std::string comment;
};

// What the planning office published for the public (信息公开): a JSON snapshot made at
// publication time, so the public sees exactly what was released and nothing later.
struct Publication {
  int64_t id = 0;  // assigned by the store
  std::string published_by;
  std::string published_at;  // UTC, ISO 8601; set by the store when empty
  std::string note;
  std::string content;  // JSON
};

class Store {
 public:
  virtual ~Store() = default;

  // Every write below takes an optional audit entry, appended (as by AppendAudit) in the same
  // transaction: the change and its audit record are stored together or not at all.

  // Creates the plan if its key is new and adds a version with its outline and tasks. If the
  // plan's latest version has the same content hash, writes nothing (created = false; the
  // audit entry is not written either).
  virtual Result<ImportOutcome> SavePlanVersion(const NewPlanVersion& v,
                                                const workflow::AuditEntry* audit = nullptr) = 0;

  virtual Result<std::vector<PlanInfo>> ListPlans() = 0;
  virtual Result<std::vector<VersionInfo>> ListVersions(int64_t plan_id) = 0;

  // `version` 0 means the latest. NotFound for an unknown plan or version.
  virtual Result<plan::Plan> LoadPlan(int64_t plan_id, int version) = 0;
  // Tasks in document order (manual tasks after the tasks of their node).
  virtual Result<std::vector<plan::Task>> LoadTasks(int64_t plan_id, int version) = 0;

  // Writes the user-editable fields (lead_unit, co_units, deadline, remarks, edited) of
  // `updated` and inserts `added` (manual tasks, ids chosen by the caller), atomically.
  virtual Status SaveTaskChanges(int64_t plan_id, int version,
                                 const std::vector<plan::Task>& updated,
                                 const std::vector<plan::Task>& added,
                                 const workflow::AuditEntry* audit = nullptr) = 0;

  // The units table last imported (empty if none).
  virtual Result<std::vector<plan::Unit>> LoadUnits() = 0;

  // Indicators (主要指标), regions and observations. Atomic: all of `w` or nothing.
  virtual Result<IndicatorWriteOutcome> SaveIndicatorData(
      const IndicatorWrite& w, const workflow::AuditEntry* audit = nullptr) = 0;
  // Regions in the order they were first stored.
  virtual Result<std::vector<indicators::Region>> LoadRegions() = 0;
  // Indicators in table order; `plan_id` 0 means all, otherwise those attached to that plan.
  virtual Result<std::vector<indicators::Indicator>> LoadIndicators(int64_t plan_id = 0) = 0;
  // Observations of the given indicator codes (all when empty), ordered by indicator table
  // order, region order and period end.
  virtual Result<std::vector<indicators::Observation>> LoadObservations(
      const std::vector<std::string>& indicator_codes = {}) = 0;
  // The (indicator code, region name) pairs that have at least one observation, in the same
  // order; without loading the observations (a national database holds millions).
  virtual Result<std::vector<std::pair<std::string, std::string>>> LoadObservedPairs() = 0;

  // Accounts. Creates `u` (id and created_at are assigned; returns the id). AlreadyExists when the
  // name is taken.
  virtual Result<int64_t> CreateUser(const workflow::User& u,
                                     const workflow::AuditEntry* audit = nullptr) = 0;
  // NotFound for an unknown name / id.
  virtual Result<workflow::User> FindUser(const std::string& name) = 0;
  virtual Result<workflow::User> FindUserById(int64_t id) = 0;
  // Writes password_hash and disabled of the user named u.name and ends (deletes) all of the
  // user's sessions. NotFound for an unknown name.
  virtual Status UpdateUser(const workflow::User& u,
                            const workflow::AuditEntry* audit = nullptr) = 0;
  // Users by id.
  virtual Result<std::vector<workflow::User>> ListUsers() = 0;

  // Sessions, keyed by the token's hash. FindSession: NotFound when unknown (expiry is the
  // caller's rule). DeleteSession of an unknown token is OK.
  virtual Status CreateSession(const Session& s, const workflow::AuditEntry* audit = nullptr) = 0;
  virtual Result<Session> FindSession(const std::string& token_hash) = 0;
  virtual Status DeleteSession(const std::string& token_hash,
                               const workflow::AuditEntry* audit = nullptr) = 0;
  // Deletes the sessions with expires_at < `now_iso`; returns how many.
  virtual Result<int64_t> DeleteExpiredSessions(const std::string& now_iso) = 0;

  // Reporting rounds (填报轮次). CreateRound assigns and returns the id; UpdateRound writes
  // name, period, opens_on, due_on and closed of the round with r.id (NotFound if none).
  virtual Result<int64_t> CreateRound(const workflow::Round& r,
                                      const workflow::AuditEntry* audit = nullptr) = 0;
  virtual Status UpdateRound(const workflow::Round& r,
                             const workflow::AuditEntry* audit = nullptr) = 0;
  virtual Result<workflow::Round> FindRound(int64_t id) = 0;
  // Rounds by id.
  virtual Result<std::vector<workflow::Round>> ListRounds() = 0;

  // Reports (task progress and indicator values). r.id 0 inserts (returns the new id),
  // otherwise replaces the stored report with that id (NotFound if none). When
  // `approved_value` is set, it is upserted into the observations in the same transaction
  // (its indicator and region must exist).
  virtual Result<int64_t> SaveReport(const workflow::Report& r,
                                     const indicators::Observation* approved_value = nullptr,
                                     const workflow::AuditEntry* audit = nullptr) = 0;
  virtual Result<workflow::Report> FindReport(int64_t id) = 0;
  // Reports matching `f`, by id.
  virtual Result<std::vector<workflow::Report>> LoadReports(const ReportFilter& f) = 0;

  // Evidence file metadata, keyed by hash; saving a hash already stored keeps the first
  // record and writes nothing (not even the audit entry).
  virtual Status SaveEvidence(const workflow::EvidenceFile& f,
                              const workflow::AuditEntry* audit = nullptr) = 0;
  virtual Result<workflow::EvidenceFile> FindEvidence(const std::string& hash) = 0;

  // Task close-out (销号). AlreadyExists when the task is already closed out.
  virtual Status SaveCloseOut(const TaskCloseOut& c,
                              const workflow::AuditEntry* audit = nullptr) = 0;
  // Close-outs of a plan (all plans when 0), by task id.
  virtual Result<std::vector<TaskCloseOut>> LoadCloseOuts(int64_t plan_id = 0) = 0;

  // Publications (信息公开). SavePublication assigns id (and published_at when empty).
  virtual Result<int64_t> SavePublication(const Publication& p,
                                          const workflow::AuditEntry* audit = nullptr) = 0;
  // The newest publication; NotFound when nothing was published.
  virtual Result<Publication> LatestPublication() = 0;
  // All publications by id, without content (metadata only).
  virtual Result<std::vector<Publication>> ListPublications() = 0;

  // Appends `e` to the audit log: assigns id, `at` (when empty), prev_hash and hash
  // (workflow::AuditHash). Returns the stored entry.
  virtual Result<workflow::AuditEntry> AppendAudit(const workflow::AuditEntry& e) = 0;
  // Entries in id order; `limit` 0 means all.
  virtual Result<std::vector<workflow::AuditEntry>> LoadAudit(int64_t limit = 0,
                                                              int64_t offset = 0) = 0;

  // A value that changes whenever committed data may have changed, by this process or
  // another (SQLite: PRAGMA data_version and this connection's total changes), for caches of
  // derived results. A backend that cannot tell returns a new value every call.
  virtual Result<std::string> ChangeStamp() = 0;

  // Moves committed data into the main file (SQLite: PRAGMA wal_checkpoint(TRUNCATE)), for
  // a clean shutdown. A no-op for backends without a log.
  virtual Status Checkpoint() = 0;
};

// Opens a SQLite database file and migrates its schema. With `create_if_missing` false a
// missing file is NotFound (commands that only read must not create databases).
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               bool create_if_missing = true);
// A fresh in-memory store (for tests; not persistent).
std::unique_ptr<Store> NewMemoryStore();
// Wraps `inner` so that every call holds one mutex: the result may be shared by threads (each
// call is atomic; a sequence of calls is not a transaction).
std::unique_ptr<Store> NewSynchronizedStore(std::unique_ptr<Store> inner);

// For a write that creates a row and assigns its id (CreateUser, CreateRound, SaveReport with
// r.id 0, SavePublication), the store appends this copy of the audit entry: the `after` JSON
// object's "id" member, when it is 0, becomes `id`, so the log names the row it created.
// Anything else (no "id", another value, not JSON) is kept as it is.
workflow::AuditEntry WithAssignedId(const workflow::AuditEntry& e, int64_t id);

}  // namespace guihua::store
