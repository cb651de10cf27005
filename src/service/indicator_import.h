// Indicator tables and observation data in and out (指标表与监测数据): the CSV and xlsx files
// offices and other programs exchange, read with every bad row and column reported and
// written to the Store in one transaction (nothing is written when any row is bad, or on a
// dry run). Stateless functions; each call opens no files but the one it is given.
//
// File contracts (keep exactly; Chinese headers accepted too):
//   indicators:   code,name,unit,category,attribute,direction,target_kind,baseline_year,
//                 baseline,target_year,target  (+ extra columns, kept as remarks)
//                 指标编码,指标名称,单位,类别,属性,方向,目标类型,基期年份,基期值,目标年份,目标值
//   observations: indicator,region,period,value,source   (指标,地区,时期,数值,来源)
//   regions:      name,parent,type                       (名称,上级,类型)
//
// Example:
//   GH_ASSIGN_OR_RETURN(TableImportReport r, ImportIndicatorsFile(*store, "indicators.csv", {}));
//   std::cout << r.Summary();
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "service/account_service.h"
#include "store/store.h"

namespace guihua::service {

struct TableImportOptions {
  bool dry_run = false;              // validate and report, write nothing
  int64_t plan_id = 0;               // indicators: attach them to this stored plan (0: none)
  Actor actor = CliActor("import");  // who, for the audit log
};

struct TableImportReport {
  std::string file;
  int64_t rows = 0;  // data rows read
  store::IndicatorWriteOutcome written;
  std::vector<std::string> new_regions;  // top-level regions created by a data import
  bool dry_run = false;
  std::string Summary() const;  // one or two lines, in the current language
};

// A file with bad rows fails with InvalidArgument whose message lists every bad row and
// column ("file, 第 3 行, 列 target: …"), up to 50 of them.
Result<TableImportReport> ImportRegionsFile(store::Store& store, const std::string& path,
                                            const TableImportOptions& opt);
Result<TableImportReport> ImportIndicatorsFile(store::Store& store, const std::string& path,
                                               const TableImportOptions& opt);
Result<TableImportReport> ImportObservationsFile(store::Store& store, const std::string& path,
                                                 const TableImportOptions& opt);

// Writes every stored observation in the import contract's columns (so the file imports
// again unchanged): .csv, or .xlsx with a second sheet holding the indicator table.
Status ExportData(store::Store& store, const std::string& path);

}  // namespace guihua::service
