// The reporting workflow (督查督办 closed loop): reporting rounds, reports — a task's progress
// (任务进展) or an indicator value (指标数据) — and their review: submit, approve or return
// with a comment, resubmit, close out (销号); and the lists the planning office works from
// (due soon, overdue, returned). Pure functions over plain values; the store persists them
// and the server exposes them. Thread-compatible.
//
// Example:
//   Report r = NewReport(round, task_id, "市发展和改革委员会");
//   GH_RETURN_IF_ERROR(Submit(&r, {60, TaskProgress::kInProgress, "已完成可研"}, "zhang", now));
//   GH_RETURN_IF_ERROR(Approve(&r, "li", "同意", now));
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "indicators/indicator.h"

namespace guihua::workflow {

// A reporting round (填报轮次): e.g. "2024年第二季度", period "2024-Q2", due 2024-07-10.
struct Round {
  int64_t id = 0;
  std::string name;      // 2024年第二季度
  std::string period;    // the reporting period, "2024-Q2"
  std::string opens_on;  // ISO date
  std::string due_on;    // ISO date (截止日期)
  bool closed = false;
};

// Checks a round: name given, period parses ("2024", "2024-Q2", "2024-06"), dates are ISO and
// opens_on (when given) is not after due_on. InvalidArgument names the field.
Status ValidateRound(const Round& r);

// What a reporter says of a task (任务进展).
enum class TaskProgress { kNotStarted, kInProgress, kCompleted, kLagging };
const char* TaskProgressName(TaskProgress p);   // not_started, in_progress, completed, lagging
const char* TaskProgressLabel(TaskProgress p);  // 未启动, 推进中, 已完成, 滞后
bool ParseTaskProgress(std::string_view s, TaskProgress* out);  // English or Chinese

// Where a report is in review.
//   draft -> submitted -> approved
//                      -> returned -> submitted (resubmitted) -> …
enum class ReportState { kDraft, kSubmitted, kApproved, kReturned };
const char* ReportStateName(ReportState s);   // draft, submitted, approved, returned
const char* ReportStateLabel(ReportState s);  // 草稿, 已报送, 已审核, 已退回

struct ReportContent {
  int percent = 0;  // 0-100
  TaskProgress progress = TaskProgress::kInProgress;
  std::string narrative;              // 进展情况
  std::vector<std::string> evidence;  // content hashes of evidence files (佐证材料)
};

// What a reporter says of an indicator (指标数据填报): a value of one region for one period.
struct ValueContent {
  std::string indicator;  // indicator code
  std::string region;     // region name
  std::string period;     // "2024", "2024-Q2" or "2024-06" (canonical, as Period::ToString)
  double value = 0;
  std::string source;  // 数据来源
  std::string note;    // 说明
};

enum class ReportKind { kTask, kValue };
const char* ReportKindName(ReportKind k);  // task, value

// A report in a round: a task's progress (kind kTask: plan_id, task_id, content) or an
// indicator value (kind kValue: value). Both share one review life cycle.
struct Report {
  int64_t id = 0;
  ReportKind kind = ReportKind::kTask;
  int64_t round_id = 0;
  int64_t plan_id = 0;    // kTask
  int64_t task_id = 0;    // kTask
  std::string unit;       // the reporting unit (the task's lead or co-unit; the value's owner)
  ReportContent content;  // kTask
  ValueContent value;     // kValue
  ReportState state = ReportState::kDraft;
  int revision = 0;  // times submitted
  std::string submitted_by, submitted_at;
  std::string reviewed_by, reviewed_at, review_comment;
};

// Limits on what a report may hold.
inline constexpr size_t kMaxNarrativeBytes = 20000;
inline constexpr size_t kMaxEvidence = 20;

// A new draft report of `task_id` by `unit` in `round`.
Report NewReport(const Round& round, int64_t task_id, std::string unit);
// A new draft value report by `unit` in `round`.
Report NewValueReport(const Round& round, std::string unit);

// Checks a report's content: percent 0-100, 已完成 means 100 %, 未启动 means 0 %, narrative
// required unless not started, within the limits. InvalidArgument names the field.
Status ValidateContent(const ReportContent& c);

// Checks a value: indicator and region given, period parses and does not end after the
// round's period, value finite, source and note within limits. InvalidArgument names the
// field. The period is rewritten in canonical form.
Status ValidateValue(ValueContent* v, const Round& round);

// Transitions. Each checks the state it starts from (FailedPrecondition otherwise) and
// records who and when (`at` is an ISO timestamp).
// Submit: from draft or returned (a resubmission); the round must be open.
Status Submit(Report* r, const Round& round, ReportContent content, std::string_view by,
              std::string_view at);
// SubmitValue: the same for a value report (kind kValue).
Status SubmitValue(Report* r, const Round& round, ValueContent value, std::string_view by,
                   std::string_view at);
// Approve: from submitted; the comment is optional.
Status Approve(Report* r, std::string_view by, std::string_view comment, std::string_view at);
// Return (退回): from submitted; a comment saying what to fix is required.
Status Return(Report* r, std::string_view by, std::string_view comment, std::string_view at);
// A task may be closed out (销号) once its latest approved report says completed at 100 %.
bool CanCloseOut(const std::vector<Report>& reports_of_task);

// The observation an approved value report writes (status approved). InvalidArgument when
// the report is not an approved value report or its period does not parse.
Result<indicators::Observation> ApprovedObservation(const Report& r);

// Who reports a value of `ind` for `region` (the unit a reporter must belong to): a county,
// district or park reports its own figures (the region's name is the unit); the city's (or a
// province's, the nation's) figure is the indicator's lead unit's (牵头单位).
std::string ValueOwnerUnit(const indicators::Indicator& ind, const indicators::Region& region);

// An obligation: `unit` must report on `task_id` (kind kTask) or on the value of `indicator`
// for `region` (kind kValue) in every open round.
struct Assignment {
  int64_t task_id = 0;
  std::string unit;
  ReportKind kind = ReportKind::kTask;
  std::string indicator, region;  // kValue
};

// What the office chases (提醒): reports not yet submitted whose round is due within
// `within_days` of `today` (due_soon) or already past due (overdue), and returned reports
// awaiting resubmission (returned). Approved and submitted reports are not listed.
struct DueItem {
  enum class Kind { kDueSoon, kOverdue, kReturned };
  Kind kind = Kind::kDueSoon;
  int64_t round_id = 0;
  int64_t task_id = 0;
  std::string unit;
  std::string due_on;
  int days_left = 0;  // negative when overdue
  ReportKind report_kind = ReportKind::kTask;
  std::string indicator, region;  // report_kind kValue
  int64_t report_id = 0;          // the returned report (kReturned)
};
const char* DueKindName(DueItem::Kind k);  // due_soon, overdue, returned

// Dates are ISO "YYYY-MM-DD"; InvalidArgument for a malformed date. Closed rounds are skipped.
// Sorted by unit, then due date, then task.
Result<std::vector<DueItem>> DueList(const std::vector<Round>& rounds,
                                     const std::vector<Assignment>& assignments,
                                     const std::vector<Report>& reports, std::string_view today,
                                     int within_days = 3);

// Days since 1970-01-01 for an ISO date; InvalidArgument when malformed or impossible.
Result<int64_t> DayNumber(std::string_view iso_date);

}  // namespace guihua::workflow
