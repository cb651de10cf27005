#include <nlohmann/json.hpp>

#include "store/store.h"

namespace guihua::store {

workflow::AuditEntry WithAssignedId(const workflow::AuditEntry& e, int64_t id) {
  workflow::AuditEntry out = e;
  if (e.after.empty()) return out;
  nlohmann::json after = nlohmann::json::parse(e.after, nullptr, /*allow_exceptions=*/false);
  if (!after.is_object()) return out;
  auto it = after.find("id");
  if (it == after.end() || !it->is_number_integer() || it->get<int64_t>() != 0) return out;
  *it = id;
  // The service's compact form (reporting_service.cc: Dump(…, -1)), so only the id differs.
  out.after = after.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return out;
}

}  // namespace guihua::store
