// Unit tests for ReadHtml (src/document/html_reader.cc). The fixtures under tests/golden/html/ are
// written by tests/tools/make_html.py, which documents each one; the news page's article
// paragraphs are lines of data/plans/hengyang-14th-fyp-proposal.txt.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "common/i18n.h"
#include "common/text_encoding.h"
#include "common/utf8.h"
#include "document/reader.h"
#include "test_support.h"

namespace guihua::document {
namespace {

std::string ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing file " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string ReadFixture(const std::string& name) {
  return ReadFileBytes(std::string(GUIHUA_TEST_DATA) + "/golden/html/" + name);
}

// The sample plan's lines, trimmed, indexed from 0.
std::vector<std::string> SampleLines() {
  std::string text =
      ReadFileBytes(std::string(GUIHUA_SOURCE_DIR) + "/data/plans/hengyang-14th-fyp-proposal.txt");
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.emplace_back(utf8::Trim(line));
  return lines;
}

std::vector<std::string> Texts(const Document& doc) {
  std::vector<std::string> out;
  for (const Block& b : doc.blocks) out.push_back(b.text);
  return out;
}

// Index of the block whose text is `text`, or -1.
int FindBlock(const Document& doc, const std::string& text) {
  for (size_t i = 0; i < doc.blocks.size(); ++i) {
    if (doc.blocks[i].text == text) return static_cast<int>(i);
  }
  return -1;
}

// Offsets point into Document::text, blocks are joined by '\n' and nothing else is in it.
void ExpectConsistentOffsets(const Document& doc) {
  std::string joined;
  for (const Block& b : doc.blocks) {
    ASSERT_LE(b.begin, b.end);
    ASSERT_LE(b.end, doc.text.size());
    EXPECT_EQ(doc.text.substr(b.begin, b.end - b.begin), b.text);
    EXPECT_EQ(b.begin, joined.empty() ? 0 : joined.size() + 1);
    if (!joined.empty()) joined.push_back('\n');
    joined += b.text;
    EXPECT_FALSE(b.text.empty());
    // Paragraphs are trimmed; a table's text may start or end with an empty cell's tab.
    if (b.kind != Block::Kind::kTable) {
      EXPECT_EQ(std::string(utf8::Trim(b.text)), b.text);
    }
    EXPECT_TRUE(utf8::IsValid(b.text));
  }
  EXPECT_EQ(doc.text, joined);
}

Document MustRead(std::string_view html) {
  Result<Document> doc = ReadHtml(html);
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  if (!doc.ok()) return Document{};
  ExpectConsistentOffsets(*doc);
  return std::move(doc).value();
}

// Every test runs in Chinese (the default) and restores the language it found.
class HtmlReaderTest : public testing_support::ZhTest {};

// ---------------------------------------------------------------------------------------------
// The news page fixture

const char kHeadline[] = "全文公布!衡阳市“十四五”规划和二〇三五年远景目标的建议正式发布";

TEST_F(HtmlReaderTest, NewsPageIsGb18030DeclaredByMeta) {
  std::string bytes = ReadFixture("hengyang_news.html");
  ASSERT_FALSE(bytes.empty());
  // The fixture really is GB18030: not valid UTF-8, and it converts cleanly.
  EXPECT_FALSE(utf8::IsValid(bytes));
  EXPECT_TRUE(ConvertCharset(bytes, "GB18030", "UTF-8").ok());

  Document doc = MustRead(bytes);
  EXPECT_EQ(doc.format, "html");
  EXPECT_EQ(doc.encoding, "GB18030");
  EXPECT_NE(FindBlock(doc, kHeadline), -1);
}

TEST_F(HtmlReaderTest, NewsPageDropsHeadScriptStyleNavAndHiddenContent) {
  Document doc = MustRead(ReadFixture("hengyang_news.html"));
  for (const char* absent : {
           "_红网",                 // <title>
           "衡阳,十四五",           // <meta name="keywords">
           "Microsoft YaHei",       // <style>
           "样式表里的文字",        // <style>
           "脚本写入的广告文字",    // <script> with document.write
           "setFontSize",           // <script> and javascript: links
           "时政频道",              // <nav>
           "衡阳站",                // <nav>
           "您的浏览器禁用了脚本",  // <noscript>
           "编辑备注",              // style="display: none;"
           "隐藏的投票组件",        // hidden attribute
           "视频播放器",            // <iframe> fallback
           "衡阳市委全会现场",      // <img alt>
           "二维码",                // <img alt>
       }) {
    EXPECT_EQ(doc.text.find(absent), std::string::npos) << absent;
  }
  EXPECT_EQ(doc.text.find('<'), std::string::npos);  // no markup leaks into the text
}

TEST_F(HtmlReaderTest, NewsPageArticleParagraphsMatchTheSamplePlan) {
  Document doc = MustRead(ReadFixture("hengyang_news.html"));
  std::vector<std::string> lines = SampleLines();
  ASSERT_GT(lines.size(), 188u);
  // Title, adoption note, preamble, 一、, 1., 2. ... 50., 51., closing paragraph. The page
  // indents them with &nbsp; or U+3000, splits one <p> with <br><br>, bolds a lead sentence
  // and wraps the closing paragraph in the source between two Chinese characters.
  const std::vector<std::string> expected = {lines[4],   lines[6],   lines[8],
                                             lines[10],  lines[12],  lines[14],
                                             lines[184], lines[186], lines[188]};
  int first = FindBlock(doc, expected[0]);
  ASSERT_NE(first, -1) << "plan title not found";
  ASSERT_LE(first + expected.size(), doc.blocks.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const Block& b = doc.blocks[first + i];
    EXPECT_EQ(b.text, expected[i]) << "paragraph " << i;
    EXPECT_EQ(b.kind, Block::Kind::kParagraph) << "paragraph " << i;
  }
  // The adoption note's six &nbsp; of indentation are gone.
  EXPECT_EQ(doc.blocks[first + 1].text.substr(0, 4), "2020");
}

TEST_F(HtmlReaderTest, NewsPageBrSplitsOneParagraphIntoTwo) {
  Document doc = MustRead(ReadFixture("hengyang_news.html"));
  int part = FindBlock(doc, "一、扎实推进“一体两翼”发展战略,开启全面建设社会主义现代化新征程");
  ASSERT_NE(part, -1);
  ASSERT_LT(part + 1, static_cast<int>(doc.blocks.size()));
  EXPECT_EQ(doc.blocks[part + 1].text.rfind("1.全面建成小康社会取得决定性成就。“十三五”时期", 0),
            0u);
}

TEST_F(HtmlReaderTest, NewsPageHeadings) {
  Document doc = MustRead(ReadFixture("hengyang_news.html"));
  std::vector<std::pair<std::string, int>> headings;
  for (const Block& b : doc.blocks) {
    if (b.kind == Block::Kind::kHeading) headings.emplace_back(b.text, b.heading_level);
    if (b.kind != Block::Kind::kHeading) {
      EXPECT_EQ(b.heading_level, 0) << b.text;
    }
  }
  EXPECT_EQ(headings, (std::vector<std::pair<std::string, int>>{{kHeadline, 1}, {"相关新闻", 3}}));
}

TEST_F(HtmlReaderTest, NewsPageReaderMarksLinkOnlyBlocksAsNavigation) {
  Document doc = MustRead(ReadFixture("hengyang_news.html"));
  std::vector<std::string> navigation;
  for (const Block& b : doc.blocks) {
    if (b.furniture == Furniture::kNavigation) navigation.push_back(b.text);
    if (b.furniture != Furniture::kNavigation) {
      EXPECT_EQ(b.furniture, Furniture::kNone) << b.text;
    }
  }
  EXPECT_EQ(navigation, (std::vector<std::string>{"红网首页 | 登录 | 注册", "回顶部",
                                                  "衡阳市委十一届十次全会召开",
                                                  "衡阳“十四五”规划编制工作推进会召开"}));
}

// The whole pipeline: ReadDocumentBytes picks the HTML reader by name and runs MarkFurniture.
TEST_F(HtmlReaderTest, NewsPageFurnitureAfterMarkFurniture) {
  Result<Document> doc = ReadDocumentBytes(ReadFixture("hengyang_news.html"), "hengyang_news.html");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->format, "html");
  EXPECT_EQ(doc->path, "hengyang_news.html");
  ExpectConsistentOffsets(*doc);

  const std::vector<std::pair<std::string, Furniture>> expected = {
      {"红网首页 | 登录 | 注册", Furniture::kNavigation},        // link-only (reader)
      {"当前位置：首页 > 新闻 > 正文", Furniture::kNavigation},  // breadcrumb
      {kHeadline, Furniture::kNone},
      {"2020-12-22 10:06:14 字号：大 中 小", Furniture::kTimestamp},
      {"分享到：微信 微博", Furniture::kNavigation},
      {"来源：红网", Furniture::kCredit},
      {"作者：中国共产党衡阳市第十一届委员会", Furniture::kCredit},
      {"编辑：王敏", Furniture::kCredit},
      {"回顶部", Furniture::kNavigation},
      {"衡阳市委十一届十次全会召开", Furniture::kNavigation},  // related news (reader)
      {"Copyright © 2000-2020 rednet.cn All Rights Reserved", Furniture::kNavigation},
      {"湘ICP备05003863号 | 互联网新闻信息服务许可证：43120180001", Furniture::kNavigation},
  };
  for (const auto& [text, furniture] : expected) {
    int i = FindBlock(*doc, text);
    ASSERT_NE(i, -1) << text;
    EXPECT_EQ(FurnitureName(doc->blocks[i].furniture), std::string(FurnitureName(furniture)))
        << text;
  }
  // Every article paragraph stays content.
  std::vector<std::string> lines = SampleLines();
  for (size_t line : {4, 6, 8, 10, 12, 14, 184, 186, 188}) {
    int i = FindBlock(*doc, lines[line]);
    ASSERT_NE(i, -1) << "sample line " << line + 1;
    EXPECT_EQ(doc->blocks[i].furniture, Furniture::kNone) << "sample line " << line + 1;
  }
  // Not asserted, since furniture.cc has no rule for them yet: "扫一扫在手机打开当前页" (QR
  // widget), the "相关新闻" heading and "违法和不良信息举报电话：…" (footer hotline).
}

// ---------------------------------------------------------------------------------------------
// The table fixture

TEST_F(HtmlReaderTest, IndicatorTableBecomesOneTableBlock) {
  Document doc = MustRead(ReadFixture("utf8_table.html"));
  EXPECT_EQ(doc.encoding, "UTF-8");
  int tables = 0;
  for (const Block& b : doc.blocks) tables += b.kind == Block::Kind::kTable;
  EXPECT_EQ(tables, 1);

  ASSERT_GE(doc.blocks.size(), 2u);
  const Block& title = doc.blocks[0];
  EXPECT_EQ(title.text, "衡阳市“十四五”时期经济社会发展主要指标");
  EXPECT_EQ(title.kind, Block::Kind::kHeading);
  EXPECT_EQ(title.heading_level, 2);

  const Block& table = doc.blocks[1];
  ASSERT_EQ(table.kind, Block::Kind::kTable);
  EXPECT_EQ(table.heading_level, 0);
  const std::vector<std::vector<std::string>> rows = {
      {"类别", "指标", "2020年（预计）", "2025年", "属性"},  // <br> in a cell joins
      {"经济发展", "地区生产总值增长（%）", "3.8", "7左右", "预期性"},
      {"", "全员劳动生产率增长（%）", "4.5", ">7", "预期性"},  // under rowspan="2"
      {"创新驱动", "研发经费投入增长（%）", "15", ">10", "预期性"},
  };
  EXPECT_EQ(table.rows, rows);
  EXPECT_EQ(table.text,
            "类别\t指标\t2020年（预计）\t2025年\t属性\n"
            "经济发展\t地区生产总值增长（%）\t3.8\t7左右\t预期性\n"
            "\t全员劳动生产率增长（%）\t4.5\t>7\t预期性\n"
            "创新驱动\t研发经费投入增长（%）\t15\t>10\t预期性");
}

TEST_F(HtmlReaderTest, LayoutTableIsWalkedAsContent) {
  Document doc = MustRead(ReadFixture("utf8_table.html"));
  std::vector<std::string> texts = Texts(doc);
  // After the indicator table: the layout table's cells, then the rest of the page.
  const std::vector<std::string> tail = {"说明",
                                         "首页",
                                         "规划计划",
                                         "注：地区生产总值增速按可比价计算。",
                                         "带“>”的指标为最低目标。",
                                         "附：数据来源",
                                         "市统计局",
                                         "市发展改革委",
                                         "可见的段落",
                                         "第一行  保留空格",
                                         "第二行"};
  ASSERT_EQ(texts.size(), 2 + tail.size());
  EXPECT_EQ(std::vector<std::string>(texts.begin() + 2, texts.end()), tail);
  EXPECT_EQ(doc.blocks[2].heading_level, 3);
  EXPECT_EQ(doc.blocks[7].heading_level, 4);  // "附：<span>数据来源</span>" joins
  EXPECT_EQ(doc.blocks[3].furniture, Furniture::kNavigation);  // link-only list items
  EXPECT_EQ(doc.blocks[5].furniture, Furniture::kNone);
}

// ---------------------------------------------------------------------------------------------
// Text walk

TEST_F(HtmlReaderTest, CollapsesWhitespaceLikeABrowser) {
  Document doc = MustRead(
      "<p>  衡阳市\n   推进  <b>高质量</b>\n发展 GDP\ngrowth\t<span> 达到</span>\r\n目标 </p>");
  // A line break between two CJK characters disappears; other whitespace runs become one space.
  EXPECT_EQ(Texts(doc), (std::vector<std::string>{"衡阳市推进 高质量发展 GDP growth 达到目标"}));
}

TEST_F(HtmlReaderTest, TrimsNbspAndIdeographicIndentationButKeepsInnerSpaces) {
  Document doc = MustRead(
      "<p>&nbsp;&nbsp;\u3000\u3000正文&nbsp;内容\u3000</p><p>\u3000\u3000第二段 A&nbsp; B</p>"
      "<p>&nbsp;</p><p>\u3000</p>");
  EXPECT_EQ(Texts(doc), (std::vector<std::string>{"正文\u00A0内容", "第二段 A\u00A0 B"}));
}

TEST_F(HtmlReaderTest, BrSplitsBlocks) {
  Document doc = MustRead(
      "<div>第一行<br>第二行<br/><br/>\n  第三行<br></div><p>段落<span>中<br>断</span>开</p>");
  EXPECT_EQ(Texts(doc), (std::vector<std::string>{"第一行", "第二行", "第三行", "段落中", "断开"}));
}

TEST_F(HtmlReaderTest, BlockElementsEndBlocksAndInlineElementsJoin) {
  Document doc = MustRead(
      "<body>前言<div>甲<section>乙</section>丙</div><ul><li>一</li><li>二<ol><li>二.1</li></ol>"
      "</li></ul><dl><dt>术语</dt><dd>定义<a>无链接</a><em>强调</em><font color=red>红字</font>"
      "</dd></dl><blockquote>引文</blockquote><article><header>头</header>体<footer>尾</footer>"
      "</article><center>居中</center><marquee>滚动通知</marquee></body>");
  EXPECT_EQ(Texts(doc), (std::vector<std::string>{"前言", "甲", "乙", "丙", "一", "二", "二.1",
                                                  "术语", "定义无链接强调红字", "引文", "头", "体",
                                                  "尾", "居中", "滚动通知"}));
}

TEST_F(HtmlReaderTest, HeadingLevels) {
  Document doc = MustRead(
      "<h1>一级</h1><h2>二级</h2><h3>三级</h3><h4>四级</h4><h5>五级</h5><h6>六级</h6>"
      "<p>正文</p><h2>标题<br>第二行</h2><h1><a href=\"/\">链接标题</a></h1>");
  ASSERT_EQ(doc.blocks.size(), 10u);
  for (int level = 1; level <= 6; ++level) {
    EXPECT_EQ(doc.blocks[level - 1].kind, Block::Kind::kHeading);
    EXPECT_EQ(doc.blocks[level - 1].heading_level, level);
  }
  EXPECT_EQ(doc.blocks[6].kind, Block::Kind::kParagraph);
  EXPECT_EQ(doc.blocks[6].heading_level, 0);
  EXPECT_EQ(doc.blocks[7].heading_level, 2);  // both lines of a split heading
  EXPECT_EQ(doc.blocks[8].heading_level, 2);
  EXPECT_EQ(doc.blocks[8].text, "第二行");
  EXPECT_EQ(doc.blocks[9].heading_level, 1);  // a headline that is a link stays content
  EXPECT_EQ(doc.blocks[9].furniture, Furniture::kNone);
}

TEST_F(HtmlReaderTest, SkipsInvisibleAndNonContentElements) {
  Document doc = MustRead(
      "<html><head><title>标题</title><style>p{color:red}</style></head><body>"
      "<script>var s = '脚本';</script><noscript>无脚本</noscript><template>模板</template>"
      "<nav>导航</nav><iframe>框架</iframe><object>对象</object><svg><text>矢量</text></svg>"
      "<canvas>画布</canvas><math><mi>公式</mi></math>"
      "<form>表单<select><option>选项</option></select><button>按钮</button>"
      "<input value=\"输入\"><textarea>文本框</textarea><label>标签</label></form>"
      "<div hidden>隐藏</div><p style=\"DISPLAY : None\">不显示</p>"
      "<p style=\"visibility:hidden\">不可见</p><p>可见<span "
      "style=\"display:none\">藏</span>文字</p>"
      "</body></html>");
  EXPECT_EQ(Texts(doc), (std::vector<std::string>{"表单标签", "可见文字"}));
}

TEST_F(HtmlReaderTest, PreKeepsSpacesAndSplitsLines) {
  Document doc = MustRead("<pre>\n  甲  乙\n\n丙\t丁\r\n</pre><p>后</p>");
  EXPECT_EQ(Texts(doc), (std::vector<std::string>{"甲  乙", "丙\t丁", "后"}));
}

TEST_F(HtmlReaderTest, LinkOnlyBlocksAreNavigation) {
  Document doc = MustRead(
      "<p><a href=\"/\">首页</a> | <a href=\"/next\">下一篇</a></p>"
      "<p>【<a href=\"javascript:print()\">打印</a>】</p>"
      "<p>详见<a href=\"/f\">附件</a></p>"
      "<p><a name=\"ch1\">第一章 总则</a></p>");
  ASSERT_EQ(doc.blocks.size(), 4u);
  EXPECT_EQ(doc.blocks[0].furniture, Furniture::kNavigation);
  EXPECT_EQ(doc.blocks[1].furniture, Furniture::kNavigation);
  EXPECT_EQ(doc.blocks[2].furniture, Furniture::kNone);  // text outside the link
  EXPECT_EQ(doc.blocks[3].furniture, Furniture::kNone);  // an anchor, not a link
}

TEST_F(HtmlReaderTest, PageWithoutTextHasNoBlocks) {
  for (std::string_view html :
       {std::string_view(""), std::string_view("<html><head><title>标题</title></head></html>"),
        std::string_view("<body><script>x()</script><p>&nbsp;\u3000</p><img src=a.png></body>"),
        std::string_view("<!-- 注释 -->"), std::string_view("   \n\t ")}) {
    Document doc = MustRead(html);
    EXPECT_TRUE(doc.blocks.empty()) << html;
    EXPECT_EQ(doc.text, "") << html;
    EXPECT_EQ(doc.format, "html");
  }
}

// ---------------------------------------------------------------------------------------------
// Tables

TEST_F(HtmlReaderTest, TableSpansAreExpanded) {
  Document doc = MustRead(
      "<table><caption>表1 指标</caption>"
      "<tr><th colspan=2>指标</th><th>目标</th></tr>"
      "<tr><td rowspan=3>经济</td><td>GDP</td><td>7%</td></tr>"
      "<tr><td>投资</td><td rowspan=2>8%</td></tr>"
      "<tr><td>消费</td></tr>"
      "<tr><td></td><td>&nbsp;</td><td></td></tr>"  // spacer row: dropped
      "<tr><td>民生</td><td colspan=\"2\">就业</td></tr></table>");
  ASSERT_EQ(doc.blocks.size(), 2u);
  EXPECT_EQ(doc.blocks[0].text, "表1 指标");
  EXPECT_EQ(doc.blocks[0].kind, Block::Kind::kParagraph);
  const std::vector<std::vector<std::string>> rows = {{"指标", "", "目标"},
                                                      {"经济", "GDP", "7%"},
                                                      {"", "投资", "8%"},
                                                      {"", "消费", ""},
                                                      {"民生", "就业", ""}};
  EXPECT_EQ(doc.blocks[1].kind, Block::Kind::kTable);
  EXPECT_EQ(doc.blocks[1].rows, rows);
}

TEST_F(HtmlReaderTest, LayoutTablesAreWalkedAsContent) {
  // One column; one row; a nested table; a list; three paragraphs in a cell.
  Document doc = MustRead(
      "<table><tr><td>页头</td></tr><tr><td>正文</td></tr></table>"
      "<table><tr><td>左</td><td>右</td></tr></table>"
      "<table><tr><td>外</td><td><table><tr><td>内1</td><td>内2</td></tr>"
      "<tr><td>内3</td><td>内4</td></tr></table></td></tr><tr><td>甲</td><td>乙</td></tr></table>"
      "<table><tr><td><ul><li>栏目</li></ul></td><td>丙</td></tr><tr><td>丁</td><td>戊</td></tr>"
      "</table>"
      "<table><tr><td>标题</td><td><p>段一</p><p>段二</p>段三</td></tr><tr><td>己</td><td>庚</td>"
      "</tr></table>");
  std::vector<std::string> texts = Texts(doc);
  EXPECT_EQ(texts, (std::vector<std::string>{"页头", "正文", "左", "右", "外",
                                             "内1\t内2\n内3\t内4",  // the inner table is data
                                             "甲", "乙", "栏目", "丙", "丁", "戊", "标题", "段一",
                                             "段二", "段三", "己", "庚"}));
  EXPECT_EQ(doc.blocks[5].kind, Block::Kind::kTable);
}

TEST_F(HtmlReaderTest, TwoParagraphCellsStillMakeADataTable) {
  // Word's HTML export puts a <p> in every cell, sometimes two.
  Document doc = MustRead(
      "<table><tr><td><p class=MsoNormal>指标</p><p>（单位）</p></td><td><p>目标</p></td></tr>"
      "<tr><td><p><span>GDP</span></p></td><td><p>7</p></td></tr></table>");
  ASSERT_EQ(doc.blocks.size(), 1u);
  EXPECT_EQ(doc.blocks[0].kind, Block::Kind::kTable);
  EXPECT_EQ(doc.blocks[0].text, "指标（单位）\t目标\nGDP\t7");
}

TEST_F(HtmlReaderTest, HugeSpansMakeALayoutTable) {
  Document doc = MustRead(
      "<table><tr><td colspan=1000>甲</td><td>乙</td></tr><tr><td>丙</td><td>丁</td></tr>"
      "</table>");
  EXPECT_EQ(Texts(doc), (std::vector<std::string>{"甲", "乙", "丙", "丁"}));
}

// ---------------------------------------------------------------------------------------------
// Encodings

std::string Encode(const std::string& utf8_text, const char* charset) {
  Result<std::string> bytes = ConvertCharset(utf8_text, "UTF-8", charset);
  EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
  return bytes.ok() ? *bytes : std::string();
}

std::string Gbk(const std::string& utf8_text) { return Encode(utf8_text, "GB18030"); }

TEST_F(HtmlReaderTest, DetectsEncoding) {
  struct Case {
    const char* what;
    std::string bytes;
    const char* encoding;
    const char* text;
  };
  const std::vector<Case> cases = {
      {"meta http-equiv, upper case",
       Gbk("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; "
           "charset=GBK\"><p>衡阳市国民经济和社会发展</p>"),
       "GB18030", "衡阳市国民经济和社会发展"},
      {"GBK without a declaration", Gbk("<p>规划纲要</p>"), "GB18030", "规划纲要"},
      // If big5 were used, these GBK bytes would decode to other characters.
      {"commented-out meta", Gbk("<!-- <meta charset=\"big5\"> --><p>规划纲要实施</p>"), "GB18030",
       "规划纲要实施"},
      {"UTF-8 under a stale gb2312 meta", "<meta charset='gb2312'><p>全面建成小康社会</p>", "UTF-8",
       "全面建成小康社会"},
      {"declared UTF-8 but GBK bytes", "<meta charset=\"utf-8\">" + Gbk("<p>全面建成小康社会</p>"),
       "GB18030", "全面建成小康社会"},
      {"unknown label", Gbk("<meta charset=\"x-no-such-charset\"><p>规划纲要</p>"), "GB18030",
       "规划纲要"},
      {"another charset iconv knows", Encode("<meta charset=big5><p>規劃綱要</p>", "BIG5"), "BIG5",
       "規劃綱要"},
      {"UTF-8 BOM wins over meta", "\xEF\xBB\xBF<meta charset=gbk><p>规划</p>", "UTF-8 (BOM)",
       "规划"},
      {"UTF-16LE BOM", "\xFF\xFE" + Encode("<p>规划</p>", "UTF-16LE"), "UTF-16LE", "规划"},
  };
  for (const Case& c : cases) {
    Document doc = MustRead(c.bytes);
    EXPECT_EQ(doc.encoding, c.encoding) << c.what;
    EXPECT_EQ(Texts(doc), (std::vector<std::string>{c.text})) << c.what;
  }
}

TEST_F(HtmlReaderTest, UndecodableBytesAreAParseError) {
  for (std::string html :
       {std::string("<p>规划\xFF\xFF</p>"), std::string("<meta charset=gb2312><p>\xFF\xFF</p>"),
        std::string("<meta charset=utf-8><p>\x81\xFF</p>")}) {
    Result<Document> doc = ReadHtml(html);
    ASSERT_FALSE(doc.ok());
    EXPECT_EQ(doc.status().code(), Status::Code::kParseError) << doc.status().ToString();
  }
}

// ---------------------------------------------------------------------------------------------
// Hostile input

TEST_F(HtmlReaderTest, DeeplyNestedContainersAreRefusedQuickly) {
  std::string html;
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "文字";
  auto start = std::chrono::steady_clock::now();
  Result<Document> doc = ReadHtml(html);
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), Status::Code::kParseError);
  EXPECT_LT(elapsed, std::chrono::seconds(5));  // gumbo alone would take about 40 s
}

TEST_F(HtmlReaderTest, ModeratelyNestedContainersAndUnclosedDivsInCellsAreFine) {
  std::string nested;
  for (int i = 0; i < 1500; ++i) nested += "<div>";
  Document doc = MustRead(nested + "深处");
  EXPECT_EQ(Texts(doc), (std::vector<std::string>{"深处"}));

  // 3000 cells that each leave a <div> open: the cell end closes them.
  std::string cells = "<table>";
  for (int i = 0; i < 3000; ++i) cells += "<tr><td><div>格</td><td>" + std::to_string(i) + "</td>";
  cells += "</table>";
  Result<Document> table = ReadHtml(cells);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_EQ(table->blocks.size(), 1u);
  EXPECT_EQ(table->blocks[0].rows.size(), 3000u);
}

TEST_F(HtmlReaderTest, DeeplyNestedInlineElementsDoNotOverflowTheStack) {
  std::string html = "<p>";
  for (int i = 0; i < 300000; ++i) html += "<span>";
  html += "深处";
  Document doc = MustRead(html);
  EXPECT_EQ(Texts(doc), (std::vector<std::string>{"深处"}));
}

TEST_F(HtmlReaderTest, MalformedMarkupNeverFails) {
  const std::vector<std::string> inputs = {
      "<",
      "<<<>>>",
      "<p",
      "<p>未闭合",
      "</p></div></table>",
      "<table><td>孤立单元格",
      "<table><tr><td rowspan=-5 colspan=abc>甲</td><td rowspan=99999999999>乙</td></tr>"
      "<tr><td>丙</td></tr></table>",
      "<meta charset=\"",
      "<meta charset=>",
      "<meta http-equiv=content-type content=\"charset=",
      "<!--",
      "<!-- <meta charset=gbk>",
      "<script>",
      "<style>p{",
      "<pre>",
      "<svg><p>跳出</p>",
      "<table><tr><td><table><tr><td>",
      "<h1><h2><h3>乱序</h1></h2>",
      "<a href=x><p>块中链</a>",
      std::string("<p>") + '\0' + "空字节</p>",
      "<br><br></br></br>",
      "<frameset><frame></frameset>",
      "<select><p>选择内</p></select>文字",
      "&amp;&lt;&#x4E2D;&#20013;&bogus;&"};
  for (const std::string& html : inputs) {
    Result<Document> doc = ReadHtml(html);
    if (doc.ok()) ExpectConsistentOffsets(*doc);
  }
}

TEST_F(HtmlReaderTest, RandomBytesNeverCrash) {
  std::mt19937 rng(20201222);
  const std::string alphabet = "<>/=\"' \n&;#abdiptrsvhlmy-!\xE4\xB8\xAD\x80\xFF";
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> length(0, 400);
  for (int round = 0; round < 300; ++round) {
    std::string html;
    int n = length(rng);
    for (int i = 0; i < n; ++i) html.push_back(alphabet[pick(rng)]);
    Result<Document> doc = ReadHtml(html);
    if (doc.ok()) ExpectConsistentOffsets(*doc);
  }
}

}  // namespace
}  // namespace guihua::document
