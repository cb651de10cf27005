// Task decomposition rules and the unit matcher.
#include "plan/decompose.h"

#include <gtest/gtest.h>

#include "document/reader.h"
#include "plan/structure.h"
#include "plan/task_json.h"
#include "plan/units.h"

namespace guihua::plan {
namespace {

std::vector<std::string> Split(std::string_view text) {
  Decomposer d(nullptr);
  std::vector<std::string> out;
  for (auto [b, e] : d.SplitTasks(text)) out.emplace_back(text.substr(b, e - b));
  return out;
}

// The tasks of a plan text, read and parsed as `guihua import` would; units when `m` is given.
std::vector<Task> DecomposeText(std::string_view text, const UnitMatcher* m = nullptr) {
  auto doc = document::ReadText(text);
  EXPECT_TRUE(doc.ok());
  if (!doc.ok()) return {};
  auto plan = ParsePlan(*doc);
  EXPECT_TRUE(plan.ok());
  if (!plan.ok()) return {};
  return Decomposer(m).Decompose(*plan);
}

TEST(Decompose, SplitsCommaJoinedActions) {
  EXPECT_EQ(
      Split("加快推进钢管精深加工和信息技术升级改造，大力建设“钢管之都”。"),
      (std::vector<std::string>{"加快推进钢管精深加工和信息技术升级改造", "大力建设“钢管之都”"}));
}

// Runs of ideographs are stepped over sixteen bytes at a time: a comma, a bracket or an
// ASCII character must be seen wherever it falls in such a block, and near the text's end.
TEST(Decompose, PunctuationAtEveryByteOffset) {
  for (int ascii = 0; ascii < 3; ++ascii) {
    for (int k = 0; k < 20; ++k) {
      std::string first = "加快推进" + std::string(static_cast<size_t>(ascii), 'A');
      for (int j = 0; j < k; ++j) first += "钢";
      first += "加工改造";
      const std::string second = "大力建设“钢管，之都”（含2个园区）";
      SCOPED_TRACE(first);
      EXPECT_EQ(Split(first + "，" + second + "。"), (std::vector<std::string>{first, second}));
      EXPECT_EQ(Split(first + "，" + second), (std::vector<std::string>{first, second}));
    }
  }
  // A run of ideographs up to the text's end, and the clause's length in characters: an
  // action of fewer than six characters continues the task before it.
  for (std::string end : {"", "。", "、"}) {
    for (int k = 0; k < 24; ++k) {
      const std::string first = "加快推进钢管精深加工";
      std::string second = "大力建设";
      for (int j = 0; j < k; ++j) second += "钢";
      SCOPED_TRACE(second + end);
      const size_t chars = 4 + static_cast<size_t>(k) + (end.empty() ? 0 : 1);
      const std::vector<std::string> want = chars >= 6
                                                ? std::vector<std::string>{first, second}
                                                : std::vector<std::string>{first + "，" + second};
      EXPECT_EQ(Split(first + "，" + second + end), want);
    }
  }
  // A time phrase of at most 16 characters after an action opens the next task; a longer
  // one stays with the action before it. The count runs through sixteen-byte blocks.
  for (int k = 0; k < 16; ++k) {
    std::string time = "到2025年";
    for (int j = 0; j < k; ++j) time += "钢";
    const std::string action = "加快推进钢管精深加工";
    const std::string next = "加大建链补链延链强链力度";
    SCOPED_TRACE(time);
    const size_t chars = 7 + static_cast<size_t>(k);  // with its comma
    const std::vector<std::string> want =
        chars <= 16 ? std::vector<std::string>{action, time + "，" + next}
                    : std::vector<std::string>{action + "，" + time, next};
    EXPECT_EQ(Split(action + "，" + time + "，" + next + "。"), want);
  }
}

TEST(Decompose, LeadInsStayWithTheirAction) {
  EXPECT_EQ(Split("聚焦特色优势产业链，大力实施产业链“链长制”，加大建链补链延链强链力度。"),
            (std::vector<std::string>{"聚焦特色优势产业链，大力实施产业链“链长制”",
                                      "加大建链补链延链强链力度"}));
  EXPECT_EQ(Split("到2025年，全市高新技术企业达到1500家。"),
            (std::vector<std::string>{"到2025年，全市高新技术企业达到1500家"}));
}

TEST(Decompose, ContinuationsAndQuotesAreNotSplit) {
  // The second clause has no verb of its own: it continues the first.
  EXPECT_EQ(Split("推动产业链向中高端迈进，产品附加值明显提升。"),
            (std::vector<std::string>{"推动产业链向中高端迈进，产品附加值明显提升"}));
  // A comma inside quotes does not split.
  EXPECT_EQ(Split("实施“稳增长，促改革”行动。"),
            (std::vector<std::string>{"实施“稳增长，促改革”行动"}));
}

TEST(Decompose, InlineEnumerationsAreSplit) {
  EXPECT_EQ(Split("一是加强组织领导；二是强化要素保障。"),
            (std::vector<std::string>{"一是加强组织领导", "二是强化要素保障"}));
  EXPECT_EQ(Split("①完善项目调度机制；②建立要素保障机制。"),
            (std::vector<std::string>{"①完善项目调度机制", "②建立要素保障机制"}));
}

TEST(Decompose, DescriptiveSentencesGiveNoTask) {
  EXPECT_TRUE(Split("“十三五”时期是我市发展极不平凡、极为重要的五年。").empty());
  EXPECT_TRUE(Split("我市区位优势突出，产业基础厚实。").empty());
}

TEST(Decompose, TextIsAlwaysTakenFromTheDocument) {
  std::string text =
      "保持制造业比重基本稳定，巩固壮大实体经济根基。全面提升制造业核心竞争力，依托资源禀赋和产业基"
      "础，加快传统制造业改造提升。";
  for (const std::string& t : Split(text)) EXPECT_NE(text.find(t), std::string::npos) << t;
}

TEST(Decompose, Initiatives) {
  EXPECT_EQ(Decomposer::FindInitiatives(
                "大力实施产业链“链长制”，建设“钢管之都”和“钢管之都”，落实“十四五”规划"),
            (std::vector<std::string>{"链长制", "钢管之都"}));
}

TEST(Decompose, Targets) {
  auto t = Decomposer::FindTargets(
      "预计2020年全市地区生产总值突破3500亿元，新增就业3万人，占比提高2个百分点，5G基站1,200个");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[0].value, 3500);
  EXPECT_EQ(t[0].unit, "亿元");
  EXPECT_EQ(t[0].year, 2020);
  EXPECT_EQ(t[1].unit, "万人");
  EXPECT_EQ(t[2].unit, "个百分点");
  EXPECT_EQ(t[2].value, 2);
  EXPECT_EQ(t[3].value, 1200);
  EXPECT_TRUE(Decomposer::FindTargets("8大产业基地，第3批，G107国道").empty());
  EXPECT_TRUE(Decomposer::FindTargets("落实“人才新政22条”").empty());
}

// The digit test runs eight bytes at a time: digits in the tail, at the edge of a word, and
// the ASCII neighbours of '0' and '9' ('/' and ':') that are no digits.
TEST(Decompose, TargetsWhereverTheDigitSits) {
  EXPECT_TRUE(Decomposer::FindTargets("建设标准化厂房/:个").empty());
  EXPECT_EQ(Decomposer::FindTargets("新建一批标准化厂房8个").size(), 1u);  // tail
  EXPECT_EQ(Decomposer::FindTargets("新建厂房9个，改造提升").size(), 1u);  // byte 12
  EXPECT_EQ(Decomposer::FindTargets("建成0个，ab:/9个").size(), 2u);       // bytes 6, 16
  EXPECT_EQ(Decomposer::FindTargets("12345678家").at(0).value, 12345678);  // a whole word
}

TEST(Decompose, Deadlines) {
  Period p{2021, 2025};
  EXPECT_EQ(Decomposer::FindDeadline("加快建设", p, 2035), "2025-12-31");
  EXPECT_EQ(Decomposer::FindDeadline("到2022年底前建成", p, 2035), "2022-12-31");
  EXPECT_EQ(Decomposer::FindDeadline("2020年基础上，到二〇二三年完成", p, 2035), "2023-12-31");
  EXPECT_EQ(Decomposer::FindDeadline("到2035年基本建成", p, 2035), "2035-12-31");
  EXPECT_EQ(Decomposer::FindDeadline("加快建设", Period{}, 0), "");
  // "年" is found by its last byte (B4), which other characters end with too (临, 伴).
  EXPECT_EQ(Decomposer::FindDeadline("临伴2023年临伴", p, 2035), "2023-12-31");
  EXPECT_EQ(Decomposer::FindDeadline("2023临年，2024年", p, 2035), "2024-12-31");
  EXPECT_EQ(Decomposer::FindDeadline("年2022年", p, 2035), "2022-12-31");
}

std::vector<Unit> TestUnitsForSharing() {
  auto u = ParseUnitsCsv(
      "name,short_name,type,parent,aliases,keywords\n"
      "衡阳市工业和信息化局,市工信局,government,衡阳市,,制造业:4;专精特新:5\n");
  EXPECT_TRUE(u.ok()) << u.status().ToString();
  return *u;
}

std::string TasksDebug(const std::vector<Task>& tasks) {
  std::string out;
  for (const Task& t : tasks) out += t.text + " | ";
  return out;
}

using Strings = std::vector<std::string>;

TEST(Decompose, Kinds) {
  EXPECT_EQ(Decomposer::FindKind("实施领军企业“上市工程”", Strings{"上市工程"}), "工程");
  EXPECT_EQ(Decomposer::FindKind("大力实施产业链“链长制”", Strings{"链长制"}), "制度");
  EXPECT_EQ(Decomposer::FindKind("深入实施“人才雁阵”行动计划", Strings{"人才雁阵"}), "行动");
  EXPECT_EQ(Decomposer::FindKind("建设国家级创新平台", {}), "平台");
  EXPECT_EQ(Decomposer::FindKind("推进重大项目建设", {}), "项目");
  EXPECT_EQ(Decomposer::FindKind("提高人民收入水平", {}), "other");
  // A kind word that modifies the next noun does not count.
  EXPECT_EQ(Decomposer::FindKind("落实产业园区市场化改革", {}), "other");
  EXPECT_EQ(Decomposer::FindKind("加快产业园区建设", {}), "平台");
  EXPECT_EQ(Decomposer::KindIndex("提高人民收入水平", {}), -1);
  EXPECT_EQ(Decomposer::KindIndex("推进重大项目建设", {}), 0);  // 项目 first by priority
}

TEST(Decompose, TasksShareDeadlineKindAndUnitStrings) {
  UnitMatcher m(TestUnitsForSharing());
  auto tasks = DecomposeText(
      "某某规划（2021—2025年）\n一、产业\n1.建设制造业中心。推动制造业发展，加快制造业项目建设，"
      "建设专精特新平台。推进制造业改造，到2023年完成。\n",
      &m);
  ASSERT_EQ(tasks.size(), 4u) << TasksDebug(tasks);
  EXPECT_EQ(tasks[0].deadline, "2025-12-31");
  EXPECT_EQ(tasks[0].deadline.data(), tasks[1].deadline.data());  // one string per year
  EXPECT_EQ(tasks[3].deadline, "2023-12-31");
  EXPECT_EQ(tasks[0].kind, "other");
  EXPECT_EQ(tasks[0].kind.data(), Task().kind.data());  // the shared default
  EXPECT_EQ(tasks[1].kind, "项目");
  EXPECT_EQ(tasks[2].kind, "平台");
  EXPECT_EQ(tasks[0].lead_unit, "市工信局");
  EXPECT_EQ(tasks[0].lead_unit.data(), tasks[3].lead_unit.data());  // the unit's own name
  ASSERT_FALSE(tasks[0].unit_scores.empty());
  EXPECT_EQ(tasks[0].unit_scores[0].unit.data(), tasks[0].lead_unit.data());
}

std::vector<Unit> TestUnits() {
  auto u = ParseUnitsCsv(
      "name,short_name,type,parent,aliases,keywords\n"
      "衡阳市工业和信息化局,市工信局,government,衡阳市,市经信委,制造业:4;产业链;专精特新:5\n"
      "衡阳市科学技术局,市科技局,government,衡阳市,,科技创新:4;研发:3;高新技术企业:4\n"
      "衡阳市商务局,市商务局,government,衡阳市,,招商引资:5;外贸:4\n"
      "衡阳县,衡阳县,county,衡阳市,,\n"
      "耒阳市,耒阳市,county,衡阳市,,\n");
  EXPECT_TRUE(u.ok()) << u.status().ToString();
  return *u;
}

TEST(Units, ParsesWeightsAndRejectsBadRows) {
  auto units = TestUnits();
  ASSERT_EQ(units.size(), 5u);
  EXPECT_EQ(units[0].keywords[0].word, "制造业");
  EXPECT_EQ(units[0].keywords[0].weight, 4);
  EXPECT_EQ(units[0].keywords[1].weight, 2);
  auto bad = ParseUnitsCsv("name,keywords\n市工信局,制造业:9\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find('2'), std::string::npos);
  EXPECT_FALSE(ParseUnitsCsv("name,keywords\nA,\nA,\n").ok());
  EXPECT_FALSE(ParseUnitsCsv("foo,bar\n1,2\n").ok());
}

TEST(Units, SuggestsLeadWithEvidence) {
  UnitMatcher m(TestUnits());
  UnitSuggestion s = m.Suggest("打造一批专精特新企业，推动制造业高质量发展", "");
  EXPECT_EQ(s.lead, "市工信局");
  ASSERT_FALSE(s.scores.empty());
  EXPECT_EQ(s.scores[0].score, 9);
  EXPECT_EQ(s.scores[0].evidence.size(), 2u);
}

TEST(Units, ScoresKeepEachUnitsEvidence) {
  UnitScores s;
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s.size(), 0u);
  EXPECT_EQ(s.begin(), s.end());
  s.Add("市工信局", 9);
  s.AddEvidence("制造业", 5, Evidence::Source::kText);
  s.AddEvidence("专精特新", 4, Evidence::Source::kText);
  s.Add("衡阳县", 10);
  s.AddEvidence("衡阳县", 10, Evidence::Source::kName);
  s.Add("市科技局", 1.5);
  s.AddEvidence("创新", 1.5, Evidence::Source::kTitle);
  UnitScores none;
  none.AddEvidence("无主", 1, Evidence::Source::kText);  // no unit yet: ignored
  EXPECT_TRUE(none.empty());
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].unit, "市工信局");
  ASSERT_EQ(s[0].evidence.size(), 2u);
  EXPECT_EQ(s[0].evidence[1].word, "专精特新");
  EXPECT_EQ(s[0].evidence[1].points, 4);
  EXPECT_EQ(s[1].evidence[0].source, Evidence::Source::kName);
  EXPECT_EQ(s[2].score, 1.5);
  EXPECT_EQ(s[2].evidence[0].source, Evidence::Source::kTitle);
  std::string seen;
  for (const UnitScore& u : s) {
    seen += u.unit.str() + ":";
    for (const Evidence& e : u.evidence) seen += e.word.str() + ",";
  }
  EXPECT_EQ(seen, "市工信局:制造业,专精特新,衡阳县:衡阳县,市科技局:创新,");
}

TEST(Units, ScoresRoundTripThroughJsonAndRejectDamage) {
  UnitScores s;
  s.Add("市工信局", 12.5);
  s.AddEvidence("制造业", 10, Evidence::Source::kName);
  s.AddEvidence("专精特新", 2.5, Evidence::Source::kTitle);
  const std::string json = UnitScoresToJson(s);
  auto back = UnitScoresFromJson(json);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(UnitScoresToJson(*back), json);
  EXPECT_EQ((*back)[0].score, 12.5);
  EXPECT_EQ((*back)[0].evidence[1].points, 2.5);
  // Scores are floats inside: a value no units table can give is refused, not rounded.
  EXPECT_FALSE(UnitScoresFromJson(R"([{"unit":"市工信局","score":1e300,"evidence":[]}])").ok());
  EXPECT_FALSE(
      UnitScoresFromJson(
          R"([{"unit":"u","score":1,"evidence":[{"word":"w","points":-2e7,"source":"text"}]}])")
          .ok());
}

// A task list of a 50 MB plan is 680 thousand tasks: the size is a measured choice
// (README, bench/parse), not an accident of layout.
static_assert(sizeof(Task) <= 168, "a task grew: measure bench/parse before accepting it");

TEST(Units, UnmatchedGetsNoUnit) {
  UnitMatcher m(TestUnits());
  EXPECT_EQ(m.Suggest("弘扬社会主义核心价值观", "").lead, "");
  // One weak word is not enough.
  EXPECT_EQ(m.Suggest("完善产业链", "").lead, "");
}

TEST(Units, NamedCountiesBecomeCoUnits) {
  UnitMatcher m(TestUnits());
  UnitSuggestion s = m.Suggest("支持衡阳县、耒阳市加强招商引资", "");
  EXPECT_EQ(s.lead, "市商务局");
  EXPECT_EQ(ToStrings(s.co), (std::vector<std::string>{"衡阳县", "耒阳市"}));
  // A single named county with no department leads itself.
  EXPECT_EQ(m.Suggest("支持耒阳市建设新城区", "").lead, "耒阳市");
  EXPECT_EQ(m.Canonical("市经信委"), "市工信局");
}

TEST(Units, ArticleTitleCountsHalf) {
  UnitMatcher m(TestUnits());
  UnitSuggestion s = m.Suggest("加大研发投入", "健全科技创新体制机制");
  EXPECT_EQ(s.lead, "市科技局");
  EXPECT_EQ(s.scores[0].score, 5);
}

TEST(Decompose, TitleOnlyHeadingsAreTasks) {
  auto tasks = DecomposeText(
      "某某通知\n一、稳定增长\n1.落实减税降费政策。\n2. "
      "规范涉企收费，开展专项整治行动。\n三、保障措施\n加强组织领导。\n");
  ASSERT_EQ(tasks.size(), 4u);
  EXPECT_EQ(tasks[0].text, "落实减税降费政策");
  EXPECT_EQ(tasks[1].text, "规范涉企收费");
  EXPECT_EQ(tasks[2].text, "开展专项整治行动");
  // Under a part without articles there is no article number, only the heading's title.
  EXPECT_FALSE(tasks[3].article.has_value());
  EXPECT_EQ(tasks[3].article_title, "保障措施");
}

TEST(Decompose, SkipsDescriptiveArticlesAndIntros) {
  auto tasks = DecomposeText(
      "某某建议\n一、总体要求\n1.指导思想。坚持以人民为中心，推动高质量发展。\n2."
      "基本原则。坚持党的全面领导。\n"
      "二、重点任务\n加快构建现代产业体系，推进产业基础高级化。\n3."
      "建设制造业中心。推动制造业高质量发展，大力建设“钢管之都”。\n");
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(tasks[0].article, 3);
  EXPECT_EQ(tasks[0].part, "二");
  EXPECT_EQ(tasks[0].text, "推动制造业高质量发展");
  EXPECT_EQ(tasks[1].text, "大力建设“钢管之都”");
  EXPECT_EQ(tasks[1].initiatives, std::vector<std::string>{"钢管之都"});
  EXPECT_EQ(tasks[1].id, 2);
}

}  // namespace
}  // namespace guihua::plan
