#include "service/plan_service.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "common/hash.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "document/reader.h"
#include "plan/decompose.h"
#include "plan/structure.h"

namespace guihua::service {
namespace {

void HashNodes(const std::vector<plan::Node>& nodes, Sha256* h) {
  for (const plan::Node& n : nodes) {
    h->Update("\x1e");
    h->Update(plan::NodeKindName(n.kind));
    for (const std::string* f : {&n.label, &n.title, &n.text}) {
      h->Update("\x1f");
      h->Update(*f);
    }
    for (const auto& row : n.table) {
      h->Update("\x1d");
      for (const std::string& c : row) {
        h->Update(c);
        h->Update("\x1f");
      }
    }
    h->Update("(");
    HashNodes(n.children, h);
    h->Update(")");
  }
}

// Carries user work from the previous version: edits of tasks whose text is unchanged, and
// manual tasks (renumbered after the generated ones).
size_t CarryOver(const std::vector<plan::Task>& previous, const plan::Plan& plan,
                 std::vector<plan::Task>* tasks) {
  size_t carried = 0;
  std::multimap<std::string, const plan::Task*> edited;
  for (const plan::Task& t : previous) {
    if (t.edited && !t.manual) edited.emplace(t.text, &t);
  }
  for (plan::Task& t : *tasks) {
    auto it = edited.find(t.text);
    if (it == edited.end()) continue;
    t.lead_unit = it->second->lead_unit;
    t.co_units = it->second->co_units;
    t.deadline = it->second->deadline;
    t.remarks = it->second->remarks;
    t.edited = true;
    edited.erase(it);
    ++carried;
  }
  std::map<std::string, int> node_seq;
  int seq = 0;
  plan::VisitNodes(plan.nodes, [&](const plan::Node& n, const std::vector<const plan::Node*>&) {
    node_seq[n.id] = ++seq;
  });
  int64_t next_id = static_cast<int64_t>(tasks->size()) + 1;
  for (const plan::Task& t : previous) {
    if (!t.manual) continue;
    plan::Task m = t;
    m.id = next_id++;
    auto it = node_seq.find(t.node_id);
    m.node_seq = it != node_seq.end() ? it->second : seq + 1;
    tasks->push_back(std::move(m));
    ++carried;
  }
  return carried;
}

}  // namespace

std::string PlanKey(const plan::Plan& plan) {
  return utf8::RemoveSpaces(plan.region) + "|" + utf8::RemoveSpaces(plan.title);
}

std::string PlanContentHash(const plan::Plan& plan) {
  Sha256 h;
  for (const std::string* f : {&plan.title, &plan.issuer, &plan.adopted, &plan.region}) {
    h.Update(*f);
    h.Update("\x1f");
  }
  h.Update(std::to_string(plan.period.start) + "-" + std::to_string(plan.period.end) + "/" +
           std::to_string(plan.vision_year));
  for (const std::string& f : plan.front_matter) {
    h.Update("\x1c");
    h.Update(f);
  }
  HashNodes(plan.nodes, &h);
  return h.HexDigest();
}

Result<plan::Plan> ReadPlanFile(const std::string& path) {
  GH_ASSIGN_OR_RETURN(document::Document doc, document::ReadDocumentFile(path));
  auto parsed = plan::ParsePlan(doc);
  if (!parsed.ok()) return parsed.status().WithContext(path);
  return parsed;
}

Result<ImportReport> ImportPlan(store::Store& store, plan::Plan plan,
                                const std::string& source_name,
                                const std::vector<plan::Unit>& units, bool store_units,
                                const Actor& actor) {
  ImportReport report;
  report.plan = std::move(plan);

  plan::UnitMatcher matcher(units);
  plan::Decomposer decomposer(&matcher);
  std::vector<plan::Task> tasks = decomposer.Decompose(report.plan);

  std::string key = PlanKey(report.plan);
  // Carry edits over from the plan's latest version, if there is one.
  GH_ASSIGN_OR_RETURN(std::vector<store::PlanInfo> plans, store.ListPlans());
  for (const store::PlanInfo& p : plans) {
    if (p.key != key) continue;
    GH_ASSIGN_OR_RETURN(std::vector<plan::Task> previous, store.LoadTasks(p.id, 0));
    report.carried_over = CarryOver(previous, report.plan, &tasks);
  }
  report.task_count = tasks.size();

  store::NewPlanVersion v;
  v.key = key;
  v.content_hash = PlanContentHash(report.plan);
  v.source_name = source_name;
  v.plan = &report.plan;
  v.tasks = &tasks;
  v.units = store_units ? &units : nullptr;
  nlohmann::json after = {{"title", report.plan.title},
                          {"content_hash", v.content_hash},
                          {"source", source_name},
                          {"tasks", tasks.size()},
                          {"units_replaced", store_units}};
  workflow::AuditEntry audit =
      AuditFor(actor, "plan:" + key, "",
               after.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  GH_ASSIGN_OR_RETURN(store::ImportOutcome out, store.SavePlanVersion(v, &audit));
  report.plan_id = out.plan_id;
  report.version = out.version;
  report.created = out.created;
  if (!out.created) {
    report.carried_over = 0;
    GH_ASSIGN_OR_RETURN(std::vector<plan::Task> existing,
                        store.LoadTasks(out.plan_id, out.version));
    report.task_count = existing.size();
  }
  return report;
}

Result<UnitsChoice> ChooseUnits(store::Store& store, std::optional<std::vector<plan::Unit>> given,
                                const std::string& default_file) {
  UnitsChoice c;
  if (given) {
    c.units = std::move(*given);
    return c;
  }
  GH_ASSIGN_OR_RETURN(c.units, store.LoadUnits());
  if (!c.units.empty()) {
    c.store = false;
    return c;
  }
  GH_ASSIGN_OR_RETURN(c.units, plan::LoadUnitsFile(default_file));
  return c;
}

Result<int64_t> ResolvePlanId(store::Store& store, int64_t requested) {
  GH_ASSIGN_OR_RETURN(std::vector<store::PlanInfo> plans, store.ListPlans());
  if (requested > 0) {
    for (const store::PlanInfo& p : plans) {
      if (p.id == requested) return p.id;
    }
    return Status::NotFound(Msg("没有编号为 {} 的规划（用 guihua plans 查看）",
                                "no plan with id {} (see guihua plans)", requested));
  }
  if (plans.empty()) {
    return Status::FailedPrecondition(
        Tr("数据库里还没有规划，请先用 guihua import 导入",
           "no plan in the database yet; import one with guihua import"));
  }
  return plans.back().id;
}

}  // namespace guihua::service
