// One typed suite for every Store backend, so backends cannot drift, plus SQLite specifics
// (persistence, migrations, a file that is not a database).
#include "store/store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "document/reader.h"
#include "plan/decompose.h"
#include "plan/structure.h"
#include "plan/task_json.h"
#include "service/account_service.h"
#include "service/plan_service.h"
#include "store/sqlite/sqlite_db.h"
#include "workflow/audit.h"
#include "workflow/reporting.h"

namespace guihua::store {
namespace {

namespace fs = std::filesystem;

std::string TempPath(const std::string& name) {
  return (fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()))).string();
}

// Removes a SQLite database and its WAL files.
void RemoveDb(const std::string& path) {
  fs::remove(path);
  fs::remove(path + "-wal");
  fs::remove(path + "-shm");
}

plan::Plan SamplePlan(const std::string& extra = "") {
  auto doc = document::ReadText(
      "某某规划\n一、总则\n1.推进发展。推动制造业发展，建设“钢管之都”。\n"
      "2.保障措施。加强组织领导。\n二、重点任务\n3.建设中心。实施重大项目，到2023年完成。" +
      extra + "\n");
  EXPECT_TRUE(doc.ok());
  auto p = plan::ParsePlan(*doc);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  p->period = plan::Period{2021, 2025};
  return *p;
}

std::vector<plan::Unit> Units() {
  plan::Unit u;
  u.name = "衡阳市工业和信息化局";
  u.short_name = "市工信局";
  u.type = "government";
  u.keywords = {{"制造业", 4}, {"钢管", 3}};
  return {u};
}

struct MemoryFactory {
  static std::unique_ptr<Store> Make(const std::string&) { return NewMemoryStore(); }
};
struct SqliteFactory {
  static std::unique_ptr<Store> Make(const std::string& name) {
    std::string path = TempPath(name + ".db");
    RemoveDb(path);
    auto s = OpenSqliteStore(path);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return std::move(*s);
  }
};

// The mutex wrapper the server uses, over the SQLite store: it must pass the same suite.
struct SynchronizedSqliteFactory {
  static std::unique_ptr<Store> Make(const std::string& name) {
    return NewSynchronizedStore(SqliteFactory::Make(name + "-sync"));
  }
};

template <typename F>
class StoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> store_ =
      F::Make(::testing::UnitTest::GetInstance()->current_test_info()->name());
};
using Backends = ::testing::Types<MemoryFactory, SqliteFactory, SynchronizedSqliteFactory>;
TYPED_TEST_SUITE(StoreTest, Backends);

TYPED_TEST(StoreTest, ImportIsIdempotentAndVersionsChanges) {
  Store& s = *this->store_;
  auto r1 = service::ImportPlan(s, SamplePlan(), "a.txt", Units(), true);
  ASSERT_TRUE(r1.ok()) << r1.status().ToString();
  EXPECT_TRUE(r1->created);
  EXPECT_EQ(r1->version, 1);
  auto r2 = service::ImportPlan(s, SamplePlan(), "a.txt", Units(), true);
  ASSERT_TRUE(r2.ok());
  EXPECT_FALSE(r2->created);
  EXPECT_EQ(r2->version, 1);
  EXPECT_EQ(r2->plan_id, r1->plan_id);
  auto versions = s.ListVersions(r1->plan_id);
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions->size(), 1u);

  auto r3 = service::ImportPlan(s, SamplePlan("加快建设新平台。"), "b.txt", Units(), true);
  ASSERT_TRUE(r3.ok());
  EXPECT_TRUE(r3->created);
  EXPECT_EQ(r3->version, 2);
  EXPECT_EQ(r3->plan_id, r1->plan_id);
  // The old version is kept.
  auto v1 = s.LoadPlan(r1->plan_id, 1);
  auto v2 = s.LoadPlan(r1->plan_id, 0);
  ASSERT_TRUE(v1.ok());
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(service::PlanContentHash(*v1), service::PlanContentHash(SamplePlan()));
  EXPECT_NE(service::PlanContentHash(*v2), service::PlanContentHash(*v1));
  auto plans = s.ListPlans();
  ASSERT_TRUE(plans.ok());
  ASSERT_EQ(plans->size(), 1u);
  EXPECT_EQ((*plans)[0].latest_version, 2);

  // A -> B -> A stores A again as version 3, and importing A once more changes nothing.
  auto r4 = service::ImportPlan(s, SamplePlan(), "a.txt", Units(), true);
  ASSERT_TRUE(r4.ok());
  EXPECT_TRUE(r4->created);
  EXPECT_EQ(r4->version, 3);
  auto r5 = service::ImportPlan(s, SamplePlan(), "a.txt", Units(), true);
  ASSERT_TRUE(r5.ok());
  EXPECT_FALSE(r5->created);
  EXPECT_EQ(r5->version, 3);
}

TYPED_TEST(StoreTest, PlanRoundTripsExactly) {
  Store& s = *this->store_;
  plan::Plan p = SamplePlan();
  p.nodes[0].children[0].children.push_back(plan::Node{});
  p.nodes[0].children[0].children.back().id = "p1.a1.t1";
  p.nodes[0].children[0].children.back().table = {{"指标", "2025年"}, {"GDP", "7%"}};
  auto r = service::ImportPlan(s, p, "a.txt", Units(), true);
  ASSERT_TRUE(r.ok());
  auto back = s.LoadPlan(r->plan_id, 0);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(service::PlanContentHash(*back), service::PlanContentHash(p));
  EXPECT_EQ(back->title, p.title);
  EXPECT_EQ(back->period.end, 2025);
  EXPECT_EQ(back->nodes[0].children[0].children.back().table,
            p.nodes[0].children[0].children.back().table);
  EXPECT_EQ(back->nodes[1].children[0].source_begin, p.nodes[1].children[0].source_begin);
}

TYPED_TEST(StoreTest, TasksAndUnitsRoundTrip) {
  Store& s = *this->store_;
  auto r = service::ImportPlan(s, SamplePlan(), "a.txt", Units(), true);
  ASSERT_TRUE(r.ok());
  auto tasks = s.LoadTasks(r->plan_id, 0);
  ASSERT_TRUE(tasks.ok());
  ASSERT_EQ(tasks->size(), 4u);
  const plan::Task& t = (*tasks)[1];
  EXPECT_EQ(t.text, "建设“钢管之都”");
  EXPECT_EQ(t.lead_unit, "市工信局");
  EXPECT_EQ(t.initiatives, std::vector<std::string>{"钢管之都"});
  EXPECT_EQ(t.deadline, "2025-12-31");
  EXPECT_EQ((*tasks)[3].deadline, "2023-12-31");
  // The explanation comes back unit by unit, each with its own words.
  plan::UnitMatcher m(Units());
  const auto fresh = plan::Decomposer(&m).Decompose(SamplePlan());
  ASSERT_EQ(fresh.size(), tasks->size());
  for (size_t i = 0; i < fresh.size(); ++i) {
    EXPECT_EQ(plan::UnitScoresToJson((*tasks)[i].unit_scores),
              plan::UnitScoresToJson(fresh[i].unit_scores));
  }
  ASSERT_EQ(t.unit_scores.size(), 1u);
  EXPECT_EQ(t.unit_scores[0].unit, "市工信局");
  ASSERT_EQ(t.unit_scores[0].evidence.size(), 1u);
  EXPECT_EQ(t.unit_scores[0].evidence[0].word, "钢管");
  EXPECT_EQ(t.unit_scores[0].evidence[0].points, 3);
  auto units = s.LoadUnits();
  ASSERT_TRUE(units.ok());
  ASSERT_EQ(units->size(), 1u);
  EXPECT_EQ((*units)[0].keywords[1].word, "钢管");
  EXPECT_EQ((*units)[0].keywords[1].weight, 3);
}

TYPED_TEST(StoreTest, TaskChangesAreAtomic) {
  Store& s = *this->store_;
  auto r = service::ImportPlan(s, SamplePlan(), "a.txt", Units(), true);
  ASSERT_TRUE(r.ok());
  auto tasks = s.LoadTasks(r->plan_id, 0);
  ASSERT_TRUE(tasks.ok());
  plan::Task edited = (*tasks)[0];
  edited.lead_unit = "市发改委";
  edited.co_units = {"衡阳县"};
  edited.remarks = "已调整";
  edited.edited = true;
  plan::Task ghost = edited;
  ghost.id = 999;
  // An update of a task that does not exist rejects the whole change.
  EXPECT_FALSE(s.SaveTaskChanges(r->plan_id, 0, {edited, ghost}, {}).ok());
  auto after = s.LoadTasks(r->plan_id, 0);
  EXPECT_EQ((*after)[0].lead_unit, (*tasks)[0].lead_unit);

  plan::Task manual;
  manual.id = 5;
  manual.manual = true;
  manual.text = "新增任务";
  manual.node_seq = (*tasks)[0].node_seq;
  ASSERT_TRUE(s.SaveTaskChanges(r->plan_id, 0, {edited}, {manual}).ok());
  after = s.LoadTasks(r->plan_id, 0);
  ASSERT_EQ(after->size(), 5u);
  EXPECT_EQ((*after)[0].lead_unit, "市发改委");
  EXPECT_EQ(ToStrings((*after)[0].co_units), std::vector<std::string>{"衡阳县"});
  EXPECT_TRUE((*after)[0].edited);
  // The manual task sorts after the tasks of its node.
  EXPECT_EQ((*after)[2].text, "新增任务");
  EXPECT_TRUE((*after)[2].manual);
}

TYPED_TEST(StoreTest, NewVersionCarriesEditsAndManualTasks) {
  Store& s = *this->store_;
  auto r = service::ImportPlan(s, SamplePlan(), "a.txt", Units(), true);
  ASSERT_TRUE(r.ok());
  auto tasks = s.LoadTasks(r->plan_id, 0);
  plan::Task edited = (*tasks)[0];
  edited.lead_unit = "市发改委";
  edited.edited = true;
  plan::Task manual;
  manual.id = 5;
  manual.manual = true;
  manual.text = "新增任务";
  manual.node_id = (*tasks)[0].node_id;
  ASSERT_TRUE(s.SaveTaskChanges(r->plan_id, 0, {edited}, {manual}).ok());
  auto r2 = service::ImportPlan(s, SamplePlan("加快建设新平台。"), "b.txt", Units(), true);
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->carried_over, 2u);
  auto v2 = s.LoadTasks(r->plan_id, 0);
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ((*v2)[0].lead_unit, "市发改委");
  bool has_manual = false;
  for (const auto& t : *v2) has_manual |= t.manual && t.text == "新增任务";
  EXPECT_TRUE(has_manual);
}

TYPED_TEST(StoreTest, UnknownPlanIsNotFound) {
  Store& s = *this->store_;
  auto p = s.LoadPlan(42, 0);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), Status::Code::kNotFound);
  EXPECT_FALSE(s.LoadTasks(42, 3).ok());
  EXPECT_FALSE(service::ResolvePlanId(s, 0).ok());
}

TEST(SqliteStore, PersistsAcrossOpens) {
  std::string path = TempPath("persist.db");
  fs::remove(path);
  {
    auto s = OpenSqliteStore(path);
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE(service::ImportPlan(**s, SamplePlan(), "a.txt", Units(), true).ok());
  }
  auto s = OpenSqliteStore(path);
  ASSERT_TRUE(s.ok());
  auto plans = (*s)->ListPlans();
  ASSERT_TRUE(plans.ok());
  ASSERT_EQ(plans->size(), 1u);
  auto tasks = (*s)->LoadTasks((*plans)[0].id, 0);
  ASSERT_TRUE(tasks.ok());
  EXPECT_EQ(tasks->size(), 4u);
  fs::remove(path);
}

TEST(SqliteStore, RejectsAFileThatIsNotADatabase) {
  std::string path = TempPath("notadb.db");
  {
    std::ofstream out(path);
    out << "this is not a database, just text that is long enough to have a header page......";
  }
  auto s = OpenSqliteStore(path);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find(path), std::string::npos);
  fs::remove(path);
}

namespace indicator_store {
using guihua::indicators::Indicator;
using guihua::indicators::Observation;
using guihua::indicators::Period;
using guihua::indicators::Region;
using guihua::indicators::TargetKind;

Indicator MakeIndicator(const std::string& code, TargetKind kind, std::optional<double> target) {
  Indicator ind;
  ind.code = code;
  ind.name = "指标" + code;
  ind.unit = "%";
  ind.target_kind = kind;
  ind.baseline_year = 2020;
  ind.target_year = 2025;
  ind.target = target;
  ind.target_text = target ? std::to_string(*target) : "保持在合理区间";
  return ind;
}
}  // namespace indicator_store

TYPED_TEST(StoreTest, IndicatorDataRoundTripsAndUpserts) {
  using namespace indicator_store;
  Store& s = *this->store_;
  std::vector<Region> regions = {{"衡阳市", "", "city"}, {"衡阳县", "衡阳市", "county"}};
  std::vector<Indicator> inds = {MakeIndicator("A1", TargetKind::kLevel, 65),
                                 MakeIndicator("A2", TargetKind::kQualitative, std::nullopt)};
  inds[0].baseline = 63.89;
  inds[0].attribute = guihua::indicators::Attribute::kBinding;
  std::vector<Observation> obs = {{"A1", "衡阳县", Period::Month(2021, 6), 64.0, "统计局"},
                                  {"A1", "衡阳市", Period::Year(2021), 64.72, "统计局"},
                                  {"A1", "衡阳市", Period::Quarter(2021, 2), 64.1, ""}};
  IndicatorWrite w;
  w.regions = &regions;
  w.indicators = &inds;
  w.observations = &obs;
  auto out = s.SaveIndicatorData(w);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->regions_added, 2);
  EXPECT_EQ(out->indicators_added, 2);
  EXPECT_EQ(out->observations_added, 3);

  auto loaded = s.LoadIndicators();
  ASSERT_TRUE(loaded.ok());
  ASSERT_EQ(loaded->size(), 2u);
  EXPECT_EQ((*loaded)[0].code, "A1");
  EXPECT_EQ((*loaded)[0].baseline, 63.89);
  EXPECT_EQ((*loaded)[0].attribute, guihua::indicators::Attribute::kBinding);
  EXPECT_FALSE((*loaded)[1].baseline.has_value()) << "blank stays unknown, never zero";
  EXPECT_FALSE((*loaded)[1].target.has_value());
  EXPECT_EQ((*loaded)[1].target_kind, TargetKind::kQualitative);

  auto got = s.LoadObservations();
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->size(), 3u);
  // Indicator order, then region order, then period end.
  EXPECT_EQ((*got)[0].region, "衡阳市");
  EXPECT_EQ((*got)[0].period, Period::Quarter(2021, 2));
  EXPECT_EQ((*got)[1].period, Period::Year(2021));
  EXPECT_EQ((*got)[2].region, "衡阳县");
  // The pairs with data, once each, in the same order; A2 has none.
  auto pairs = s.LoadObservedPairs();
  ASSERT_TRUE(pairs.ok());
  EXPECT_EQ(*pairs,
            (std::vector<std::pair<std::string, std::string>>{{"A1", "衡阳市"}, {"A1", "衡阳县"}}));

  // Re-import replaces a value and adds a new one.
  std::vector<Observation> more = {{"A1", "衡阳市", Period::Year(2021), 64.8, "修订"},
                                   {"A1", "衡阳市", Period::Year(2022), 65.2, ""}};
  IndicatorWrite w2;
  w2.observations = &more;
  out = s.SaveIndicatorData(w2);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->observations_added, 1);
  EXPECT_EQ(out->observations_updated, 1);
  got = s.LoadObservations({"A1"});
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->size(), 4u);
  EXPECT_EQ((*got)[1].value, 64.8);
  EXPECT_EQ((*got)[1].source, "修订");
  EXPECT_TRUE(s.LoadObservations({"A2"})->empty());
}

TYPED_TEST(StoreTest, IndicatorWriteIsAtomic) {
  using namespace indicator_store;
  Store& s = *this->store_;
  std::vector<Region> regions = {{"衡阳市", "", "city"}};
  std::vector<Indicator> inds = {MakeIndicator("A1", TargetKind::kLevel, 65)};
  std::vector<Observation> obs = {{"A1", "衡阳市", Period::Year(2021), 64.0, ""},
                                  {"A1", "不存在的县", Period::Year(2021), 1.0, ""}};
  IndicatorWrite w;
  w.regions = &regions;
  w.indicators = &inds;
  w.observations = &obs;
  EXPECT_FALSE(s.SaveIndicatorData(w).ok());
  EXPECT_TRUE(s.LoadRegions()->empty());
  EXPECT_TRUE(s.LoadIndicators()->empty());
  EXPECT_TRUE(s.LoadObservations()->empty());
}

// Accounts, sessions and the audit log, on every backend.
TYPED_TEST(StoreTest, UsersSessionsAndAudit) {
  Store& s = *this->store_;
  workflow::User u;
  u.name = "alice";
  u.role = workflow::Role::kReporter;
  u.unit = "衡南县";
  u.password_hash = "$argon2id$x";
  workflow::AuditEntry e;
  e.user = "cli";
  e.role = "admin";
  e.action = "user add";
  e.entity = "user:alice";
  e.after = R"({"name":"alice"})";
  auto id = s.CreateUser(u, &e);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(s.CreateUser(u, &e).status().code(), Status::Code::kAlreadyExists);
  auto found = s.FindUser("alice");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, *id);
  EXPECT_EQ(found->role, workflow::Role::kReporter);
  EXPECT_EQ(found->unit, "衡南县");
  EXPECT_FALSE(found->created_at.empty());
  EXPECT_EQ(s.FindUserById(*id)->name, "alice");
  EXPECT_EQ(s.FindUser("bob").status().code(), Status::Code::kNotFound);

  found->disabled = true;
  found->password_hash = "$argon2id$y";
  ASSERT_TRUE(s.UpdateUser(*found, &e).ok());
  EXPECT_TRUE(s.FindUser("alice")->disabled);
  EXPECT_EQ(s.FindUser("alice")->password_hash, "$argon2id$y");
  workflow::User ghost;
  ghost.name = "ghost";
  EXPECT_EQ(s.UpdateUser(ghost, &e).code(), Status::Code::kNotFound);
  ASSERT_EQ(s.ListUsers()->size(), 1u);

  // Only the successful writes left audit entries, chained.
  auto log = s.LoadAudit();
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[0].id, 1);
  EXPECT_EQ((*log)[0].prev_hash, "");
  EXPECT_EQ((*log)[1].prev_hash, (*log)[0].hash);
  EXPECT_FALSE(workflow::VerifyAuditChain(*log).has_value());
  auto appended = s.AppendAudit(e);
  ASSERT_TRUE(appended.ok());
  EXPECT_EQ(appended->id, 3);
  auto page = s.LoadAudit(1, 1);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].id, 2);

  Session sess{"hash1", *id, "csrf", "2999-01-01T00:00:00Z", ""};
  ASSERT_TRUE(s.CreateSession(sess).ok());
  auto got = s.FindSession("hash1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->user_id, *id);
  EXPECT_EQ(got->csrf_token, "csrf");
  ASSERT_TRUE(s.DeleteSession("hash1").ok());
  EXPECT_EQ(s.FindSession("hash1").status().code(), Status::Code::kNotFound);
  EXPECT_TRUE(s.DeleteSession("hash1").ok());
  EXPECT_TRUE(s.Checkpoint().ok());
}

// The account use cases: login, authenticate, logout, disable, and an audit entry per write.
TYPED_TEST(StoreTest, AccountServiceFlow) {
  Store& s = *this->store_;
  service::AccountOptions fast{workflow::HashCost::kMinimum};
  auto cli = service::CliActor("user add");
  auto u = service::AddUser(s, {"bob", workflow::Role::kViewer, ""}, "pass-1234", cli, fast);
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(service::AddUser(s, {"rep", workflow::Role::kReporter, ""}, "pass-1234", cli, fast)
                .status()
                .code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(service::AddUser(s, {"bob", workflow::Role::kViewer, ""}, "pass-1234", cli, fast)
                .status()
                .code(),
            Status::Code::kAlreadyExists);
  EXPECT_FALSE(service::Login(s, "bob", "wrong-pass").ok());
  EXPECT_FALSE(service::Login(s, "nobody", "pass-1234").ok());
  auto login = service::Login(s, "bob", "pass-1234");
  ASSERT_TRUE(login.ok()) << login.status().ToString();
  EXPECT_EQ(login->token.size(), 64u);
  auto who = service::Authenticate(s, login->token);
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->user.name, "bob");
  EXPECT_EQ(who->session.csrf_token, login->csrf_token);
  EXPECT_FALSE(service::Authenticate(s, "not-a-token").ok());
  ASSERT_TRUE(service::ChangePassword(s, "bob", "pass-5678", cli, fast).ok());
  EXPECT_TRUE(service::Login(s, "bob", "pass-5678").ok());
  ASSERT_TRUE(service::DisableUser(s, "bob", cli).ok());
  EXPECT_FALSE(service::Authenticate(s, login->token).ok());
  EXPECT_FALSE(service::Login(s, "bob", "pass-5678").ok());
  ASSERT_TRUE(service::Logout(s, login->token).ok());
  EXPECT_FALSE(*service::HasAdmin(s));

  auto log = s.LoadAudit();
  ASSERT_TRUE(log.ok());
  // add, login, passwd, login, disable; the logout of a disabled account is not on record.
  std::vector<std::string> entities;
  for (const workflow::AuditEntry& a : *log) entities.push_back(a.entity);
  EXPECT_EQ(entities, (std::vector<std::string>{"user:bob", "session:bob", "user:bob",
                                                "session:bob", "user:bob"}));
  ASSERT_FALSE(log->empty());
  EXPECT_EQ((*log)[0].after.find("argon2"), std::string::npos);  // never the hash
  auto verified = service::VerifyStoredAudit(s);
  ASSERT_TRUE(verified.ok());
  EXPECT_FALSE(verified->has_value());
}

// The reporting workflow's tables, on every backend.
namespace workflow_store {
using workflow::AuditEntry;
using workflow::Report;
using workflow::ReportKind;
using workflow::ReportState;
using workflow::Round;
using workflow::TaskProgress;

Round MakeRound(const std::string& period, const std::string& due_on) {
  Round r;
  r.name = period + " 填报";
  r.period = period;
  r.opens_on = "2024-07-01";
  r.due_on = due_on;
  return r;
}

Report TaskReport(int64_t round_id, int64_t plan_id, int64_t task_id, const std::string& unit) {
  Report r;
  r.kind = ReportKind::kTask;
  r.round_id = round_id;
  r.plan_id = plan_id;
  r.task_id = task_id;
  r.unit = unit;
  r.content.percent = 60;
  r.content.progress = TaskProgress::kInProgress;
  r.content.narrative = "已完成可研，正在招标";
  r.content.evidence = {std::string(64, 'a'), std::string(64, 'b')};
  return r;
}

Report ValueReport(int64_t round_id, const std::string& unit, const std::string& indicator,
                   const std::string& region, double value) {
  Report r;
  r.kind = ReportKind::kValue;
  r.round_id = round_id;
  r.unit = unit;
  r.value = {indicator, region, "2024-Q2", value, "统计局", "初步数"};
  return r;
}

AuditEntry Entry(const std::string& action, const std::string& entity) {
  AuditEntry e;
  e.user = "cli";
  e.role = "admin";
  e.action = action;
  e.entity = entity;
  return e;
}

// Every field of a report, for comparisons that name the field that differs.
void ExpectSameReport(const Report& a, const Report& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.round_id, b.round_id);
  EXPECT_EQ(a.plan_id, b.plan_id);
  EXPECT_EQ(a.task_id, b.task_id);
  EXPECT_EQ(a.unit, b.unit);
  EXPECT_EQ(a.content.percent, b.content.percent);
  EXPECT_EQ(a.content.progress, b.content.progress);
  EXPECT_EQ(a.content.narrative, b.content.narrative);
  EXPECT_EQ(a.content.evidence, b.content.evidence);
  EXPECT_EQ(a.value.indicator, b.value.indicator);
  EXPECT_EQ(a.value.region, b.value.region);
  EXPECT_EQ(a.value.period, b.value.period);
  EXPECT_EQ(a.value.value, b.value.value);
  EXPECT_EQ(a.value.source, b.value.source);
  EXPECT_EQ(a.value.note, b.value.note);
  EXPECT_EQ(a.state, b.state);
  EXPECT_EQ(a.revision, b.revision);
  EXPECT_EQ(a.submitted_by, b.submitted_by);
  EXPECT_EQ(a.submitted_at, b.submitted_at);
  EXPECT_EQ(a.reviewed_by, b.reviewed_by);
  EXPECT_EQ(a.reviewed_at, b.reviewed_at);
  EXPECT_EQ(a.review_comment, b.review_comment);
}

std::vector<int64_t> Ids(const Result<std::vector<Report>>& reports) {
  EXPECT_TRUE(reports.ok()) << reports.status().ToString();
  std::vector<int64_t> out;
  if (reports.ok()) {
    for (const Report& r : *reports) out.push_back(r.id);
  }
  return out;
}

// One region and one indicator, for value reports that write observations.
void StoreIndicatorBasics(Store& s) {
  std::vector<indicators::Region> regions = {{"衡阳市", "", "city"},
                                             {"衡南县", "衡阳市", "county"}};
  std::vector<indicators::Indicator> inds(1);
  inds[0].code = "A1";
  inds[0].name = "常住人口城镇化率";
  inds[0].unit = "%";
  IndicatorWrite w;
  w.regions = &regions;
  w.indicators = &inds;
  auto out = s.SaveIndicatorData(w);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
}
}  // namespace workflow_store

TYPED_TEST(StoreTest, RoundsCreateUpdateFindList) {
  using namespace workflow_store;
  Store& s = *this->store_;
  EXPECT_TRUE(s.ListRounds()->empty());
  auto q2 = s.CreateRound(MakeRound("2024-Q2", "2024-07-10"));
  auto q3 = s.CreateRound(MakeRound("2024-Q3", "2024-10-10"));
  ASSERT_TRUE(q2.ok()) << q2.status().ToString();
  ASSERT_TRUE(q3.ok());
  EXPECT_NE(*q2, *q3);

  auto found = s.FindRound(*q2);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, *q2);
  EXPECT_EQ(found->name, "2024-Q2 填报");
  EXPECT_EQ(found->period, "2024-Q2");
  EXPECT_EQ(found->opens_on, "2024-07-01");
  EXPECT_EQ(found->due_on, "2024-07-10");
  EXPECT_FALSE(found->closed);

  Round changed = *found;
  changed.name = "2024年第二季度";
  changed.due_on = "2024-07-15";
  changed.closed = true;
  ASSERT_TRUE(s.UpdateRound(changed).ok());
  found = s.FindRound(*q2);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->name, "2024年第二季度");
  EXPECT_EQ(found->due_on, "2024-07-15");
  EXPECT_TRUE(found->closed);

  auto all = s.ListRounds();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, *q2);  // by id
  EXPECT_TRUE((*all)[0].closed);
  EXPECT_EQ((*all)[1].period, "2024-Q3");
  EXPECT_FALSE((*all)[1].closed);

  EXPECT_EQ(s.FindRound(999).status().code(), Status::Code::kNotFound);
  Round ghost = MakeRound("2025", "2026-01-10");
  ghost.id = 999;
  EXPECT_EQ(s.UpdateRound(ghost).code(), Status::Code::kNotFound);
  EXPECT_EQ(s.ListRounds()->size(), 2u);
}

TYPED_TEST(StoreTest, ReportsInsertUpdateAndFind) {
  using namespace workflow_store;
  Store& s = *this->store_;
  auto round = s.CreateRound(MakeRound("2024-Q2", "2024-07-10"));
  ASSERT_TRUE(round.ok());

  Report task = TaskReport(*round, 1, 7, "市发改委");
  auto id = s.SaveReport(task);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_GT(*id, 0);
  task.id = *id;
  auto found = s.FindReport(*id);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ExpectSameReport(*found, task);

  Report value = ValueReport(*round, "衡南县", "A1", "衡南县", 61.25);
  auto vid = s.SaveReport(value);
  ASSERT_TRUE(vid.ok());
  EXPECT_NE(*vid, *id);
  value.id = *vid;
  found = s.FindReport(*vid);
  ASSERT_TRUE(found.ok());
  ExpectSameReport(*found, value);

  // id != 0 replaces every field of the stored report and keeps its id.
  task.state = ReportState::kSubmitted;
  task.revision = 2;
  task.content.percent = 100;
  task.content.progress = TaskProgress::kCompleted;
  task.content.narrative = "已建成投运";
  task.content.evidence = {std::string(64, 'c')};
  task.submitted_by = "zhang";
  task.submitted_at = "2024-07-05T08:00:00Z";
  task.reviewed_by = "li";
  task.reviewed_at = "2024-07-06T08:00:00Z";
  task.review_comment = "请补充验收报告";
  auto same = s.SaveReport(task);
  ASSERT_TRUE(same.ok()) << same.status().ToString();
  EXPECT_EQ(*same, task.id);
  found = s.FindReport(task.id);
  ASSERT_TRUE(found.ok());
  ExpectSameReport(*found, task);
  EXPECT_EQ(s.LoadReports({})->size(), 2u);

  EXPECT_EQ(s.FindReport(999).status().code(), Status::Code::kNotFound);
  Report ghost = task;
  ghost.id = 999;
  EXPECT_EQ(s.SaveReport(ghost).status().code(), Status::Code::kNotFound);
  Report orphan = TaskReport(999, 1, 7, "市发改委");
  EXPECT_EQ(s.SaveReport(orphan).status().code(), Status::Code::kNotFound);
  EXPECT_EQ(s.LoadReports({})->size(), 2u);
}

TYPED_TEST(StoreTest, ReportFiltersLimitAndOffset) {
  using namespace workflow_store;
  Store& s = *this->store_;
  int64_t r1 = *s.CreateRound(MakeRound("2024-Q2", "2024-07-10"));
  int64_t r2 = *s.CreateRound(MakeRound("2024-Q3", "2024-10-10"));
  std::vector<Report> rs = {
      TaskReport(r1, 1, 7, "市发改委"),                // 1
      TaskReport(r1, 1, 8, "市工信局"),                // 2
      TaskReport(r2, 1, 7, "市发改委"),                // 3
      TaskReport(r2, 2, 7, "市发改委"),                // 4
      ValueReport(r1, "衡南县", "A1", "衡南县", 1),    // 5
      ValueReport(r2, "市统计局", "A2", "衡阳市", 2),  // 6
  };
  rs[1].state = ReportState::kSubmitted;
  rs[2].state = ReportState::kApproved;
  rs[4].state = ReportState::kSubmitted;
  rs[5].state = ReportState::kReturned;
  std::vector<int64_t> ids;
  for (const Report& r : rs) {
    auto id = s.SaveReport(r);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    ids.push_back(*id);
  }
  auto pick = [&](std::initializer_list<size_t> which) {
    std::vector<int64_t> out;
    for (size_t i : which) out.push_back(ids[i - 1]);
    return out;
  };
  ReportFilter f;
  EXPECT_EQ(Ids(s.LoadReports(f)), pick({1, 2, 3, 4, 5, 6}));
  f = {};
  f.kind = ReportKind::kTask;
  EXPECT_EQ(Ids(s.LoadReports(f)), pick({1, 2, 3, 4}));
  f.kind = ReportKind::kValue;
  EXPECT_EQ(Ids(s.LoadReports(f)), pick({5, 6}));
  f = {};
  f.round_id = r2;
  EXPECT_EQ(Ids(s.LoadReports(f)), pick({3, 4, 6}));
  f = {};
  f.unit = "市发改委";
  EXPECT_EQ(Ids(s.LoadReports(f)), pick({1, 3, 4}));
  f = {};
  f.state = ReportState::kSubmitted;
  EXPECT_EQ(Ids(s.LoadReports(f)), pick({2, 5}));
  f.state = ReportState::kDraft;
  EXPECT_EQ(Ids(s.LoadReports(f)), pick({1, 4}));
  f = {};
  f.plan_id = 2;
  EXPECT_EQ(Ids(s.LoadReports(f)), pick({4}));
  f = {};
  f.task_id = 7;
  EXPECT_EQ(Ids(s.LoadReports(f)), pick({1, 3, 4}));
  f.plan_id = 1;
  EXPECT_EQ(Ids(s.LoadReports(f)), pick({1, 3}));
  f = {};
  f.indicator = "A2";
  EXPECT_EQ(Ids(s.LoadReports(f)), pick({6}));
  f.indicator = "none";
  EXPECT_TRUE(Ids(s.LoadReports(f)).empty());
  // Every member at once.
  f = {};
  f.kind = ReportKind::kTask;
  f.round_id = r1;
  f.unit = "市发改委";
  f.state = ReportState::kDraft;
  f.plan_id = 1;
  f.task_id = 7;
  EXPECT_EQ(Ids(s.LoadReports(f)), pick({1}));

  // Pages, by id.
  f = {};
  f.limit = 2;
  EXPECT_EQ(Ids(s.LoadReports(f)), pick({1, 2}));
  f.offset = 2;
  EXPECT_EQ(Ids(s.LoadReports(f)), pick({3, 4}));
  f.offset = 5;
  EXPECT_EQ(Ids(s.LoadReports(f)), pick({6}));
  f.offset = 6;
  EXPECT_TRUE(Ids(s.LoadReports(f)).empty());
  f = {};
  f.offset = 4;  // no limit
  EXPECT_EQ(Ids(s.LoadReports(f)), pick({5, 6}));
  f = {};
  f.unit = "市发改委";  // the page is of the matching reports
  f.limit = 1;
  f.offset = 1;
  EXPECT_EQ(Ids(s.LoadReports(f)), pick({3}));
}

TYPED_TEST(StoreTest, EvidenceIsIdempotentOnHash) {
  using namespace workflow_store;
  Store& s = *this->store_;
  const std::string hash(64, 'e');
  workflow::EvidenceFile f{hash, "验收报告.pdf", "application/pdf",
                           1234, "zhang",        "2024-07-01T08:00:00Z"};
  AuditEntry e = Entry("POST /api/v1/evidence", "evidence:" + hash);
  ASSERT_TRUE(s.SaveEvidence(f, &e).ok());
  workflow::EvidenceFile again = f;
  again.name = "副本.pdf";
  again.uploaded_by = "wang";
  again.uploaded_at = "2024-07-02T08:00:00Z";
  ASSERT_TRUE(s.SaveEvidence(again, &e).ok());
  auto got = s.FindEvidence(hash);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->hash, hash);
  EXPECT_EQ(got->name, "验收报告.pdf");  // the first record stays
  EXPECT_EQ(got->type, "application/pdf");
  EXPECT_EQ(got->size, 1234);
  EXPECT_EQ(got->uploaded_by, "zhang");
  EXPECT_EQ(got->uploaded_at, "2024-07-01T08:00:00Z");
  auto log = s.LoadAudit();
  ASSERT_TRUE(log.ok());
  EXPECT_EQ(log->size(), 1u) << "the second save writes no audit entry";
  EXPECT_EQ(s.FindEvidence(std::string(64, 'f')).status().code(), Status::Code::kNotFound);
}

TYPED_TEST(StoreTest, CloseOutTwiceIsAlreadyExists) {
  using namespace workflow_store;
  Store& s = *this->store_;
  EXPECT_TRUE(s.LoadCloseOuts()->empty());
  AuditEntry e = Entry("POST /api/v1/tasks/7/close", "task:1/7");
  ASSERT_TRUE(s.SaveCloseOut({1, 7, "li", "2024-07-20T08:00:00Z", "已验收"}, &e).ok());
  ASSERT_TRUE(s.SaveCloseOut({1, 3, "li", "", ""}).ok());
  ASSERT_TRUE(s.SaveCloseOut({2, 1, "li", "", ""}).ok());
  auto again = s.SaveCloseOut({1, 7, "wang", "", "重复"}, &e);
  EXPECT_EQ(again.code(), Status::Code::kAlreadyExists);
  EXPECT_NE(again.message().find('7'), std::string::npos);

  auto plan1 = s.LoadCloseOuts(1);
  ASSERT_TRUE(plan1.ok());
  ASSERT_EQ(plan1->size(), 2u);
  EXPECT_EQ((*plan1)[0].task_id, 3);  // by task id
  EXPECT_FALSE((*plan1)[0].closed_at.empty()) << "set by the store when empty";
  EXPECT_EQ((*plan1)[1].task_id, 7);
  EXPECT_EQ((*plan1)[1].closed_by, "li");
  EXPECT_EQ((*plan1)[1].closed_at, "2024-07-20T08:00:00Z");
  EXPECT_EQ((*plan1)[1].comment, "已验收");
  EXPECT_EQ(s.LoadCloseOuts(0)->size(), 3u);
  EXPECT_EQ(s.LoadCloseOuts(2)->size(), 1u);
  EXPECT_TRUE(s.LoadCloseOuts(3)->empty());
  EXPECT_EQ(s.LoadAudit()->size(), 1u);
}

TYPED_TEST(StoreTest, PublicationsLatestAndList) {
  Store& s = *this->store_;
  EXPECT_EQ(s.LatestPublication().status().code(), Status::Code::kNotFound);
  EXPECT_TRUE(s.ListPublications()->empty());
  auto p1 = s.SavePublication({0, "admin", "", "中期评估", R"({"v":1})"});
  ASSERT_TRUE(p1.ok()) << p1.status().ToString();
  auto p2 = s.SavePublication({0, "admin", "2024-08-01T00:00:00Z", "第三季度", R"({"v":2})"});
  ASSERT_TRUE(p2.ok());
  EXPECT_NE(*p1, *p2);

  auto latest = s.LatestPublication();
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->id, *p2);
  EXPECT_EQ(latest->published_by, "admin");
  EXPECT_EQ(latest->published_at, "2024-08-01T00:00:00Z");
  EXPECT_EQ(latest->note, "第三季度");
  EXPECT_EQ(latest->content, R"({"v":2})");

  auto all = s.ListPublications();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, *p1);
  EXPECT_FALSE((*all)[0].published_at.empty()) << "set by the store when empty";
  EXPECT_EQ((*all)[0].note, "中期评估");
  EXPECT_TRUE((*all)[0].content.empty()) << "metadata only";
  EXPECT_EQ((*all)[1].id, *p2);
  EXPECT_TRUE((*all)[1].content.empty());
}

TYPED_TEST(StoreTest, ApprovedValueIsUpsertedIntoObservations) {
  using namespace workflow_store;
  Store& s = *this->store_;
  StoreIndicatorBasics(s);
  // A value stored earlier by an import, then replaced by the approved report.
  std::vector<indicators::Observation> earlier = {
      {"A1", "衡南县", indicators::Period::Quarter(2024, 2), 50.0, "导入",
       indicators::ObservationStatus::kSubmitted}};
  IndicatorWrite w;
  w.observations = &earlier;
  ASSERT_TRUE(s.SaveIndicatorData(w).ok());

  int64_t round = *s.CreateRound(MakeRound("2024-Q2", "2024-07-10"));
  Report r = ValueReport(round, "衡南县", "A1", "衡南县", 61.25);
  r.state = ReportState::kApproved;
  indicators::Observation approved{"A1",  "衡南县", indicators::Period::Quarter(2024, 2),
                                   61.25, "统计局", indicators::ObservationStatus::kApproved};
  AuditEntry e = Entry("POST /api/v1/reports/1/approve", "report:1");
  auto id = s.SaveReport(r, &approved, &e);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto obs = s.LoadObservations({"A1"});
  ASSERT_TRUE(obs.ok());
  ASSERT_EQ(obs->size(), 1u);
  EXPECT_EQ((*obs)[0].region, "衡南县");
  EXPECT_EQ((*obs)[0].period, indicators::Period::Quarter(2024, 2));
  EXPECT_EQ((*obs)[0].value, 61.25);
  EXPECT_EQ((*obs)[0].source, "统计局");
  EXPECT_EQ((*obs)[0].status, indicators::ObservationStatus::kApproved);

  // A new period of the same indicator is inserted beside it.
  approved.period = indicators::Period::Quarter(2024, 3);
  approved.value = 62.0;
  r.id = *id;
  ASSERT_TRUE(s.SaveReport(r, &approved, &e).ok());
  obs = s.LoadObservations({"A1"});
  ASSERT_TRUE(obs.ok());
  ASSERT_EQ(obs->size(), 2u);
  EXPECT_EQ((*obs)[1].value, 62.0);
  EXPECT_EQ((*obs)[1].status, indicators::ObservationStatus::kApproved);
  EXPECT_EQ(s.LoadAudit()->size(), 2u);
}

TYPED_TEST(StoreTest, ApprovedValueOfAnUnknownIndicatorWritesNothing) {
  using namespace workflow_store;
  Store& s = *this->store_;
  StoreIndicatorBasics(s);
  int64_t round = *s.CreateRound(MakeRound("2024-Q2", "2024-07-10"));
  AuditEntry e = Entry("POST /api/v1/reports/1/approve", "report:1");
  Report r = ValueReport(round, "衡南县", "ZZ", "衡南县", 1.5);
  r.state = ReportState::kApproved;
  indicators::Observation unknown_indicator{
      "ZZ", "衡南县", indicators::Period::Year(2024),
      1.5,  "",       indicators::ObservationStatus::kApproved};
  auto id = s.SaveReport(r, &unknown_indicator, &e);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), Status::Code::kNotFound);
  EXPECT_NE(id.status().message().find("ZZ"), std::string::npos);
  indicators::Observation unknown_region{
      "A1", "不存在的县", indicators::Period::Year(2024),
      1.5,  "",           indicators::ObservationStatus::kApproved};
  EXPECT_EQ(s.SaveReport(r, &unknown_region, &e).status().code(), Status::Code::kNotFound);
  // Neither the report nor the audit entry nor any observation was written.
  EXPECT_TRUE(s.LoadReports({})->empty());
  EXPECT_TRUE(s.LoadAudit()->empty());
  EXPECT_TRUE(s.LoadObservations()->empty());

  // The same for an update: the stored report stays as it was.
  Report draft = ValueReport(round, "衡南县", "A1", "衡南县", 1.5);
  auto draft_id = s.SaveReport(draft);
  ASSERT_TRUE(draft_id.ok());
  r.id = *draft_id;
  EXPECT_FALSE(s.SaveReport(r, &unknown_region, &e).ok());
  auto stored = s.FindReport(*draft_id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->state, ReportState::kDraft);
  EXPECT_EQ(stored->value.indicator, "A1");
  EXPECT_TRUE(s.LoadAudit()->empty());
}

// Every write that takes an audit entry stores it with the change, chained; writes that fail
// or change nothing store none.
// A creating write names the row it created: the "id": 0 of the audit entry's `after`
// becomes the assigned id (WithAssignedId); updates and other JSON are kept as written.
TYPED_TEST(StoreTest, CreatingWritesPutTheAssignedIdIntoTheirAudit) {
  using namespace workflow_store;
  Store& s = *this->store_;
  AuditEntry e = Entry("test", "round:2024-Q2");
  e.after = R"({"id":0,"name":"第二季度"})";
  auto round = s.CreateRound(MakeRound("2024-Q2", "2024-07-10"), &e);
  ASSERT_TRUE(round.ok());
  Report first = TaskReport(*round, 1, 7, "市发改委");
  ASSERT_TRUE(s.SaveReport(first).ok());  // so the next report's id differs from the round's
  e = Entry("test", "task:1/7");
  e.after = R"({"id":0,"percent":50})";
  auto report = s.SaveReport(TaskReport(*round, 1, 7, "市发改委"), nullptr, &e);
  ASSERT_TRUE(report.ok());
  Report updated = *s.FindReport(*report);
  e = Entry("test", "report:update");
  e.after = R"({"id":0,"percent":60})";  // an update keeps what the caller wrote
  ASSERT_TRUE(s.SaveReport(updated, nullptr, &e).ok());
  e = Entry("test", "publication");
  e.after = "not json";
  ASSERT_TRUE(s.SavePublication(Publication{0, "admin", "", "note", "{}"}, &e).ok());

  auto audit = s.LoadAudit(0, 0);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 4u);
  EXPECT_EQ((*audit)[0].after, "{\"id\":" + std::to_string(*round) + ",\"name\":\"第二季度\"}");
  EXPECT_EQ((*audit)[1].after, "{\"id\":" + std::to_string(*report) + ",\"percent\":50}");
  EXPECT_NE(*report, *round);
  EXPECT_EQ((*audit)[2].after, R"({"id":0,"percent":60})");
  EXPECT_EQ((*audit)[3].after, "not json");
  EXPECT_FALSE(workflow::VerifyAuditChain(*audit).has_value());
}

TYPED_TEST(StoreTest, WritesAppendTheirAuditEntries) {
  using namespace workflow_store;
  Store& s = *this->store_;
  std::vector<std::string> expected;  // entities, in order
  auto entry = [&](const std::string& entity) { return Entry("test", entity); };

  plan::Plan p = SamplePlan();
  plan::Task t;
  t.id = 1;
  t.text = "推进发展";
  std::vector<plan::Task> tasks = {t};
  NewPlanVersion v{"衡阳 某某规划", "hash-1", "a.txt", &p, &tasks, nullptr};
  AuditEntry e = entry("plan:v1");
  auto imported = s.SavePlanVersion(v, &e);
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  ASSERT_TRUE(imported->created);
  expected.push_back("plan:v1");
  e = entry("plan:unchanged");
  auto unchanged = s.SavePlanVersion(v, &e);
  ASSERT_TRUE(unchanged.ok());
  EXPECT_FALSE(unchanged->created);  // and no audit entry

  plan::Task edited = t;
  edited.lead_unit = "市发改委";
  edited.edited = true;
  e = entry("task:edit");
  ASSERT_TRUE(s.SaveTaskChanges(imported->plan_id, 0, {edited}, {}, &e).ok());
  expected.push_back("task:edit");
  plan::Task ghost = t;
  ghost.id = 99;
  e = entry("task:ghost");
  EXPECT_FALSE(s.SaveTaskChanges(imported->plan_id, 0, {ghost}, {}, &e).ok());

  std::vector<indicators::Region> regions = {{"衡阳市", "", "city"}};
  IndicatorWrite w;
  w.regions = &regions;
  e = entry("regions");
  ASSERT_TRUE(s.SaveIndicatorData(w, &e).ok());
  expected.push_back("regions");
  std::vector<indicators::Observation> bad = {
      {"NOPE", "衡阳市", indicators::Period::Year(2021), 1.0, ""}};
  IndicatorWrite bad_write;
  bad_write.observations = &bad;
  e = entry("observations:bad");
  EXPECT_FALSE(s.SaveIndicatorData(bad_write, &e).ok());

  workflow::User u;
  u.name = "alice";
  u.role = workflow::Role::kReporter;
  u.password_hash = "$argon2id$x";
  auto uid = s.CreateUser(u);
  ASSERT_TRUE(uid.ok());
  e = entry("session:login");
  ASSERT_TRUE(s.CreateSession({"h1", *uid, "csrf", "2999-01-01T00:00:00Z", ""}, &e).ok());
  expected.push_back("session:login");
  e = entry("session:login-again");
  EXPECT_FALSE(s.CreateSession({"h1", *uid, "csrf", "2999-01-01T00:00:00Z", ""}, &e).ok());
  e = entry("session:logout");
  ASSERT_TRUE(s.DeleteSession("h1", &e).ok());
  expected.push_back("session:logout");

  e = entry("round:create");
  auto round = s.CreateRound(MakeRound("2024-Q2", "2024-07-10"), &e);
  ASSERT_TRUE(round.ok());
  expected.push_back("round:create");
  Round closed = *s.FindRound(*round);
  closed.closed = true;
  e = entry("round:close");
  ASSERT_TRUE(s.UpdateRound(closed, &e).ok());
  expected.push_back("round:close");
  Round ghost_round = closed;
  ghost_round.id = 999;
  e = entry("round:ghost");
  EXPECT_FALSE(s.UpdateRound(ghost_round, &e).ok());

  e = entry("report:submit");
  auto report = s.SaveReport(TaskReport(*round, imported->plan_id, 1, "市发改委"), nullptr, &e);
  ASSERT_TRUE(report.ok());
  expected.push_back("report:submit");
  e = entry("report:orphan");
  EXPECT_FALSE(s.SaveReport(TaskReport(999, imported->plan_id, 1, "市发改委"), nullptr, &e).ok());

  e = entry("evidence");
  ASSERT_TRUE(
      s.SaveEvidence({std::string(64, 'e'), "a.pdf", "application/pdf", 1, "", ""}, &e).ok());
  expected.push_back("evidence");
  e = entry("closeout");
  ASSERT_TRUE(s.SaveCloseOut({imported->plan_id, 1, "li", "", ""}, &e).ok());
  expected.push_back("closeout");
  e = entry("publication");
  ASSERT_TRUE(s.SavePublication({0, "admin", "", "", "{}"}, &e).ok());
  expected.push_back("publication");

  auto log = s.LoadAudit();
  ASSERT_TRUE(log.ok());
  std::vector<std::string> entities;
  for (const AuditEntry& a : *log) entities.push_back(a.entity);
  EXPECT_EQ(entities, expected);
  auto broken = workflow::VerifyAuditChain(*log);
  EXPECT_FALSE(broken.has_value()) << broken->reason;
  for (const AuditEntry& a : *log) EXPECT_FALSE(a.at.empty());
}

TYPED_TEST(StoreTest, DeleteExpiredSessions) {
  Store& s = *this->store_;
  workflow::User u;
  u.name = "bob";
  u.password_hash = "$argon2id$x";
  auto uid = s.CreateUser(u);
  ASSERT_TRUE(uid.ok());
  ASSERT_TRUE(s.CreateSession({"old", *uid, "c", "2024-01-01T00:00:00Z", ""}).ok());
  ASSERT_TRUE(s.CreateSession({"edge", *uid, "c", "2024-06-01T00:00:00Z", ""}).ok());
  ASSERT_TRUE(s.CreateSession({"new", *uid, "c", "2024-12-01T00:00:00Z", ""}).ok());
  auto n = s.DeleteExpiredSessions("2024-06-01T00:00:00Z");
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 1);  // expires_at < now only
  EXPECT_EQ(s.FindSession("old").status().code(), Status::Code::kNotFound);
  EXPECT_TRUE(s.FindSession("edge").ok());
  EXPECT_TRUE(s.FindSession("new").ok());
  EXPECT_EQ(*s.DeleteExpiredSessions("2030-01-01T00:00:00Z"), 2);
  EXPECT_EQ(*s.DeleteExpiredSessions("2030-01-01T00:00:00Z"), 0);
}

TEST(SqliteStore, WorkflowTablesPersistAcrossOpens) {
  using namespace workflow_store;
  std::string path = TempPath("workflow-persist.db");
  RemoveDb(path);
  Report task;
  Report value;
  {
    auto opened = OpenSqliteStore(path);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    Store& s = **opened;
    StoreIndicatorBasics(s);
    AuditEntry e = Entry("test", "round");
    int64_t round = *s.CreateRound(MakeRound("2024-Q2", "2024-07-10"), &e);
    task = TaskReport(round, 1, 7, "市发改委");
    task.id = *s.SaveReport(task, nullptr, &e);
    value = ValueReport(round, "衡南县", "A1", "衡南县", 61.25);
    value.state = ReportState::kApproved;
    indicators::Observation obs{"A1",  "衡南县", indicators::Period::Quarter(2024, 2),
                                61.25, "",       indicators::ObservationStatus::kApproved};
    value.id = *s.SaveReport(value, &obs, &e);
    ASSERT_TRUE(s.SaveEvidence({std::string(64, 'a'), "a.pdf", "application/pdf", 10, "zhang",
                                "2024-07-01T00:00:00Z"},
                               &e)
                    .ok());
    ASSERT_TRUE(s.SaveCloseOut({1, 7, "li", "2024-07-20T00:00:00Z", "已验收"}, &e).ok());
    ASSERT_TRUE(s.SavePublication({0, "admin", "2024-08-01T00:00:00Z", "n", "{}"}, &e).ok());
    ASSERT_TRUE(s.Checkpoint().ok());
  }
  auto opened = OpenSqliteStore(path, /*create_if_missing=*/false);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Store& s = **opened;
  auto rounds = s.ListRounds();
  ASSERT_TRUE(rounds.ok());
  ASSERT_EQ(rounds->size(), 1u);
  EXPECT_EQ((*rounds)[0].due_on, "2024-07-10");
  auto reports = s.LoadReports({});
  ASSERT_TRUE(reports.ok());
  ASSERT_EQ(reports->size(), 2u);
  ExpectSameReport((*reports)[0], task);
  ExpectSameReport((*reports)[1], value);
  EXPECT_EQ(s.FindEvidence(std::string(64, 'a'))->name, "a.pdf");
  ASSERT_EQ(s.LoadCloseOuts(1)->size(), 1u);
  EXPECT_EQ(s.LoadCloseOuts(1)->front().comment, "已验收");
  EXPECT_EQ(s.LatestPublication()->published_at, "2024-08-01T00:00:00Z");
  EXPECT_EQ(s.LoadObservations({"A1"})->size(), 1u);
  auto log = s.LoadAudit();
  ASSERT_TRUE(log.ok());
  EXPECT_EQ(log->size(), 6u);
  EXPECT_FALSE(workflow::VerifyAuditChain(*log).has_value());
  opened->reset();
  RemoveDb(path);
}

// Turns a database of the current schema back into one the previous release (schema 3) wrote:
// migration 4's objects dropped and its version row removed.
void DowngradeToSchema3(const std::string& path) {
  auto db = sqlite::Db::Open(path);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  Status s = (*db)->Exec(
      "DROP TABLE publications; DROP TABLE task_closeouts; DROP TABLE evidence; "
      "DROP TABLE reports; DROP TABLE rounds; DROP INDEX sessions_expires; "
      "DELETE FROM schema_version WHERE version > 3;");
  ASSERT_TRUE(s.ok()) << s.ToString();
}

int64_t SchemaVersion(const std::string& path) {
  auto db = sqlite::Db::Open(path);
  EXPECT_TRUE(db.ok());
  if (!db.ok()) return -1;
  sqlite::Stmt q(db->get(), "SELECT max(version) FROM schema_version");
  return q.Step() ? q.Int(0) : -1;
}

TEST(SqliteStore, UpgradesASchema3Database) {
  using namespace workflow_store;
  std::string path = TempPath("schema3.db");
  RemoveDb(path);
  {
    auto opened = OpenSqliteStore(path);
    ASSERT_TRUE(opened.ok());
    Store& s = **opened;
    ASSERT_TRUE(service::ImportPlan(s, SamplePlan(), "a.txt", Units(), true).ok());
    workflow::User u;
    u.name = "alice";
    u.role = workflow::Role::kAdmin;
    u.password_hash = "$argon2id$x";
    AuditEntry e = Entry("user add", "user:alice");
    ASSERT_TRUE(s.CreateUser(u, &e).ok());
    ASSERT_TRUE(s.Checkpoint().ok());
  }
  DowngradeToSchema3(path);
  ASSERT_EQ(SchemaVersion(path), 3);

  auto opened = OpenSqliteStore(path, /*create_if_missing=*/false);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Store& s = **opened;
  EXPECT_EQ(SchemaVersion(path), 4);
  // What schema 3 held is still there…
  auto plans = s.ListPlans();
  ASSERT_TRUE(plans.ok());
  ASSERT_EQ(plans->size(), 1u);
  EXPECT_EQ(s.LoadTasks((*plans)[0].id, 0)->size(), 4u);
  EXPECT_TRUE(s.FindUser("alice").ok());
  size_t audit_before = s.LoadAudit()->size();
  EXPECT_GE(audit_before, 1u);
  // …and the new tables work, the audit chain continuing across the upgrade.
  EXPECT_TRUE(s.ListRounds()->empty());
  AuditEntry e = Entry("round open", "round:2024-Q2");
  auto round = s.CreateRound(MakeRound("2024-Q2", "2024-07-10"), &e);
  ASSERT_TRUE(round.ok()) << round.status().ToString();
  ASSERT_TRUE(s.SaveReport(TaskReport(*round, (*plans)[0].id, 1, "市工信局"), nullptr, &e).ok());
  EXPECT_EQ(s.LoadReports({})->size(), 1u);
  EXPECT_EQ(s.LatestPublication().status().code(), Status::Code::kNotFound);
  auto log = s.LoadAudit();
  ASSERT_TRUE(log.ok());
  EXPECT_EQ(log->size(), audit_before + 2);
  EXPECT_FALSE(workflow::VerifyAuditChain(*log).has_value());
  opened->reset();
  // Opening again migrates nothing.
  ASSERT_TRUE(OpenSqliteStore(path, false).ok());
  EXPECT_EQ(SchemaVersion(path), 4);
  RemoveDb(path);
}

TEST(SqliteStore, RefusesANewerSchema) {
  std::string path = TempPath("newer.db");
  RemoveDb(path);
  ASSERT_TRUE(OpenSqliteStore(path).ok());
  {
    auto db = sqlite::Db::Open(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec("INSERT INTO schema_version(version) VALUES (99)").ok());
  }
  auto s = OpenSqliteStore(path, false);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(s.status().message().find("99"), std::string::npos);
  RemoveDb(path);
}

}  // namespace
}  // namespace guihua::store
