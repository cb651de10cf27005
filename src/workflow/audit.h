// The audit log (审计日志): one entry per write (who, role, unit, when, route/action, entity,
// before/after as JSON), hash-chained so an edited or deleted entry is detected: each entry
// stores the previous entry's hash and its own hash = SHA-256(prev_hash + canonical fields).
// Pure functions; thread-safe.
//
// Example:
//   GH_ASSIGN_OR_RETURN(std::vector<AuditEntry> all, store.LoadAudit(0, 0));
//   if (auto broken = VerifyAuditChain(all)) std::cerr << broken->reason;
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace guihua::workflow {

struct AuditEntry {
  int64_t id = 0;         // 1, 2, 3, … in append order; set by the store
  std::string at;         // UTC, ISO 8601; set by the store when empty
  std::string user;       // account name ("cli" for the command line)
  std::string role;       // RoleName of the actor
  std::string unit;       // the actor's unit
  std::string action;     // route or command, e.g. "POST /api/v1/users", "user add"
  std::string entity;     // what changed, e.g. "user:alice"
  std::string before;     // JSON of the old value ("" when created)
  std::string after;      // JSON of the new value ("" when deleted)
  std::string prev_hash;  // hash of the previous entry ("" for the first); set by the store
  std::string hash;       // AuditHash(*this); set by the store
};

// SHA-256 (hex) of prev_hash and every other field except `hash`, each length-prefixed so no
// two different entries share an encoding.
std::string AuditHash(const AuditEntry& e);

struct ChainBreak {
  int64_t entry_id = 0;  // the first entry that does not verify (or follows a gap)
  std::string reason;    // user-facing, Chinese first
};

// Checks `entries` (the whole log in id order): ids consecutive from 1, each prev_hash equal
// to the previous hash, each hash recomputed. nullopt when intact. Deleting the last entries
// is not detectable from the log alone.
std::optional<ChainBreak> VerifyAuditChain(const std::vector<AuditEntry>& entries);

}  // namespace guihua::workflow
