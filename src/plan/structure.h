// Structure recognition: turns a document::Document into a plan::Plan — metadata plus the
// outline tree. Heading schemes are recognised generally (see heading.h) and nested by a
// stack: a scheme seen before closes back to its level, a new scheme opens a deeper one, so
// documents that skip or reorder levels still parse. Page furniture and the lines before the
// document title (news headlines, widgets) are left out. Thread-safe (no shared state).
//
// Example:
//   GH_ASSIGN_OR_RETURN(document::Document doc, document::ReadDocumentFile(path));
//   GH_ASSIGN_OR_RETURN(plan::Plan plan, plan::ParsePlan(doc));
#pragma once

#include "common/status.h"
#include "document/document.h"
#include "plan/plan.h"

namespace guihua::plan {

// Fails with ParseError when the document has no text or no recognisable headings.
Result<Plan> ParsePlan(const document::Document& doc);

}  // namespace guihua::plan
