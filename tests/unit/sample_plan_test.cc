// The acceptance points for the bundled sample (Hengyang 14th FYP proposal, as
// published on a news site), checked one by one against ParsePlan.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "common/cn_number.h"
#include "common/utf8.h"
#include "document/reader.h"
#include "plan/structure.h"
#include "plan/text_normalize.h"

namespace guihua::plan {
namespace {

const char* kSample = GUIHUA_SOURCE_DIR "/data/plans/hengyang-14th-fyp-proposal.txt";

class SamplePlan : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto doc = document::ReadDocumentFile(kSample);
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    doc_ = new document::Document(std::move(*doc));
    auto p = ParsePlan(*doc_);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    plan_ = new Plan(std::move(*p));
  }
  static void TearDownTestSuite() {
    delete plan_;
    delete doc_;
  }
  static std::vector<const Node*> Parts() {
    std::vector<const Node*> out;
    for (const Node& n : plan_->nodes) {
      if (n.kind == NodeKind::kPart) out.push_back(&n);
    }
    return out;
  }
  static const Node* Article(int number) {
    const Node* found = nullptr;
    VisitNodes(plan_->nodes, [&](const Node& n, const std::vector<const Node*>&) {
      if (n.kind == NodeKind::kArticle && n.number == number) found = &n;
    });
    return found;
  }
  static document::Document* doc_;
  static Plan* plan_;
};
document::Document* SamplePlan::doc_ = nullptr;
Plan* SamplePlan::plan_ = nullptr;

TEST_F(SamplePlan, Metadata) {
  EXPECT_EQ(
      plan_->title,
      "中共衡阳市委关于制定衡阳市国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议");
  EXPECT_EQ(plan_->issuer, "中共衡阳市委");
  EXPECT_EQ(plan_->adopted, "2020-12-22");
  EXPECT_EQ(plan_->region, "衡阳市");
  EXPECT_EQ(plan_->period.start, 2021);
  EXPECT_EQ(plan_->period.end, 2025);
  EXPECT_EQ(plan_->vision_year, 2035);
  ASSERT_EQ(plan_->front_matter.size(), 1u);
  EXPECT_EQ(plan_->front_matter[0],
            "2020年12月22日中国共产党衡阳市委员会第十一届第十次全体会议通过。");
}

TEST_F(SamplePlan, ThirteenPartsWithTitlesAndIntros) {
  auto parts = Parts();
  ASSERT_EQ(parts.size(), 13u);
  for (size_t i = 0; i < parts.size(); ++i) {
    EXPECT_EQ(parts[i]->label, FormatChineseNumber(static_cast<int64_t>(i) + 1));
    EXPECT_EQ(parts[i]->number, static_cast<int64_t>(i) + 1);
    EXPECT_FALSE(parts[i]->title.empty());
  }
  EXPECT_EQ(parts[2]->title, "加快构建现代产业体系，全力建设现代产业强市");
  EXPECT_EQ(parts[12]->title, "全市人民团结起来，为实现“十四五”规划和二〇三五年远景目标而奋斗");
  // Parts 三 to 十三 open with an introductory paragraph; 一 and 二 go straight to articles.
  for (size_t i = 0; i < parts.size(); ++i) {
    ASSERT_FALSE(parts[i]->children.empty());
    bool intro = parts[i]->children[0].kind == NodeKind::kParagraph;
    EXPECT_EQ(intro, i >= 2) << "part " << parts[i]->label;
  }
  EXPECT_TRUE(parts[2]->children[0].text.starts_with("坚持把发展经济着力点放在实体经济上"));
}

TEST_F(SamplePlan, FiftyOneArticlesUnderTheRightParts) {
  // Articles per part, in order: 一 1-3, 二 4-6, 三 7-10, … 十三 48-51.
  const int kFirst[] = {1, 4, 7, 11, 15, 19, 24, 29, 33, 37, 40, 45, 48, 52};
  auto parts = Parts();
  int total = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    std::vector<int64_t> numbers;
    for (const Node& c : parts[i]->children) {
      if (c.kind == NodeKind::kArticle) numbers.push_back(*c.number);
    }
    std::vector<int64_t> want;
    for (int n = kFirst[i]; n < kFirst[i + 1]; ++n) want.push_back(n);
    EXPECT_EQ(numbers, want) << "part " << parts[i]->label;
    total += static_cast<int>(numbers.size());
  }
  EXPECT_EQ(total, 51);
  for (int n = 1; n <= 51; ++n) {
    const Node* a = Article(n);
    ASSERT_NE(a, nullptr) << n;
    EXPECT_EQ(a->label, std::to_string(n));
    EXPECT_FALSE(a->title.empty()) << n;
  }
  EXPECT_EQ(Article(7)->title, "建设区域性先进制造业中心");
  EXPECT_TRUE(Article(7)->text.starts_with("保持制造业比重基本稳定，巩固壮大实体经济根基。"));
  EXPECT_TRUE(Article(51)->text.ends_with("。"));
}

TEST_F(SamplePlan, ParagraphAndItems) {
  const Node* a2 = Article(2);
  ASSERT_EQ(a2->children.size(), 1u);
  EXPECT_EQ(a2->children[0].kind, NodeKind::kParagraph);
  EXPECT_TRUE(a2->children[0].text.starts_with("综合判断，当前和今后一段时期"));
  int items = 0;
  VisitNodes(plan_->nodes, [&](const Node& n, const std::vector<const Node*>&) {
    items += n.kind == NodeKind::kItem;
  });
  EXPECT_EQ(items, 13);
  const Node* a5 = Article(5);
  const Node* a6 = Article(6);
  ASSERT_EQ(a5->children.size(), 6u);
  ASSERT_EQ(a6->children.size(), 7u);
  for (const Node& c : a5->children) {
    EXPECT_EQ(c.kind, NodeKind::kItem);
    EXPECT_EQ(c.label, "——");
  }
  EXPECT_EQ(a5->children[0].title, "坚持党的全面领导");
  EXPECT_EQ(a6->children[6].title, "社会治理效能明显优化");
}

TEST_F(SamplePlan, PreambleAndClosing) {
  ASSERT_GE(plan_->nodes.size(), 15u);
  EXPECT_EQ(plan_->nodes.front().kind, NodeKind::kPreamble);
  EXPECT_TRUE(plan_->nodes.front().text.starts_with(
      "中国共产党衡阳市第十一届委员会第十次全体会议，认真学习贯彻"));
  EXPECT_EQ(plan_->nodes.back().kind, NodeKind::kClosing);
  EXPECT_TRUE(plan_->nodes.back().text.starts_with(
      "全市上下要更加紧密地团结在以习近平同志为核心的党中央周围"));
  EXPECT_TRUE(plan_->nodes.back().text.ends_with("谱写衡阳新篇章！"));
}

TEST_F(SamplePlan, NoPageChrome) {
  std::string all;
  VisitNodes(plan_->nodes, [&](const Node& n, const std::vector<const Node*>&) {
    all += n.title + "\n" + n.text + "\n";
  });
  all += plan_->title;
  for (const char* chrome :
       {"立即下载", "全文公布", "字号：", "字号:", "来源", "红网", "作者", "编辑", "王敏",
        "点击查看全文", "回首页", "返 回", "回顶部", "10:06:14"}) {
    EXPECT_EQ(all.find(chrome), std::string::npos) << chrome;
  }
}

// Every sentence of the body (from the preamble to the closing call) lands in exactly one node.
TEST_F(SamplePlan, EverySentenceInExactlyOneNode) {
  std::ifstream in(kSample);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string source = ss.str();
  size_t begin = source.find("中国共产党衡阳市第十一届委员会第十次全体会议");
  size_t end = source.find("谱写衡阳新篇章!") + std::string("谱写衡阳新篇章!").size();
  ASSERT_NE(begin, std::string::npos);
  std::string body = NormalizePunctuation(source.substr(begin, end - begin));

  std::vector<std::string> texts;
  VisitNodes(plan_->nodes, [&](const Node& n, const std::vector<const Node*>&) {
    texts.push_back(n.label + " " + n.title + "。" + n.text);
  });
  // Split the body into sentences at 。！？ and line breaks.
  std::vector<std::string> sentences;
  std::string cur;
  size_t i = 0;
  while (i < body.size()) {
    size_t b = i;
    char32_t cp = utf8::Decode(body, &i);
    if (cp == '\n' || cp == U'。' || cp == U'！' || cp == U'？') {
      std::string s(utf8::Trim(cur));
      if (utf8::Length(s) >= 4) sentences.push_back(s);
      cur.clear();
    } else {
      cur.append(body, b, i - b);
    }
  }
  ASSERT_GT(sentences.size(), 400u);
  for (const std::string& s : sentences) {
    // Strip a heading label ("7. ", "一、", "——") the node keeps in `label`.
    std::string probe = s;
    for (const char* p : {"——"}) {
      if (probe.starts_with(p)) probe = probe.substr(std::string(p).size());
    }
    size_t dot = probe.find(". ");
    if (dot != std::string::npos && dot <= 2) probe = probe.substr(dot + 2);
    if (probe.size() > 3 && probe[0] >= '1' && probe[0] <= '9') {
      size_t k = probe.find('.');
      if (k != std::string::npos && k <= 2) probe = std::string(utf8::Trim(probe.substr(k + 1)));
    }
    size_t dun = probe.find("、");
    if (dun != std::string::npos && dun <= 9 && ParseChineseNumber(probe.substr(0, dun)))
      probe = probe.substr(dun + 3);
    int hits = 0;
    for (const std::string& t : texts) hits += t.find(probe) != std::string::npos;
    // Short headings ("主要目标") also occur inside longer sentences; they must occur somewhere.
    if (utf8::Length(probe) >= 12) {
      EXPECT_EQ(hits, 1) << s;
    } else {
      EXPECT_GE(hits, 1) << s;
    }
  }
}

}  // namespace
}  // namespace guihua::plan
