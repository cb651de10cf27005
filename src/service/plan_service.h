// Plan use cases that combine the domain with a Store: importing a plan document (read,
// recognise structure, decompose into tasks, store as a new version unless unchanged) and
// the identity rules behind versioning. Stateless functions; thread-safety is the Store's.
//
// Example:
//   GH_ASSIGN_OR_RETURN(plan::Plan plan, ReadPlanFile("plan.docx"));
//   GH_ASSIGN_OR_RETURN(ImportReport r, ImportPlan(*store, std::move(plan), "plan.docx", units,
//   true));
//   // r.created == false when the same document was imported before
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "plan/plan.h"
#include "plan/task.h"
#include "plan/units.h"
#include "service/account_service.h"
#include "store/store.h"

namespace guihua::service {

struct ImportReport {
  int64_t plan_id = 0;
  int version = 0;
  bool created = false;  // false: identical to the latest stored version, nothing written
  plan::Plan plan;
  size_t task_count = 0;
  size_t carried_over = 0;  // user edits and manual tasks carried from the previous version
};

// Identity of a plan across versions: region and title (spaces ignored).
std::string PlanKey(const plan::Plan& plan);
// Hash of the plan's content (metadata and every node's kind, label, title, text, table);
// independent of source format and offsets.
std::string PlanContentHash(const plan::Plan& plan);

// Reads a plan document and recognises its structure; errors name the file. Call it before
// opening a store so that bad input never touches the database.
Result<plan::Plan> ReadPlanFile(const std::string& path);

// Decomposes `plan` into tasks and stores it as a new version (or nothing, if unchanged).
// `units` suggests lead and co-units; when `store_units` is true the units table is saved
// with the version in the same transaction. Nothing is written on any error.
Result<ImportReport> ImportPlan(store::Store& store, plan::Plan plan,
                                const std::string& source_name,
                                const std::vector<plan::Unit>& units, bool store_units,
                                const Actor& actor = CliActor("import"));

// Which units table an import uses: `given` (e.g. --units FILE) wins and is stored with the
// version; else the table already stored; else the one in `default_file` (then stored).
struct UnitsChoice {
  std::vector<plan::Unit> units;
  bool store = true;  // save the table with the imported version
};
Result<UnitsChoice> ChooseUnits(store::Store& store, std::optional<std::vector<plan::Unit>> given,
                                const std::string& default_file);

// Resolves --plan: 0 means "the only plan, or the most recently created one".
Result<int64_t> ResolvePlanId(store::Store& store, int64_t requested);

}  // namespace guihua::service
