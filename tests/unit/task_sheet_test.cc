// The 任务分解表 exchange: export, read back, edits applied, errors named by row and column.
#include "service/task_sheet.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "document/reader.h"
#include "plan/structure.h"
#include "service/plan_service.h"
#include "store/store.h"
#include "tabular/xlsx.h"

namespace guihua::service {
namespace {

namespace fs = std::filesystem;

class TaskSheet : public ::testing::Test {
 protected:
  void SetUp() override {
    auto doc =
        document::ReadDocumentFile(GUIHUA_SOURCE_DIR "/data/plans/hengyang-14th-fyp-proposal.txt");
    ASSERT_TRUE(doc.ok());
    auto p = plan::ParsePlan(*doc);
    ASSERT_TRUE(p.ok());
    auto units = plan::LoadUnitsFile(GUIHUA_SOURCE_DIR "/data/units/hengyang_units.csv");
    ASSERT_TRUE(units.ok()) << units.status().ToString();
    store_ = store::NewMemoryStore();
    auto r = ImportPlan(*store_, *p, "sample.txt", *units, true);
    ASSERT_TRUE(r.ok());
    plan_id_ = r->plan_id;
    plan_ = *p;
    auto tasks = store_->LoadTasks(plan_id_, 0);
    ASSERT_TRUE(tasks.ok());
    tasks_ = *tasks;
    path_ =
        (fs::temp_directory_path() / ("tasks-" + std::to_string(::getpid()) + ".xlsx")).string();
    ASSERT_TRUE(ExportTaskSheet(plan_, tasks_, {plan_id_, 1}, path_).ok());
  }
  void TearDown() override { fs::remove(path_); }

  tabular::Workbook Read() {
    auto wb = tabular::ReadXlsxFile(path_);
    EXPECT_TRUE(wb.ok()) << wb.status().ToString();
    return *wb;
  }

  std::unique_ptr<store::Store> store_;
  int64_t plan_id_ = 0;
  plan::Plan plan_;
  std::vector<plan::Task> tasks_;
  std::string path_;
};

TEST_F(TaskSheet, LayoutOfficesUse) {
  tabular::Workbook wb = Read();
  ASSERT_EQ(wb.sheets.size(), 2u);  // the table and its hidden origin record
  EXPECT_EQ(wb.sheets[1].name, "_guihua");
  const tabular::Sheet& s = wb.sheets[0];
  EXPECT_EQ(s.name, "任务分解表");
  EXPECT_EQ(s.rows[0].cells[0], plan_.title + "任务分解表");
  EXPECT_EQ(s.rows[1].cells,
            (std::vector<std::string>{"序号", "所属部分", "条目", "任务内容", "牵头单位",
                                      "责任单位", "完成时限", "备注"}));
  ASSERT_EQ(s.rows.size(), tasks_.size() + 2);
  const tabular::Row& first = s.rows[2];
  EXPECT_EQ(first.cells[0], "1");
  EXPECT_EQ(first.cells[1], "三、加快构建现代产业体系，全力建设现代产业强市");
  EXPECT_EQ(first.cells[2], "7. 建设区域性先进制造业中心");
  EXPECT_EQ(first.cells[3], tasks_[0].text);
  EXPECT_EQ(first.cells[6], "2025年12月31日");
}

TEST_F(TaskSheet, RoundTripWithoutEditsChangesNothing) {
  auto ch = ImportTaskSheet(*store_, plan_id_, Read(), path_, false);
  ASSERT_TRUE(ch.ok()) << ch.status().ToString();
  EXPECT_TRUE(ch->updated.empty());
  EXPECT_TRUE(ch->added.empty());
  EXPECT_EQ(ch->unchanged, static_cast<int>(tasks_.size()));
  EXPECT_TRUE(ch->warnings.empty());
  auto after = store_->LoadTasks(plan_id_, 0);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), tasks_.size());
  for (size_t i = 0; i < tasks_.size(); ++i) {
    EXPECT_EQ((*after)[i].lead_unit, tasks_[i].lead_unit);
    EXPECT_EQ((*after)[i].co_units, tasks_[i].co_units);
    EXPECT_FALSE((*after)[i].edited);
  }
}

TEST_F(TaskSheet, EditsAreStoredAndAddedRowsBecomeManualTasks) {
  tabular::Workbook wb = Read();
  auto& rows = wb.sheets[0].rows;
  for (auto& r : rows) r.cells.resize(8);  // the reader trims trailing empty cells
  rows[2].cells[4] = "市发改委";
  rows[2].cells[5] = "市工信局、衡阳县，耒阳市";
  rows[2].cells[6] = "2023年6月";
  rows[2].cells[7] = "按季度报送";
  rows[3].cells[3] = "被改写的任务内容";  // text edits are reported, not stored
  tabular::Row added;
  added.number = 9999;
  added.cells = {"",         "", rows[2].cells[2], "新增：建设钢管产业研究院",
                 "市科技局", "", "2024年底",       ""};
  rows.push_back(added);
  auto ch = DiffTaskSheet(wb, tasks_, {}, {plan_id_, 1}, "t.xlsx");
  ASSERT_TRUE(ch.ok()) << ch.status().ToString();
  ASSERT_EQ(ch->updated.size(), 1u);
  EXPECT_EQ(ch->updated[0].lead_unit, "市发改委");
  EXPECT_EQ(ToStrings(ch->updated[0].co_units),
            (std::vector<std::string>{"市工信局", "衡阳县", "耒阳市"}));
  EXPECT_EQ(ch->updated[0].deadline, "2023-06-30");
  EXPECT_EQ(ch->updated[0].remarks, "按季度报送");
  EXPECT_EQ(ch->updated[0].text, tasks_[0].text);
  ASSERT_EQ(ch->added.size(), 1u);
  EXPECT_TRUE(ch->added[0].manual);
  EXPECT_EQ(ch->added[0].article, 7);
  EXPECT_EQ(ch->added[0].deadline, "2024-12-31");
  EXPECT_EQ(ch->added[0].id, static_cast<int64_t>(tasks_.size()) + 1);
  // Task 2's row had its text edited: reported and not applied, so task 2 is also "missing".
  ASSERT_EQ(ch->warnings.size(), 2u);
  EXPECT_NE(ch->warnings[0].find("第 4 行"), std::string::npos) << ch->warnings[0];

  ASSERT_TRUE(store_->SaveTaskChanges(plan_id_, 0, ch->updated, ch->added).ok());
  auto after = store_->LoadTasks(plan_id_, 0);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ((*after)[0].lead_unit, "市发改委");
  // The manual task sits after article 7's last task.
  size_t pos = 0;
  for (size_t i = 0; i < after->size(); ++i) {
    if ((*after)[i].manual) pos = i;
  }
  EXPECT_EQ((*after)[pos - 1].article, 7);
  EXPECT_EQ((*after)[pos + 1].article, 8);
}

TEST_F(TaskSheet, TableFromAnotherVersionIsRefused) {
  auto ch = DiffTaskSheet(Read(), tasks_, {}, {plan_id_, 2}, "old.xlsx");
  ASSERT_FALSE(ch.ok());
  EXPECT_EQ(ch.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(ch.status().message().find("第 1 版"), std::string::npos) << ch.status().message();
  EXPECT_FALSE(DiffTaskSheet(Read(), tasks_, {}, {plan_id_ + 1, 1}, "other.xlsx").ok());
}

TEST_F(TaskSheet, RowsAreMatchedByTextWhenNumbersMoved) {
  tabular::Workbook wb = Read();
  auto& rows = wb.sheets[0].rows;
  for (auto& r : rows) r.cells.resize(8);
  std::swap(rows[2].cells[0], rows[3].cells[0]);  // 序号 1 and 2 swapped by hand
  rows[2].cells[4] = "市发改委";                  // edit on the row of task 1's text
  rows[4].cells[3] = "一段改写过的文字";          // task 3: text edited, number kept
  rows[4].cells[4] = "市财政局";
  wb.sheets.pop_back();  // a table rebuilt by hand has no origin record
  auto ch = DiffTaskSheet(wb, tasks_, {}, {plan_id_, 1}, "t.xlsx");
  ASSERT_TRUE(ch.ok()) << ch.status().ToString();
  ASSERT_EQ(ch->updated.size(), 1u);
  EXPECT_EQ(ch->updated[0].id, 1);
  EXPECT_EQ(ch->updated[0].lead_unit, "市发改委");
  ASSERT_EQ(ch->warnings.size(), 2u);  // task 3's row is reported, not applied (and task 3 missing)
  EXPECT_NE(ch->warnings[0].find("第 5 行"), std::string::npos) << ch->warnings[0];
  EXPECT_TRUE(ch->added.empty());
}

TEST_F(TaskSheet, BadDeadlineNamesRowAndColumn) {
  tabular::Workbook wb = Read();
  wb.sheets[0].rows[5].cells.resize(8);
  wb.sheets[0].rows[5].cells[6] = "下个月";
  auto ch = DiffTaskSheet(wb, tasks_, {}, {plan_id_, 1}, "任务分解表.xlsx");
  ASSERT_FALSE(ch.ok());
  EXPECT_EQ(ch.status().code(), Status::Code::kParseError);
  EXPECT_NE(ch.status().message().find("任务分解表.xlsx"), std::string::npos);
  EXPECT_NE(ch.status().message().find("第 6 行"), std::string::npos) << ch.status().message();
  EXPECT_NE(ch.status().message().find("完成时限"), std::string::npos);
}

TEST_F(TaskSheet, MissingHeaderIsAnError) {
  tabular::Workbook wb;
  wb.sheets.push_back(tabular::Sheet{"Sheet1", {tabular::Row{1, {"a", "b"}}}});
  EXPECT_FALSE(DiffTaskSheet(wb, tasks_, {}, {plan_id_, 1}, "x.xlsx").ok());
}

TEST(Deadline, FormatsAndParsesOfficeSpellings) {
  EXPECT_EQ(FormatDeadline("2025-12-31"), "2025年12月31日");
  EXPECT_EQ(FormatDeadline(""), "");
  struct {
    const char* in;
    const char* out;
  } cases[] = {{"2025年12月31日", "2025-12-31"},
               {"2025-06-30", "2025-06-30"},
               {"2025/6/30", "2025-06-30"},
               {"2025年6月", "2025-06-30"},
               {"2024年2月底", "2024-02-29"},
               {"2025年底", "2025-12-31"},
               {"2025年", "2025-12-31"},
               {"2025", "2025-12-31"},
               {"45657", "2024-12-31"},
               {"2025.12", "2025-12-31"},
               {"", ""}};
  for (const auto& c : cases) {
    auto r = ParseDeadline(c.in);
    ASSERT_TRUE(r.ok()) << c.in;
    EXPECT_EQ(*r, c.out) << c.in;
  }
  EXPECT_FALSE(ParseDeadline("尽快").ok());
  EXPECT_FALSE(ParseDeadline("2025年13月").ok());
}

}  // namespace
}  // namespace guihua::service
