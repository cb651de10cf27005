#include "workflow/reporting.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
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

Status WrongState(const Report& r, const char* action_zh, const char* action_en) {
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

const char* ReportKindName(ReportKind k) { return k == ReportKind::kValue ? "value" : "task"; }

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

Report NewReport(const Round& round, int64_t task_id, std::string unit) {
  Report r;
  r.round_id = round.id;
  r.task_id = task_id;
  r.unit = std::move(unit);
  return r;
}

Report NewValueReport(const Round& round, std::string unit) {
  Report r;
  r.kind = ReportKind::kValue;
  r.round_id = round.id;
  r.unit = std::move(unit);
  return r;
}

Status ValidateRound(const Round& r) {
  if (utf8::Trim(r.name).empty()) {
    return Status::InvalidArgument(Tr("name：请填写轮次名称", "name: the round needs a name"));
  }
  if (r.name.size() > 200 || !utf8::IsValid(r.name)) {
    return Status::InvalidArgument(
        Tr("name：轮次名称过长或不是有效文本", "name: too long or not valid text"));
  }
  if (!indicators::ParsePeriod(r.period)) {
    return Status::InvalidArgument(Msg("period：“{}”不是时期（2024、2024-Q2 或 2024-06）",
                                       "period: \"{}\" is not a period (2024, 2024-Q2 or 2024-06)",
                                       r.period));
  }
  auto due = DayNumber(r.due_on);
  if (!due.ok()) return Status::InvalidArgument("due_on：" + due.status().message());
  if (!r.opens_on.empty()) {
    auto opens = DayNumber(r.opens_on);
    if (!opens.ok()) return Status::InvalidArgument("opens_on：" + opens.status().message());
    if (*opens > *due) {
      return Status::InvalidArgument(Msg("opens_on：开始日期 {} 晚于截止日期 {}",
                                         "opens_on: {} is after the due date {}", r.opens_on,
                                         r.due_on));
    }
  }
  return Status::Ok();
}

Status ValidateValue(ValueContent* v, const Round& round) {
  if (utf8::Trim(v->indicator).empty()) {
    return Status::InvalidArgument(Tr("indicator：请指定指标", "indicator: required"));
  }
  if (utf8::Trim(v->region).empty()) {
    return Status::InvalidArgument(Tr("region：请指定地区", "region: required"));
  }
  auto period = indicators::ParsePeriod(v->period);
  if (!period) {
    return Status::InvalidArgument(Msg("period：“{}”不是时期（2024、2024-Q2 或 2024-06）",
                                       "period: \"{}\" is not a period (2024, 2024-Q2 or 2024-06)",
                                       v->period));
  }
  auto round_period = indicators::ParsePeriod(round.period);
  if (round_period && period->EndMonth() > round_period->EndMonth()) {
    return Status::InvalidArgument(Msg("period：{} 晚于本轮填报时期 {}",
                                       "period: {} is after the round's period {}",
                                       period->ToString(), round_period->ToString()));
  }
  v->period = period->ToString();
  if (!std::isfinite(v->value)) {
    return Status::InvalidArgument(Tr("value：须为有限数值", "value: must be a finite number"));
  }
  for (auto [field, text] :
       {std::pair<const char*, const std::string*>{"source", &v->source}, {"note", &v->note}}) {
    if (text->size() > 2000 || !utf8::IsValid(*text)) {
      return Status::InvalidArgument(Msg("{}：过长（上限 2000 字节）或不是有效文本",
                                         "{}: too long (limit 2000 bytes) or not valid text",
                                         field));
    }
  }
  return Status::Ok();
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

namespace {

Status CheckSubmittable(const Report& r, const Round& round) {
  if (r.state != ReportState::kDraft && r.state != ReportState::kReturned) {
    return WrongState(r, "报送", "submitted");
  }
  if (round.id != r.round_id) {
    return Status::FailedPrecondition(
        Msg("报告 {} 不属于填报轮次“{}”", "report {} is not in round \"{}\"", r.id, round.name));
  }
  if (round.closed) {
    return Status::FailedPrecondition(
        Msg("填报轮次“{}”已关闭", "reporting round \"{}\" is closed", round.name));
  }
  return Status::Ok();
}

void MarkSubmitted(Report* r, std::string_view by, std::string_view at) {
  r->state = ReportState::kSubmitted;
  ++r->revision;
  r->submitted_by = by;
  r->submitted_at = at;
}

}  // namespace

Status Submit(Report* r, const Round& round, ReportContent content, std::string_view by,
              std::string_view at) {
  if (r->kind != ReportKind::kTask) {
    return Status::InvalidArgument(Tr("这不是任务进展报告", "not a task progress report"));
  }
  GH_RETURN_IF_ERROR(CheckSubmittable(*r, round));
  GH_RETURN_IF_ERROR(ValidateContent(content));
  r->content = std::move(content);
  MarkSubmitted(r, by, at);
  return Status::Ok();
}

Status SubmitValue(Report* r, const Round& round, ValueContent value, std::string_view by,
                   std::string_view at) {
  if (r->kind != ReportKind::kValue) {
    return Status::InvalidArgument(Tr("这不是指标数据报告", "not an indicator value report"));
  }
  GH_RETURN_IF_ERROR(CheckSubmittable(*r, round));
  GH_RETURN_IF_ERROR(ValidateValue(&value, round));
  if (r->revision > 0 && (value.indicator != r->value.indicator ||
                          value.region != r->value.region || value.period != r->value.period)) {
    return Status::InvalidArgument(Tr("重新报送时不能更改指标、地区或时期",
                                      "a resubmission cannot change the indicator, region or "
                                      "period"));
  }
  r->value = std::move(value);
  MarkSubmitted(r, by, at);
  return Status::Ok();
}

Result<indicators::Observation> ApprovedObservation(const Report& r) {
  if (r.kind != ReportKind::kValue || r.state != ReportState::kApproved) {
    return Status::InvalidArgument(
        Msg("报告 {} 不是已审核的指标数据", "report {} is not an approved value", r.id));
  }
  auto period = indicators::ParsePeriod(r.value.period);
  if (!period) {
    return Status::InvalidArgument(
        Msg("报告 {} 的时期“{}”无效", "report {} has a bad period \"{}\"", r.id, r.value.period));
  }
  indicators::Observation o;
  o.indicator = r.value.indicator;
  o.region = r.value.region;
  o.period = *period;
  o.value = r.value.value;
  o.source = r.value.source.empty() ? r.unit : r.value.source;
  o.status = indicators::ObservationStatus::kApproved;
  return o;
}

std::string ValueOwnerUnit(const indicators::Indicator& ind, const indicators::Region& region) {
  const bool top = region.parent.empty() || region.type == "nation" || region.type == "province" ||
                   region.type == "city";
  return top ? ind.lead_unit : region.name;
}

Status Approve(Report* r, std::string_view by, std::string_view comment, std::string_view at) {
  if (r->state != ReportState::kSubmitted) return WrongState(*r, "审核通过", "approved");
  r->state = ReportState::kApproved;
  r->reviewed_by = by;
  r->reviewed_at = at;
  r->review_comment = comment;
  return Status::Ok();
}

Status Return(Report* r, std::string_view by, std::string_view comment, std::string_view at) {
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

bool CanCloseOut(const std::vector<Report>& reports_of_task) {
  // The latest approved report, by review time (ISO timestamps order as text), then id.
  const Report* latest = nullptr;
  for (const Report& r : reports_of_task) {
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
                                     const std::vector<Report>& reports, std::string_view today,
                                     int within_days) {
  GH_ASSIGN_OR_RETURN(int64_t now, DayNumber(today));
  // The latest report per (round, obligation, unit): a later revision replaces an earlier one.
  using Key = std::tuple<int64_t, ReportKind, int64_t, std::string, std::string, std::string>;
  auto key_of = [](int64_t round_id, ReportKind kind, int64_t task_id, const std::string& unit,
                   const std::string& indicator, const std::string& region) {
    return kind == ReportKind::kTask ? Key(round_id, kind, task_id, unit, "", "")
                                     : Key(round_id, kind, 0, unit, indicator, region);
  };
  std::map<Key, const Report*> latest;
  for (const Report& r : reports) {
    Key key = key_of(r.round_id, r.kind, r.task_id, r.unit, r.value.indicator, r.value.region);
    auto it = latest.find(key);
    if (it == latest.end() ||
        std::tie(r.revision, r.id) > std::tie(it->second->revision, it->second->id)) {
      latest[key] = &r;
    }
  }
  std::vector<DueItem> out;
  std::set<Key> covered;  // the keys an assignment accounted for
  for (const Round& round : rounds) {
    if (round.closed) continue;
    GH_ASSIGN_OR_RETURN(int64_t due, DayNumber(round.due_on));
    const int days_left = static_cast<int>(due - now);
    for (const Assignment& a : assignments) {
      Key key = key_of(round.id, a.kind, a.task_id, a.unit, a.indicator, a.region);
      covered.insert(key);
      auto it = latest.find(key);
      const Report* r = it == latest.end() ? nullptr : it->second;
      DueItem item;
      item.round_id = round.id;
      item.task_id = a.task_id;
      item.unit = a.unit;
      item.due_on = round.due_on;
      item.days_left = days_left;
      item.report_kind = a.kind;
      if (a.kind == ReportKind::kValue) {
        item.task_id = 0;
        item.indicator = a.indicator;
        item.region = a.region;
      }
      if (r) item.report_id = r->id;
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
    // A returned report awaits resubmission even when no assignment names its unit (a task's
    // co-unit reports, but obligations name the lead unit only).
    for (const auto& [key, r] : latest) {
      if (r->round_id != round.id || r->state != ReportState::kReturned || covered.count(key)) {
        continue;
      }
      DueItem item;
      item.kind = DueItem::Kind::kReturned;
      item.round_id = round.id;
      item.task_id = r->kind == ReportKind::kTask ? r->task_id : 0;
      item.unit = r->unit;
      item.due_on = round.due_on;
      item.days_left = days_left;
      item.report_kind = r->kind;
      if (r->kind == ReportKind::kValue) {
        item.indicator = r->value.indicator;
        item.region = r->value.region;
      }
      item.report_id = r->id;
      out.push_back(std::move(item));
    }
  }
  std::sort(out.begin(), out.end(), [](const DueItem& x, const DueItem& y) {
    return std::tie(x.unit, x.due_on, x.report_kind, x.task_id, x.indicator, x.region, x.round_id) <
           std::tie(y.unit, y.due_on, y.report_kind, y.task_id, y.indicator, y.region, y.round_id);
  });
  return out;
}

}  // namespace guihua::workflow
