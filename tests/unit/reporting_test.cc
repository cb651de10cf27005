// The reporting workflow's rules: report transitions, content checks, close-out and the due
// list (due soon / overdue / returned).
#include "workflow/reporting.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "test_support.h"

namespace guihua::workflow {
namespace {

Round Q2() {
  Round r;
  r.id = 7;
  r.name = "2024年第二季度";
  r.period = "2024-Q2";
  r.opens_on = "2024-06-20";
  r.due_on = "2024-07-10";
  return r;
}

ReportContent Content(int percent, TaskProgress p, std::string narrative = "已完成可研批复") {
  ReportContent c;
  c.percent = percent;
  c.progress = p;
  c.narrative = std::move(narrative);
  return c;
}

class ReportingTest : public testing_support::ZhTest {};

TEST_F(ReportingTest, SubmitReturnResubmitApprove) {
  Round round = Q2();
  Report r = NewReport(round, 42, "市发展和改革委员会");
  EXPECT_EQ(r.state, ReportState::kDraft);
  ASSERT_TRUE(
      Submit(&r, round, Content(40, TaskProgress::kInProgress), "zhang", "2024-07-01T08:00:00Z")
          .ok());
  EXPECT_EQ(r.state, ReportState::kSubmitted);
  EXPECT_EQ(r.revision, 1);
  // A submitted report cannot be submitted again until it is returned.
  EXPECT_EQ(Submit(&r, round, Content(50, TaskProgress::kInProgress), "zhang", "t").code(),
            Status::Code::kFailedPrecondition);
  // Returning needs a comment.
  Status s = Return(&r, "li", "  ", "t");
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("comment"), std::string::npos);
  ASSERT_TRUE(Return(&r, "li", "请补充投资完成数据", "2024-07-02T08:00:00Z").ok());
  EXPECT_EQ(r.state, ReportState::kReturned);
  EXPECT_EQ(r.review_comment, "请补充投资完成数据");
  ASSERT_TRUE(Submit(&r, round, Content(45, TaskProgress::kInProgress), "zhang", "t2").ok());
  EXPECT_EQ(r.revision, 2);
  ASSERT_TRUE(Approve(&r, "li", "", "2024-07-03T08:00:00Z").ok());
  EXPECT_EQ(r.state, ReportState::kApproved);
  // Approved is final.
  EXPECT_FALSE(Return(&r, "li", "再改", "t").ok());
  EXPECT_FALSE(Approve(&r, "li", "", "t").ok());
}

TEST_F(ReportingTest, ClosedRoundRefusesSubmissions) {
  Round round = Q2();
  Report r = NewReport(round, 1, "衡阳县");
  round.closed = true;
  Status s = Submit(&r, round, Content(10, TaskProgress::kInProgress), "a", "t");
  EXPECT_EQ(s.code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(s.message().find("2024年第二季度"), std::string::npos);
}

TEST_F(ReportingTest, ContentRulesNameTheField) {
  EXPECT_TRUE(ValidateContent(Content(0, TaskProgress::kNotStarted, "")).ok());
  EXPECT_TRUE(ValidateContent(Content(100, TaskProgress::kCompleted)).ok());
  auto field_of = [](const ReportContent& c) {
    Status s = ValidateContent(c);
    EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
    return s.message().substr(0, s.message().find("："));
  };
  EXPECT_EQ(field_of(Content(101, TaskProgress::kInProgress)), "percent");
  EXPECT_EQ(field_of(Content(-1, TaskProgress::kInProgress)), "percent");
  EXPECT_EQ(field_of(Content(90, TaskProgress::kCompleted)), "percent");
  EXPECT_EQ(field_of(Content(5, TaskProgress::kNotStarted, "")), "percent");
  EXPECT_EQ(field_of(Content(50, TaskProgress::kLagging, " ")), "narrative");
  EXPECT_EQ(field_of(Content(50, TaskProgress::kLagging, std::string(kMaxNarrativeBytes + 1, 'x'))),
            "narrative");
  EXPECT_EQ(field_of(Content(50, TaskProgress::kLagging, "\xff\xfe")), "narrative");
  ReportContent many = Content(50, TaskProgress::kInProgress);
  many.evidence.assign(kMaxEvidence + 1, "sha256");
  EXPECT_EQ(field_of(many), "evidence");
}

TEST_F(ReportingTest, CloseOutNeedsTheLatestApprovedReportCompleted) {
  Round round = Q2();
  Report a = NewReport(round, 5, "市水利局");
  a.id = 1;
  ASSERT_TRUE(Submit(&a, round, Content(100, TaskProgress::kCompleted), "u", "t").ok());
  EXPECT_FALSE(CanCloseOut({a})) << "submitted, not yet approved";
  ASSERT_TRUE(Approve(&a, "r", "", "2024-07-05T00:00:00Z").ok());
  EXPECT_TRUE(CanCloseOut({a}));
  // A later approved report saying the work slipped blocks the close-out.
  Report b = NewReport(round, 5, "市水利局");
  b.id = 2;
  ASSERT_TRUE(Submit(&b, round, Content(80, TaskProgress::kLagging), "u", "t").ok());
  ASSERT_TRUE(Approve(&b, "r", "", "2024-08-01T00:00:00Z").ok());
  EXPECT_FALSE(CanCloseOut({a, b}));
  EXPECT_FALSE(CanCloseOut({}));
}

TEST_F(ReportingTest, TaskProgressNamesParseBothLanguages) {
  TaskProgress p;
  ASSERT_TRUE(ParseTaskProgress("已完成", &p));
  EXPECT_EQ(p, TaskProgress::kCompleted);
  ASSERT_TRUE(ParseTaskProgress(" not_started ", &p));
  EXPECT_EQ(p, TaskProgress::kNotStarted);
  EXPECT_FALSE(ParseTaskProgress("完成了", &p));
  EXPECT_STREQ(TaskProgressLabel(TaskProgress::kLagging), "滞后");
}

TEST_F(ReportingTest, DayNumbers) {
  EXPECT_EQ(*DayNumber("1970-01-01"), 0);
  EXPECT_EQ(*DayNumber("2024-03-01") - *DayNumber("2024-02-28"), 2);  // leap year
  EXPECT_EQ(*DayNumber("2023-03-01") - *DayNumber("2023-02-28"), 1);
  EXPECT_FALSE(DayNumber("2023-02-29").ok());
  EXPECT_FALSE(DayNumber("2024-13-01").ok());
  EXPECT_FALSE(DayNumber("2024/01/01").ok());
  EXPECT_FALSE(DayNumber("24-01-01").ok());
}

TEST_F(ReportingTest, DueListChasesMissingOverdueAndReturned) {
  Round q2 = Q2();  // due 2024-07-10
  Round q1 = q2;
  q1.id = 6;
  q1.name = "2024年第一季度";
  q1.due_on = "2024-04-10";
  Round old = q1;
  old.id = 5;
  old.closed = true;
  auto task = [](int64_t id, const char* unit) {
    Assignment a;
    a.task_id = id;
    a.unit = unit;
    return a;
  };
  std::vector<Assignment> who = {task(1, "衡阳县"), task(2, "衡阳县"), task(3, "衡南县"),
                                 task(4, "衡南县")};
  std::vector<Report> reports;
  // Q1: task 1 approved, task 2 returned, 3 and 4 never reported (overdue).
  Report r1 = NewReport(q1, 1, "衡阳县");
  ASSERT_TRUE(Submit(&r1, q1, Content(30, TaskProgress::kInProgress), "u", "t").ok());
  ASSERT_TRUE(Approve(&r1, "r", "", "t").ok());
  Report r2 = NewReport(q1, 2, "衡阳县");
  ASSERT_TRUE(Submit(&r2, q1, Content(30, TaskProgress::kInProgress), "u", "t").ok());
  ASSERT_TRUE(Return(&r2, "r", "数据不全", "t").ok());
  // Q2: task 3 submitted already.
  Report r3 = NewReport(q2, 3, "衡南县");
  ASSERT_TRUE(Submit(&r3, q2, Content(30, TaskProgress::kInProgress), "u", "t").ok());
  reports = {r1, r2, r3};

  auto list = DueList({old, q1, q2}, who, reports, "2024-07-08", 3);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  std::vector<std::string> got;
  for (const DueItem& d : *list) {
    got.push_back(d.unit + "/" + std::to_string(d.round_id) + "/" + std::to_string(d.task_id) +
                  "/" + DueKindName(d.kind) + "/" + std::to_string(d.days_left));
  }
  EXPECT_EQ(got, (std::vector<std::string>{"衡南县/6/3/overdue/-89", "衡南县/6/4/overdue/-89",
                                           "衡南县/7/4/due_soon/2", "衡阳县/6/2/returned/-89",
                                           "衡阳县/7/1/due_soon/2", "衡阳县/7/2/due_soon/2"}));
  // A week earlier nothing in Q2 is due yet.
  list = DueList({q2}, who, reports, "2024-07-01", 3);
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
  EXPECT_FALSE(DueList({q2}, who, reports, "2024-7-1", 3).ok());
}

TEST_F(ReportingTest, DueListChasesAReturnedReportOfAUnitWithoutAnAssignment) {
  // Obligations come from lead units; a co-unit that reported and was sent back is chased too.
  Round q2 = Q2();
  Assignment lead;
  lead.task_id = 9;
  lead.unit = "市发改委";
  Report co = NewReport(q2, 9, "衡南县");
  co.id = 31;
  ASSERT_TRUE(Submit(&co, q2, Content(40, TaskProgress::kInProgress), "u", "t").ok());
  ASSERT_TRUE(Return(&co, "r", "请补充佐证", "t").ok());
  auto list = DueList({q2}, {lead}, {co}, "2024-07-09", 3);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].unit, "市发改委");
  EXPECT_EQ((*list)[0].kind, DueItem::Kind::kDueSoon);
  EXPECT_EQ((*list)[1].unit, "衡南县");
  EXPECT_EQ((*list)[1].kind, DueItem::Kind::kReturned);
  EXPECT_EQ((*list)[1].report_id, 31);
  // Once resubmitted it is no longer chased.
  ASSERT_TRUE(Submit(&co, q2, Content(50, TaskProgress::kInProgress), "u", "t").ok());
  list = DueList({q2}, {lead}, {co}, "2024-07-09", 3);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 1u);
}

TEST_F(ReportingTest, RoundsAreValidated) {
  Round r = Q2();
  EXPECT_TRUE(ValidateRound(r).ok());
  auto field_of = [](Round x) {
    Status s = ValidateRound(x);
    EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
    return s.message().substr(0, s.message().find("："));
  };
  Round bad = r;
  bad.name = " ";
  EXPECT_EQ(field_of(bad), "name");
  bad = r;
  bad.period = "2024年下半年";
  EXPECT_EQ(field_of(bad), "period");
  bad = r;
  bad.due_on = "2024-02-30";
  EXPECT_EQ(field_of(bad), "due_on");
  bad = r;
  bad.opens_on = "2024-08-01";  // after due_on
  EXPECT_EQ(field_of(bad), "opens_on");
  bad.opens_on = "";  // optional
  EXPECT_TRUE(ValidateRound(bad).ok());
}

ValueContent Value(std::string period, double v = 7.5) {
  ValueContent c;
  c.indicator = "H01";
  c.region = "衡南县";
  c.period = std::move(period);
  c.value = v;
  return c;
}

TEST_F(ReportingTest, ValueReportsShareTheReviewCycleAndBecomeObservations) {
  Round round = Q2();
  Report r = NewValueReport(round, "衡南县");
  EXPECT_EQ(r.kind, ReportKind::kValue);
  // A task submission on a value report is refused, and vice versa.
  EXPECT_FALSE(Submit(&r, round, Content(10, TaskProgress::kInProgress), "u", "t").ok());
  Report t = NewReport(round, 1, "衡南县");
  EXPECT_FALSE(SubmitValue(&t, round, Value("2024-Q2"), "u", "t").ok());

  ASSERT_TRUE(SubmitValue(&r, round, Value("2024年第二季度"), "rep", "t1").ok());
  EXPECT_EQ(r.value.period, "2024-Q2") << "stored in canonical form";
  EXPECT_FALSE(ApprovedObservation(r).ok()) << "not approved yet";
  ASSERT_TRUE(Return(&r, "rev", "口径不对", "t2").ok());
  // A resubmission may change the figure, not what it is a figure of.
  EXPECT_FALSE(SubmitValue(&r, round, Value("2024-Q1"), "rep", "t3").ok());
  ASSERT_TRUE(SubmitValue(&r, round, Value("2024-Q2", 8.25), "rep", "t3").ok());
  EXPECT_EQ(r.revision, 2);
  ASSERT_TRUE(Approve(&r, "rev", "", "t4").ok());
  auto obs = ApprovedObservation(r);
  ASSERT_TRUE(obs.ok()) << obs.status().ToString();
  EXPECT_EQ(obs->indicator, "H01");
  EXPECT_EQ(obs->region, "衡南县");
  EXPECT_EQ(obs->period, indicators::Period::Quarter(2024, 2));
  EXPECT_DOUBLE_EQ(obs->value, 8.25);
  EXPECT_EQ(obs->status, indicators::ObservationStatus::kApproved);
  EXPECT_EQ(obs->source, "衡南县") << "the unit stands as the source when none is given";
}

TEST_F(ReportingTest, ValuesAreCheckedAgainstTheRound) {
  Round round = Q2();
  auto field_of = [&](ValueContent v) {
    Status s = ValidateValue(&v, round);
    EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
    return s.message().substr(0, s.message().find("："));
  };
  ValueContent ok = Value("2023");  // last year's figure in this year's round: fine
  EXPECT_TRUE(ValidateValue(&ok, round).ok());
  EXPECT_EQ(field_of(Value("2024-Q3")), "period") << "after the round's period";
  EXPECT_EQ(field_of(Value("2024")), "period") << "the year ends after Q2";
  EXPECT_EQ(field_of(Value("下半年")), "period");
  EXPECT_EQ(field_of(Value("2024-Q2", std::numeric_limits<double>::infinity())), "value");
  EXPECT_EQ(field_of(Value("2024-Q2", std::nan(""))), "value");
  ValueContent no_region = Value("2024-Q2");
  no_region.region = "";
  EXPECT_EQ(field_of(no_region), "region");
  ValueContent long_note = Value("2024-Q2");
  long_note.note.assign(2001, 'x');
  EXPECT_EQ(field_of(long_note), "note");
  round.closed = true;
  Report r = NewValueReport(round, "衡南县");
  EXPECT_EQ(SubmitValue(&r, round, Value("2024-Q2"), "u", "t").code(),
            Status::Code::kFailedPrecondition);
}

TEST_F(ReportingTest, ValueOwnerIsTheCountyOrTheLeadUnit) {
  indicators::Indicator ind;
  ind.code = "H01";
  ind.lead_unit = "市统计局";
  EXPECT_EQ(ValueOwnerUnit(ind, {"衡南县", "衡阳市", "county"}), "衡南县");
  EXPECT_EQ(ValueOwnerUnit(ind, {"衡阳高新区", "衡阳市", "park"}), "衡阳高新区");
  EXPECT_EQ(ValueOwnerUnit(ind, {"衡阳市", "", "city"}), "市统计局");
  EXPECT_EQ(ValueOwnerUnit(ind, {"湖南省", "全国", "province"}), "市统计局");
}

TEST_F(ReportingTest, DueListCoversValues) {
  Round q2 = Q2();
  Assignment v;
  v.kind = ReportKind::kValue;
  v.unit = "衡南县";
  v.indicator = "H01";
  v.region = "衡南县";
  Assignment w = v;
  w.indicator = "H02";
  Report done = NewValueReport(q2, "衡南县");
  ASSERT_TRUE(SubmitValue(&done, q2, Value("2024-Q2"), "u", "t").ok());  // H01 submitted
  auto list = DueList({q2}, {v, w}, {done}, "2024-07-09", 3);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].report_kind, ReportKind::kValue);
  EXPECT_EQ((*list)[0].indicator, "H02");
  EXPECT_EQ((*list)[0].task_id, 0);
  EXPECT_EQ((*list)[0].days_left, 1);
}

}  // namespace
}  // namespace guihua::workflow
