#include "plan/plan_json.h"

#include <nlohmann/json.hpp>

#include "common/i18n.h"
#include "common/utf8.h"

namespace guihua::plan {
namespace {

using nlohmann::ordered_json;

ordered_json NodeJson(const Node& n) {
  ordered_json j;
  j["id"] = n.id;
  j["kind"] = NodeKindName(n.kind);
  j["label"] = n.label;
  j["number"] = n.number ? ordered_json(*n.number) : ordered_json(nullptr);
  j["title"] = n.title;
  j["text"] = n.text;
  j["source"] = {{"begin", n.source_begin}, {"end", n.source_end}};
  if (!n.table.empty()) j["table"] = n.table;
  ordered_json children = ordered_json::array();
  for (const Node& c : n.children) children.push_back(NodeJson(c));
  j["children"] = std::move(children);
  return j;
}

ordered_json OrNull(const std::string& s) {
  return s.empty() ? ordered_json(nullptr) : ordered_json(s);
}
ordered_json OrNull(int v) { return v == 0 ? ordered_json(nullptr) : ordered_json(v); }

void Outline(const std::vector<Node>& nodes, int depth, std::string* out) {
  for (const Node& n : nodes) {
    if (n.kind == NodeKind::kParagraph) continue;
    std::string line(static_cast<size_t>(depth) * 2, ' ');
    switch (n.kind) {
      case NodeKind::kPreamble:
        line += Tr("【序言】", "[preamble]");
        break;
      case NodeKind::kClosing:
        line += Tr("【结束语】", "[closing]");
        break;
      case NodeKind::kItem:
        line += n.label == "——" ? "——" : n.label + " ";
        line += n.title;
        break;
      case NodeKind::kPart:
      case NodeKind::kChapter:
      case NodeKind::kSection:
      case NodeKind::kArticle:
        line += n.label;
        if (!n.label.empty() && n.label.find("第") == std::string::npos &&
            n.label.find("（") == std::string::npos && n.label.find('(') == std::string::npos) {
          line += utf8::DigitValue(static_cast<unsigned char>(n.label[0])) >= 0 ? ". " : "、";
        } else if (!n.label.empty()) {
          line += " ";
        }
        line += n.title;
        break;
      default:
        break;
    }
    int paras = 0;
    for (const Node& c : n.children) paras += c.kind == NodeKind::kParagraph;
    if (paras > 0) line += Msg("（{} 段）", " ({} paragraphs)", paras);
    out->append(line).append("\n");
    Outline(n.children, depth + 1, out);
  }
}

}  // namespace

std::string PlanToJson(const Plan& plan, int indent) {
  ordered_json j;
  j["title"] = plan.title;
  j["issuer"] = OrNull(plan.issuer);
  j["adopted"] = OrNull(plan.adopted);
  j["region"] = OrNull(plan.region);
  j["period"] = {{"start", OrNull(plan.period.start)}, {"end", OrNull(plan.period.end)}};
  j["vision_year"] = OrNull(plan.vision_year);
  j["front_matter"] = plan.front_matter;
  j["source"] = {{"format", plan.source_format}, {"encoding", OrNull(plan.source_encoding)}};
  ordered_json nodes = ordered_json::array();
  for (const Node& n : plan.nodes) nodes.push_back(NodeJson(n));
  j["nodes"] = std::move(nodes);
  return j.dump(indent, ' ', false, ordered_json::error_handler_t::replace);
}

std::string PlanOutlineText(const Plan& plan) {
  std::string out;
  auto field = [&](const char* zh, const char* en, const std::string& v) {
    out += Tr(zh, en);
    out += v.empty() ? std::string(Tr("（未注明）", "(not stated)")) : v;
    out += "\n";
  };
  field("标题：", "Title: ", plan.title);
  field("发布机关：", "Issuer: ", plan.issuer);
  field("通过日期：", "Adopted: ", plan.adopted);
  field("地区：", "Region: ", plan.region);
  field("规划期：", "Period: ",
        plan.period.start
            ? std::to_string(plan.period.start) + "—" + std::to_string(plan.period.end)
            : "");
  field("远景目标年：", "Vision year: ", plan.vision_year ? std::to_string(plan.vision_year) : "");
  int counts[8] = {};
  VisitNodes(plan.nodes, [&](const Node& n, const std::vector<const Node*>&) {
    ++counts[static_cast<int>(n.kind)];
  });
  out += Msg(
      "结构：{} 篇/部分，{} 章，{} 节，{} 条，{} 项，{} 段\n",
      "Structure: {} parts, {} chapters, {} sections, {} articles, {} items, {} paragraphs\n",
      counts[static_cast<int>(NodeKind::kPart)], counts[static_cast<int>(NodeKind::kChapter)],
      counts[static_cast<int>(NodeKind::kSection)], counts[static_cast<int>(NodeKind::kArticle)],
      counts[static_cast<int>(NodeKind::kItem)], counts[static_cast<int>(NodeKind::kParagraph)]);
  out += "\n";
  Outline(plan.nodes, 0, &out);
  return out;
}

}  // namespace guihua::plan
