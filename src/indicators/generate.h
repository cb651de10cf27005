// Synthetic monitoring data (合成数据, never official figures) for demos, tests and benchmarks:
// plausible observation series for an indicator table over a region tree, and a
// national-scale set (全国 → 31 provinces → counties) of any size. Pure functions, no I/O
// (service/data_gen.h writes the CSV files); thread-safe.
//
// Determinism: the same options (seed included) and inputs give bit-identical output on every
// IEEE-754 machine. The generator is our own splitmix64 stream; normal-like noise is a scaled
// Irwin–Hall sum of four uniforms; only + - * / and std::round touch the values (no libm
// transcendental functions, no std:: distributions, whose output is implementation-defined).
// Each (indicator, region) pair draws from its own stream keyed by the seed, the indicator
// code and the region name, so the input's order does not matter (a parent's mean and the
// centring of sibling baselines do depend on which siblings exist). Only the defaults
// end_year = 0 / end_month = 0 ("now") depend on the clock.
//
// What is generated (GenerateDataset):
//   - every region that has no data children gets its own trajectory; a region with
//     children (衡阳市 over its counties) gets the mean of its children, period by period.
//     Parks (type "park") report only 经济发展 and 创新驱动 indicators and are left out of
//     their parent's mean.
//   - leaf baselines scatter around the table's baseline (levels by up to a tenth of the
//     change the target needs, since the engine measures every region from the table's
//     baseline; bounds ±3 %; rates ±0.8 points), centred so the parent's baseline-year value
//     is the table's baseline.
//   - about `lagging_share` of the leaf pairs move at 25–70 % of the pace the target needs
//     (a fifth of those move the wrong way, 逆向变化); the others at 95–135 %.
//   - yearly observations from start_year to the last complete year for every indicator; the
//     value at the baseline year is the region's baseline. Rate-observed indicators
//     (Indicator::ObservedAsRate: growth, cumulative in %) hold the year's rate.
//   - monthly observations (2023-06) from January after start_year to the end for level,
//     ceiling and floor indicators: the level at the month's end, between the year-end
//     figures (December equals the year's figure). Rates, cumulative changes and qualitative
//     indicators are yearly only.
//
// Example:
//   GenOptions opt;  opt.end_year = 2023;  opt.end_month = 6;
//   Dataset d = GenerateDataset(opt, regions, indicators);   // 衡阳市 + counties + parks
//   GenOptions big;  big.regions = 3200;  big.indicators = 40;  big.months = 60;
//   Dataset n = GenerateScale(big);                           // 7,680,000 observations
#pragma once

#include <cstdint>
#include <vector>

#include "indicators/indicator.h"

namespace guihua::indicators {

struct GenOptions {
  // Same seed and options → the same dataset, bit for bit.
  uint64_t seed = 20210101;
  // GenerateScale only: regions in all (全国, then up to 31 provinces, then counties 县0001…).
  int regions = 0;
  // GenerateScale only: indicators G001… (a mix of every target kind).
  int indicators = 0;
  // GenerateScale only: monthly periods, the last one being end_year-end_month.
  int months = 0;
  // GenerateDataset only: the first yearly observation.
  int start_year = 2020;
  // The last period's year; 0: the current year (UTC).
  int end_year = 0;
  // The last period's month (1-12); 0: December when end_year is given, otherwise the last
  // complete month before today.
  int end_month = 0;
  // Share (0–1) of indicator × region pairs that lag behind pace; a fifth of them
  // deteriorate.
  double lagging_share = 0.25;
};

struct Dataset {
  std::vector<Region> regions;
  std::vector<Indicator> indicators;
  // Ordered by indicator (table order), region (regions order), period end.
  std::vector<Observation> observations;
};

// The last month generated (end_year / end_month resolved against the clock): e.g.
// Period::Month(2026, 10).
Period GenerationEnd(const GenOptions& opt);

// Series for `indicators` over `regions` (parents before or after children, any order) as the
// header describes. Indicators without a baseline year use start_year; without a target year,
// baseline year + 5. Regions whose parent is not in `regions` are roots.
//
// Example:
//   Dataset d = GenerateDataset(GenOptions{}, hengyang_regions, hengyang_indicators);
Dataset GenerateDataset(const GenOptions& opt, const std::vector<Region>& regions,
                        const std::vector<Indicator>& indicators);

// A national-scale set: opt.regions × opt.indicators × opt.months observations, all monthly.
// Regions: 全国, the provinces (北京市 … 新疆维吾尔自治区, as many of the 31 as fit), then
// counties 县0001… assigned to the provinces in turn; a province's value is the mean of its
// counties', 全国's the mean of the provinces'. Indicators G001… cycle through ten templates
// (levels up and down, growth, cumulative reduction, cumulative change in 岁, ceiling, floor,
// qualitative) with baseline year = the year before the five-year plan that contains the end
// month (2025 for 2026–2030) so the data sits mid-plan. Rate-observed indicators hold the
// year-to-date rate (累计增速) for each month. 3,200 × 40 × 60 takes one to two seconds
// on one core.
//
// Example:
//   GenOptions o;  o.regions = 100;  o.indicators = 10;  o.months = 24;
//   Dataset d = GenerateScale(o);  // d.observations.size() == 24000
Dataset GenerateScale(const GenOptions& opt);

}  // namespace guihua::indicators
