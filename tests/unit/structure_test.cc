// Heading markers, title splitting, punctuation normalisation and metadata rules.
#include "plan/structure.h"

#include <gtest/gtest.h>

#include "document/reader.h"
#include "plan/heading.h"
#include "plan/metadata.h"
#include "plan/text_normalize.h"

namespace guihua::plan {
namespace {

struct HeadingCase {
  const char* text;
  Scheme scheme;
  const char* label;
  int64_t number;
  const char* rest;
};

TEST(Heading, RecognisesEverySchemeOfTheGenre) {
  const HeadingCase cases[] = {
      {"第一篇 开启新征程", Scheme::kPian, "第一篇", 1, "开启新征程"},
      {"第十二章　加快发展", Scheme::kZhang, "第十二章", 12, "加快发展"},
      {"第三节 强化保障", Scheme::kJie, "第三节", 3, "强化保障"},
      {"第二部分 主要任务", Scheme::kBuFen, "第二部分", 2, "主要任务"},
      {"十三、全市人民团结起来", Scheme::kHanComma, "十三", 13, "全市人民团结起来"},
      {"（一）扩大有效投资", Scheme::kHanParen, "（一）", 1, "扩大有效投资"},
      {"(二) 促进消费", Scheme::kHanParen, "(二)", 2, "促进消费"},
      {"7. 建设区域性先进制造业中心。保持", Scheme::kArabicDot, "7", 7,
       "建设区域性先进制造业中心。保持"},
      {"1.全面建成", Scheme::kArabicDot, "1", 1, "全面建成"},
      {"2．强化要素保障", Scheme::kArabicDot, "2", 2, "强化要素保障"},
      {"3、推进转型", Scheme::kArabicDot, "3", 3, "推进转型"},
      {"（1）完善机制", Scheme::kArabicParen, "（1）", 1, "完善机制"},
      {"⑴完善机制", Scheme::kArabicParen, "⑴", 1, "完善机制"},
      {"②推广绿色建筑", Scheme::kCircled, "②", 2, "推广绿色建筑"},
      {"——坚持党的全面领导。", Scheme::kDash, "——", 0, "坚持党的全面领导。"},
  };
  for (const HeadingCase& c : cases) {
    SCOPED_TRACE(c.text);
    auto m = MatchHeading(c.text);
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ(m->scheme, c.scheme);
    EXPECT_EQ(m->label, c.label);
    EXPECT_EQ(m->number, c.number);
    EXPECT_EQ(std::string(c.text).substr(m->length), c.rest);
  }
}

TEST(Heading, RejectsNumbersThatAreNotLabels) {
  for (const char* text : {"1.5亿元投资", "1．5亿元资金", "2020年全市", "第一批试点", "一是加强",
                           "—单破折号", "3.", "O、", "12345. 太大"}) {
    EXPECT_FALSE(MatchHeading(text).has_value()) << text;
  }
}

TEST(Heading, SplitsTitleFromBody) {
  auto s = SplitHeadingTitle("建设区域性先进制造业中心。保持制造业比重基本稳定。");
  EXPECT_EQ(s.title, "建设区域性先进制造业中心");
  EXPECT_EQ(s.rest, "保持制造业比重基本稳定。");
  s = SplitHeadingTitle("扎实推进“一体两翼”发展战略，开启全面建设社会主义现代化新征程");
  EXPECT_EQ(s.title, "扎实推进“一体两翼”发展战略，开启全面建设社会主义现代化新征程");
  EXPECT_EQ(s.rest, "");
  s = SplitHeadingTitle("基本原则。");
  EXPECT_EQ(s.title, "基本原则");
  s = SplitHeadingTitle("主要目标：到2025年，地区生产总值年均增长7%。");
  EXPECT_EQ(s.title, "主要目标");
  // A long first sentence is body, not a title.
  std::string long_sentence(70 * 3, 'x');
  long_sentence = "加快推进" + std::string(60, 'a') + "。后文";
  s = SplitHeadingTitle(long_sentence);
  EXPECT_EQ(s.title, "");
  // Punctuation inside quotes does not end the title.
  s = SplitHeadingTitle("实施“稳增长。促改革”行动。具体内容");
  EXPECT_EQ(s.title, "实施“稳增长。促改革”行动");
}

TEST(Normalize, HalfWidthPunctuationBetweenChineseCharacters) {
  EXPECT_EQ(NormalizePunctuation("全面贯彻,不折不扣;坚持"), "全面贯彻，不折不扣；坚持");
  EXPECT_EQ(NormalizePunctuation("谱写衡阳新篇章!"), "谱写衡阳新篇章！");
  EXPECT_EQ(NormalizePunctuation("要求:加快"), "要求：加快");
  EXPECT_EQ(NormalizePunctuation("投资1,000亿元"), "投资1,000亿元");
  EXPECT_EQ(NormalizePunctuation("10:06:14"), "10:06:14");
  EXPECT_EQ(NormalizePunctuation("Hello, world"), "Hello, world");
  EXPECT_EQ(NormalizePunctuation("元器件(零部件)"), "元器件（零部件）");
  EXPECT_EQ(NormalizePunctuation("(1)完善"), "(1)完善");
  EXPECT_EQ(NormalizePunctuation("5G,物联网"), "5G，物联网");
}

TEST(Metadata, TitleRecognition) {
  EXPECT_TRUE(IsDocumentTitle(
      "中共衡阳市委关于制定衡阳市国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议"));
  EXPECT_TRUE(IsDocumentTitle("湖南省国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"));
  EXPECT_TRUE(IsDocumentTitle("衡阳市“十四五”交通运输发展规划（2021—2025年）"));
  EXPECT_FALSE(IsDocumentTitle("全文公布!衡阳市“十四五”规划和二〇三五年远景目标的建议正式发布"));
  EXPECT_FALSE(IsDocumentTitle("坚持把发展经济着力点放在实体经济上，推进产业基础高级化。"));
}

TEST(Metadata, Dates) {
  EXPECT_EQ(FindDate("2020年12月22日中国共产党衡阳市委员会通过。"), "2020-12-22");
  EXPECT_EQ(FindDate("二〇二〇年十二月二十二日通过"), "2020-12-22");
  EXPECT_EQ(FindDate("发布于 2021-3-5"), "2021-03-05");
  EXPECT_EQ(FindDate("2021/02/03"), "2021-02-03");
  EXPECT_EQ(FindDate("2020年13月1日"), "");
  EXPECT_EQ(FindDate("到2025年"), "");
}

TEST(Metadata, Periods) {
  auto p = FindPeriod("衡阳市国民经济和社会发展第十四个五年规划", {}, {});
  EXPECT_EQ(p.start, 2021);
  EXPECT_EQ(p.end, 2025);
  p = FindPeriod("湘江市“十五五”生态环境保护规划", {}, {});
  EXPECT_EQ(p.start, 2026);
  EXPECT_EQ(p.end, 2030);
  p = FindPeriod("国民经济和社会发展第十三个五年规划纲要", {}, {});
  EXPECT_EQ(p.start, 2016);
  // An explicit range wins over the plan number.
  p = FindPeriod("衡阳市“十四五”综合交通规划（2021—2025年）", {}, {});
  EXPECT_EQ(p.start, 2021);
  p = FindPeriod("某市“十四五”专项规划（2022-2026年）", {}, {});
  EXPECT_EQ(p.start, 2022);
  EXPECT_EQ(p.end, 2026);
  p = FindPeriod("某规划", {},
                 {"“十三五”时期成就显著。", "“十四五”时期，要加快。", "“十四五”末。"});
  EXPECT_EQ(p.start, 2021);
  // A review of the previous plan in the body does not override the title's plan number.
  p = FindPeriod("某市国民经济和社会发展第十四个五年规划纲要", {},
                 {"“十三五”时期（2016—2020年），成就显著。"});
  EXPECT_EQ(p.start, 2021);
  // The subtitle and a stated period win.
  p = FindPeriod("某市生态环境保护规划", {"（2021—2025年）"}, {});
  EXPECT_EQ(p.start, 2021);
  p = FindPeriod("某市“十四五”交通规划", {}, {"本规划期为2021—2030年，展望到2035年。"});
  EXPECT_EQ(p.end, 2030);
  EXPECT_EQ(FiveYearPlanPeriod(1).start, 0);
  EXPECT_EQ(FiveYearPlanPeriod(3).start, 1966);
}

TEST(Metadata, VisionYearRegionIssuer) {
  EXPECT_EQ(FindVisionYear("…第十四个五年规划和二〇三五年远景目标的建议", {}), 2035);
  EXPECT_EQ(FindVisionYear("…和二O三五年远景目标纲要", {}), 2035);
  EXPECT_EQ(FindVisionYear("…和2035年远景目标纲要", {}), 2035);
  EXPECT_EQ(FindVisionYear("某专项规划", {}), 0);
  EXPECT_EQ(FindRegion("中共衡阳市委关于制定衡阳市国民经济和社会发展第十四个五年规划的建议",
                       "中共衡阳市委"),
            "衡阳市");
  EXPECT_EQ(FindRegion("湖南省国民经济和社会发展第十四个五年规划纲要", ""), "湖南省");
  EXPECT_EQ(FindRegion("中华人民共和国国民经济和社会发展第十四个五年规划纲要", ""), "全国");
  EXPECT_EQ(FindRegion("衡南县“十四五”规划", ""), "衡南县");
  EXPECT_EQ(IssuerFromTitle("中共衡阳市委关于制定…的建议"), "中共衡阳市委");
  EXPECT_EQ(
      IssuerFromAdoptionNote("2020年12月22日中国共产党衡阳市委员会第十一届第十次全体会议通过。"),
      "中国共产党衡阳市委员会");
  EXPECT_EQ(IssuerFromAdoptionNote("（2021年2月3日湘江市第十六届人民代表大会第五次会议批准）"),
            "湘江市人民代表大会");
}

document::Document TextDoc(const std::string& text) {
  auto d = document::ReadText(text);
  EXPECT_TRUE(d.ok());
  document::MarkFurniture(&*d);
  return *d;
}

TEST(Structure, NoHeadingsIsAParseError) {
  auto plan = ParsePlan(TextDoc("这是一段没有任何标题的文字。\n另一段文字。\n"));
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), Status::Code::kParseError);
}

TEST(Structure, EmptyDocumentIsAParseError) {
  document::Document d;
  d.format = "text";
  auto plan = ParsePlan(d);
  ASSERT_FALSE(plan.ok());
}

TEST(Structure, NumberingMustContinuePlausibly) {
  // "5. " after "1." inside article text is a sentence that starts with a number, not an article.
  auto plan = ParsePlan(
      TextDoc("某某规划\n一、总则\n1.第一条。内容。\n2.第二条。内容。\n9.5亿元投资到位。\n"));
  ASSERT_TRUE(plan.ok());
  const Node& part = plan->nodes[0];
  ASSERT_EQ(part.children.size(), 2u);
  ASSERT_EQ(part.children[1].children.size(), 1u);
  EXPECT_EQ(part.children[1].children[0].kind, NodeKind::kParagraph);
}

TEST(Structure, KindsFollowNesting) {
  auto plan = ParsePlan(
      TextDoc("某某方案\n第一章 总则\n一、目标\n（一）任务\n1.具体。内容。\n（1）细项。内容。\n"));
  ASSERT_TRUE(plan.ok());
  const Node& ch = plan->nodes[0];
  EXPECT_EQ(ch.kind, NodeKind::kChapter);
  const Node& sec = ch.children[0];
  EXPECT_EQ(sec.kind, NodeKind::kSection);
  const Node& art = sec.children[0];
  EXPECT_EQ(art.kind, NodeKind::kArticle);
  EXPECT_EQ(art.label, "（一）");
  const Node& item = art.children[0];
  EXPECT_EQ(item.kind, NodeKind::kItem);
  EXPECT_EQ(item.label, "1");
  EXPECT_EQ(item.children[0].kind, NodeKind::kItem);
  EXPECT_EQ(item.children[0].id, "c1.s1.a1.i1.i1");
}

}  // namespace
}  // namespace guihua::plan
