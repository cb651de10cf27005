#include "service/evaluation_report.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "common/i18n.h"
#include "indicators/aggregate.h"
#include "tabular/xlsx.h"

namespace guihua::service {
namespace {

using indicators::Evaluation;
using indicators::RollUpRow;
using ordered_json = nlohmann::ordered_json;

ordered_json Num(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return nullptr;
  // Round to 6 significant decimals so outputs are stable across platforms.
  return std::round(*v * 1e6) / 1e6;
}

std::string Fixed(const std::optional<double>& v, int decimals = 1) {
  if (!v || !std::isfinite(*v)) return "—";
  return fmt::format("{:.{}f}", *v, decimals);
}

std::string Short(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return "";
  char buf[32];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, std::round(*v * 1e6) / 1e6);
  return ec == std::errc() ? std::string(buf, p) : "";
}

const char* StatusText(indicators::EvalStatus s) {
  return CurrentLanguage() == Lang::kZh ? indicators::EvalStatusLabel(s)
                                        : indicators::EvalStatusName(s);
}

const char* WarningText(indicators::Warning w) {
  return CurrentLanguage() == Lang::kZh ? indicators::WarningLabel(w) : indicators::WarningName(w);
}

std::string RollUpLine(const RollUpRow& r) {
  return Msg(
      "{}：{} 项，提前实现 {}、快于预期 {}、基本符合 {}、滞后 {}、逆向 {}、无数据 {}；"
      "达标进度占比 {}%\n",
      "{}: {} pairs, achieved {}, ahead {}, on track {}, lagging {}, deteriorating {}, "
      "no data {}; on pace {}%\n",
      r.key.empty() ? Tr("（未分类）", "(none)") : r.key, r.total, r.achieved, r.ahead, r.on_track,
      r.lagging, r.deteriorating, r.no_data, Fixed(r.share_on_pace, 0));
}

std::vector<std::string> RollUpCells(const RollUpRow& r) {
  return {r.key,
          std::to_string(r.total),
          std::to_string(r.achieved),
          std::to_string(r.ahead),
          std::to_string(r.on_track),
          std::to_string(r.lagging),
          std::to_string(r.deteriorating),
          std::to_string(r.no_data),
          std::to_string(r.not_scored),
          Short(r.share_on_pace),
          Short(r.mean_pace_gap)};
}

std::vector<tabular::ColumnSpec> RollUpColumns(const std::string& first) {
  return {{first, 18},
          {Tr("合计", "total"), 8, false, true},
          {Tr("提前实现", "achieved"), 10, false, true},
          {Tr("快于预期", "ahead"), 10, false, true},
          {Tr("基本符合预期", "on track"), 12, false, true},
          {Tr("相对滞后", "lagging"), 10, false, true},
          {Tr("逆向变化", "deteriorating"), 10, false, true},
          {Tr("暂无数据", "no data"), 10, false, true},
          {Tr("不评分", "not scored"), 10, false, true},
          {Tr("进度达标占比%", "on pace %"), 14, false, true},
          {Tr("平均进度差", "mean pace gap"), 12, false, true}};
}

}  // namespace

Result<EvaluationRun> EvaluateStored(store::Store& store, const EvaluationQuery& q) {
  EvaluationRun run;
  GH_ASSIGN_OR_RETURN(run.indicators, store.LoadIndicators(q.plan_id));
  if (run.indicators.empty()) {
    return Status::NotFound(
        Tr("还没有指标（先用 guihua indicators import 导入指标表）",
           "no indicators stored (import an indicator table with guihua indicators import)"));
  }
  GH_ASSIGN_OR_RETURN(std::vector<indicators::Region> regions, store.LoadRegions());
  std::vector<std::string> order;
  for (const auto& r : regions) order.push_back(r.name);
  if (!q.region.empty() && std::find(order.begin(), order.end(), q.region) == order.end()) {
    return Status::NotFound(Msg("地区“{}”不存在", "region \"{}\" does not exist", q.region));
  }
  std::vector<std::string> codes;
  for (const auto& i : run.indicators) codes.push_back(i.code);
  GH_ASSIGN_OR_RETURN(std::vector<indicators::Observation> obs, store.LoadObservations(codes));
  // Only approved values count (drafts and submitted values await review).
  std::erase_if(obs, [](const indicators::Observation& o) {
    return o.status != indicators::ObservationStatus::kApproved;
  });
  // Parent-region aggregates and formula indicators where nothing was reported for them.
  GH_ASSIGN_OR_RETURN(std::vector<indicators::Observation> derived,
                      indicators::DeriveObservations(run.indicators, regions, obs));
  obs.insert(obs.end(), std::make_move_iterator(derived.begin()),
             std::make_move_iterator(derived.end()));
  // An indicator is evaluated in the regions that report on any indicator of its table
  // (a county that reported nothing on one indicator shows as no_data there), in the region
  // table's order.
  std::unordered_map<std::string, size_t> region_pos;
  for (size_t i = 0; i < order.size(); ++i) region_pos.emplace(order[i], i);
  std::unordered_map<std::string, std::string> table_of;
  for (const auto& i : run.indicators) table_of.emplace(i.code, i.table);
  std::unordered_map<std::string, std::vector<bool>> reports;  // table -> region has data
  for (const auto& o : obs) {
    auto r = region_pos.find(o.region);
    if (r == region_pos.end()) continue;
    auto& flags = reports[table_of[o.indicator]];
    if (flags.empty()) flags.assign(order.size(), false);
    flags[r->second] = true;
  }
  std::vector<std::string> with_data;
  std::vector<bool> any(order.size(), false);
  for (const auto& [table, flags] : reports) {
    for (size_t i = 0; i < flags.size(); ++i) any[i] = any[i] || flags[i];
  }
  for (size_t i = 0; i < order.size(); ++i) {
    if (any[i]) with_data.push_back(order[i]);
  }
  indicators::Evaluator ev(run.indicators, q.options);
  ev.SetRegionOrder(with_data);
  ev.AddBulk(std::move(obs));
  ev.EvaluateAll();
  for (const Evaluation& e : ev.Results()) {
    if (!q.region.empty() && e.region != q.region) continue;
    auto flags = reports.find(table_of[e.indicator]);
    auto r = region_pos.find(e.region);
    if (flags == reports.end() || r == region_pos.end() || !flags->second[r->second]) continue;
    run.evaluations.push_back(e);
  }
  return run;
}

std::string EvaluationsToJson(const std::vector<Evaluation>& evaluations) {
  ordered_json arr = ordered_json::array();
  for (const Evaluation& e : evaluations) {
    ordered_json j;
    j["indicator"] = e.indicator;
    j["name"] = e.name;
    j["region"] = e.region;
    j["period"] = e.period ? ordered_json(e.period->ToString()) : ordered_json(nullptr);
    j["value"] = Num(e.value);
    j["baseline"] = Num(e.baseline);
    j["target"] = Num(e.target);
    j["target_kind"] = indicators::TargetKindName(e.target_kind);
    j["progress"] = Num(e.progress);
    j["time_elapsed"] = Num(e.time_elapsed);
    j["pace_gap"] = Num(e.pace_gap);
    j["cagr_actual"] = Num(e.cagr_actual);
    j["cagr_required"] = Num(e.cagr_required);
    j["projected"] = Num(e.projected);
    j["status"] = indicators::EvalStatusName(e.status);
    j["warning"] = e.warning == indicators::Warning::kNone
                       ? ordered_json(nullptr)
                       : ordered_json(indicators::WarningName(e.warning));
    j["score"] = Num(e.score);
    arr.push_back(std::move(j));
  }
  return arr.dump(2, ' ', false, ordered_json::error_handler_t::replace);
}

std::string EvaluationsToText(const EvaluationRun& run) {
  std::string out;
  std::string last;
  for (const Evaluation& e : run.evaluations) {
    if (e.indicator != last) {
      out += fmt::format("\n{} {}（{}）\n", e.indicator, e.name,
                         indicators::TargetKindName(e.target_kind));
      last = e.indicator;
    }
    out += Msg(
        "  {:<8} {:<8} 值 {:>9} 基期 {:>9} 目标 {:>9} 进度 {:>6}% 序时 {:>6}% 差 {:>6}  {} {}\n",
        "  {:<8} {:<8} value {:>9} base {:>9} target {:>9} progress {:>6}% time {:>6}% "
        "gap {:>6}  {} {}\n",
        e.region, e.period ? e.period->ToString() : "—", Fixed(e.value, 2), Fixed(e.baseline, 2),
        Fixed(e.target, 2), Fixed(e.progress), Fixed(e.time_elapsed), Fixed(e.pace_gap),
        StatusText(e.status), WarningText(e.warning));
  }
  out += Tr("\n按属性汇总（约束性在前）\n", "\nBy attribute (binding first)\n");
  for (const RollUpRow& r : indicators::RollUpByAttribute(run.evaluations, run.indicators))
    out += "  " + RollUpLine(r);
  out += Tr("按类别汇总\n", "By category\n");
  for (const RollUpRow& r : indicators::RollUpByCategory(run.evaluations, run.indicators))
    out += "  " + RollUpLine(r);
  out += Tr("地区排名\n", "Regions ranked\n");
  int rank = 0;
  for (const RollUpRow& r : indicators::RankRegions(run.evaluations))
    out += fmt::format("  {}. ", ++rank) + RollUpLine(r);
  return out;
}

Status WriteEvaluationXlsx(const EvaluationRun& run, const std::string& path) {
  tabular::SheetSpec main;
  main.name = Tr("评估结果", "evaluation");
  main.title = Tr("规划主要指标监测评估表", "Main indicators: monitoring and evaluation");
  main.columns = {{Tr("指标编码", "code"), 9},
                  {Tr("指标名称", "indicator"), 30, true},
                  {Tr("地区", "region"), 10},
                  {Tr("时期", "period"), 9},
                  {Tr("最新值", "value"), 10, false, true},
                  {Tr("基期值", "baseline"), 10, false, true},
                  {Tr("目标值", "target"), 10, false, true},
                  {Tr("目标类型", "target kind"), 11},
                  {Tr("进度%", "progress %"), 9, false, true},
                  {Tr("序时进度%", "time elapsed %"), 10, false, true},
                  {Tr("进度差", "pace gap"), 9, false, true},
                  {Tr("实际年均增速%", "actual CAGR %"), 12, false, true},
                  {Tr("所需年均增速%", "required CAGR %"), 12, false, true},
                  {Tr("目标年预计值", "projected"), 12, false, true},
                  {Tr("评估结论", "status"), 12},
                  {Tr("预警", "warning"), 6},
                  {Tr("得分", "score"), 8, false, true}};
  for (const Evaluation& e : run.evaluations) {
    main.rows.push_back({e.indicator, e.name, e.region, e.period ? e.period->ToString() : "",
                         Short(e.value), Short(e.baseline), Short(e.target),
                         indicators::TargetKindName(e.target_kind), Short(e.progress),
                         Short(e.time_elapsed), Short(e.pace_gap), Short(e.cagr_actual),
                         Short(e.cagr_required), Short(e.projected), StatusText(e.status),
                         WarningText(e.warning), Short(e.score)});
  }
  tabular::SheetSpec groups;
  groups.name = Tr("分类汇总", "roll-ups");
  groups.columns = RollUpColumns(Tr("属性/类别", "attribute/category"));
  for (const RollUpRow& r : indicators::RollUpByAttribute(run.evaluations, run.indicators))
    groups.rows.push_back(RollUpCells(r));
  for (const RollUpRow& r : indicators::RollUpByCategory(run.evaluations, run.indicators))
    groups.rows.push_back(RollUpCells(r));
  tabular::SheetSpec ranking;
  ranking.name = Tr("地区排名", "regions");
  ranking.columns = RollUpColumns(Tr("地区", "region"));
  for (const RollUpRow& r : indicators::RankRegions(run.evaluations))
    ranking.rows.push_back(RollUpCells(r));
  return tabular::WriteXlsxFile(path, {main, groups, ranking});
}

}  // namespace guihua::service
