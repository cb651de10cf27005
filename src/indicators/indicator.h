// The indicator model (主要指标): regions, indicators with their baseline and target, and
// observations, as plan tables and statistical reports state them. Plain value types;
// thread-compatible. No I/O here: importers live in service/, persistence in store/.
//
// Example:
//   Indicator gdp;  gdp.code = "N04";  gdp.target_kind = TargetKind::kGrowth;  gdp.target = 7;
//   Observation o{"N04", "全国", Period::Year(2021), 14.2, "R&D bulletin"};
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace guihua::indicators {

// A region (地区): 衡阳市 with its counties and parks, or 全国. `parent` is "" at the top.
struct Region {
  std::string name;    // "衡阳县"
  std::string parent;  // "衡阳市"
  std::string type;    // nation, province, city, district, county, county_city, park
};

// 约束性 binding (an obligation of government) or 预期性 expected (a guide); unknown when the
// source does not say.
enum class Attribute { kUnknown, kBinding, kExpected };
// Which way is good.
enum class Direction { kIncrease, kDecrease };
// How the target is written in the plan table:
//   level       reach a value by the target year            "65"
//   growth      annual average growth of at least x %       ">7"
//   cumulative  change over the whole period                 "〔13.5〕"
//   ceiling     stay at or below x every year                "<5.5"
//   floor       stay at or above x every year                "6.5以上", ">6.5" for a floor
//   qualitative recorded and shown, not scored               "保持在合理区间"
enum class TargetKind { kLevel, kGrowth, kCumulative, kCeiling, kFloor, kQualitative };
// How a region's value for a parent region is formed from its children.
enum class Aggregation { kNone, kSum, kMean, kWeighted, kFormula };

const char* AttributeName(Attribute a);    // "binding", "expected", "unknown"
const char* AttributeLabel(Attribute a);   // "约束性", "预期性", ""
const char* DirectionName(Direction d);    // "increase", "decrease"
const char* TargetKindName(TargetKind k);  // "level", "growth", …
const char* AggregationName(Aggregation a);
// Accept the English names and the Chinese words (约束性/预期性, 增长/提高/降低/减少, …).
bool ParseAttribute(std::string_view s, Attribute* out);
bool ParseDirection(std::string_view s, Direction* out);
bool ParseTargetKind(std::string_view s, TargetKind* out);
bool ParseAggregation(std::string_view s, Aggregation* out);

struct Indicator {
  std::string code;      // "N04"; unique within a plan's table
  std::string name;      // "全社会研发经费投入增长"
  std::string unit;      // "%", "件", "岁", "亿吨"
  std::string category;  // 经济发展/创新驱动/民生福祉/绿色生态/安全保障, or any
  Attribute attribute = Attribute::kUnknown;
  Direction direction = Direction::kIncrease;
  TargetKind target_kind = TargetKind::kLevel;
  std::optional<int> baseline_year;  // blank means unknown, never zero
  std::optional<double> baseline;
  std::optional<int> target_year;
  std::optional<double> target;  // the number in the target notation ("〔13.5〕" -> 13.5)
  std::string target_text;       // the target as written, kept for display
  std::string lead_unit;         // 牵头单位, optional
  // Optional formula over other indicators' codes, e.g. "RD / GDP * 100".
  std::string formula;
  Aggregation aggregation = Aggregation::kNone;
  std::string weight_by;  // code of the weighting indicator for Aggregation::kWeighted
  std::string remarks;    // extra columns of the imported table ("note: …")
  // The indicator table (指标表) it came with, e.g. "national-14th-fyp-indicators": an
  // indicator is evaluated in the regions that report on any indicator of its table.
  std::string table;

  // True when an observation is the year's rate in percent rather than a level: growth
  // targets, and cumulative targets in percent (energy intensity down 2.7% in 2021).
  bool ObservedAsRate() const {
    return target_kind == TargetKind::kGrowth ||
           (target_kind == TargetKind::kCumulative && unit == "%");
  }
};

// A reporting period: a year, a quarter or a month.
struct Period {
  enum class Grain { kYear, kQuarter, kMonth };
  int year = 0;
  int sub = 0;  // quarter 1-4 or month 1-12; 0 for a year
  Grain grain = Grain::kYear;

  static Period Year(int y) { return Period{y, 0, Grain::kYear}; }
  static Period Quarter(int y, int q) { return Period{y, q, Grain::kQuarter}; }
  static Period Month(int y, int m) { return Period{y, m, Grain::kMonth}; }

  // The period's end as a month count (year * 12 + month): 2023 -> 2023*12+12,
  // 2023-Q2 -> 2023*12+6. Orders periods of different grains by when they end.
  int EndMonth() const {
    switch (grain) {
      case Grain::kYear:
        return year * 12 + 12;
      case Grain::kQuarter:
        return year * 12 + sub * 3;
      case Grain::kMonth:
        return year * 12 + sub;
    }
    return year * 12 + 12;
  }
  // The period's end on a time axis where year Y ends at Y.0: 2023 -> 2023.0,
  // 2023-Q2 -> 2022.5, 2023-06 -> 2022.5. Time elapsed since a baseline year B is EndYear() - B.
  double EndYear() const { return static_cast<double>(EndMonth()) / 12.0 - 1.0; }
  std::string ToString() const;  // "2023", "2023-Q2", "2023-06"
  bool operator==(const Period& o) const = default;
};
// Parses "2023", "2023-Q2" (or "2023Q2", "2023年第二季度"), "2023-06" (or "2023-6", "2023年6月").
std::optional<Period> ParsePeriod(std::string_view s);

// 草稿 draft, 已报送 submitted, 已审核 approved (the reporting workflow moves them).
enum class ObservationStatus { kDraft, kSubmitted, kApproved };
const char* ObservationStatusName(ObservationStatus s);
bool ParseObservationStatus(std::string_view s, ObservationStatus* out);

struct Observation {
  std::string indicator;  // indicator code
  std::string region;     // region name
  Period period;
  double value = 0;
  std::string source;
  ObservationStatus status = ObservationStatus::kApproved;
};

}  // namespace guihua::indicators
