#include "workflow/audit.h"

#include "common/hash.h"
#include "common/i18n.h"

namespace guihua::workflow {

std::string AuditHash(const AuditEntry& e) {
  Sha256 h;
  auto field = [&h](std::string_view s) {
    h.Update(std::to_string(s.size()));
    h.Update(":");
    h.Update(s);
  };
  field(e.prev_hash);
  field(std::to_string(e.id));
  field(e.at);
  field(e.user);
  field(e.role);
  field(e.unit);
  field(e.action);
  field(e.entity);
  field(e.before);
  field(e.after);
  return h.HexDigest();
}

std::optional<ChainBreak> VerifyAuditChain(const std::vector<AuditEntry>& entries) {
  std::string prev;
  int64_t expected_id = 1;
  for (const AuditEntry& e : entries) {
    if (e.id != expected_id) {
      return ChainBreak{e.id, Msg("审计日志第 {} 条之前缺少第 {} 条（被删除）",
                                  "audit entry {} follows a gap: entry {} is missing (deleted)",
                                  e.id, expected_id)};
    }
    if (e.prev_hash != prev) {
      return ChainBreak{e.id, Msg("审计日志第 {} 条的前一条哈希不符（前一条被修改或删除）",
                                  "audit entry {}: previous hash does not match (the entry "
                                  "before it was edited or deleted)",
                                  e.id)};
    }
    if (AuditHash(e) != e.hash) {
      return ChainBreak{e.id,
                        Msg("审计日志第 {} 条的内容与哈希不符（被修改）",
                            "audit entry {}: content does not match its hash (edited)", e.id)};
    }
    prev = e.hash;
    ++expected_id;
  }
  return std::nullopt;
}

}  // namespace guihua::workflow
