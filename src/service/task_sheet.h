// The task decomposition table (任务分解表) as offices exchange it in Excel: columns 序号,
// 所属部分, 条目, 任务内容, 牵头单位, 责任单位, 完成时限, 备注 under a title row, frozen
// header, widths and wrapping. Reading an edited table back stores changed units, deadlines
// and remarks; rows with an empty or unknown 序号 become manual tasks; nothing else changes.
// A table exported and re-imported without edits changes nothing. Stateless functions.
//
// Example:
//   GH_RETURN_IF_ERROR(ExportTaskSheet(plan, tasks, {plan_id, version}, "任务分解表.xlsx"));
//   GH_ASSIGN_OR_RETURN(tabular::Workbook wb, tabular::ReadXlsxFile("任务分解表.xlsx"));
//   GH_ASSIGN_OR_RETURN(SheetChanges c, ImportTaskSheet(*store, plan_id, wb, "任务分解表.xlsx",
//   false));
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "plan/plan.h"
#include "plan/task.h"
#include "service/account_service.h"
#include "store/store.h"
#include "tabular/xlsx.h"

namespace guihua::service {

// "2025-12-31" -> "2025年12月31日"; "" stays "".
std::string FormatDeadline(const std::string& iso);
// Accepts 2025年12月31日, 2025-12-31, 2025/12/31, 2025.12.31, 2025年12月, 2025年底/末, 2025年,
// 2025, and Excel date serials (45657). Returns "" for empty, InvalidArgument for the rest.
Result<std::string> ParseDeadline(const std::string& cell);

// Which plan version a table was exported from. Written to a hidden sheet so that a table
// exported from an older version is not applied to renumbered tasks.
struct SheetOrigin {
  int64_t plan_id = 0;
  int version = 0;
};

// The rows the sheet shows, in order (exposed for tests).
tabular::SheetSpec TaskSheetSpec(const plan::Plan& plan, const std::vector<plan::Task>& tasks);

// Writes the sheet of `tasks` (and the hidden origin sheet) at `path`, or as xlsx bytes (a
// download: GET /tasks/export).
Status ExportTaskSheet(const plan::Plan& plan, const std::vector<plan::Task>& tasks,
                       const SheetOrigin& origin, const std::string& path);
Result<std::string> TaskSheetXlsx(const plan::Plan& plan, const std::vector<plan::Task>& tasks,
                                  const SheetOrigin& origin);

struct SheetChanges {
  std::vector<plan::Task> updated;  // existing tasks with new units/deadline/remarks
  std::vector<plan::Task> added;    // manual tasks
  int unchanged = 0;
  std::vector<std::string> warnings;  // edits that are not applied, rows missing, unknown units
};

// Compares an edited workbook with the stored tasks of `current_origin`. `file` names the
// file in messages. A row is matched to a task by its 序号 when its 任务内容 is the task's
// text, else by the text alone; a row that matches neither way is reported and not applied.
// A workbook exported from another plan or an older version is refused (FailedPrecondition).
// Errors (ParseError) name the sheet, row and column; nothing is applied on error.
Result<SheetChanges> DiffTaskSheet(const tabular::Workbook& wb,
                                   const std::vector<plan::Task>& current,
                                   const std::vector<plan::Unit>& units,
                                   const SheetOrigin& current_origin, const std::string& file);

// Diffs a workbook already read against the plan's latest version and, unless dry_run,
// applies the changes in one transaction. `file` names the workbook in messages.
Result<SheetChanges> ImportTaskSheet(store::Store& store, int64_t plan_id,
                                     const tabular::Workbook& wb, const std::string& file,
                                     bool dry_run, const Actor& actor = CliActor("tasks import"));

}  // namespace guihua::service
