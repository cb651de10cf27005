#include "service/reporting_service.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "common/file_io.h"
#include "common/hash.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "plan/task_json.h"
#include "service/api_queries.h"
#include "service/evaluation_report.h"
#include "service/plan_service.h"

namespace guihua::service {
namespace {

using json = nlohmann::ordered_json;
using workflow::Action;
using workflow::AuditEntry;
using workflow::Report;
using workflow::ReportKind;
using workflow::ReportState;
using workflow::Round;

std::string Dump(const json& j, int indent = 2) {
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

AuditEntry Entry(const Caller& c, std::string entity, std::string before, std::string after) {
  AuditEntry e;
  e.user = c.user.name;
  e.role = workflow::RoleName(c.user.role);
  e.unit = c.user.unit;
  e.action = c.action;
  e.entity = std::move(entity);
  e.before = std::move(before);
  e.after = std::move(after);
  return e;
}

Status Denied(const Caller& c, Action a) {
  return Status::PermissionDenied(Msg("{}（{}）无权执行 {}", "{} ({}) may not {}", c.user.name,
                                      workflow::RoleName(c.user.role), workflow::ActionName(a)));
}

std::string Today() { return UtcNowIso().substr(0, 10); }

// Workflow writes read, decide and write back (is there a report already? is it still
// submitted? is the round still open?). One process-wide lock makes each such use case
// atomic against the others, so two reviewers cannot both act on one report and two first
// submissions cannot both insert. (The server is the one process that runs these; the
// command line only opens and closes rounds.)
std::mutex& WorkflowWriteMutex() {
  static std::mutex mu;
  return mu;
}

json RoundToJson(const Round& r) {
  return {{"id", r.id},         {"name", r.name},    {"period", r.period}, {"opens_on", r.opens_on},
          {"due_on", r.due_on}, {"closed", r.closed}};
}

json ReportToJson(const Report& r) {
  json j = {{"id", r.id},
            {"kind", workflow::ReportKindName(r.kind)},
            {"round_id", r.round_id},
            {"unit", r.unit},
            {"state", workflow::ReportStateName(r.state)},
            {"state_label", workflow::ReportStateLabel(r.state)},
            {"revision", r.revision}};
  if (r.kind == ReportKind::kTask) {
    j["plan_id"] = r.plan_id;
    j["task_id"] = r.task_id;
    j["percent"] = r.content.percent;
    j["status"] = workflow::TaskProgressName(r.content.progress);
    j["status_label"] = workflow::TaskProgressLabel(r.content.progress);
    j["narrative"] = r.content.narrative;
    j["evidence"] = r.content.evidence;
  } else {
    j["indicator"] = r.value.indicator;
    j["region"] = r.value.region;
    j["period"] = r.value.period;
    j["value"] = r.value.value;
    j["source"] = r.value.source;
    j["note"] = r.value.note;
  }
  j["submitted_by"] = r.submitted_by;
  j["submitted_at"] = r.submitted_at;
  j["reviewed_by"] = r.reviewed_by;
  j["reviewed_at"] = r.reviewed_at;
  j["review_comment"] = r.review_comment;
  return j;
}

json EvidenceToJson(const workflow::EvidenceFile& f) {
  return {{"hash", f.hash},
          {"name", f.name},
          {"type", f.type},
          {"size", f.size},
          {"uploaded_by", f.uploaded_by},
          {"uploaded_at", f.uploaded_at}};
}

// The latest report of a set by (revision, id): the one that counts for a (round, unit,
// obligation).
const Report* Latest(const std::vector<Report>& reports) {
  const Report* best = nullptr;
  for (const Report& r : reports) {
    if (!best || std::tie(r.revision, r.id) > std::tie(best->revision, best->id)) best = &r;
  }
  return best;
}

// Writes `bytes` to `path` atomically: a temporary file in the same directory, fsync,
// rename, fsync of the directory.
Status WriteFileAtomically(const std::string& path, const std::string& bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir = fs::path(path).parent_path();
  fs::create_directories(dir, ec);
  if (ec) {
    return Status::Unavailable(
        Msg("无法创建目录 {}：{}", "cannot create directory {}: {}", dir.string(), ec.message()));
  }
  std::string tmp = path + ".tmp." + workflow::RandomToken(8);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return Status::Unavailable(Msg("无法写入 {}", "cannot write {}", tmp));
  size_t done = 0;
  bool ok = true;
  while (ok && done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  ok = (::close(fd) == 0) && ok;
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Status::Unavailable(Msg("无法写入 {}", "cannot write {}", path));
  }
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::Ok();
}

// The task `task_id` of plan `plan_id`. NotFound when there is none.
Result<plan::Task> FindTask(store::Store& store, int64_t plan_id, int64_t task_id) {
  GH_ASSIGN_OR_RETURN(std::vector<plan::Task> tasks, store.LoadTasks(plan_id, 0));
  for (plan::Task& t : tasks) {
    if (t.id == task_id) return std::move(t);
  }
  return Status::NotFound(Msg("没有编号为 {} 的任务", "no task with id {}", task_id));
}

// True when `r` is one of the reports of `t` that count for its progress (TaskProgressInfo):
// its lead unit's (牵头单位) or, for a task without a lead unit, any unit's.
bool Counts(const plan::Task& t, const Report& r, const UnitNames& names) {
  return t.lead_unit.empty() || names.Same(r.unit, t.lead_unit);
}

// What the office chases about the tasks of one plan: a task report of the lead unit
// (牵头单位) in every open round, for each task not closed out (销号). Reminders and the
// overdue rule of LoadTaskProgress build their due lists from the same obligations.
struct TaskObligations {
  int64_t plan_id = 0;  // 0: no plan, so no task is chased
  std::set<int64_t> closed_ids;
  std::vector<workflow::Assignment> assignments;

  // True for a task report nobody chases: of another plan, or of a task closed out. (DueList
  // lists every returned report, also a co-unit's that no assignment names.)
  bool Settled(const Report& r) const {
    return r.kind == ReportKind::kTask && (r.plan_id != plan_id || closed_ids.count(r.task_id));
  }
};

Result<TaskObligations> LoadTaskObligations(store::Store& store, int64_t plan_id,
                                            const std::vector<plan::Task>& tasks) {
  GH_ASSIGN_OR_RETURN(std::vector<store::TaskCloseOut> closed, store.LoadCloseOuts(plan_id));
  TaskObligations out;
  out.plan_id = plan_id;
  for (const store::TaskCloseOut& co : closed) out.closed_ids.insert(co.task_id);
  for (const plan::Task& t : tasks) {
    if (!t.lead_unit.empty() && !out.closed_ids.count(t.id)) {
      out.assignments.push_back({t.id, t.lead_unit, ReportKind::kTask, "", ""});
    }
  }
  return out;
}

// The report shown for a task among `rs`: the latest approved by review time, else the latest
// by submission time; nullptr when `rs` is empty.
const Report* ShownReport(const std::vector<const Report*>& rs) {
  const Report* approved = nullptr;
  const Report* any = nullptr;
  for (const Report* r : rs) {
    if (r->state == ReportState::kApproved &&
        (!approved ||
         std::tie(r->reviewed_at, r->id) > std::tie(approved->reviewed_at, approved->id))) {
      approved = r;
    }
    if (!any || std::tie(r->submitted_at, r->id) > std::tie(any->submitted_at, any->id)) any = r;
  }
  return approved ? approved : any;
}

}  // namespace

Caller CliCaller(std::string command) {
  workflow::User u;
  u.name = "cli";
  u.role = workflow::Role::kAdmin;
  return Caller{std::move(u), std::move(command)};
}

Result<UnitNames> UnitNames::Load(store::Store& store) {
  GH_ASSIGN_OR_RETURN(std::vector<plan::Unit> units, store.LoadUnits());
  GH_ASSIGN_OR_RETURN(std::vector<indicators::Region> regions, store.LoadRegions());
  UnitNames out;
  for (const plan::Unit& u : units) {
    const std::string& canon = u.DisplayName();
    out.canonical_.emplace_back(u.name, canon);
    if (!u.short_name.empty()) out.canonical_.emplace_back(u.short_name, canon);
    for (const std::string& a : u.aliases) out.canonical_.emplace_back(a, canon);
  }
  for (const indicators::Region& r : regions) out.canonical_.emplace_back(r.name, r.name);
  // A name that two different units claim (an alias repeated by mistake) is trusted for
  // neither: it maps to itself, so it can never make one unit's reporter another's.
  std::sort(out.canonical_.begin(), out.canonical_.end());
  std::vector<std::pair<std::string, std::string>> unique;
  for (size_t i = 0; i < out.canonical_.size();) {
    size_t j = i;
    bool ambiguous = false;
    while (j < out.canonical_.size() && out.canonical_[j].first == out.canonical_[i].first) {
      ambiguous = ambiguous || out.canonical_[j].second != out.canonical_[i].second;
      ++j;
    }
    const std::string& name = out.canonical_[i].first;
    unique.emplace_back(name, ambiguous ? name : out.canonical_[i].second);
    i = j;
  }
  out.canonical_ = std::move(unique);
  return out;
}

std::string UnitNames::Canonical(const std::string& name) const {
  auto it = std::lower_bound(canonical_.begin(), canonical_.end(), name,
                             [](const auto& p, const std::string& n) { return p.first < n; });
  return it != canonical_.end() && it->first == name ? it->second : name;
}

bool UnitNames::Same(const std::string& a, const std::string& b) const {
  return !a.empty() && !b.empty() && (a == b || Canonical(a) == Canonical(b));
}

bool UnitNames::Known(const std::string& name) const {
  auto it = std::lower_bound(canonical_.begin(), canonical_.end(), name,
                             [](const auto& p, const std::string& n) { return p.first < n; });
  return it != canonical_.end() && it->first == name;
}

Result<std::vector<std::string>> TaskUnits(store::Store& store, int64_t plan_id, int64_t task_id) {
  GH_ASSIGN_OR_RETURN(int64_t pid, ResolvePlanId(store, plan_id));
  GH_ASSIGN_OR_RETURN(std::vector<plan::Task> tasks, store.LoadTasks(pid, 0));
  for (const plan::Task& t : tasks) {
    if (t.id != task_id) continue;
    std::vector<std::string> units;
    if (!t.lead_unit.empty()) units.push_back(t.lead_unit);
    for (const std::string& u : t.co_units) {
      if (!u.empty()) units.push_back(u);
    }
    return units;
  }
  return Status::NotFound(Msg("没有编号为 {} 的任务", "no task with id {}", task_id));
}

Result<std::string> ReportUnit(store::Store& store, int64_t report_id) {
  GH_ASSIGN_OR_RETURN(Report r, store.FindReport(report_id));
  return r.unit;
}

Result<std::string> ValueOwner(store::Store& store, const std::string& indicator,
                               const std::string& region) {
  GH_ASSIGN_OR_RETURN(std::vector<indicators::Indicator> inds, store.LoadIndicators(0));
  auto ind = std::find_if(inds.begin(), inds.end(),
                          [&](const indicators::Indicator& i) { return i.code == indicator; });
  if (ind == inds.end()) {
    return Status::NotFound(Msg("没有代码为 {} 的指标", "no indicator with code {}", indicator));
  }
  GH_ASSIGN_OR_RETURN(std::vector<indicators::Region> regions, store.LoadRegions());
  auto reg = std::find_if(regions.begin(), regions.end(),
                          [&](const indicators::Region& r) { return r.name == region; });
  if (reg == regions.end()) {
    return Status::NotFound(Msg("没有地区“{}”", "no region \"{}\"", region));
  }
  return workflow::ValueOwnerUnit(*ind, *reg);
}

bool AllowedOnAny(const workflow::User& u, Action a, const std::vector<std::string>& units,
                  const UnitNames& names) {
  if (units.empty()) return workflow::Allowed(u, a, "");
  workflow::User canon = u;
  canon.unit = names.Canonical(u.unit);
  for (const std::string& unit : units) {
    if (workflow::Allowed(canon, a, names.Canonical(unit))) return true;
  }
  return false;
}

Result<Round> OpenRound(store::Store& store, const Caller& c, Round r) {
  std::lock_guard<std::mutex> serial(WorkflowWriteMutex());
  if (!workflow::Allowed(c.user, Action::kManageRounds, "")) {
    return Denied(c, Action::kManageRounds);
  }
  if (r.opens_on.empty()) r.opens_on = Today();
  GH_RETURN_IF_ERROR(workflow::ValidateRound(r));
  r.period = indicators::ParsePeriod(r.period)->ToString();
  r.closed = false;
  GH_ASSIGN_OR_RETURN(std::vector<Round> rounds, store.ListRounds());
  for (const Round& o : rounds) {
    if (!o.closed && o.period == r.period) {
      return Status::FailedPrecondition(Msg("时期 {} 已有开放的填报轮次“{}”（编号 {}）",
                                            "period {} already has an open round \"{}\" (id {})",
                                            r.period, o.name, o.id));
    }
  }
  AuditEntry e = Entry(c, "round:" + r.period, "", Dump(RoundToJson(r), -1));
  GH_ASSIGN_OR_RETURN(r.id, store.CreateRound(r, &e));
  return r;
}

Result<Round> CloseRound(store::Store& store, const Caller& c, int64_t round_id) {
  std::lock_guard<std::mutex> serial(WorkflowWriteMutex());
  if (!workflow::Allowed(c.user, Action::kManageRounds, "")) {
    return Denied(c, Action::kManageRounds);
  }
  GH_ASSIGN_OR_RETURN(Round r, store.FindRound(round_id));
  if (r.closed) return r;
  std::string before = Dump(RoundToJson(r), -1);
  r.closed = true;
  AuditEntry e = Entry(c, "round:" + std::to_string(r.id), before, Dump(RoundToJson(r), -1));
  GH_RETURN_IF_ERROR(store.UpdateRound(r, &e));
  return r;
}

Result<Round> OpenRoundFor(store::Store& store, int64_t round_id, const std::string& period) {
  if (round_id > 0) {
    GH_ASSIGN_OR_RETURN(Round r, store.FindRound(round_id));
    if (r.closed) {
      return Status::FailedPrecondition(
          Msg("填报轮次“{}”已关闭", "reporting round \"{}\" is closed", r.name));
    }
    return r;
  }
  auto p = indicators::ParsePeriod(period);
  if (!p) {
    return Status::InvalidArgument(Msg("period：“{}”不是时期（2024、2024-Q2 或 2024-06）",
                                       "period: \"{}\" is not a period (2024, 2024-Q2 or 2024-06)",
                                       period));
  }
  GH_ASSIGN_OR_RETURN(std::vector<Round> rounds, store.ListRounds());
  for (const Round& r : rounds) {
    if (!r.closed && r.period == p->ToString()) return r;
  }
  return Status::FailedPrecondition(
      Msg("时期 {} 没有开放的填报轮次", "no open reporting round for period {}", p->ToString()));
}

Result<Report> SubmitTaskReport(store::Store& store, const Caller& c, TaskReportInput in) {
  std::lock_guard<std::mutex> serial(WorkflowWriteMutex());
  GH_ASSIGN_OR_RETURN(int64_t plan_id, ResolvePlanId(store, in.plan_id));
  GH_ASSIGN_OR_RETURN(std::vector<std::string> units, TaskUnits(store, plan_id, in.task_id));
  GH_ASSIGN_OR_RETURN(UnitNames names, UnitNames::Load(store));
  if (!AllowedOnAny(c.user, Action::kWriteTaskReport, units, names)) {
    return Denied(c, Action::kWriteTaskReport);
  }
  // The unit reports under the task's own spelling of its name.
  std::string unit = units.empty() ? c.user.unit : units.front();
  for (const std::string& u : units) {
    if (names.Same(u, c.user.unit)) {
      unit = u;
      break;
    }
  }
  GH_ASSIGN_OR_RETURN(std::vector<store::TaskCloseOut> closed, store.LoadCloseOuts(plan_id));
  for (const store::TaskCloseOut& co : closed) {
    if (co.task_id == in.task_id) {
      return Status::FailedPrecondition(
          Msg("任务 {} 已于 {} 销号，不再填报进展",
              "task {} was closed out on {}; it takes no more reports", in.task_id,
              co.closed_at.substr(0, 10)));
    }
  }
  GH_ASSIGN_OR_RETURN(Round round, OpenRoundFor(store, in.round_id, in.period));
  for (const std::string& h : in.content.evidence) {
    auto f = store.FindEvidence(h);
    if (!f.ok()) {
      return Status::InvalidArgument(Msg("evidence：没有摘要为 {} 的佐证材料，请先上传",
                                         "evidence: no uploaded file with hash {}", h));
    }
  }
  store::ReportFilter f;
  f.kind = ReportKind::kTask;
  f.round_id = round.id;
  f.plan_id = plan_id;
  f.task_id = in.task_id;
  f.unit = unit;
  GH_ASSIGN_OR_RETURN(std::vector<Report> existing, store.LoadReports(f));
  const Report* prev = Latest(existing);
  Report r = prev ? *prev : workflow::NewReport(round, in.task_id, unit);
  r.plan_id = plan_id;
  std::string before = prev ? Dump(ReportToJson(*prev), -1) : "";
  GH_RETURN_IF_ERROR(workflow::Submit(&r, round, std::move(in.content), c.user.name, UtcNowIso()));
  AuditEntry e = Entry(c, "task:" + std::to_string(plan_id) + "/" + std::to_string(in.task_id),
                       before, Dump(ReportToJson(r), -1));
  GH_ASSIGN_OR_RETURN(int64_t id, store.SaveReport(r, nullptr, &e));
  r.id = id;
  return r;
}

Result<Report> SubmitValue(store::Store& store, const Caller& c, ValueInput in) {
  std::lock_guard<std::mutex> serial(WorkflowWriteMutex());
  GH_ASSIGN_OR_RETURN(std::string owner, ValueOwner(store, in.value.indicator, in.value.region));
  GH_ASSIGN_OR_RETURN(UnitNames names, UnitNames::Load(store));
  if (!AllowedOnAny(c.user, Action::kWriteObservation, {owner}, names)) {
    return Denied(c, Action::kWriteObservation);
  }
  GH_ASSIGN_OR_RETURN(Round round, OpenRoundFor(store, in.round_id, in.period_of_round));
  if (in.value.period.empty()) in.value.period = round.period;
  GH_RETURN_IF_ERROR(workflow::ValidateValue(&in.value, round));
  store::ReportFilter f;
  f.kind = ReportKind::kValue;
  f.round_id = round.id;
  f.unit = owner;
  f.indicator = in.value.indicator;
  GH_ASSIGN_OR_RETURN(std::vector<Report> candidates, store.LoadReports(f));
  std::vector<Report> existing;
  for (Report& r : candidates) {
    if (r.value.region == in.value.region && r.value.period == in.value.period) {
      existing.push_back(std::move(r));
    }
  }
  const Report* prev = Latest(existing);
  Report r = prev ? *prev : workflow::NewValueReport(round, owner);
  std::string before = prev ? Dump(ReportToJson(*prev), -1) : "";
  std::string entity =
      "value:" + in.value.indicator + "/" + in.value.region + "/" + in.value.period;
  GH_RETURN_IF_ERROR(
      workflow::SubmitValue(&r, round, std::move(in.value), c.user.name, UtcNowIso()));
  AuditEntry e = Entry(c, entity, before, Dump(ReportToJson(r), -1));
  GH_ASSIGN_OR_RETURN(int64_t id, store.SaveReport(r, nullptr, &e));
  r.id = id;
  return r;
}

Result<Report> ReviewReport(store::Store& store, const Caller& c, int64_t report_id, bool approve,
                            const std::string& comment) {
  std::lock_guard<std::mutex> serial(WorkflowWriteMutex());
  GH_ASSIGN_OR_RETURN(Report r, store.FindReport(report_id));
  if (!workflow::Allowed(c.user, Action::kReview, r.unit)) return Denied(c, Action::kReview);
  if (r.submitted_by == c.user.name) {
    return Status::FailedPrecondition(
        Msg("不能审核自己报送的报告 {}", "you cannot review report {}, which you submitted", r.id));
  }
  std::string before = Dump(ReportToJson(r), -1);
  std::string at = UtcNowIso();
  if (approve) {
    GH_RETURN_IF_ERROR(workflow::Approve(&r, c.user.name, comment, at));
  } else {
    GH_RETURN_IF_ERROR(workflow::Return(&r, c.user.name, comment, at));
  }
  AuditEntry e = Entry(c, "report:" + std::to_string(r.id), before, Dump(ReportToJson(r), -1));
  if (approve && r.kind == ReportKind::kValue) {
    GH_ASSIGN_OR_RETURN(indicators::Observation obs, workflow::ApprovedObservation(r));
    GH_RETURN_IF_ERROR(store.SaveReport(r, &obs, &e).status());
  } else {
    GH_RETURN_IF_ERROR(store.SaveReport(r, nullptr, &e).status());
  }
  return r;
}

Result<store::TaskCloseOut> CloseOutTask(store::Store& store, const Caller& c, int64_t plan_id,
                                         int64_t task_id, const std::string& comment) {
  std::lock_guard<std::mutex> serial(WorkflowWriteMutex());
  if (!workflow::Allowed(c.user, Action::kReview, "")) return Denied(c, Action::kReview);
  GH_ASSIGN_OR_RETURN(int64_t pid, ResolvePlanId(store, plan_id));
  GH_ASSIGN_OR_RETURN(plan::Task task, FindTask(store, pid, task_id));
  GH_ASSIGN_OR_RETURN(UnitNames names, UnitNames::Load(store));
  store::ReportFilter f;
  f.kind = ReportKind::kTask;
  f.plan_id = pid;
  f.task_id = task_id;
  GH_ASSIGN_OR_RETURN(std::vector<Report> reports, store.LoadReports(f));
  // Only the reports that count for completion: a co-unit's 已完成 does not complete a task.
  std::erase_if(reports, [&](const Report& r) { return !Counts(task, r, names); });
  if (!workflow::CanCloseOut(reports)) {
    return Status::FailedPrecondition(
        Msg("任务 {} 的牵头单位还没有审核通过的“已完成、100%”报告，不能销号",
            "task {} has no approved report of its lead unit saying completed at 100 %; it "
            "cannot be closed out",
            task_id));
  }
  store::TaskCloseOut out{pid, task_id, c.user.name, UtcNowIso(), comment};
  AuditEntry e = Entry(c, "task:" + std::to_string(pid) + "/" + std::to_string(task_id), "",
                       Dump(json::parse(CloseOutJson(out)), -1));
  GH_RETURN_IF_ERROR(store.SaveCloseOut(out, &e));
  return out;
}

std::string EvidenceDirFor(const std::string& db_path) { return db_path + ".files"; }

Result<workflow::EvidenceFile> StoreEvidence(store::Store& store, const Caller& c,
                                             const std::string& dir, const std::string& name,
                                             const std::string& bytes) {
  if (!workflow::Allowed(c.user, Action::kWriteTaskReport, c.user.unit) &&
      !workflow::Allowed(c.user, Action::kWriteObservation, c.user.unit)) {
    return Denied(c, Action::kWriteTaskReport);
  }
  workflow::EvidenceFile f;
  f.name = workflow::SanitizeFileName(name);
  GH_ASSIGN_OR_RETURN(f.type, workflow::EvidenceType(f.name, bytes));
  f.hash = Sha256Hex(bytes);
  f.size = static_cast<int64_t>(bytes.size());
  f.uploaded_by = c.user.name;
  f.uploaded_at = UtcNowIso();
  GH_ASSIGN_OR_RETURN(std::string path, workflow::EvidencePath(dir, f.hash));
  std::error_code ec;
  if (std::filesystem::file_size(path, ec) != bytes.size() || ec) {
    GH_RETURN_IF_ERROR(WriteFileAtomically(path, bytes));
  }
  AuditEntry e = Entry(c, "evidence:" + f.hash, "", Dump(EvidenceToJson(f), -1));
  GH_RETURN_IF_ERROR(store.SaveEvidence(f, &e));
  return store.FindEvidence(f.hash);
}

Result<std::pair<workflow::EvidenceFile, std::string>> LoadEvidence(store::Store& store,
                                                                    const std::string& dir,
                                                                    const std::string& hash) {
  GH_ASSIGN_OR_RETURN(std::string path, workflow::EvidencePath(dir, hash));
  GH_ASSIGN_OR_RETURN(workflow::EvidenceFile f, store.FindEvidence(hash));
  GH_ASSIGN_OR_RETURN(std::string bytes,
                      ReadFileBytes(path, static_cast<size_t>(workflow::kMaxEvidenceBytes)));
  if (Sha256Hex(bytes) != f.hash) {
    return Status::Internal(Msg("佐证材料 {} 的内容与摘要不符（文件被改动）",
                                "evidence file {} does not match its hash", f.hash));
  }
  return std::make_pair(std::move(f), std::move(bytes));
}

Result<std::vector<workflow::DueItem>> Reminders(store::Store& store, int64_t plan_id,
                                                 const std::string& unit, const std::string& today,
                                                 int within_days) {
  GH_ASSIGN_OR_RETURN(std::vector<Round> rounds, store.ListRounds());
  TaskObligations tasks_owed;
  auto pid = ResolvePlanId(store, plan_id);
  if (pid.ok()) {
    GH_ASSIGN_OR_RETURN(std::vector<plan::Task> tasks, store.LoadTasks(*pid, 0));
    GH_ASSIGN_OR_RETURN(tasks_owed, LoadTaskObligations(store, *pid, tasks));
  } else if (plan_id != 0 || pid.status().code() != Status::Code::kNotFound) {
    return pid.status();
  }
  std::vector<workflow::Assignment> assignments = std::move(tasks_owed.assignments);
  // Values: every (indicator, region) with stored data is expected again each round.
  GH_ASSIGN_OR_RETURN(std::vector<indicators::Indicator> inds, store.LoadIndicators(0));
  GH_ASSIGN_OR_RETURN(std::vector<indicators::Region> regions, store.LoadRegions());
  std::map<std::string, const indicators::Indicator*> ind_by_code;
  for (const auto& i : inds) ind_by_code[i.code] = &i;
  std::map<std::string, const indicators::Region*> region_by_name;
  for (const auto& r : regions) region_by_name[r.name] = &r;
  GH_ASSIGN_OR_RETURN(auto pairs, store.LoadObservedPairs());
  for (const auto& [code, region] : pairs) {
    auto i = ind_by_code.find(code);
    auto r = region_by_name.find(region);
    if (i == ind_by_code.end() || r == region_by_name.end()) continue;
    std::string owner = workflow::ValueOwnerUnit(*i->second, *r->second);
    if (!owner.empty()) assignments.push_back({0, owner, ReportKind::kValue, code, region});
  }
  GH_ASSIGN_OR_RETURN(std::vector<Report> reports, store.LoadReports({}));
  std::erase_if(reports, [&](const Report& r) { return tasks_owed.Settled(r); });
  GH_ASSIGN_OR_RETURN(std::vector<workflow::DueItem> items,
                      workflow::DueList(rounds, assignments, reports,
                                        today.empty() ? Today() : today, within_days));
  if (unit.empty()) return items;
  GH_ASSIGN_OR_RETURN(UnitNames names, UnitNames::Load(store));
  std::vector<workflow::DueItem> mine;
  for (auto& it : items) {
    if (names.Same(it.unit, unit)) mine.push_back(std::move(it));
  }
  return mine;
}

Result<std::vector<TaskProgressInfo>> LoadTaskProgress(store::Store& store, int64_t plan_id,
                                                       const std::vector<plan::Task>& tasks,
                                                       const std::string& today_in) {
  if (!today_in.empty() && !workflow::DayNumber(today_in).ok()) {
    return Status::InvalidArgument(Msg("today：“{}”不是日期（YYYY-MM-DD）",
                                       "today: \"{}\" is not a date (YYYY-MM-DD)", today_in));
  }
  const std::string today = today_in.empty() ? Today() : today_in;
  store::ReportFilter f;
  f.kind = ReportKind::kTask;
  f.plan_id = plan_id;
  if (tasks.size() == 1) f.task_id = tasks[0].id;
  GH_ASSIGN_OR_RETURN(std::vector<Report> reports, store.LoadReports(f));
  GH_ASSIGN_OR_RETURN(TaskObligations owed, LoadTaskObligations(store, plan_id, tasks));
  GH_ASSIGN_OR_RETURN(std::vector<Round> rounds, store.ListRounds());
  GH_ASSIGN_OR_RETURN(UnitNames names, UnitNames::Load(store));

  // Overdue in the due list, as Reminders lists it.
  std::vector<Report> chased = reports;
  std::erase_if(chased, [&](const Report& r) { return owed.Settled(r); });
  GH_ASSIGN_OR_RETURN(std::vector<workflow::DueItem> due,
                      workflow::DueList(rounds, owed.assignments, chased, today, 0));
  std::set<int64_t> overdue_ids;
  for (const workflow::DueItem& d : due) {
    if (d.kind == workflow::DueItem::Kind::kOverdue && d.report_kind == ReportKind::kTask)
      overdue_ids.insert(d.task_id);
  }

  std::map<int64_t, std::vector<const Report*>> by_task;
  for (const Report& r : reports) by_task[r.task_id].push_back(&r);
  std::vector<TaskProgressInfo> out;
  out.reserve(tasks.size());
  for (const plan::Task& t : tasks) {
    std::vector<const Report*> counting, others;
    for (const Report* r : by_task[t.id]) (Counts(t, *r, names) ? counting : others).push_back(r);
    const Report* r = ShownReport(counting);
    const bool counts = r != nullptr;
    if (!r) r = ShownReport(others);

    TaskProgressInfo p;
    p.closed_out = owed.closed_ids.count(t.id) > 0;
    if (r) {
      p.percent = r->content.percent;
      p.status = r->content.progress;
      p.state = r->state;
      p.report_id = r->id;
      p.reported_at = r->submitted_at;
      p.approved = r->state == ReportState::kApproved;
    }
    const bool says_completed = p.status == workflow::TaskProgress::kCompleted;
    p.completed = p.closed_out || (says_completed && counts && p.approved);
    if (p.completed) {
      p.status = workflow::TaskProgress::kCompleted;
    } else if (says_completed) {
      p.status = workflow::TaskProgress::kInProgress;  // not (yet) the lead unit's word
    }
    const bool past_deadline = t.deadline.size() == 10 && t.deadline.str() < today;
    p.overdue = !p.completed && (past_deadline || overdue_ids.count(t.id) > 0);
    out.push_back(std::move(p));
  }
  return out;
}

Result<std::string> TaskProgressJson(store::Store& store, int64_t plan_id) {
  GH_ASSIGN_OR_RETURN(int64_t pid, ResolvePlanId(store, plan_id));
  GH_ASSIGN_OR_RETURN(std::vector<plan::Task> tasks, store.LoadTasks(pid, 0));
  GH_ASSIGN_OR_RETURN(std::vector<TaskProgressInfo> progress, LoadTaskProgress(store, pid, tasks));
  struct PartStats {
    std::string part, title;
    int tasks = 0, reported = 0, completed = 0, lagging = 0, closed_out = 0;
    double percent_sum = 0;
  };
  std::vector<PartStats> parts;
  PartStats total{"", Tr("合计", "total")};
  for (size_t i = 0; i < tasks.size(); ++i) {
    const plan::Task& t = tasks[i];
    const TaskProgressInfo& info = progress[i];
    if (parts.empty() || parts.back().part != t.part) parts.push_back({t.part, t.part_title});
    for (PartStats* p : {&parts.back(), &total}) {
      ++p->tasks;
      p->reported += info.status.has_value();
      p->completed += info.completed;
      p->lagging += info.status == workflow::TaskProgress::kLagging;
      p->closed_out += info.closed_out;
      p->percent_sum += info.percent.value_or(0);
    }
  }
  auto to_json = [](const PartStats& p) {
    return json{{"part", p.part},
                {"title", p.title},
                {"tasks", p.tasks},
                {"reported", p.reported},
                {"completed", p.completed},
                {"lagging", p.lagging},
                {"closed_out", p.closed_out},
                {"average_percent", p.tasks ? p.percent_sum / p.tasks : 0.0}};
  };
  json arr = json::array();
  for (const PartStats& p : parts) arr.push_back(to_json(p));
  return Dump(json{{"plan_id", pid}, {"parts", arr}, {"total", to_json(total)}});
}

namespace {

// What a publication shows (see Publish): the plan (`plan_id` 0: none), its task progress, and
// the evaluation of `q` when there are indicators. Always in Chinese: stored data must not
// depend on the screen it came from (the server sets each request's language from
// Accept-Language).
Result<json> PublicationContent(store::Store& store, int64_t plan_id, const EvaluationQuery& q) {
  ScopedThreadLanguage zh(Lang::kZh);
  json content = json::object();
  if (plan_id != 0) {
    GH_ASSIGN_OR_RETURN(std::vector<store::PlanInfo> plans, store.ListPlans());
    for (const auto& p : plans) {
      if (p.id == plan_id) {
        content["plan"] = {{"id", p.id}, {"title", p.title}, {"region", p.region}};
      }
    }
    GH_ASSIGN_OR_RETURN(std::string progress, TaskProgressJson(store, plan_id));
    content["tasks"] = json::parse(progress);
  }
  auto run = EvaluateStored(store, q);
  if (run.ok()) {
    content["indicators"] = json::parse(IndicatorsToJson(run->indicators));
    content["summary"] = json::parse(DashboardJson(*run));
    content["evaluation"] = json::parse(EvaluationsToJson(run->evaluations));
  } else if (run.status().code() != Status::Code::kNotFound) {
    return run.status();
  }
  return content;
}

}  // namespace

Result<store::Publication> Publish(store::Store& store, const Caller& c, int64_t plan_id,
                                   const std::string& as_of, const std::string& note) {
  if (!workflow::Allowed(c.user, Action::kPublish, "")) return Denied(c, Action::kPublish);
  if (note.size() > 2000 || !utf8::IsValid(note)) {
    return Status::InvalidArgument(
        Tr("note：说明过长或不是有效文本", "note: too long or not valid text"));
  }
  EvaluationQuery q;
  if (!as_of.empty()) {
    q.options.as_of = indicators::ParsePeriod(as_of);
    if (!q.options.as_of) {
      return Status::InvalidArgument(
          Msg("as_of：“{}”不是时期", "as_of: \"{}\" is not a period", as_of));
    }
  }
  auto pid = ResolvePlanId(store, plan_id);
  if (!pid.ok() && (plan_id != 0 || pid.status().code() != Status::Code::kNotFound)) {
    return pid.status();
  }
  GH_ASSIGN_OR_RETURN(json content, PublicationContent(store, pid.ok() ? *pid : 0, q));
  store::Publication p;
  p.published_by = c.user.name;
  p.published_at = UtcNowIso();
  p.note = note;
  content["as_of"] = as_of;
  content["published_at"] = p.published_at;
  content["note"] = note;
  p.content = Dump(content, -1);
  AuditEntry e = Entry(c, "publication", "",
                       Dump(json{{"id", 0},  // the store writes the assigned id
                                 {"note", note},
                                 {"as_of", as_of},
                                 {"content_sha256", Sha256Hex(p.content)},
                                 {"bytes", p.content.size()}},
                            -1));
  GH_ASSIGN_OR_RETURN(p.id, store.SavePublication(p, &e));
  return p;
}

Result<std::string> TaskDetailJson(store::Store& store, int64_t plan_id, int64_t task_id) {
  GH_ASSIGN_OR_RETURN(int64_t pid, ResolvePlanId(store, plan_id));
  GH_ASSIGN_OR_RETURN(std::vector<plan::Task> tasks, store.LoadTasks(pid, 0));
  auto t = std::find_if(tasks.begin(), tasks.end(),
                        [&](const plan::Task& x) { return x.id == task_id; });
  if (t == tasks.end()) {
    return Status::NotFound(Msg("没有编号为 {} 的任务", "no task with id {}", task_id));
  }
  store::ReportFilter f;
  f.kind = ReportKind::kTask;
  f.plan_id = pid;
  f.task_id = task_id;
  GH_ASSIGN_OR_RETURN(std::vector<Report> reports, store.LoadReports(f));
  GH_ASSIGN_OR_RETURN(std::vector<store::TaskCloseOut> closed, store.LoadCloseOuts(pid));
  json j = {{"plan_id", pid}, {"task", json::parse(plan::TasksToJson({*t}, -1)).at(0)}};
  json arr = json::array();
  for (const Report& r : reports) arr.push_back(ReportToJson(r));
  j["reports"] = arr;
  j["closed_out"] = nullptr;
  for (const auto& co : closed) {
    if (co.task_id == task_id) j["closed_out"] = json::parse(CloseOutJson(co));
  }
  return Dump(j);
}

std::string RoundJson(const Round& r) { return Dump(RoundToJson(r)); }

std::string RoundsJson(const std::vector<Round>& rounds) {
  json arr = json::array();
  for (const Round& r : rounds) arr.push_back(RoundToJson(r));
  return Dump(arr);
}

std::string ReportJson(const Report& r) { return Dump(ReportToJson(r)); }

std::string ReportsJson(const std::vector<Report>& reports) {
  json arr = json::array();
  for (const Report& r : reports) arr.push_back(ReportToJson(r));
  return Dump(arr);
}

std::string DueItemsJson(const std::vector<workflow::DueItem>& items) {
  json arr = json::array();
  for (const workflow::DueItem& d : items) {
    json j = {{"kind", workflow::DueKindName(d.kind)},
              {"report_kind", workflow::ReportKindName(d.report_kind)},
              {"round_id", d.round_id},
              {"unit", d.unit},
              {"due_on", d.due_on},
              {"days_left", d.days_left}};
    if (d.report_kind == ReportKind::kTask) {
      j["task_id"] = d.task_id;
    } else {
      j["indicator"] = d.indicator;
      j["region"] = d.region;
    }
    j["report_id"] = d.report_id ? json(d.report_id) : json(nullptr);
    arr.push_back(std::move(j));
  }
  return Dump(arr);
}

std::string EvidenceJson(const workflow::EvidenceFile& f) { return Dump(EvidenceToJson(f)); }

std::string CloseOutJson(const store::TaskCloseOut& c) {
  return Dump(json{{"plan_id", c.plan_id},
                   {"task_id", c.task_id},
                   {"closed_by", c.closed_by},
                   {"closed_at", c.closed_at},
                   {"comment", c.comment}});
}

std::string PublicationJson(const store::Publication& p, bool with_content) {
  json j = {{"id", p.id},
            {"published_by", p.published_by},
            {"published_at", p.published_at},
            {"note", p.note}};
  if (with_content) j["content"] = json::parse(p.content, nullptr, false);
  return Dump(j);
}

}  // namespace guihua::service
