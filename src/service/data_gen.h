// Writes a generated dataset (indicators::Dataset, 合成数据) as the three CSV files the
// importers read, exactly in their contracts (service/indicator_import.h):
//   DIR/regions.csv        name,parent,type
//   DIR/indicators.csv     code,name,unit,category,attribute,direction,target_kind,
//                          baseline_year,baseline,target_year,target,note
//   DIR/observations.csv   indicator,region,period,value,source
// UTF-8 without BOM, "\n" line ends, numbers in the shortest form that reads back to the same
// double. Observations stream through a 4 MB buffer: 7.7 million rows (300 MB) take one to
// two seconds.
// Stateless; thread-safe for different directories.
//
// Example:
//   Dataset d = indicators::GenerateScale(opt);
//   GH_RETURN_IF_ERROR(WriteDatasetCsv(d, "out"));   // out/regions.csv, …
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "indicators/generate.h"
#include "indicators/indicator.h"

namespace guihua::service {

// Creates `dir` (and its parents) if missing and writes the three files, replacing existing
// ones. Errors name the path: InvalidArgument when the directory cannot be created or a file
// cannot be opened, Unavailable when a write fails (disk full).
//
// Example:
//   Status s = WriteDatasetCsv(dataset, "/tmp/gen");  // /tmp/gen/observations.csv, …
Status WriteDatasetCsv(const indicators::Dataset& dataset, const std::string& dir);

// One of those files: observations in the import contract (indicator,region,period,value,
// source), also what `guihua data export --csv` writes.
Status WriteObservationsCsv(const std::vector<indicators::Observation>& observations,
                            const std::string& path);

// The target column as a plan table writes it, for an indicator without target_text:
// level "65", growth ">7", cumulative "〔13.5〕", ceiling "<5.5", floor ">6.5", "" when there
// is no number. Reads back through indicators::ParseTarget with the declared kind.
std::string TargetNotation(const indicators::Indicator& ind);

}  // namespace guihua::service
