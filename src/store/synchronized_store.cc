// A Store that serialises every call to another Store with one mutex, so many threads (the
// HTTP server's pool) can share one SQLite connection. Each call stays atomic as before; a
// sequence of calls is not a transaction. CPU-heavy work between calls (password hashing,
// evaluation) runs unlocked.
#include <mutex>

#include "store/store.h"

namespace guihua::store {
namespace {

class SynchronizedStore : public Store {
 public:
  explicit SynchronizedStore(std::unique_ptr<Store> inner) : inner_(std::move(inner)) {}

  Result<ImportOutcome> SavePlanVersion(const NewPlanVersion& v,
                                        const workflow::AuditEntry* audit) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->SavePlanVersion(v, audit);
  }
  Result<std::vector<PlanInfo>> ListPlans() override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->ListPlans();
  }
  Result<std::vector<VersionInfo>> ListVersions(int64_t plan_id) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->ListVersions(plan_id);
  }
  Result<plan::Plan> LoadPlan(int64_t plan_id, int version) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->LoadPlan(plan_id, version);
  }
  Result<std::vector<plan::Task>> LoadTasks(int64_t plan_id, int version) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->LoadTasks(plan_id, version);
  }
  Status SaveTaskChanges(int64_t plan_id, int version, const std::vector<plan::Task>& updated,
                         const std::vector<plan::Task>& added,
                         const workflow::AuditEntry* audit) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->SaveTaskChanges(plan_id, version, updated, added, audit);
  }
  Result<std::vector<plan::Unit>> LoadUnits() override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->LoadUnits();
  }
  Result<IndicatorWriteOutcome> SaveIndicatorData(const IndicatorWrite& w,
                                                  const workflow::AuditEntry* audit) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->SaveIndicatorData(w, audit);
  }
  Result<std::vector<indicators::Region>> LoadRegions() override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->LoadRegions();
  }
  Result<std::vector<indicators::Indicator>> LoadIndicators(int64_t plan_id) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->LoadIndicators(plan_id);
  }
  Result<std::vector<indicators::Observation>> LoadObservations(
      const std::vector<std::string>& indicator_codes) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->LoadObservations(indicator_codes);
  }
  Result<std::vector<std::pair<std::string, std::string>>> LoadObservedPairs() override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->LoadObservedPairs();
  }
  Result<int64_t> CreateUser(const workflow::User& u, const workflow::AuditEntry* audit) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->CreateUser(u, audit);
  }
  Result<workflow::User> FindUser(const std::string& name) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->FindUser(name);
  }
  Result<workflow::User> FindUserById(int64_t id) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->FindUserById(id);
  }
  Status UpdateUser(const workflow::User& u, const workflow::AuditEntry* audit) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->UpdateUser(u, audit);
  }
  Result<std::vector<workflow::User>> ListUsers() override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->ListUsers();
  }
  Status CreateSession(const Session& s, const workflow::AuditEntry* audit) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->CreateSession(s, audit);
  }
  Result<Session> FindSession(const std::string& token_hash) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->FindSession(token_hash);
  }
  Status DeleteSession(const std::string& token_hash, const workflow::AuditEntry* audit) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->DeleteSession(token_hash, audit);
  }
  Result<int64_t> DeleteExpiredSessions(const std::string& now_iso) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->DeleteExpiredSessions(now_iso);
  }
  Result<int64_t> CreateRound(const workflow::Round& r,
                              const workflow::AuditEntry* audit) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->CreateRound(r, audit);
  }
  Status UpdateRound(const workflow::Round& r, const workflow::AuditEntry* audit) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->UpdateRound(r, audit);
  }
  Result<workflow::Round> FindRound(int64_t id) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->FindRound(id);
  }
  Result<std::vector<workflow::Round>> ListRounds() override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->ListRounds();
  }
  Result<int64_t> SaveReport(const workflow::Report& r,
                             const indicators::Observation* approved_value,
                             const workflow::AuditEntry* audit) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->SaveReport(r, approved_value, audit);
  }
  Result<workflow::Report> FindReport(int64_t id) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->FindReport(id);
  }
  Result<std::vector<workflow::Report>> LoadReports(const ReportFilter& f) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->LoadReports(f);
  }
  Status SaveEvidence(const workflow::EvidenceFile& f, const workflow::AuditEntry* audit) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->SaveEvidence(f, audit);
  }
  Result<workflow::EvidenceFile> FindEvidence(const std::string& hash) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->FindEvidence(hash);
  }
  Status SaveCloseOut(const TaskCloseOut& c, const workflow::AuditEntry* audit) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->SaveCloseOut(c, audit);
  }
  Result<std::vector<TaskCloseOut>> LoadCloseOuts(int64_t plan_id) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->LoadCloseOuts(plan_id);
  }
  Result<int64_t> SavePublication(const Publication& p,
                                  const workflow::AuditEntry* audit) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->SavePublication(p, audit);
  }
  Result<Publication> LatestPublication() override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->LatestPublication();
  }
  Result<std::vector<Publication>> ListPublications() override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->ListPublications();
  }
  Result<workflow::AuditEntry> AppendAudit(const workflow::AuditEntry& e) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->AppendAudit(e);
  }
  Result<std::vector<workflow::AuditEntry>> LoadAudit(int64_t limit, int64_t offset) override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->LoadAudit(limit, offset);
  }
  Result<std::string> ChangeStamp() override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->ChangeStamp();
  }
  Status Checkpoint() override {
    std::lock_guard<std::mutex> l(mu_);
    return inner_->Checkpoint();
  }

 private:
  std::mutex mu_;
  std::unique_ptr<Store> inner_;
};

}  // namespace

std::unique_ptr<Store> NewSynchronizedStore(std::unique_ptr<Store> inner) {
  return std::make_unique<SynchronizedStore>(std::move(inner));
}

}  // namespace guihua::store
