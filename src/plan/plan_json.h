// The plan JSON contract (documented in README.md) and the text outline printed by
// `guihua parse --format text`. nlohmann-json stays inside the .cc. Thread-safe.
//
// Example:
//   std::string json = PlanToJson(plan);   // {"title":…,"nodes":[…]}
#pragma once

#include <string>

#include "plan/plan.h"

namespace guihua::plan {

// {"title","issuer","adopted","region","period":{"start","end"},"vision_year",
//  "front_matter":[…],"source":{"format","encoding"},
//  "nodes":[{"id","kind","label","number","title","text","source":{"begin","end"},
//            "table"?,"children":[…]}]}
// Unknown values are null. `indent` < 0 prints compactly.
std::string PlanToJson(const Plan& plan, int indent = 2);

// Indented outline: one line per heading with its label and title, a count of paragraphs and
// items, and the metadata on top.
std::string PlanOutlineText(const Plan& plan);

}  // namespace guihua::plan
