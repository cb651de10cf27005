#include "plan/task_json.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "common/i18n.h"

namespace guihua::plan {
namespace {

using nlohmann::ordered_json;

// A JSON array of strings (std::string or SharedText).
template <typename T>
ordered_json ArrayOf(std::span<const T> v) {
  ordered_json arr = ordered_json::array();
  for (const T& x : v) arr.push_back(x);
  return arr;
}

ordered_json OrNull(const std::string& s) {
  return s.empty() ? ordered_json(nullptr) : ordered_json(s);
}

ordered_json TargetJson(const Target& t) {
  return ordered_json{{"value", t.value},
                      {"unit", t.unit},
                      {"year", t.year ? ordered_json(t.year) : ordered_json(nullptr)}};
}

ordered_json TargetsArray(std::span<const Target> v) {
  ordered_json arr = ordered_json::array();
  for (const Target& t : v) arr.push_back(TargetJson(t));
  return arr;
}

ordered_json ScoreJson(const UnitScore& s) {
  ordered_json ev = ordered_json::array();
  for (const Evidence& e : s.evidence) {
    ev.push_back(ordered_json{
        {"word", e.word}, {"points", e.points}, {"source", EvidenceSourceName(e.source)}});
  }
  return ordered_json{{"unit", s.unit}, {"score", s.score}, {"evidence", std::move(ev)}};
}

template <typename F>
auto ParseJson(const std::string& json, F&& f) -> decltype(f(ordered_json())) {
  try {
    return f(ordered_json::parse(json));
  } catch (const std::exception& e) {
    return Status::ParseError(Msg("存储的 JSON 无效：{}", "stored JSON is invalid: {}", e.what()));
  }
}

}  // namespace

std::string TasksToJson(const std::vector<Task>& tasks, int indent) {
  ordered_json arr = ordered_json::array();
  for (const Task& t : tasks) {
    ordered_json j;
    j["id"] = t.id;
    j["part"] = OrNull(t.part);
    j["article"] = t.article ? ordered_json(*t.article) : ordered_json(nullptr);
    j["article_title"] = OrNull(t.article_title);
    j["text"] = t.text;
    j["initiatives"] = ArrayOf<std::string>(t.initiatives);
    j["targets"] = TargetsArray(t.targets);
    j["lead_unit"] = OrNull(t.lead_unit);
    j["co_units"] = ArrayOf<SharedText>(t.co_units);
    j["deadline"] = OrNull(t.deadline);
    j["kind"] = t.kind;
    j["remarks"] = OrNull(t.remarks);
    j["part_title"] = OrNull(t.part_title);
    j["node"] = OrNull(t.node_id);
    j["manual"] = t.manual;
    ordered_json basis = ordered_json::array();
    for (const UnitScore& s : t.unit_scores) basis.push_back(ScoreJson(s));
    j["unit_basis"] = std::move(basis);
    arr.push_back(std::move(j));
  }
  return arr.dump(indent, ' ', false, ordered_json::error_handler_t::replace);
}

std::string TasksToText(const std::vector<Task>& tasks, bool explain) {
  std::string out;
  for (const Task& t : tasks) {
    out += Msg("[{}] ", "[{}] ", t.id);
    if (!t.part.empty()) out += t.part.str() + "、";
    if (t.article) out += std::to_string(*t.article) + ". " + t.article_title.str();
    if (t.manual) out += Tr("（手工添加）", " (added by hand)");
    out += "\n    " + t.text + "\n";
    out += Tr("    牵头单位：", "    Lead: ") +
           (t.lead_unit.empty() ? std::string("—") : t.lead_unit.str());
    out += Tr("；责任单位：", "; co-units: ");
    out += t.co_units.empty() ? std::string("—") : JoinUnitNames(t.co_units);
    out += Tr("；完成时限：", "; deadline: ") +
           (t.deadline.empty() ? std::string("—") : t.deadline.str());
    out += Tr("；类型：", "; kind: ") + t.kind.str() + "\n";
    if (!t.initiatives.empty()) {
      out += Tr("    重点举措：", "    Initiatives: ");
      for (size_t i = 0; i < t.initiatives.size(); ++i)
        out += (i ? "、" : "") + ("“" + t.initiatives[i] + "”");
      out += "\n";
    }
    if (!t.targets.empty()) {
      out += Tr("    量化目标：", "    Targets: ");
      for (size_t i = 0; i < t.targets.size(); ++i) {
        const Target& x = t.targets[i];
        out += (i ? "、" : "") + fmt::format("{}{}", x.value, x.unit);
        if (x.year) out += fmt::format("（{}）", x.year);
      }
      out += "\n";
    }
    if (!t.remarks.empty()) out += Tr("    备注：", "    Remarks: ") + t.remarks.str() + "\n";
    if (explain) {
      for (const UnitScore& s : t.unit_scores) {
        out += fmt::format("    · {} {:.1f} = ", s.unit.str(), s.score);
        for (size_t i = 0; i < s.evidence.size(); ++i) {
          const Evidence& e = s.evidence[i];
          out += i ? " + " : "";
          if (e.source == Evidence::Source::kTitle) out += Tr("条目:", "article:");
          if (e.source == Evidence::Source::kName) out += Tr("名称:", "name:");
          out += fmt::format("{}+{:g}", e.word.str(), e.points);
        }
        out += "\n";
      }
    }
  }
  return out;
}

std::string StringsToJson(std::span<const std::string> v) { return ArrayOf(v).dump(); }

Result<std::vector<std::string>> StringsFromJson(const std::string& json) {
  if (json.empty()) return std::vector<std::string>{};
  return ParseJson(json, [](const ordered_json& j) -> Result<std::vector<std::string>> {
    return j.get<std::vector<std::string>>();
  });
}

std::string StringsToJson(std::span<const SharedText> v) { return ArrayOf(v).dump(); }

Result<std::vector<SharedText>> SharedStringsFromJson(const std::string& json,
                                                      TextInterner* interner) {
  if (json.empty()) return std::vector<SharedText>{};
  TextInterner local;
  if (interner == nullptr) interner = &local;
  return ParseJson(json, [&](const ordered_json& j) -> Result<std::vector<SharedText>> {
    if (!j.is_array()) return Status::ParseError("not a list of strings");
    std::vector<SharedText> out;
    out.reserve(j.size());
    for (const auto& e : j) out.push_back(interner->Intern(e.get_ref<const std::string&>()));
    return out;
  });
}

std::string StringTableToJson(const std::vector<std::vector<std::string>>& rows) {
  return ordered_json(rows).dump();
}

Result<std::vector<std::vector<std::string>>> StringTableFromJson(const std::string& json) {
  if (json.empty()) return std::vector<std::vector<std::string>>{};
  return ParseJson(json,
                   [](const ordered_json& j) -> Result<std::vector<std::vector<std::string>>> {
                     return j.get<std::vector<std::vector<std::string>>>();
                   });
}

std::string TargetsToJson(std::span<const Target> v) { return TargetsArray(v).dump(); }

Result<std::vector<Target>> TargetsFromJson(const std::string& json) {
  if (json.empty()) return std::vector<Target>{};
  return ParseJson(json, [](const ordered_json& j) -> Result<std::vector<Target>> {
    std::vector<Target> out;
    for (const auto& e : j) {
      Target t;
      t.value = e.at("value").get<double>();
      t.unit = e.at("unit").get<std::string>();
      t.year = e.at("year").is_null() ? 0 : e.at("year").get<int>();
      out.push_back(std::move(t));
    }
    return out;
  });
}

std::string UnitScoresToJson(const UnitScores& v) {
  ordered_json arr = ordered_json::array();
  for (const UnitScore& s : v) arr.push_back(ScoreJson(s));
  return arr.dump();
}

Result<UnitScores> UnitScoresFromJson(const std::string& json, TextInterner* interner) {
  if (json.empty()) return UnitScores{};
  TextInterner local;
  if (interner == nullptr) interner = &local;
  return ParseJson(json, [&](const ordered_json& j) -> Result<UnitScores> {
    UnitScores out;
    // Scores are kept as floats (sums of whole keyword weights, exact there): a stored value
    // far outside that range is damage, not a score.
    auto number = [](const ordered_json& v) -> Result<double> {
      double d = v.get<double>();
      if (!std::isfinite(d) || std::abs(d) > 1e6) {
        return Status::ParseError(Msg("单位得分超出范围：{}", "unit score out of range: {}", d));
      }
      return d;
    };
    for (const auto& e : j) {
      GH_ASSIGN_OR_RETURN(double score, number(e.at("score")));
      out.Add(interner->Intern(e.at("unit").get_ref<const std::string&>()), score);
      for (const auto& x : e.at("evidence")) {
        Evidence::Source source;
        if (!ParseEvidenceSource(x.at("source").get<std::string>(), &source)) {
          return Status::ParseError("unknown evidence source");
        }
        GH_ASSIGN_OR_RETURN(double points, number(x.at("points")));
        out.AddEvidence(interner->Intern(x.at("word").get_ref<const std::string&>()), points,
                        source);
      }
    }
    return out;
  });
}

}  // namespace guihua::plan
