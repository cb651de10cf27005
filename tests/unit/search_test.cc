// Full-text search (service/search.h) over a small hand-made plan: each case is a query, a
// limit and what the result must be (total, the first hit, its field and match).
#include "service/search.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "common/utf8.h"
#include "test_support.h"

namespace guihua::service {
namespace {

plan::Node MakeNode(std::string id, plan::NodeKind kind, std::string label,
                    std::optional<int64_t> number, std::string title, std::string text,
                    std::vector<plan::Node> children = {}) {
  plan::Node n;
  n.id = std::move(id);
  n.kind = kind;
  n.label = std::move(label);
  n.number = number;
  n.title = std::move(title);
  n.text = std::move(text);
  n.children = std::move(children);
  return n;
}

// 45 characters before and after 数据中心, so both sides of the snippet are cut.
const std::string kLongBefore =
    "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
    "春夏秋冬东南西北中上下左右";
const std::string kLongAfter =
    "金木水火土天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁"
    "律吕调阳云腾致雨露结为霜";

plan::Plan SamplePlan() {
  using plan::NodeKind;
  plan::Plan p;
  p.title = "测试规划";
  p.nodes.push_back(MakeNode(
      "p1", NodeKind::kPart, "一", 1, "加快建设制造强市", "",
      {MakeNode("p1.a1", NodeKind::kArticle, "1", 1, "壮大先进制造业",
                "推动钢管产业做大做强，建设“钢管之都”。完善ＧＤＰ核算，发展总部经济。",
                {MakeNode("p1.a1.i1", NodeKind::kItem, "——", 1, "", "实施链长制，培育龙头企业。")}),
       MakeNode("p1.a2", NodeKind::kArticle, "2", 2, "发展数字经济",
                kLongBefore + "数据中心" + kLongAfter)}));
  p.nodes.push_back(
      MakeNode("p2", NodeKind::kPart, "二", 2, "推进乡村振兴", "坚持农业农村优先发展。"));
  return p;
}

plan::Task MakeTask(int64_t id, std::string node, std::string part, std::optional<int64_t> article,
                    std::string text, std::string lead, std::vector<std::string> co_units) {
  plan::Task t;
  t.id = id;
  t.node_id = std::move(node);
  t.part = std::move(part);
  t.article = article;
  t.article_title = article ? "壮大先进制造业" : "";
  t.part_title = article ? "" : "推进乡村振兴";
  t.text = std::move(text);
  t.lead_unit = std::move(lead);
  t.co_units = ToShared(co_units);
  return t;
}

std::vector<plan::Task> SampleTasks() {
  return {MakeTask(1, "p1.a1", "一", 1, "推动钢管产业做大做强", "市工信局", {"市发改委"}),
          MakeTask(2, "p1.a1.i1", "一", 1, "实施链长制，培育龙头企业", "市商务局",
                   {"市工信局", "衡南县"}),
          MakeTask(3, "p2", "二", std::nullopt, "坚持农业农村优先发展", "市农业农村局", {})};
}

struct Case {
  const char* name;
  const char* query;
  int limit;
  int64_t total;
  size_t hits;              // hits returned
  const char* first_node;   // "" when no hits
  int64_t first_task;       // 0: the first hit is a node
  const char* first_field;  // where its snippet is from
  const char* first_match;  // the matched text as written
};

// Names the case in test listings (instead of its bytes).
void PrintTo(const Case& c, std::ostream* os) { *os << c.name << " q=\"" << c.query << "\""; }

const Case kCases[] = {
    {"one_han_character", "钢", 20, 2, 2, "p1.a1", 0, "text", "钢"},
    {"two_han_characters", "制造", 20, 2, 2, "p1", 0, "title", "制造"},
    {"two_han_characters_title_hits_first", "发展", 20, 4, 4, "p1.a2", 0, "title", "发展"},
    {"multi_term_and_in_one_field", "钢管 之都", 20, 1, 1, "p1.a1", 0, "text", "钢管"},
    {"multi_term_all_in_one_record", "制造业 龙头", 20, 0, 0, "", 0, "", ""},
    {"multi_term_title_and_text", "先进 钢管", 20, 1, 1, "p1.a1", 0, "title", "先进"},
    {"full_width_space_separates_terms", "钢管　之都", 20, 1, 1, "p1.a1", 0, "text", "钢管"},
    {"term_in_lead_unit", "商务局", 20, 1, 1, "p1.a1.i1", 2, "lead_unit", "商务局"},
    {"term_in_co_units", "衡南县", 20, 1, 1, "p1.a1.i1", 2, "co_units", "衡南县"},
    {"unit_and_text_terms", "工信局 链长", 20, 1, 1, "p1.a1.i1", 2, "text", "链长"},
    {"case_and_width_folded", "gdp", 20, 1, 1, "p1.a1", 0, "text", "ＧＤＰ"},
    {"no_hits", "航天", 20, 0, 0, "", 0, "", ""},
    {"limit_cuts_hits_not_total", "农", 1, 2, 1, "p2", 0, "text", "农"},
    {"trimmed_query", "  钢管之都 ", 20, 1, 1, "p1.a1", 0, "text", "钢管之都"},
};

class SearchCaseTest : public ::testing::TestWithParam<Case> {
 protected:
  static void SetUpTestSuite() { index_ = new SearchIndex(7, SamplePlan(), SampleTasks()); }
  static void TearDownTestSuite() {
    delete index_;
    index_ = nullptr;
  }
  static SearchIndex* index_;
};
SearchIndex* SearchCaseTest::index_ = nullptr;

TEST_P(SearchCaseTest, Finds) {
  const Case& c = GetParam();
  auto r = index_->Search(c.query, c.limit);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->plan_id, 7);
  EXPECT_EQ(r->total, c.total);
  ASSERT_EQ(r->hits.size(), c.hits);
  if (c.hits == 0) return;
  const SearchHit& h = r->hits[0];
  EXPECT_EQ(h.node, c.first_node);
  EXPECT_EQ(h.task_id, c.first_task);
  EXPECT_EQ(h.type, c.first_task ? SearchHit::Type::kTask : SearchHit::Type::kNode);
  EXPECT_EQ(h.field, c.first_field);
  EXPECT_EQ(h.match, c.first_match);
  for (const SearchHit& x : r->hits) {
    EXPECT_TRUE(utf8::IsValid(x.before) && utf8::IsValid(x.match) && utf8::IsValid(x.after));
  }
}

INSTANTIATE_TEST_SUITE_P(Search, SearchCaseTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return std::string(info.param.name);
                         });

TEST(SearchTest, RankTitleHitsFirstThenDocumentOrder) {
  SearchIndex index(1, SamplePlan(), SampleTasks());
  auto r = index.Search("发展", 20);
  ASSERT_TRUE(r.ok());
  std::vector<std::string> got;
  for (const SearchHit& h : r->hits) got.push_back(h.node + "#" + std::to_string(h.task_id));
  // p1.a2 has it in its title; then the text hits in document order, a task after its node.
  EXPECT_EQ(got, (std::vector<std::string>{"p1.a2#0", "p1.a1#0", "p2#0", "p2#3"}));
  EXPECT_EQ(r->hits[0].part, "一");
  EXPECT_EQ(r->hits[0].article, 2);
  EXPECT_EQ(r->hits[2].kind, "part");
  EXPECT_EQ(r->hits[3].kind, "task");
  EXPECT_EQ(r->hits[3].title, "推进乡村振兴");  // a task outside articles: its part's title
}

TEST(SearchTest, UntitledNodeShowsItsArticle) {
  SearchIndex index(1, SamplePlan(), SampleTasks());
  auto r = index.Search("链长", 20);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->hits.size(), 2u);
  EXPECT_EQ(r->hits[0].kind, "item");
  EXPECT_EQ(r->hits[0].label, "——");
  EXPECT_EQ(r->hits[0].title, "壮大先进制造业");
  EXPECT_EQ(r->hits[0].article, 1);
  EXPECT_EQ(r->hits[1].task_id, 2);
  EXPECT_EQ(r->hits[1].label, "——");
}

TEST(SearchTest, SnippetCutsOnCodePointsWithEllipses) {
  SearchIndex index(1, SamplePlan(), SampleTasks());
  auto r = index.Search("数据中心", 20);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->hits.size(), 1u);
  const SearchHit& h = r->hits[0];
  EXPECT_EQ(h.match, "数据中心");
  ASSERT_TRUE(h.before.starts_with("…"));
  ASSERT_TRUE(h.after.ends_with("…"));
  std::string before = h.before.substr(std::string("…").size());
  std::string after = h.after.substr(0, h.after.size() - std::string("…").size());
  EXPECT_EQ(utf8::Length(before), kSnippetContext);
  EXPECT_EQ(utf8::Length(after), kSnippetContext);
  EXPECT_TRUE(kLongBefore.ends_with(before));
  EXPECT_TRUE(kLongAfter.starts_with(after));
}

TEST(SearchTest, ShortTextIsNotCut) {
  SearchIndex index(1, SamplePlan(), SampleTasks());
  auto r = index.Search("链长制", 20);
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->hits.empty());
  EXPECT_EQ(r->hits[0].before, "实施");
  EXPECT_EQ(r->hits[0].after, "，培育龙头企业。");
}

class SearchErrorTest : public testing_support::ZhTest {};

TEST_F(SearchErrorTest, BadQueryOrLimitNamesTheField) {
  SearchIndex index(1, SamplePlan(), SampleTasks());
  for (std::string q :
       {std::string(""), std::string(" 　 "), std::string(101, 'a'), std::string("\xff")}) {
    auto r = index.Search(q, 20);
    ASSERT_FALSE(r.ok()) << q;
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
    EXPECT_TRUE(r.status().message().starts_with("q：")) << r.status().message();
  }
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += "钢";
  EXPECT_TRUE(index.Search(hundred, 20).ok());  // 100 characters (300 bytes) is the limit
  for (int limit : {0, kMaxSearchLimit + 1}) {
    auto r = index.Search("钢", limit);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.status().message().starts_with("limit：")) << r.status().message();
  }
  EXPECT_TRUE(index.Search("钢", kMaxSearchLimit).ok());
}

TEST(SearchTest, FoldingAndTermMatching) {
  EXPECT_EQ(FoldForSearch("ＧＤＰ增长Abc"), "gdp增长abc");
  auto terms = SearchTerms("  钢管　ＧＤＰ 钢管 ");
  ASSERT_TRUE(terms.ok());
  EXPECT_EQ(*terms, (std::vector<std::string>{"钢管", "gdp"}));
  EXPECT_TRUE(MatchesAllTerms(*terms, {"钢管产业", "GDP"}));
  EXPECT_FALSE(MatchesAllTerms(*terms, {"钢管产业", "GNP"}));
}

}  // namespace
}  // namespace guihua::service
