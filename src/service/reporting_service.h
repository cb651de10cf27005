// Reporting use cases (督查督办): open and close rounds, submit task progress and indicator
// values, review (approve / return), close out tasks (销号), upload evidence files, list what
// is due, and publish results for the public. Every write is authorised here (role and unit,
// from workflow's table) and stored together with its audit entry in one transaction.
// Stateless functions; the Store passed in is used from the calling thread only.
//
// Example:
//   Caller rep{reporter_user, "POST /api/v1/tasks/{id}/reports"};
//   GH_ASSIGN_OR_RETURN(workflow::Report r,
//                       SubmitTaskReport(store, rep, {.task_id = 12, .period = "2024-Q2",
//                                                     .content = content}));
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "plan/task.h"
#include "store/store.h"
#include "workflow/account.h"
#include "workflow/evidence.h"
#include "workflow/reporting.h"

namespace guihua::service {

// Who calls a use case: the account (authorisation, audit) and the route or command (audit).
struct Caller {
  workflow::User user;
  std::string action;  // "POST /api/v1/rounds", "round open", …
};
// The command line acts as the planning office: an admin named "cli".
Caller CliCaller(std::string command);

// Units are named in several ways (衡阳市发展和改革委员会, 市发改委, 市发展改革委): the units
// table maps every name and alias to one canonical name (the short name the task table uses).
class UnitNames {
 public:
  static Result<UnitNames> Load(store::Store& store);
  // The canonical name of `name` (itself when unknown).
  std::string Canonical(const std::string& name) const;
  bool Same(const std::string& a, const std::string& b) const;
  // True when the units table or the regions know `name`.
  bool Known(const std::string& name) const;
  bool empty() const { return canonical_.empty(); }

 private:
  std::vector<std::pair<std::string, std::string>> canonical_;  // sorted (name, canonical)
};

// Scope: the unit(s) a write touches, for authorisation before anything else is read.
// NotFound when the entity does not exist.
Result<std::vector<std::string>> TaskUnits(store::Store& store, int64_t plan_id, int64_t task_id);
Result<std::string> ReportUnit(store::Store& store, int64_t report_id);
Result<std::string> ValueOwner(store::Store& store, const std::string& indicator,
                               const std::string& region);
// True when `u` may do `a` on data of any of `units` (or, with no units, role-level).
bool AllowedOnAny(const workflow::User& u, workflow::Action a,
                  const std::vector<std::string>& units, const UnitNames& names);

// Rounds (admin). OpenRound validates and stores a new round; CloseRound closes it
// (submissions refused afterwards). FailedPrecondition when a round for the same period is
// already open.
Result<workflow::Round> OpenRound(store::Store& store, const Caller& c, workflow::Round r);
Result<workflow::Round> CloseRound(store::Store& store, const Caller& c, int64_t round_id);

// Finds the open round: by id when round_id > 0, else the open round of `period`.
// FailedPrecondition when there is none (or it is closed).
Result<workflow::Round> OpenRoundFor(store::Store& store, int64_t round_id,
                                     const std::string& period);

struct TaskReportInput {
  int64_t plan_id = 0;  // 0: ResolvePlanId
  int64_t task_id = 0;
  int64_t round_id = 0;  // or:
  std::string period;    // the round's period ("2024-Q2")
  workflow::ReportContent content;
};
// Submits (or, after a return, resubmits) the caller's report on a task. The reporting unit
// is the caller's unit when it is the task's lead or co-unit (a reporter must be), else the
// lead unit (admin). Evidence hashes must name stored files. FailedPrecondition when this
// unit's report in the round is already submitted or approved.
Result<workflow::Report> SubmitTaskReport(store::Store& store, const Caller& c, TaskReportInput in);

struct ValueInput {
  int64_t round_id = 0;  // or:
  std::string period_of_round;
  workflow::ValueContent value;  // value.period defaults to the round's period
};
// Submits (or resubmits) an indicator value; it feeds the evaluation once approved.
Result<workflow::Report> SubmitValue(store::Store& store, const Caller& c, ValueInput in);

// Approves or returns a submitted report (reviewer, admin). Nobody reviews a report they
// submitted (FailedPrecondition). Approving a value writes the observation (approved) in
// the same transaction.
Result<workflow::Report> ReviewReport(store::Store& store, const Caller& c, int64_t report_id,
                                      bool approve, const std::string& comment);

// Closes out (销号) a task whose latest approved report of its lead unit (the reports that
// count, see TaskProgressInfo) says completed at 100 %.
Result<store::TaskCloseOut> CloseOutTask(store::Store& store, const Caller& c, int64_t plan_id,
                                         int64_t task_id, const std::string& comment);

// Stores an uploaded evidence file under `dir` (content-addressed; written to a temporary
// file, synced and renamed, so a partial file never has a final name) and its metadata.
Result<workflow::EvidenceFile> StoreEvidence(store::Store& store, const Caller& c,
                                             const std::string& dir, const std::string& name,
                                             const std::string& bytes);
// The metadata and bytes of a stored file. NotFound when unknown.
Result<std::pair<workflow::EvidenceFile, std::string>> LoadEvidence(store::Store& store,
                                                                    const std::string& dir,
                                                                    const std::string& hash);
// Where evidence files of the database at `db_path` live: "<db_path>.files".
std::string EvidenceDirFor(const std::string& db_path);

// Reminders (提醒): what is due within `within_days` of `today` (ISO date; "" = today, UTC),
// overdue, or returned, for `unit` ("" = all units). Obligations: each task's lead unit
// (closed-out tasks excluded) and each (indicator, region) with stored data, reported by
// ValueOwnerUnit.
Result<std::vector<workflow::DueItem>> Reminders(store::Store& store, int64_t plan_id,
                                                 const std::string& unit, const std::string& today,
                                                 int within_days = 3);

// Publishes a snapshot for the public (admin): the plan's title, region and period, the
// evaluation of approved values as of `as_of` ("" = latest), its summary, and task progress
// by part (TaskProgressJson). The snapshot is stored in Chinese (zh-CN, the product's first
// language) whatever the caller's language, so what the public reads does not depend on the
// screen it was published from; error messages stay in the caller's language. Returns the
// stored publication.
Result<store::Publication> Publish(store::Store& store, const Caller& c, int64_t plan_id,
                                   const std::string& as_of, const std::string& note);

// A task's progress (进展). One rule, used by the task list and its status and overdue filters
// (GET /tasks, /tasks/export), the task page, GET /progress, the overview and the
// publication:
//  - The reports that count are the lead unit's (牵头单位; for a task without a lead unit,
//    every unit's). The report shown is the latest approved of them by review time, else the
//    latest of them in any state by submission time; when they are none, the other units'
//    (配合单位) reports are taken the same way.
//  - status is the shown report's, except that 已完成 (completed) needs the lead unit's
//    approved report or a close-out (销号): a closed-out task is completed whatever its
//    reports, and a report saying 已完成 that does not count for completion (awaiting review,
//    or a co-unit's) reads 推进中 (in progress). No status: 未报送 (none).
//  - completed == (status == completed): a co-unit's 已完成 alone never completes a task.
//  - overdue: not completed, and the deadline (完成时限) is before `today`, or the due list
//    has the lead unit's report overdue in an open round (as Reminders lists it).
struct TaskProgressInfo {
  std::optional<int> percent;                    // of the shown report
  std::optional<workflow::TaskProgress> status;  // as above
  std::optional<workflow::ReportState> state;    // of the shown report
  int64_t report_id = 0;                         // the shown report; 0: none
  std::string reported_at;                       // submitted_at of the shown report
  bool approved = false;                         // the shown report is approved
  bool closed_out = false;                       // 销号
  bool completed = false;                        // status == completed
  bool overdue = false;
};

// The progress of each of `tasks` (same order) of plan `plan_id`, loading reports,
// close-outs, rounds and unit names once. `today` is an ISO date ("" = today, UTC);
// InvalidArgument when malformed.
//
// Example:
//   GH_ASSIGN_OR_RETURN(auto progress, LoadTaskProgress(store, pid, tasks, "2025-06-30"));
//   if (progress[0].overdue) …
Result<std::vector<TaskProgressInfo>> LoadTaskProgress(store::Store& store, int64_t plan_id,
                                                       const std::vector<plan::Task>& tasks,
                                                       const std::string& today = "");

// Task progress by plan part (任务完成情况), counted from LoadTaskProgress so that every count
// is what the task list's filters return: for each part and in total, tasks; reported (a
// status: GET /tasks minus status=none); completed (status=completed, closed-out tasks
// included); lagging (status=lagging); closed_out; average_percent (the shown reports'
// percent over all tasks, 0 for a task without one).
// {"plan_id","parts":[{"part","title","tasks","reported","completed","lagging","closed_out",
//  "average_percent"}],"total":{…, "title":"合计"}}
Result<std::string> TaskProgressJson(store::Store& store, int64_t plan_id);

// One task with its reports (all units, all rounds) and its close-out:
// {"task":{task contract},"reports":[…],"closed_out":{…}|null}. NotFound for an unknown task.
Result<std::string> TaskDetailJson(store::Store& store, int64_t plan_id, int64_t task_id);

// JSON of the workflow values the API returns.
std::string RoundJson(const workflow::Round& r);
std::string RoundsJson(const std::vector<workflow::Round>& rounds);
std::string ReportJson(const workflow::Report& r);
std::string ReportsJson(const std::vector<workflow::Report>& reports);
std::string DueItemsJson(const std::vector<workflow::DueItem>& items);
std::string EvidenceJson(const workflow::EvidenceFile& f);
std::string CloseOutJson(const store::TaskCloseOut& c);
std::string PublicationJson(const store::Publication& p, bool with_content);

}  // namespace guihua::service
