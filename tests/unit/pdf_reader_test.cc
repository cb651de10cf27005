// ReadPdf on the fixtures of tests/golden/pdf (made by tests/tools/make_pdf.py): paragraphs
// rebuilt from hard-wrapped lines across page breaks, page furniture removed, block offsets
// and pages, and the errors for files that are not usable PDFs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "common/i18n.h"
#include "common/utf8.h"
#include "document/reader.h"
#include "test_support.h"

// For fonts a file does not embed (as corrupted copies below may not), poppler asks
// fontconfig, which keeps its configuration for the life of the process; LeakSanitizer
// reports that as a leak. Only the sanitizer runtime reads this hook.
// NOLINTNEXTLINE(readability-identifier-naming,bugprone-reserved-identifier)
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }

namespace guihua::document {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;

std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(GUIHUA_TEST_DATA) + "/golden/pdf/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The block's span of Document::text with its line breaks undone: each line trimmed and
// the lines joined without separator, as RebuildParagraphs joins Chinese lines.
std::string JoinedSpan(const Document& doc, const Block& b) {
  std::string_view span = std::string_view(doc.text).substr(b.begin, b.end - b.begin);
  std::string out;
  size_t pos = 0;
  while (pos <= span.size()) {
    size_t nl = span.find('\n', pos);
    if (nl == std::string_view::npos) nl = span.size();
    out.append(utf8::Trim(span.substr(pos, nl - pos)));
    pos = nl + 1;
  }
  return out;
}

class PdfReaderTest : public testing_support::ZhTest {};

struct ExpectedBlock {
  int page;
  std::string text;
};

std::vector<ExpectedBlock> WrappedParagraphs() {
  return {
      {1, "衡阳市重点项目建设三年行动方案"},
      {1, "（2021—2023年）"},
      {1,
       "为深入贯彻落实市委、市政府关于扩大有效投资的决策部署，加快推进全市重点项目建设，推动经济"
       "高质量发展，结合我市实际，制定本方案。"},
      {1, "一、总体要求"},
      {1,
       "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大和十九届历次全会精神，坚持稳"
       "中求进工作总基调，完整、准确、全面贯彻新发展理念，以项目建设为抓手，着力补短板、强弱项、"
       "增后劲，为全面建设社会主义现代化新衡阳提供有力支撑。"},
      {1,
       "到2023年，全市累计实施重点项目300个以上，完成投资1500亿元以上，其中产业项目投资占比达到"
       "55%以上，基础设施和民生短板加快补齐。"},
      {1, "二、重点任务"},
      // Starts on the last line of page 1 and continues on page 2.
      {1,
       "1.建设现代产业体系。围绕新材料、电子信息、装备制造等主导产业，每年滚动实施产业项目100个以"
       "上，推动衡阳高新区、松木经开区等园区提质扩容，力争新增规模以上工业企业50家。"},
      {2,
       "2.建设综合交通枢纽。加快推进衡永高速、南岳机场改扩建等项目，完善“四纵四横”干线路网，推"
       "进湘江衡阳段航道建设，到2023年实现县县通高速、乡乡通三级以上公路。"},
      {2,
       "3.建设城市功能设施。实施老旧小区改造项目200个，新建改造城市道路80公里，推进城区排水管网"
       "和污水处理设施建设，城市生活污水集中收集率达到70%以上。"},
      {2,
       "4.建设民生保障项目。新建、改扩建中小学校60所、公办幼儿园50所，推进市中心医院新院区建设，"
       "完善城乡养老服务设施，健全社会救助体系，让发展成果更多更公平惠及全体人民群众。"},
      {2, "三、保障措施"},
      {2,
       "（一）强化组织领导。成立市重点项目建设领导小组，由市长任组长，实行市级领导联系重点项目制"
       "度，定期调度项目进展，协调解决项目推进中的重大问题。"},
      {3,
       "（二）强化要素保障。统筹用地、用林、用能指标向重点项目倾斜，创新投融资机制，积极争取中央"
       "预算内投资和地方政府专项债券资金支持，引导社会资本参与重点项目建设。"},
      {3,
       "（三）强化督查考核。将重点项目建设纳入各县市区和市直单位绩效考核，实行月调度、季通报、年"
       "考核，对工作推进不力、造成严重后果的单位和个人依法依规严肃问责。"},
      {3, "本方案自印发之日起施行。"},
  };
}

TEST_F(PdfReaderTest, RebuildsWrappedParagraphsAcrossPages) {
  Result<Document> doc = ReadPdf(ReadFixture("wrapped.pdf"));
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->format, "pdf");
  const std::vector<ExpectedBlock> expected = WrappedParagraphs();
  ASSERT_EQ(doc->blocks.size(), expected.size()) << doc->text;
  for (size_t i = 0; i < expected.size(); ++i) {
    const Block& b = doc->blocks[i];
    EXPECT_EQ(b.text, expected[i].text) << "block " << i;
    EXPECT_EQ(b.page, expected[i].page) << "block " << i << ": " << b.text;
    EXPECT_EQ(b.kind, Block::Kind::kParagraph);
    EXPECT_EQ(b.furniture, Furniture::kNone);
  }
}

TEST_F(PdfReaderTest, RemovesRunningHeadsAndPageNumbers) {
  Result<Document> doc = ReadPdf(ReadFixture("wrapped.pdf"));
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_THAT(doc->text, ::testing::Not(HasSubstr("人民政府文件")));
  for (const char* number : {"1", "2", "3"}) {
    EXPECT_THAT(doc->text, ::testing::Not(HasSubstr(std::string("— ") + number + " —")));
    EXPECT_THAT(doc->text, ::testing::Not(HasSubstr(std::string("—") + number + "—")));
  }
  // The title keeps its own line; the gap under the subtitle shows as a blank line.
  EXPECT_THAT(doc->text, HasSubstr("衡阳市重点项目建设三年行动方案\n"));
  EXPECT_THAT(doc->text, HasSubstr("（2021—2023年）\n\n"));
}

TEST_F(PdfReaderTest, BlockOffsetsPointIntoText) {
  Result<Document> doc = ReadPdf(ReadFixture("wrapped.pdf"));
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  size_t prev_end = 0;
  for (const Block& b : doc->blocks) {
    ASSERT_LE(prev_end, b.begin);
    ASSERT_LT(b.begin, b.end);
    ASSERT_LE(b.end, doc->text.size());
    std::string_view span = std::string_view(doc->text).substr(b.begin, b.end - b.begin);
    if (span.find('\n') == std::string_view::npos) {
      EXPECT_EQ(span, b.text);  // a one-line block is its span exactly
    } else {
      EXPECT_EQ(JoinedSpan(*doc, b), b.text);  // a rebuilt paragraph spans its lines
    }
    prev_end = b.end;
  }
}

TEST_F(PdfReaderTest, ReadDocumentBytesDetectsPdf) {
  Result<Document> doc = ReadDocumentBytes(ReadFixture("wrapped.pdf"), "plan.pdf");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->format, "pdf");
  EXPECT_EQ(doc->path, "plan.pdf");
  EXPECT_EQ(doc->blocks.size(), WrappedParagraphs().size());
  for (const Block& b : doc->blocks) EXPECT_EQ(b.furniture, Furniture::kNone) << b.text;
}

TEST_F(PdfReaderTest, ImageOnlyPdfAsksForOcr) {
  Result<Document> doc = ReadPdf(ReadFixture("image_only.pdf"));
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), Status::Code::kParseError);
  EXPECT_EQ(doc.status().message(), "PDF 没有文字层（可能是扫描件），请先做文字识别（OCR）再导入");
  SetLanguage(Lang::kEn);
  EXPECT_EQ(ReadPdf(ReadFixture("image_only.pdf")).status().message(),
            "PDF has no text layer (scanned image?); run OCR first");
}

TEST_F(PdfReaderTest, TruncatedPdfIsDamaged) {
  Result<Document> doc = ReadPdf(ReadFixture("truncated.pdf"));
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), Status::Code::kParseError);
  EXPECT_THAT(doc.status().message(), HasSubstr("PDF 文件已损坏或被截断"));
}

TEST_F(PdfReaderTest, EncryptedPdfSaysPasswordProtected) {
  Result<Document> doc = ReadPdf(ReadFixture("encrypted.pdf"));
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), Status::Code::kParseError);
  EXPECT_THAT(doc.status().message(), HasSubstr("密码"));
}

TEST_F(PdfReaderTest, RejectsEmptyAndNonPdfBytes) {
  Result<Document> empty = ReadPdf("");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), Status::Code::kParseError);

  std::mt19937 rng(7);
  std::string random(4096, '\0');
  for (char& c : random) c = static_cast<char>(rng());
  Result<Document> noise = ReadPdf(random);
  ASSERT_FALSE(noise.ok());
  EXPECT_EQ(noise.status().code(), Status::Code::kParseError);
  EXPECT_THAT(noise.status().message(), HasSubstr("不是 PDF 文件"));

  Result<Document> header_only = ReadPdf("%PDF-1.7\n" + random + "\n%%EOF\n");
  ASSERT_FALSE(header_only.ok());
  EXPECT_EQ(header_only.status().code(), Status::Code::kParseError);
  EXPECT_THAT(header_only.status().message(), HasSubstr("PDF 文件已损坏或被截断"));
}

// Cut and corrupted copies of a good file: the reader returns a document or an error for
// each, never crashes or throws, and what it returns is well-formed.
TEST_F(PdfReaderTest, SurvivesCutAndCorruptedFiles) {
  const std::string good = ReadFixture("wrapped.pdf");
  ASSERT_FALSE(good.empty());
  std::vector<std::string> inputs;
  for (size_t k = 1; k < 20; ++k) inputs.push_back(good.substr(0, good.size() * k / 20));
  std::mt19937 rng(42);
  for (int k = 0; k < 30; ++k) {
    std::string bad = good;
    for (int flips = 0; flips < 8; ++flips) {
      bad[rng() % bad.size()] = static_cast<char>(rng());
    }
    inputs.push_back(std::move(bad));
  }
  for (const std::string& input : inputs) {
    Result<Document> doc = ReadPdf(input);
    if (!doc.ok()) {
      EXPECT_THAT(doc.status().code(),
                  AnyOf(Status::Code::kParseError, Status::Code::kInvalidArgument));
      continue;
    }
    for (const Block& b : doc->blocks) {
      ASSERT_LE(b.end, doc->text.size());
      EXPECT_GE(b.page, 1);
      EXPECT_TRUE(utf8::IsValid(b.text));
    }
  }
}

}  // namespace
}  // namespace guihua::document
