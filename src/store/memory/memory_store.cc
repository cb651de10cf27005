// The in-memory backend of Store, for tests: the same contract as the SQLite store (the
// typed test suite in tests/unit/store_test.cc runs against both), no persistence.
//
// Atomicity without transactions: every write checks everything that can fail before it
// changes anything (or works on copies and swaps them in), and appends its audit entry last.
#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include "common/hash.h"
#include "common/i18n.h"
#include "store/store.h"

namespace guihua::store {
namespace {

struct StoredIndicator {
  indicators::Indicator ind;
  int64_t plan_id = 0;
};
// (indicator order, region order, period end, period text): the SQLite store's order.
using ObsKey = std::tuple<size_t, size_t, int, std::string>;
using ObservationMap = std::map<ObsKey, indicators::Observation>;

// Upserts `all` into `obs`, keyed like the SQLite store's observations table; NotFound for an
// indicator or region not in `inds` / `regions`. Stops at the first unknown one, so a caller
// that needs all or nothing passes a copy (or a single observation).
Status UpsertObservations(const std::vector<indicators::Observation>& all,
                          const std::vector<indicators::Region>& regions,
                          const std::vector<StoredIndicator>& inds, ObservationMap* obs,
                          IndicatorWriteOutcome* out) {
  for (const indicators::Observation& o : all) {
    auto ind = std::find_if(inds.begin(), inds.end(),
                            [&](const StoredIndicator& x) { return x.ind.code == o.indicator; });
    if (ind == inds.end()) {
      return Status::NotFound(
          Msg("指标“{}”不存在", "indicator \"{}\" does not exist", o.indicator));
    }
    auto reg = std::find_if(regions.begin(), regions.end(),
                            [&](const indicators::Region& x) { return x.name == o.region; });
    if (reg == regions.end()) {
      return Status::NotFound(Msg("地区“{}”不存在", "region \"{}\" does not exist", o.region));
    }
    ObsKey key{static_cast<size_t>(ind - inds.begin()), static_cast<size_t>(reg - regions.begin()),
               o.period.EndMonth(), o.period.ToString()};
    auto [it, added] = obs->insert_or_assign(key, o);
    (void)it;
    if (added) {
      ++out->observations_added;
    } else {
      ++out->observations_updated;
    }
  }
  return Status::Ok();
}

Status RoundNotFound(int64_t id) {
  return Status::NotFound(Msg("没有编号为 {} 的填报轮次", "no reporting round with id {}", id));
}

Status ReportNotFound(int64_t id) {
  return Status::NotFound(Msg("没有编号为 {} 的报告", "no report with id {}", id));
}

class MemoryStore : public Store {
 public:
  Result<ImportOutcome> SavePlanVersion(const NewPlanVersion& v,
                                        const workflow::AuditEntry* audit) override {
    ImportOutcome out;
    auto it = std::find_if(plans_.begin(), plans_.end(),
                           [&](const Entry& e) { return e.info.key == v.key; });
    if (it != plans_.end() && !it->versions.empty() &&
        it->versions.back().info.content_hash == v.content_hash) {
      out.plan_id = it->info.id;
      out.version = it->versions.back().info.version;
      return out;
    }
    if (it == plans_.end()) {
      Entry e;
      e.info.id = static_cast<int64_t>(plans_.size()) + 1;
      e.info.key = v.key;
      e.info.created_at = UtcNowIso();
      plans_.push_back(std::move(e));
      it = plans_.end() - 1;
    }
    Version ver;
    ver.info.plan_id = it->info.id;
    ver.info.version = static_cast<int>(it->versions.size()) + 1;
    ver.info.content_hash = v.content_hash;
    ver.info.source_name = v.source_name;
    ver.info.imported_at = UtcNowIso();
    ver.plan = *v.plan;
    if (v.tasks) ver.tasks = *v.tasks;
    ver.info.task_count = static_cast<int>(ver.tasks.size());
    it->info.title = v.plan->title;
    it->info.region = v.plan->region;
    it->info.latest_version = ver.info.version;
    it->versions.push_back(std::move(ver));
    if (v.units) units_ = *v.units;
    out.plan_id = it->info.id;
    out.version = it->info.latest_version;
    out.created = true;
    Audit(audit);
    return out;
  }

  Result<std::vector<PlanInfo>> ListPlans() override {
    std::vector<PlanInfo> out;
    for (const Entry& e : plans_) out.push_back(e.info);
    return out;
  }

  Result<std::vector<VersionInfo>> ListVersions(int64_t plan_id) override {
    GH_ASSIGN_OR_RETURN(Entry * e, Find(plan_id));
    std::vector<VersionInfo> out;
    for (const Version& v : e->versions) out.push_back(v.info);
    return out;
  }

  Result<plan::Plan> LoadPlan(int64_t plan_id, int version) override {
    GH_ASSIGN_OR_RETURN(Version * v, FindVersion(plan_id, version));
    return v->plan;
  }

  Result<std::vector<plan::Task>> LoadTasks(int64_t plan_id, int version) override {
    GH_ASSIGN_OR_RETURN(Version * v, FindVersion(plan_id, version));
    std::vector<plan::Task> out = v->tasks;
    std::stable_sort(out.begin(), out.end(), [](const plan::Task& a, const plan::Task& b) {
      return a.node_seq != b.node_seq ? a.node_seq < b.node_seq : a.id < b.id;
    });
    return out;
  }

  Status SaveTaskChanges(int64_t plan_id, int version, const std::vector<plan::Task>& updated,
                         const std::vector<plan::Task>& added,
                         const workflow::AuditEntry* audit) override {
    GH_ASSIGN_OR_RETURN(Version * v, FindVersion(plan_id, version));
    std::vector<plan::Task> copy = v->tasks;  // all or nothing
    for (const plan::Task& u : updated) {
      auto it =
          std::find_if(copy.begin(), copy.end(), [&](const plan::Task& t) { return t.id == u.id; });
      if (it == copy.end())
        return Status::NotFound(Msg("任务 {} 不存在", "task {} does not exist", u.id));
      it->lead_unit = u.lead_unit;
      it->co_units = u.co_units;
      it->deadline = u.deadline;
      it->remarks = u.remarks;
      it->edited = u.edited;
    }
    for (const plan::Task& a : added) {
      for (const plan::Task& t : copy) {
        if (t.id == a.id)
          return Status::AlreadyExists(Msg("任务 {} 已存在", "task {} already exists", a.id));
      }
      copy.push_back(a);
    }
    v->tasks = std::move(copy);
    v->info.task_count = static_cast<int>(v->tasks.size());
    Audit(audit);
    return Status::Ok();
  }

  Result<std::vector<plan::Unit>> LoadUnits() override { return units_; }

  Result<IndicatorWriteOutcome> SaveIndicatorData(const IndicatorWrite& w,
                                                  const workflow::AuditEntry* audit) override {
    // Work on copies and swap at the end: all or nothing, like a transaction.
    auto regions = regions_;
    auto inds = indicators_;
    auto obs = observations_;
    IndicatorWriteOutcome out;
    if (w.regions) {
      for (const indicators::Region& r : *w.regions) {
        auto it = std::find_if(regions.begin(), regions.end(),
                               [&](const indicators::Region& x) { return x.name == r.name; });
        if (it != regions.end()) {
          *it = r;
        } else {
          regions.push_back(r);
          ++out.regions_added;
        }
      }
    }
    if (w.indicators) {
      for (const indicators::Indicator& ind : *w.indicators) {
        auto it = std::find_if(inds.begin(), inds.end(),
                               [&](const StoredIndicator& x) { return x.ind.code == ind.code; });
        if (it != inds.end()) {
          *it = StoredIndicator{ind, w.plan_id};
          ++out.indicators_updated;
        } else {
          inds.push_back(StoredIndicator{ind, w.plan_id});
          ++out.indicators_added;
        }
      }
    }
    if (w.observations) {
      GH_RETURN_IF_ERROR(UpsertObservations(*w.observations, regions, inds, &obs, &out));
    }
    regions_ = std::move(regions);
    indicators_ = std::move(inds);
    observations_ = std::move(obs);
    Audit(audit);
    return out;
  }

  Result<std::vector<indicators::Region>> LoadRegions() override { return regions_; }

  Result<std::vector<indicators::Indicator>> LoadIndicators(int64_t plan_id) override {
    std::vector<indicators::Indicator> out;
    for (const StoredIndicator& s : indicators_) {
      if (plan_id == 0 || s.plan_id == plan_id) out.push_back(s.ind);
    }
    return out;
  }

  Result<std::vector<std::pair<std::string, std::string>>> LoadObservedPairs() override {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [key, o] : observations_) {
      if (out.empty() || out.back().first != o.indicator || out.back().second != o.region) {
        out.emplace_back(o.indicator, o.region);
      }
    }
    return out;
  }

  Result<std::vector<indicators::Observation>> LoadObservations(
      const std::vector<std::string>& codes) override {
    std::vector<indicators::Observation> out;
    for (const auto& [key, o] : observations_) {
      if (codes.empty() || std::find(codes.begin(), codes.end(), o.indicator) != codes.end())
        out.push_back(o);
    }
    return out;
  }

  Result<int64_t> CreateUser(const workflow::User& u, const workflow::AuditEntry* audit) override {
    for (const workflow::User& x : users_) {
      if (x.name == u.name)
        return Status::AlreadyExists(Msg("用户 {} 已存在", "user {} already exists", u.name));
    }
    workflow::User stored = u;
    stored.id = static_cast<int64_t>(users_.size()) + 1;
    stored.created_at = UtcNowIso();
    users_.push_back(std::move(stored));
    Audit(audit, users_.back().id);
    return users_.back().id;
  }

  Result<workflow::User> FindUser(const std::string& name) override {
    for (const workflow::User& x : users_) {
      if (x.name == name) return x;
    }
    return Status::NotFound(Msg("没有用户 {}", "no user {}", name));
  }

  Result<workflow::User> FindUserById(int64_t id) override {
    for (const workflow::User& x : users_) {
      if (x.id == id) return x;
    }
    return Status::NotFound(Msg("没有编号为 {} 的用户", "no user with id {}", id));
  }

  Status UpdateUser(const workflow::User& u, const workflow::AuditEntry* audit) override {
    for (workflow::User& x : users_) {
      if (x.name != u.name) continue;
      x.password_hash = u.password_hash;
      x.disabled = u.disabled;
      std::erase_if(sessions_, [&](const auto& kv) { return kv.second.user_id == x.id; });
      Audit(audit);
      return Status::Ok();
    }
    return Status::NotFound(Msg("没有用户 {}", "no user {}", u.name));
  }

  Result<std::vector<workflow::User>> ListUsers() override { return users_; }

  Status CreateSession(const Session& s, const workflow::AuditEntry* audit) override {
    if (sessions_.count(s.token_hash))
      return Status::FailedPrecondition(Tr("会话已存在", "session already exists"));
    Session stored = s;
    if (stored.created_at.empty()) stored.created_at = UtcNowIso();
    sessions_[s.token_hash] = std::move(stored);
    Audit(audit);
    return Status::Ok();
  }

  Result<Session> FindSession(const std::string& token_hash) override {
    auto it = sessions_.find(token_hash);
    if (it == sessions_.end()) return Status::NotFound(Tr("会话不存在或已退出", "no such session"));
    return it->second;
  }

  Status DeleteSession(const std::string& token_hash, const workflow::AuditEntry* audit) override {
    sessions_.erase(token_hash);
    Audit(audit);
    return Status::Ok();
  }

  Result<int64_t> DeleteExpiredSessions(const std::string& now_iso) override {
    return static_cast<int64_t>(
        std::erase_if(sessions_, [&](const auto& kv) { return kv.second.expires_at < now_iso; }));
  }

  Result<int64_t> CreateRound(const workflow::Round& r,
                              const workflow::AuditEntry* audit) override {
    workflow::Round stored = r;
    stored.id = static_cast<int64_t>(rounds_.size()) + 1;
    rounds_.push_back(std::move(stored));
    Audit(audit, rounds_.back().id);
    return rounds_.back().id;
  }

  Status UpdateRound(const workflow::Round& r, const workflow::AuditEntry* audit) override {
    GH_ASSIGN_OR_RETURN(workflow::Round * stored, RoundById(r.id));
    *stored = r;
    Audit(audit);
    return Status::Ok();
  }

  Result<workflow::Round> FindRound(int64_t id) override {
    GH_ASSIGN_OR_RETURN(workflow::Round * r, RoundById(id));
    return *r;
  }

  Result<std::vector<workflow::Round>> ListRounds() override { return rounds_; }

  Result<int64_t> SaveReport(const workflow::Report& r,
                             const indicators::Observation* approved_value,
                             const workflow::AuditEntry* audit) override {
    GH_RETURN_IF_ERROR(RoundById(r.round_id).status());
    if (r.id != 0) GH_RETURN_IF_ERROR(ReportById(r.id).status());
    if (approved_value) {
      // A single observation is either written or rejected before anything changed.
      IndicatorWriteOutcome ignored;
      GH_RETURN_IF_ERROR(
          UpsertObservations({*approved_value}, regions_, indicators_, &observations_, &ignored));
    }
    workflow::Report stored = r;
    if (stored.id == 0) {
      stored.id = static_cast<int64_t>(reports_.size()) + 1;
      reports_.push_back(std::move(stored));
    } else {
      reports_[static_cast<size_t>(stored.id) - 1] = std::move(stored);
    }
    Audit(audit, r.id != 0 ? 0 : reports_.back().id);
    return r.id != 0 ? r.id : reports_.back().id;
  }

  Result<workflow::Report> FindReport(int64_t id) override {
    GH_ASSIGN_OR_RETURN(workflow::Report * r, ReportById(id));
    return *r;
  }

  Result<std::vector<workflow::Report>> LoadReports(const ReportFilter& f) override {
    std::vector<workflow::Report> out;
    int64_t skipped = 0;
    for (const workflow::Report& r : reports_) {
      if (f.kind && r.kind != *f.kind) continue;
      if (f.round_id != 0 && r.round_id != f.round_id) continue;
      if (!f.unit.empty() && r.unit != f.unit) continue;
      if (f.state && r.state != *f.state) continue;
      if (f.plan_id != 0 && r.plan_id != f.plan_id) continue;
      if (f.task_id != 0 && r.task_id != f.task_id) continue;
      if (!f.indicator.empty() &&
          (r.kind != workflow::ReportKind::kValue || r.value.indicator != f.indicator)) {
        continue;
      }
      if (skipped < f.offset) {
        ++skipped;
        continue;
      }
      if (f.limit > 0 && static_cast<int64_t>(out.size()) >= f.limit) break;
      out.push_back(r);
    }
    return out;
  }

  Status SaveEvidence(const workflow::EvidenceFile& f, const workflow::AuditEntry* audit) override {
    if (evidence_.count(f.hash)) return Status::Ok();  // the first record stays; no audit
    workflow::EvidenceFile stored = f;
    if (stored.uploaded_at.empty()) stored.uploaded_at = UtcNowIso();
    evidence_.emplace(f.hash, std::move(stored));
    Audit(audit);
    return Status::Ok();
  }

  Result<workflow::EvidenceFile> FindEvidence(const std::string& hash) override {
    auto it = evidence_.find(hash);
    if (it == evidence_.end()) {
      return Status::NotFound(
          Msg("没有摘要为 {} 的佐证材料", "no evidence file with hash {}", hash));
    }
    return it->second;
  }

  Status SaveCloseOut(const TaskCloseOut& c, const workflow::AuditEntry* audit) override {
    auto key = std::make_pair(c.plan_id, c.task_id);
    if (closeouts_.count(key)) {
      return Status::AlreadyExists(Msg("规划 {} 的任务 {} 已销号",
                                       "task {1} of plan {0} is already closed out", c.plan_id,
                                       c.task_id));
    }
    TaskCloseOut stored = c;
    if (stored.closed_at.empty()) stored.closed_at = UtcNowIso();
    closeouts_.emplace(key, std::move(stored));
    Audit(audit);
    return Status::Ok();
  }

  Result<std::vector<TaskCloseOut>> LoadCloseOuts(int64_t plan_id) override {
    std::vector<TaskCloseOut> out;
    for (const auto& [key, c] : closeouts_) {
      if (plan_id == 0 || c.plan_id == plan_id) out.push_back(c);
    }
    return out;
  }

  Result<int64_t> SavePublication(const Publication& p,
                                  const workflow::AuditEntry* audit) override {
    Publication stored = p;
    stored.id = static_cast<int64_t>(publications_.size()) + 1;
    if (stored.published_at.empty()) stored.published_at = UtcNowIso();
    publications_.push_back(std::move(stored));
    Audit(audit, publications_.back().id);
    return publications_.back().id;
  }

  Result<Publication> LatestPublication() override {
    if (publications_.empty()) {
      return Status::NotFound(Tr("还没有发布过信息", "nothing has been published yet"));
    }
    return publications_.back();
  }

  Result<std::vector<Publication>> ListPublications() override {
    std::vector<Publication> out = publications_;
    for (Publication& p : out) p.content.clear();
    return out;
  }

  Result<workflow::AuditEntry> AppendAudit(const workflow::AuditEntry& e) override {
    audit_.push_back(MakeAudit(e));
    return audit_.back();
  }

  Result<std::vector<workflow::AuditEntry>> LoadAudit(int64_t limit, int64_t offset) override {
    std::vector<workflow::AuditEntry> out;
    size_t begin = offset > 0 ? static_cast<size_t>(offset) : 0;
    for (size_t i = begin; i < audit_.size(); ++i) {
      if (limit > 0 && out.size() >= static_cast<size_t>(limit)) break;
      out.push_back(audit_[i]);
    }
    return out;
  }

  // Not tracked: every call is a new stamp, so nothing derived is ever reused.
  Result<std::string> ChangeStamp() override { return std::to_string(++stamp_calls_); }
  Status Checkpoint() override { return Status::Ok(); }

 private:
  int64_t stamp_calls_ = 0;
  struct Version {
    VersionInfo info;
    plan::Plan plan;
    std::vector<plan::Task> tasks;
  };
  struct Entry {
    PlanInfo info;
    std::vector<Version> versions;
  };

  Result<Entry*> Find(int64_t plan_id) {
    for (Entry& e : plans_) {
      if (e.info.id == plan_id) return &e;
    }
    return Status::NotFound(Msg("没有编号为 {} 的规划", "no plan with id {}", plan_id));
  }

  Result<Version*> FindVersion(int64_t plan_id, int version) {
    GH_ASSIGN_OR_RETURN(Entry * e, Find(plan_id));
    if (e->versions.empty())
      return Status::NotFound(Msg("没有编号为 {} 的规划", "no plan with id {}", plan_id));
    if (version == 0) return &e->versions.back();
    if (version < 0 || static_cast<size_t>(version) > e->versions.size()) {
      return Status::NotFound(
          Msg("规划 {} 没有第 {} 版", "plan {} has no version {}", plan_id, version));
    }
    return &e->versions[static_cast<size_t>(version) - 1];
  }

  Result<workflow::Round*> RoundById(int64_t id) {
    if (id < 1 || static_cast<size_t>(id) > rounds_.size()) return RoundNotFound(id);
    return &rounds_[static_cast<size_t>(id) - 1];
  }

  Result<workflow::Report*> ReportById(int64_t id) {
    if (id < 1 || static_cast<size_t>(id) > reports_.size()) return ReportNotFound(id);
    return &reports_[static_cast<size_t>(id) - 1];
  }

  workflow::AuditEntry MakeAudit(const workflow::AuditEntry& e) const {
    workflow::AuditEntry out = e;
    out.id = static_cast<int64_t>(audit_.size()) + 1;
    out.prev_hash = audit_.empty() ? "" : audit_.back().hash;
    if (out.at.empty()) out.at = UtcNowIso();
    out.hash = workflow::AuditHash(out);
    return out;
  }

  // Appends `audit` when set: the last step of a write, once nothing can fail.
  // `new_id` > 0: the id a creating write assigned (WithAssignedId).
  void Audit(const workflow::AuditEntry* audit, int64_t new_id = 0) {
    if (audit) audit_.push_back(MakeAudit(new_id > 0 ? WithAssignedId(*audit, new_id) : *audit));
  }

  std::vector<workflow::User> users_;
  std::map<std::string, Session> sessions_;
  std::vector<workflow::AuditEntry> audit_;
  std::vector<Entry> plans_;
  std::vector<plan::Unit> units_;
  std::vector<indicators::Region> regions_;
  std::vector<StoredIndicator> indicators_;
  ObservationMap observations_;
  // Ids are positions: rounds_[i].id == i + 1, and so for reports_ and publications_.
  std::vector<workflow::Round> rounds_;
  std::vector<workflow::Report> reports_;
  std::map<std::string, workflow::EvidenceFile> evidence_;         // by hash
  std::map<std::pair<int64_t, int64_t>, TaskCloseOut> closeouts_;  // by (plan, task)
  std::vector<Publication> publications_;
};

}  // namespace

std::unique_ptr<Store> NewMemoryStore() { return std::make_unique<MemoryStore>(); }

}  // namespace guihua::store
