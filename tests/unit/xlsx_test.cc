// Tests for tabular/xlsx.h: reading the openpyxl-made and hand-made fixtures in
// tests/golden/xlsx/ (regenerate with tests/tools/make_xlsx.py), the guards against broken and
// hostile files, and write -> read round trips through WriteXlsxFile.
#include "tabular/xlsx.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "common/i18n.h"
#include "common/utf8.h"

namespace guihua::tabular {
namespace {

using Rows = std::vector<std::pair<int, std::vector<std::string>>>;

std::string FixturePath(const std::string& name) {
  return std::string(GUIHUA_TEST_DATA) + "/golden/xlsx/" + name;
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Rows RowsOf(const Sheet& sheet) {
  Rows rows;
  for (const Row& row : sheet.rows) rows.emplace_back(row.number, row.cells);
  return rows;
}

// Messages are checked in Chinese, the default; the language is process-wide, so restore it.
class XlsxTest : public ::testing::Test {
 protected:
  ~XlsxTest() override {
    std::error_code ignored;
    for (const std::string& path : temp_paths_) std::filesystem::remove(path, ignored);
  }

  void SetUp() override {
    saved_ = CurrentLanguage();
    SetLanguage(Lang::kZh);
  }
  void TearDown() override { SetLanguage(saved_); }

  // Reads a fixture from bytes, so error messages carry no file name.
  static Result<Workbook> ReadFixture(const std::string& name) {
    return ReadXlsx(ReadBytes(FixturePath(name)));
  }

  // A fresh path in the test's temporary directory, removed at the end of the test.
  std::string TempPath(const std::string& name) {
    std::string path = ::testing::TempDir() + "guihua_xlsx_" + std::to_string(::getpid()) + "_" +
                       ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" + name;
    temp_paths_.push_back(path);
    return path;
  }

 private:
  Lang saved_ = Lang::kZh;
  std::vector<std::string> temp_paths_;
};

using XlsxReader = XlsxTest;
using XlsxWriter = XlsxTest;

// ---------------------------------------------------------------------------------------------
// Reading fixtures

TEST_F(XlsxReader, ReadsOpenpyxlWorkbook) {
  Result<Workbook> wb = ReadFixture("basic.xlsx");
  ASSERT_TRUE(wb.ok()) << wb.status().ToString();
  ASSERT_EQ(wb->sheets.size(), 1u);
  EXPECT_EQ(wb->sheets[0].name, "计划表");
  EXPECT_EQ(RowsOf(wb->sheets[0]),
            (Rows{
                {1, {"任务", "牵头单位", "完成时限", "数量"}},
                {2, {"推进重点项目建设", "市发展改革委", "2023年底", "12"}},
                {3, {"优化营商环境", "", "长期坚持", "0.1"}},  // empty cell in the middle
                {4, {"  前后空格  ", "第一行\n第二行", "12", "1234567.5"}},
                // row 5 is empty; a date stays a serial number
                {6, {"TRUE", "FALSE", "44256", "1e+20"}},
                {7, {"-3", "", "", "", "", "F列"}},
                // row 8 holds only a styled empty cell and is dropped
            }));
}

TEST_F(XlsxReader, ReadsSheetsInWorkbookOrder) {
  Result<Workbook> wb = ReadFixture("two_sheets.xlsx");
  ASSERT_TRUE(wb.ok()) << wb.status().ToString();
  ASSERT_EQ(wb->sheets.size(), 2u);
  EXPECT_EQ(wb->sheets[0].name, "一、重点任务");
  EXPECT_EQ(RowsOf(wb->sheets[0]), (Rows{{1, {"序号", "任务"}}, {2, {"1", "建设综合交通枢纽"}}}));
  EXPECT_EQ(wb->sheets[1].name, "Indicators");
  EXPECT_EQ(RowsOf(wb->sheets[1]), (Rows{{1, {"name", "value"}}, {2, {"GDP增速", "6.5"}}}));
}

TEST_F(XlsxReader, ReadsSharedStrings) {
  Result<Workbook> wb = ReadFixture("shared_strings.xlsx");
  ASSERT_TRUE(wb.ok()) << wb.status().ToString();
  ASSERT_EQ(wb->sheets.size(), 1u);
  EXPECT_EQ(RowsOf(wb->sheets[0]),
            (Rows{{1, {"任务", "市发展改革委"}}, {2, {"Ａ＆Ｂ <全角>", "", "市发展改革委"}}}));
}

TEST_F(XlsxReader, ReadsInlineStrings) {
  Result<Workbook> wb = ReadFixture("inline_strings.xlsx");
  ASSERT_TRUE(wb.ok()) << wb.status().ToString();
  EXPECT_EQ(RowsOf(wb->sheets[0]),
            (Rows{{1, {"内联文本", "分段富文本", "  两端空格  "}}, {2, {"", "", " "}}}));
}

TEST_F(XlsxReader, ReadsRichTextAndSkipsPhoneticRuns) {
  Result<Workbook> wb = ReadFixture("rich_text.xlsx");
  ASSERT_TRUE(wb.ok()) << wb.status().ToString();
  EXPECT_EQ(RowsOf(wb->sheets[0]),
            (Rows{{1, {"普通文本", "加粗 与常规"}},
                  {2, {"東京", "  保留空格  ", "第一行\r\n第二行"}}}));  // _x000D_ decoded
}

TEST_F(XlsxReader, ReadsCachedFormulaResults) {
  Result<Workbook> wb = ReadFixture("formula.xlsx");
  ASSERT_TRUE(wb.ok()) << wb.status().ToString();
  // D2 is a formula without a cached value: empty, so trimmed.
  EXPECT_EQ(RowsOf(wb->sheets[0]), (Rows{{1, {"1", "2", "3"}}, {2, {"合计", "TRUE", "#DIV/0!"}}}));
}

TEST_F(XlsxReader, PlacesCellsAndRowsWithoutReferencesByOrder) {
  Result<Workbook> wb = ReadFixture("no_refs.xlsx");
  ASSERT_TRUE(wb.ok()) << wb.status().ToString();
  EXPECT_EQ(RowsOf(wb->sheets[0]), (Rows{{1, {"1", "2", "三"}}, {3, {"", "5", "", "", "6", "7"}}}));
}

TEST_F(XlsxReader, MatchesElementsUnderAnyNamespacePrefix) {
  Result<Workbook> wb = ReadFixture("prefixed.xlsx");
  ASSERT_TRUE(wb.ok()) << wb.status().ToString();
  EXPECT_EQ(RowsOf(wb->sheets[0]), (Rows{{1, {"前缀", "42"}}}));
}

TEST_F(XlsxReader, ReadFileEqualsReadBytes) {
  Result<Workbook> wb = ReadXlsxFile(FixturePath("two_sheets.xlsx"));
  ASSERT_TRUE(wb.ok()) << wb.status().ToString();
  ASSERT_EQ(wb->sheets.size(), 2u);
  EXPECT_EQ(wb->sheets[1].rows.back().cells, (std::vector<std::string>{"GDP增速", "6.5"}));
}

// ---------------------------------------------------------------------------------------------
// Broken and hostile input

TEST_F(XlsxReader, RejectsTruncatedZip) {
  Result<Workbook> wb = ReadFixture("truncated.xlsx");
  ASSERT_FALSE(wb.ok());
  EXPECT_EQ(wb.status().code(), Status::Code::kParseError);
  EXPECT_EQ(wb.status().message(), "不是有效的 .xlsx 文件（压缩包损坏或被截断）");
}

TEST_F(XlsxReader, RejectsNonZipInput) {
  EXPECT_EQ(ReadXlsx("hello, world").status().message(),
            "不是有效的 .xlsx 文件（压缩包损坏或被截断）");
  EXPECT_EQ(ReadXlsx("").status().code(), Status::Code::kParseError);
  Result<Workbook> xls = ReadXlsx(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8));
  ASSERT_FALSE(xls.ok());
  EXPECT_NE(xls.status().message().find(".xls"), std::string::npos);
}

TEST_F(XlsxReader, EnglishMessages) {
  SetLanguage(Lang::kEn);
  EXPECT_EQ(ReadFixture("truncated.xlsx").status().message(),
            "not a valid .xlsx file (the zip archive is damaged or truncated)");
}

// Each broken fixture fails with a ParseError whose message says what is wrong and where.
TEST_F(XlsxReader, RejectsBrokenAndHostileFiles) {
  struct Case {
    const char* fixture;
    const char* message_part;
  };
  const Case cases[] = {
      {"no_workbook.xlsx", "不是 Excel 工作簿（找不到 xl/workbook.xml）"},
      {"malformed_xml.xlsx", "工作表“Sheet1”: 部件 xl/worksheets/sheet1.xml 的 XML 格式错误"},
      {"bad_ref.xlsx", "第 1 行：单元格引用“A0”无效"},
      {"too_wide.xlsx", "第 1 行：单元格引用“XFE1”无效"},
      {"too_tall.xlsx", "行号“1048577”无效"},
      {"bad_shared_index.xlsx", "单元格 A1：共享字符串编号“1”无效"},
      // The zip directory declares 100 MB: rejected before reading.
      {"declared_huge.xlsx", "部件 xl/worksheets/sheet1.xml 解压后超过上限 64 MB"},
      // The headers claim 1 KB but the data inflates to 65 MB: stopped by counting bytes.
      {"bomb.xlsx", "部件 xl/worksheets/sheet1.xml 解压后超过上限 64 MB"},
      // One value in column XFD on each of 600 rows would fill 9.8 million cells.
      {"sparse.xlsx", "表格过大或过于稀疏"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.fixture);
    Result<Workbook> wb = ReadFixture(c.fixture);
    ASSERT_FALSE(wb.ok());
    EXPECT_EQ(wb.status().code(), Status::Code::kParseError);
    EXPECT_THAT(wb.status().message(), ::testing::HasSubstr(c.message_part));
  }
}

TEST_F(XlsxReader, RejectsInputLargerThanTheLimit) {
  std::string big(kMaxXlsxBytes + 1, '\0');
  std::memcpy(big.data(), "PK\x03\x04", 4);
  Result<Workbook> wb = ReadXlsx(big);
  ASSERT_FALSE(wb.ok());
  EXPECT_EQ(wb.status().code(), Status::Code::kParseError);
  EXPECT_NE(wb.status().message().find("太大"), std::string::npos);
}

TEST_F(XlsxReader, FileErrorsNameThePath) {
  std::string missing = FixturePath("no_such_file.xlsx");
  Result<Workbook> wb = ReadXlsxFile(missing);
  ASSERT_FALSE(wb.ok());
  EXPECT_EQ(wb.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(wb.status().message().rfind(missing, 0), 0u) << wb.status().message();

  std::string truncated = FixturePath("truncated.xlsx");
  Result<Workbook> bad = ReadXlsxFile(truncated);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), truncated + ": 不是有效的 .xlsx 文件（压缩包损坏或被截断）");
}

// ---------------------------------------------------------------------------------------------
// Writing

TEST_F(XlsxWriter, RoundTripsTextNumbersAndLayout) {
  std::string long_text;
  for (int i = 0; i < 500; ++i) long_text += "推进重点项目建设，";  // 4,500 characters
  SheetSpec spec;
  spec.name = "任务分解表";
  spec.title = "2021年重点任务分解表";
  spec.columns = {
      {"序号", 6, false, true}, {"任务", 40, true}, {"牵头单位", 16}, {"数量", 10, false, true}};
  spec.rows = {
      {"1", "推进重点项目建设", "市发展改革委", "12"},
      {"2", "优化营商环境", "", "0.5"},  // empty cell in the middle
      {"", "", "", ""},                  // an empty row: not read back
      {"3", long_text, "  前后空格  ", "1234567.5"},
      {"4", "第一行\n第二行", "市财政局"},  // shorter than the columns
      {"待定", "", "", "约 3 个"},          // not numbers: stay text
  };
  std::string path = TempPath("round_trip.xlsx");
  ASSERT_EQ(WriteXlsxFile(path, {spec}).ToString(), "OK");

  Result<Workbook> wb = ReadXlsxFile(path);
  ASSERT_TRUE(wb.ok()) << wb.status().ToString();
  ASSERT_EQ(wb->sheets.size(), 1u);
  EXPECT_EQ(wb->sheets[0].name, "任务分解表");
  EXPECT_EQ(RowsOf(wb->sheets[0]),
            (Rows{
                {1, {"2021年重点任务分解表"}},  // merged title: the other cells are blank
                {2, {"序号", "任务", "牵头单位", "数量"}},
                {3, {"1", "推进重点项目建设", "市发展改革委", "12"}},
                {4, {"2", "优化营商环境", "", "0.5"}},
                {6, {"3", long_text, "  前后空格  ", "1234567.5"}},
                {7, {"4", "第一行\n第二行", "市财政局"}},
                {8, {"待定", "", "", "约 3 个"}},
            }));
}

TEST_F(XlsxWriter, WritesNumbersOnlyInNumericColumnsAndOnlyWhenWhollyNumeric) {
  SheetSpec spec;
  spec.name = "数";
  spec.columns = {{"数值", 10, false, true}, {"文本", 10}};
  spec.rows = {{" 7 ", "007"}, {"0012", "1.50"}, {"1e3", "12"}, {"inf", ""}, {"12abc", ""}};
  std::string path = TempPath("numbers.xlsx");
  ASSERT_EQ(WriteXlsxFile(path, {spec}).ToString(), "OK");
  Result<Workbook> wb = ReadXlsxFile(path);
  ASSERT_TRUE(wb.ok()) << wb.status().ToString();
  // Numbers come back in shortest form; text comes back as written.
  EXPECT_EQ(RowsOf(wb->sheets[0]), (Rows{{1, {"数值", "文本"}},
                                         {2, {"7", "007"}},
                                         {3, {"12", "1.50"}},
                                         {4, {"1000", "12"}},
                                         {5, {"inf"}},
                                         {6, {"12abc"}}}));
}

TEST_F(XlsxWriter, CutsCellsAtExcelsLimitAndKeepsControlCharacters) {
  std::string huge;
  for (int i = 0; i < 40000; ++i) huge += "字";
  SheetSpec spec;
  spec.name = "长文本";
  spec.rows = {{huge},
               {"a\x01"
                "b\tc"},
               {"bad \xFF utf8"}};
  std::string path = TempPath("limits.xlsx");
  ASSERT_EQ(WriteXlsxFile(path, {spec}).ToString(), "OK");
  Result<Workbook> wb = ReadXlsxFile(path);
  ASSERT_TRUE(wb.ok()) << wb.status().ToString();
  const std::vector<Row>& rows = wb->sheets[0].rows;
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(utf8::Length(rows[0].cells[0]), 32767u);
  EXPECT_EQ(rows[1].cells[0],
            "a\x01"
            "b\tc");
  EXPECT_EQ(rows[2].cells[0], "bad \xEF\xBF\xBD utf8");  // U+FFFD
}

TEST_F(XlsxWriter, MakesSheetNamesExcelAccepts) {
  std::vector<SheetSpec> sheets(6);
  sheets[0].name = "a/b:c*[x]";
  sheets[1].name = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五";
  sheets[2].name = "";
  sheets[3].name = "Data";
  sheets[4].name = "data";
  sheets[5].name = "'引号'";
  for (SheetSpec& s : sheets) s.rows = {{"x"}};
  std::string path = TempPath("names.xlsx");
  ASSERT_EQ(WriteXlsxFile(path, sheets).ToString(), "OK");
  Result<Workbook> wb = ReadXlsxFile(path);
  ASSERT_TRUE(wb.ok()) << wb.status().ToString();
  std::vector<std::string> names;
  for (const Sheet& s : wb->sheets) names.push_back(s.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{
                "a_b_c__x_", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一",
                "Sheet3", "Data", "data(2)", "引号"}));
}

TEST_F(XlsxWriter, WritesAnEmptyWorkbookWithOneSheet) {
  std::string path = TempPath("empty.xlsx");
  ASSERT_EQ(WriteXlsxFile(path, {}).ToString(), "OK");
  Result<Workbook> wb = ReadXlsxFile(path);
  ASSERT_TRUE(wb.ok()) << wb.status().ToString();
  ASSERT_EQ(wb->sheets.size(), 1u);
  EXPECT_TRUE(wb->sheets[0].rows.empty());
}

TEST_F(XlsxWriter, TitleWithoutColumns) {
  SheetSpec spec;
  spec.name = "只有标题";
  spec.title = "标题";
  std::string path = TempPath("title.xlsx");
  ASSERT_EQ(WriteXlsxFile(path, {spec}).ToString(), "OK");
  Result<Workbook> wb = ReadXlsxFile(path);
  ASSERT_TRUE(wb.ok()) << wb.status().ToString();
  EXPECT_EQ(RowsOf(wb->sheets[0]), (Rows{{1, {"标题"}}}));
}

TEST_F(XlsxWriter, ErrorsNameThePath) {
  std::string path = ::testing::TempDir() + "guihua_no_such_dir/out.xlsx";
  Status status = WriteXlsxFile(path, {SheetSpec{}});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(status.message().find(path), std::string::npos) << status.message();

  SheetSpec wide;
  wide.rows = {std::vector<std::string>(16385, "x")};
  Status too_wide = WriteXlsxFile(TempPath("wide.xlsx"), {wide});
  EXPECT_EQ(too_wide.code(), Status::Code::kInvalidArgument);
}

// Writes the workbook tests/tools/make_xlsx.py --check-writer inspects with openpyxl (fonts,
// fills, merges, freeze panes, widths). Set GUIHUA_XLSX_KEEP_DIR to keep the file there.
TEST_F(XlsxWriter, LayoutForOpenpyxl) {
  SheetSpec spec;
  spec.name = "任务分解表";
  spec.title = "2021年重点任务分解表";
  spec.columns = {{"序号", 6, false, true},
                  {"任务", 40, true},
                  {"牵头单位", 16},
                  {"备注", 10, false, false, true}};
  spec.rows = {{"1", "推进重点项目建设", "市发展改革委", "内部"}, {"待定", "优化营商环境"}};
  SheetSpec second;
  second.name = "a/b:c*[x]";
  second.freeze_header = false;
  second.columns = {{"x"}};
  const char* keep_dir = std::getenv("GUIHUA_XLSX_KEEP_DIR");
  std::string path = keep_dir != nullptr ? std::string(keep_dir) + "/writer_layout.xlsx"
                                         : TempPath("writer_layout.xlsx");
  ASSERT_EQ(WriteXlsxFile(path, {spec, second}).ToString(), "OK");
  Result<Workbook> wb = ReadXlsxFile(path);
  ASSERT_TRUE(wb.ok()) << wb.status().ToString();
  ASSERT_EQ(wb->sheets.size(), 2u);
  EXPECT_EQ(RowsOf(wb->sheets[0]), (Rows{{1, {"2021年重点任务分解表"}},
                                         {2, {"序号", "任务", "牵头单位", "备注"}},
                                         {3, {"1", "推进重点项目建设", "市发展改革委", "内部"}},
                                         {4, {"待定", "优化营商环境"}}}));
}

}  // namespace
}  // namespace guihua::tabular
