#include "workflow/reporting.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "common/i18n.h"
#include "common/utf8.h"

namespace guihua::workflow {
namespace {

struct ProgressName {
  TaskProgress p;
  const char* name;
  const char* label;
};
constexpr ProgressName kProgress[] = {
    {TaskProgress::kNotStarted, "not_started", "未启动"},
    {TaskProgress::kInProgress, "in_progress", "推进中"},
    {TaskProgress::kCompleted, "completed", "已完成"},
    {TaskProgress::kLagging, "lagging", "滞后"},
};

Status WrongState(const TaskReport& r, const char* action_zh, const char* action_en) {
  return Status::FailedPrecondition(
      Msg("报告 {} 处于“{}”状态，不能{}", "report {} is {}; it cannot be {}", r.id,
          CurrentLanguage() == Lang::kZh ? ReportStateLabel(r.state) : ReportStateName(r.state),
          CurrentLanguage() == Lang::kZh ? action_zh : action_en));
}

// Days from 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

}  // namespace

const char* TaskProgressName(TaskProgress p) {
  for (const auto& e : kProgress) {
    if (e.p == p) return e.name;
  }
  return "in_progress";
}

const char* TaskProgressLabel(TaskProgress p) {
  for (const auto& e : kProgress) {
    if (e.p == p) return e.label;
  }
  return "推进中";
}

bool ParseTaskProgress(std::string_view s, TaskProgress* out) {
  s = utf8::Trim(s);
  for (const auto& e : kProgress) {
    if (s == e.name || s == e.label) {
      *out = e.p;
      return true;
    }
  }
  return false;
}

const char* ReportStateName(ReportState s) {
  switch (s) {
    case ReportState::kDraft:
      return "draft";
    case ReportState::kSubmitted:
      return "submitted";
    case ReportState::kApproved:
      return "approved";
    case ReportState::kReturned:
      return "returned";
  }
  return "draft";
}

const char* ReportStateLabel(ReportState s) {
  switch (s) {
    case ReportState::kDraft:
      return "草稿";
    case ReportState::kSubmitted:
      return "已报送";
    case ReportState::kApproved:
      return "已审核";
    case ReportState::kReturned:
      return "已退回";
  }
  return "草稿";
}

const char* DueKindName(DueItem::Kind k) {
  switch (k) {
    case DueItem::Kind::kDueSoon:
      return "due_soon";
    case DueItem::Kind::kOverdue:
      return "overdue";
    case DueItem::Kind::kReturned:
      return "returned";
  }
  return "due_soon";
}

TaskReport NewReport(const Round& round, int64_t task_id, std::string unit) {
  TaskReport r;
  r.round_id = round.id;
  r.task_id = task_id;
  r.unit = std::move(unit);
  return r;
}

Status ValidateContent(const ReportContent& c) {
  if (c.percent < 0 || c.percent > 100) {
    return Status::InvalidArgument(
        Msg("percent：进度须在 0 到 100 之间（{}）", "percent: must be 0 to 100 ({})", c.percent));
  }
  if (c.progress == TaskProgress::kCompleted && c.percent != 100) {
    return Status::InvalidArgument(Msg("percent：已完成的任务进度应为 100（{}）",
                                       "percent: a completed task is at 100 ({})", c.percent));
  }
  if (c.progress == TaskProgress::kNotStarted && c.percent != 0) {
    return Status::InvalidArgument(Msg("percent：未启动的任务进度应为 0（{}）",
                                       "percent: a task not started is at 0 ({})", c.percent));
  }
  if (c.progress != TaskProgress::kNotStarted && utf8::Trim(c.narrative).empty()) {
    return Status::InvalidArgument(
        Tr("narrative：请填写进展情况", "narrative: describe the progress"));
  }
  if (c.narrative.size() > kMaxNarrativeBytes) {
    return Status::InvalidArgument(Msg("narrative：进展情况过长（{} 字节，上限 {}）",
                                       "narrative: too long ({} bytes, limit {})",
                                       c.narrative.size(), kMaxNarrativeBytes));
  }
  if (!utf8::IsValid(c.narrative)) {
    return Status::InvalidArgument(
        Tr("narrative：不是有效的 UTF-8 文本", "narrative: not valid UTF-8 text"));
  }
  if (c.evidence.size() > kMaxEvidence) {
    return Status::InvalidArgument(Msg("evidence：佐证材料过多（{} 个，上限 {}）",
                                       "evidence: too many files ({}, limit {})", c.evidence.size(),
                                       kMaxEvidence));
  }
  return Status::Ok();
}

Status Submit(TaskReport* r, const Round& round, ReportContent content, std::string_view by,
              std::string_view at) {
  if (r->state != ReportState::kDraft && r->state != ReportState::kReturned) {
    return WrongState(*r, "报送", "submitted");
  }
  if (round.closed || round.id != r->round_id) {
    return Status::FailedPrecondition(
        Msg("填报轮次“{}”已关闭", "reporting round \"{}\" is closed", round.name));
  }
  GH_RETURN_IF_ERROR(ValidateContent(content));
  r->content = std::move(content);
  r->state = ReportState::kSubmitted;
  ++r->revision;
  r->submitted_by = by;
  r->submitted_at = at;
  return Status::Ok();
}

Status Approve(TaskReport* r, std::string_view by, std::string_view comment, std::string_view at) {
  if (r->state != ReportState::kSubmitted) return WrongState(*r, "审核通过", "approved");
  r->state = ReportState::kApproved;
  r->reviewed_by = by;
  r->reviewed_at = at;
  r->review_comment = comment;
  return Status::Ok();
}

Status Return(TaskReport* r, std::string_view by, std::string_view comment, std::string_view at) {
  if (r->state != ReportState::kSubmitted) return WrongState(*r, "退回", "returned");
  if (utf8::Trim(comment).empty()) {
    return Status::InvalidArgument(
        Tr("comment：退回时请说明需要修改什么", "comment: say what to fix when returning"));
  }
  r->state = ReportState::kReturned;
  r->reviewed_by = by;
  r->reviewed_at = at;
  r->review_comment = comment;
  return Status::Ok();
}

bool CanCloseOut(const std::vector<TaskReport>& reports_of_task) {
  // The latest approved report, by review time (ISO timestamps order as text), then id.
  const TaskReport* latest = nullptr;
  for (const TaskReport& r : reports_of_task) {
    if (r.state != ReportState::kApproved) continue;
    if (!latest || std::tie(r.reviewed_at, r.id) > std::tie(latest->reviewed_at, latest->id)) {
      latest = &r;
    }
  }
  return latest && latest->content.progress == TaskProgress::kCompleted &&
         latest->content.percent == 100;
}

Result<int64_t> DayNumber(std::string_view s) {
  auto bad = [&] {
    return Status::InvalidArgument(
        Msg("“{}”不是日期（YYYY-MM-DD）", "\"{}\" is not a date (YYYY-MM-DD)", s));
  };
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return bad();
  int v[3] = {0, 0, 0};
  const size_t starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
  for (int k = 0; k < 3; ++k) {
    for (size_t i = starts[k]; i < starts[k] + lens[k]; ++i) {
      if (s[i] < '0' || s[i] > '9') return bad();
      v[k] = v[k] * 10 + (s[i] - '0');
    }
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (v[0] % 4 == 0 && v[0] % 100 != 0) || v[0] % 400 == 0;
  if (v[1] < 1 || v[1] > 12 || v[2] < 1) return bad();
  if (v[2] > kDays[v[1] - 1] + (v[1] == 2 && leap ? 1 : 0)) return bad();
  return DaysFromCivil(v[0], static_cast<unsigned>(v[1]), static_cast<unsigned>(v[2]));
}

Result<std::vector<DueItem>> DueList(const std::vector<Round>& rounds,
                                     const std::vector<Assignment>& assignments,
                                     const std::vector<TaskReport>& reports, std::string_view today,
                                     int within_days) {
  GH_ASSIGN_OR_RETURN(int64_t now, DayNumber(today));
  // The latest report per (round, task, unit): a later revision replaces an earlier one.
  std::map<std::tuple<int64_t, int64_t, std::string>, const TaskReport*> latest;
  for (const TaskReport& r : reports) {
    auto key = std::make_tuple(r.round_id, r.task_id, r.unit);
    auto it = latest.find(key);
    if (it == latest.end() ||
        std::tie(r.revision, r.id) > std::tie(it->second->revision, it->second->id)) {
      latest[key] = &r;
    }
  }
  std::vector<DueItem> out;
  for (const Round& round : rounds) {
    if (round.closed) continue;
    GH_ASSIGN_OR_RETURN(int64_t due, DayNumber(round.due_on));
    const int days_left = static_cast<int>(due - now);
    for (const Assignment& a : assignments) {
      auto it = latest.find(std::make_tuple(round.id, a.task_id, a.unit));
      const TaskReport* r = it == latest.end() ? nullptr : it->second;
      DueItem item{DueItem::Kind::kDueSoon, round.id, a.task_id, a.unit, round.due_on, days_left};
      if (r && (r->state == ReportState::kSubmitted || r->state == ReportState::kApproved)) {
        continue;
      }
      if (r && r->state == ReportState::kReturned) {
        item.kind = DueItem::Kind::kReturned;
      } else if (days_left < 0) {
        item.kind = DueItem::Kind::kOverdue;
      } else if (days_left > within_days) {
        continue;  // not yet due
      }
      out.push_back(std::move(item));
    }
  }
  std::sort(out.begin(), out.end(), [](const DueItem& x, const DueItem& y) {
    return std::tie(x.unit, x.due_on, x.task_id, x.round_id) <
           std::tie(y.unit, y.due_on, y.task_id, y.round_id);
  });
  return out;
}

}  // namespace guihua::workflow
