// The in-memory backend of Store, for tests: the same contract as the SQLite store (the
// typed test suite in tests/unit/store_test.cc runs against both), no persistence.
#include <algorithm>
#include <map>

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

  std::vector<Entry> plans_;
  std::vector<plan::Unit> units_;
};

}  // namespace

std::unique_ptr<Store> NewMemoryStore() { return std::make_unique<MemoryStore>(); }

}  // namespace guihua::store
