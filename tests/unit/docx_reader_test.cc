// Unit tests for ReadDocx (src/document/docx_reader.cc). The fixtures under
// tests/golden/docx/ are written by tests/tools/make_docx.py, which documents each one.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "common/i18n.h"
#include "document/reader.h"
#include "test_support.h"

namespace guihua::document {
namespace {

std::string ReadFixture(const std::string& name) {
  std::string path = std::string(GUIHUA_TEST_DATA) + "/golden/docx/" + name;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing fixture " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Expected {
  Block::Kind kind;
  int heading_level;
  std::string text;
};

constexpr Block::Kind kPara = Block::Kind::kParagraph;
constexpr Block::Kind kHead = Block::Kind::kHeading;
constexpr Block::Kind kTable = Block::Kind::kTable;

// Every test runs in Chinese (the default) and restores the language it found.
class DocxReaderTest : public testing_support::ZhTest {
 protected:
  static void ExpectParseError(std::string_view bytes, const std::string& message) {
    Result<Document> doc = ReadDocx(bytes);
    ASSERT_FALSE(doc.ok());
    EXPECT_EQ(doc.status().code(), Status::Code::kParseError);
    EXPECT_EQ(doc.status().message(), message);
  }
};

TEST_F(DocxReaderTest, ReadsPlanWithAutomaticNumbering) {
  Result<Document> doc = ReadDocx(ReadFixture("numbered.docx"));
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->format, "docx");
  EXPECT_EQ(doc->encoding, "");

  const std::vector<Expected> expected = {
      {kHead, -1, "衡州市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"},
      {kPara, 0, "（2021年1月20日衡州市第十六届人民代表大会第五次会议通过）"},  // trimmed
      {kHead, 1, "第一章 总则"},           // numbering and level from the heading 1 style
      {kHead, 2, "第一节 发展基础"},       // heading 2 style, level 1 of the same list
      {kPara, 0, "一、综合实力显著增强"},  // bold run split mid-word
      {kPara, 0, "（一）经济总量迈上新台阶"},
      {kPara, 0, "1.地区生产总值突破3500亿元。"},
      {kPara, 0, "2.规模以上工业增加值年均增长8%。"},  // w:del dropped, w:ins kept
      {kPara, 0, "（二）创新能力持续提升"},
      {kPara, 0, "1.研发投入强度达到2.1%。"},  // deeper level restarts
      {kPara, 0, "（三）开放合作不断深化"},    // numbering via a basedOn style chain
      {kPara, 0, "三、发展环境"},              // an empty list item took 二
      {kTable, 0,
       "指标\t2020年\t2025年\n地区生产总值（亿元）\t3500\t5000\n说明（合并两列）\t备注第一段\n"
       "备注第二段\n数字经济\n核心产业\n占比10%\t\t"},
      {kHead, 1, "第二章 发展目标"},
      {kHead, 2, "第一节 主要目标"},         // restarts under the new chapter
      {kPara, 0, "一、经济发展取得新成效"},  // w:startOverride restarts the list
      {kPara, 0, "1.人均地区生产总值"},
      {kPara, 0, "1.1 城镇居民收入"},  // "%1.%2" with w:suff space
      {kPara, 0, "1.2 农村居民收入"},
      {kPara, 0, "详见第12页，更新于2021年。"},  // field results kept, codes dropped
      {kPara, 0, "内容控件中的段落"},            // w:sdt
      {kPara, 0, "时间\t2021-2025年\n第二行"},   // tab, noBreakHyphen, sym, vanish, br
      {kHead, 3, "重点任务"},                    // w:outlineLvl 2 on the paragraph
      {kPara, 0, "见专栏："},
      {kPara, 0, "专栏1 重大工程"},    // text box, read once (mc:Fallback skipped)
      {kPara, 0, "坚持党的全面领导"},  // bullet: no label
      {kHead, 1, "结束语"},            // w:numId 0 turns the style's numbering off
      {kHead, 1, "第三章 保障措施"},
      {kHead, 3, "组织实施"},  // style named "标题 3"
  };
  ASSERT_EQ(doc->blocks.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const Block& b = doc->blocks[i];
    SCOPED_TRACE("block " + std::to_string(i) + ": " + expected[i].text);
    EXPECT_EQ(b.kind, expected[i].kind);
    EXPECT_EQ(b.heading_level, expected[i].heading_level);
    EXPECT_EQ(b.text, expected[i].text);
    EXPECT_EQ(b.page, 0);
    EXPECT_EQ(b.furniture, Furniture::kNone);
  }
}

TEST_F(DocxReaderTest, OffsetsPointIntoText) {
  Result<Document> doc = ReadDocx(ReadFixture("numbered.docx"));
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  std::string joined;
  for (const Block& b : doc->blocks) {
    ASSERT_LE(b.begin, b.end);
    ASSERT_LE(b.end, doc->text.size());
    EXPECT_EQ(doc->text.substr(b.begin, b.end - b.begin), b.text);
    if (!joined.empty()) joined += '\n';
    EXPECT_EQ(b.begin, joined.size());
    joined += b.text;
  }
  EXPECT_EQ(doc->text, joined);
}

TEST_F(DocxReaderTest, ReadsTableRows) {
  Result<Document> doc = ReadDocx(ReadFixture("numbered.docx"));
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  const Block* table = nullptr;
  for (const Block& b : doc->blocks) {
    if (b.kind == Block::Kind::kTable) {
      ASSERT_EQ(table, nullptr) << "one table expected";
      table = &b;
    } else {
      EXPECT_TRUE(b.rows.empty());
    }
  }
  ASSERT_NE(table, nullptr);
  const std::vector<std::vector<std::string>> rows = {
      {"指标", "2020年", "2025年"},
      {"地区生产总值（亿元）", "3500", "5000"},
      {"说明（合并两列）", "备注第一段\n备注第二段"},  // gridSpan 2: one cell
      {"数字经济\n核心产业\n占比10%", "", ""},  // nested table flattened; vMerge continuation
  };
  EXPECT_EQ(table->rows, rows);
  EXPECT_EQ(table->heading_level, 0);
}

TEST_F(DocxReaderTest, FormatsNumbersAsWordPrintsThem) {
  Result<Document> doc = ReadDocx(ReadFixture("formats.docx"));
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  const std::vector<std::string> expected = {
      "[07]decimalZero",
      "[08]decimalZero",
      "[09]decimalZero",
      "[10]decimalZero",
      "[９]decimalFullWidth",
      "[１０]decimalFullWidth",
      "[十九]chineseCounting",
      "[二十]chineseCounting",
      "[二十一]chineseCounting",
      "[一百]chineseCountingThousand",
      "[一百零一]chineseCountingThousand",
      "[玖]chineseLegalSimplified",
      "[壹拾]chineseLegalSimplified",
      "[壹拾壹]chineseLegalSimplified",
      "[甲]ideographTraditional",
      "[乙]ideographTraditional",
      "[丙]ideographTraditional",
      "[⑲]decimalEnclosedCircle",
      "[⑳]decimalEnclosedCircle",
      "[㉑]decimalEnclosedCircle",
      "[③]decimalEnclosedCircleChinese",
      "[Z]upperLetter",
      "[AA]upperLetter",
      "[a]lowerLetter",
      "[b]lowerLetter",
      "[IV]upperRoman",
      "[V]upperRoman",
      "[xiv]lowerRoman",
      "[0]decimal",
      "[1]decimal",  // w:start 0
      "[]none",      // the number is not shown, the literal text is
      "bullet",      // bullets print no label
      // w:suff: tab and space are printed; nothing or an absent w:suff add nothing.
      "1.\tsuff tab",
      "1. suff space",
      "1.suff nothing",
      "1.suff absent",
      // Level 2 never restarts (lvlRestart 0); level 3 restarts only after level 0.
      "A1restart",
      "C1restart",
      "D1restart",
      "B1restart",
      "C2restart",
      "D2restart",
      "A2restart",
      "B1restart",
      "C3restart",
      "D1restart",
      // Two w:num on one abstract list share counters; a start override counts apart.
      "(1)shared 310",
      "(2)shared 311",
      "(5)shared 312",
      "(6)shared 312",
      "(3)shared 310",
      // isLgl turns the chapter number into 1 in the level that has it, not in others.
      "第一章 legal",
      "1.1 legal",
      "一.1.1 not legal",
      // A level used before its parent: the parent shows start - 1.
      "0.1 orphan",
      "1.parent",
      "1.1 child",
      "§1linked",  // numStyleLink
      "1)style A",
      "a)style B",
      "b)style B",
      "2)style A",     // w:lvl/w:pStyle
      "III:override",  // w:lvlOverride/w:lvl
      "undefined",
      "bad level",
  };
  std::vector<std::string> texts;
  for (const Block& b : doc->blocks) texts.push_back(b.text);
  EXPECT_EQ(texts, expected);
}

TEST_F(DocxReaderTest, DocumentWithoutTextHasNoBlocks) {
  Result<Document> doc = ReadDocx(ReadFixture("empty.docx"));
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->format, "docx");
  EXPECT_TRUE(doc->blocks.empty());
  EXPECT_EQ(doc->text, "");
}

TEST_F(DocxReaderTest, RejectsTruncatedZip) {
  ExpectParseError(ReadFixture("truncated.docx"), "不是有效的 .docx 文件（压缩包损坏或被截断）");
}

TEST_F(DocxReaderTest, RejectsZipWithoutDocumentPart) {
  ExpectParseError(ReadFixture("not_a_docx.docx"),
                   "不是 Word 文档：压缩包中没有 word/document.xml");
}

TEST_F(DocxReaderTest, RejectsEmptyBytes) {
  ExpectParseError("", "不是有效的 .docx 文件（压缩包损坏或被截断）");
}

TEST_F(DocxReaderTest, RejectsRandomBytes) {
  std::mt19937 rng(20210120);
  for (size_t size : {1, 4, 22, 100, 4096}) {
    std::string bytes(size, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    ExpectParseError(bytes, "不是有效的 .docx 文件（压缩包损坏或被截断）");
    // Random bytes behind a zip signature too.
    ExpectParseError("PK\x03\x04" + bytes, "不是有效的 .docx 文件（压缩包损坏或被截断）");
  }
}

TEST_F(DocxReaderTest, RejectsMalformedXmlNamingThePart) {
  Result<Document> doc = ReadDocx(ReadFixture("malformed.docx"));
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), Status::Code::kParseError);
  EXPECT_EQ(doc.status().message().rfind("文档部件 word/document.xml 的 XML 格式错误", 0), 0u)
      << doc.status().message();
}

TEST_F(DocxReaderTest, RejectsZipBombs) {
  const std::string message =
      "文档部件 word/document.xml 解压后超过 64 MB，拒绝读取（可能是恶意压缩包）";
  // The zip directory declares 100 MB: refused before inflating.
  ExpectParseError(ReadFixture("bomb_declared.docx"), message);
  // The directory claims 40 KB but the data inflates to 65 MB: the read is capped.
  ExpectParseError(ReadFixture("bomb_hidden.docx"), message);
}

TEST_F(DocxReaderTest, LimitsNestingOfBlocks) {
  ExpectParseError(ReadFixture("deep_blocks.docx"), "文档嵌套层级过深（超过 64 层），无法读取");
  // Deeply nested inline elements are walked without recursion.
  Result<Document> doc = ReadDocx(ReadFixture("deep_inline.docx"));
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  ASSERT_EQ(doc->blocks.size(), 1u);
  EXPECT_EQ(doc->blocks[0].text, "深");
}

TEST_F(DocxReaderTest, MessagesFollowTheLanguage) {
  SetLanguage(Lang::kEn);
  ExpectParseError(ReadFixture("truncated.docx"),
                   "not a valid .docx file (the zip archive is damaged or truncated)");
  ExpectParseError(ReadFixture("not_a_docx.docx"),
                   "not a Word document: the zip archive has no word/document.xml");
}

// Damaged copies of a good file must come back as a value (a Document or an error), never a
// crash; run under ASan/UBSan to make this test bite.
TEST_F(DocxReaderTest, SurvivesDamagedFiles) {
  const std::string good = ReadFixture("numbered.docx");
  ASSERT_FALSE(good.empty());
  for (size_t len = 0; len < good.size(); len += 37) {
    Result<Document> doc = ReadDocx(std::string_view(good).substr(0, len));
    EXPECT_FALSE(doc.ok()) << "truncated to " << len;
  }
  std::mt19937 rng(14);
  for (size_t pos = 0; pos < good.size(); pos += 5) {
    std::string bad = good;
    bad[pos] = static_cast<char>(bad[pos] ^ (1 + rng() % 255));
    Result<Document> doc = ReadDocx(bad);
    if (doc.ok()) {
      for (const Block& b : doc->blocks) ASSERT_LE(b.end, doc->text.size());
    } else {
      EXPECT_NE(doc.status().message(), "");
    }
  }
}

TEST_F(DocxReaderTest, ReadDocumentBytesDetectsDocx) {
  Result<Document> doc = ReadDocumentBytes(ReadFixture("numbered.docx"), "纲要.docx");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->format, "docx");
  EXPECT_EQ(doc->path, "纲要.docx");
  Result<Document> bad = ReadDocumentBytes(ReadFixture("truncated.docx"), "纲要.docx");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "纲要.docx: 不是有效的 .docx 文件（压缩包损坏或被截断）");
}

}  // namespace
}  // namespace guihua::document
