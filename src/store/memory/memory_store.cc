// The in-memory backend of Store, for tests: the same contract as the SQLite store (the
// typed test suite in tests/unit/store_test.cc runs against both), no persistence.
#include <algorithm>
#include <map>
#include <tuple>

#include "common/hash.h"
#include "common/i18n.h"
#include "store/store.h"

namespace guihua::store {
namespace {

class MemoryStore : public Store {
 public:
  Result<ImportOutcome> SavePlanVersion(const NewPlanVersion& v) override {
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
                         const std::vector<plan::Task>& added) override {
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
    return Status::Ok();
  }

  Result<std::vector<plan::Unit>> LoadUnits() override { return units_; }

  Result<IndicatorWriteOutcome> SaveIndicatorData(const IndicatorWrite& w) override {
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
      for (const indicators::Observation& o : *w.observations) {
        auto ind = std::find_if(inds.begin(), inds.end(), [&](const StoredIndicator& x) {
          return x.ind.code == o.indicator;
        });
        if (ind == inds.end()) {
          return Status::NotFound(
              Msg("指标“{}”不存在", "indicator \"{}\" does not exist", o.indicator));
        }
        auto reg = std::find_if(regions.begin(), regions.end(),
                                [&](const indicators::Region& x) { return x.name == o.region; });
        if (reg == regions.end()) {
          return Status::NotFound(Msg("地区“{}”不存在", "region \"{}\" does not exist", o.region));
        }
        ObsKey key{static_cast<size_t>(ind - inds.begin()),
                   static_cast<size_t>(reg - regions.begin()), o.period.EndMonth(),
                   o.period.ToString()};
        auto [it, added] = obs.insert_or_assign(key, o);
        (void)it;
        if (added) {
          ++out.observations_added;
        } else {
          ++out.observations_updated;
        }
      }
    }
    regions_ = std::move(regions);
    indicators_ = std::move(inds);
    observations_ = std::move(obs);
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

  Result<std::vector<indicators::Observation>> LoadObservations(
      const std::vector<std::string>& codes) override {
    std::vector<indicators::Observation> out;
    for (const auto& [key, o] : observations_) {
      if (codes.empty() || std::find(codes.begin(), codes.end(), o.indicator) != codes.end())
        out.push_back(o);
    }
    return out;
  }

 private:
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

  workflow::AuditEntry MakeAudit(const workflow::AuditEntry& e) const {
    workflow::AuditEntry out = e;
    out.id = static_cast<int64_t>(audit_.size()) + 1;
    out.prev_hash = audit_.empty() ? "" : audit_.back().hash;
    if (out.at.empty()) out.at = UtcNowIso();
    out.hash = workflow::AuditHash(out);
    return out;
  }

 public:
  Result<int64_t> CreateUser(const workflow::User& u, const workflow::AuditEntry* audit) override {
    for (const workflow::User& x : users_) {
      if (x.name == u.name)
        return Status::AlreadyExists(Msg("用户 {} 已存在", "user {} already exists", u.name));
    }
    workflow::User stored = u;
    stored.id = static_cast<int64_t>(users_.size()) + 1;
    stored.created_at = UtcNowIso();
    users_.push_back(std::move(stored));
    if (audit) audit_.push_back(MakeAudit(*audit));
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
      if (audit) audit_.push_back(MakeAudit(*audit));
      return Status::Ok();
    }
    return Status::NotFound(Msg("没有用户 {}", "no user {}", u.name));
  }

  Result<std::vector<workflow::User>> ListUsers() override { return users_; }

  Status CreateSession(const Session& s) override {
    if (sessions_.count(s.token_hash))
      return Status::FailedPrecondition(Tr("会话已存在", "session already exists"));
    Session stored = s;
    if (stored.created_at.empty()) stored.created_at = UtcNowIso();
    sessions_[s.token_hash] = std::move(stored);
    return Status::Ok();
  }

  Result<Session> FindSession(const std::string& token_hash) override {
    auto it = sessions_.find(token_hash);
    if (it == sessions_.end()) return Status::NotFound(Tr("会话不存在或已退出", "no such session"));
    return it->second;
  }

  Status DeleteSession(const std::string& token_hash) override {
    sessions_.erase(token_hash);
    return Status::Ok();
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

  Status Checkpoint() override { return Status::Ok(); }

 private:
  std::vector<workflow::User> users_;
  std::map<std::string, Session> sessions_;
  std::vector<workflow::AuditEntry> audit_;
  std::vector<Entry> plans_;
  std::vector<plan::Unit> units_;
  struct StoredIndicator {
    indicators::Indicator ind;
    int64_t plan_id = 0;
  };
  // (indicator order, region order, period end, period text): the SQLite store's order.
  using ObsKey = std::tuple<size_t, size_t, int, std::string>;
  std::vector<indicators::Region> regions_;
  std::vector<StoredIndicator> indicators_;
  std::map<ObsKey, indicators::Observation> observations_;
};

}  // namespace

std::unique_ptr<Store> NewMemoryStore() { return std::make_unique<MemoryStore>(); }

}  // namespace guihua::store
