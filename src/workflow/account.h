// Accounts and roles (账户与角色): the User record, password hashing (argon2id via libsodium),
// random tokens, name validation, and the authorisation table — one static table that says
// which role may do which action, and whether only for its own unit (本单位). Pure functions;
// all thread-safe (libsodium is initialised once, thread-safely, on first use).
//
// Example:
//   GH_ASSIGN_OR_RETURN(std::string hash, HashPassword("s3cret-pass"));
//   bool ok = VerifyPassword(hash, "s3cret-pass");
//   if (!Allowed(user, Action::kWriteTaskReport, task.lead_unit)) return 403;
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "common/status.h"

namespace guihua::workflow {

// admin: the planning office (规划办), everything. reviewer (审核人): approves reports and
// values. reporter (填报人): bound to one unit (a department or a county), writes only that
// unit's data. viewer (领导查看): reads everything. public (公众): anonymous, reads only what
// the admin published.
enum class Role { kAdmin, kReviewer, kReporter, kViewer, kPublic };
inline constexpr Role kAllRoles[] = {Role::kAdmin, Role::kReviewer, Role::kReporter, Role::kViewer,
                                     Role::kPublic};

// "admin", "reviewer", "reporter", "viewer", "public".
const char* RoleName(Role r);
// Parses a role name; false for anything else.
bool ParseRole(std::string_view s, Role* r);

struct User {
  int64_t id = 0;
  std::string name;
  Role role = Role::kViewer;
  std::string unit;  // 所属单位; required for reporters, optional otherwise
  bool disabled = false;
  std::string password_hash;  // crypto_pwhash_str output ("$argon2id$…"); never logged
  std::string created_at;     // UTC, ISO 8601
};

// What a caller wants to do. Every action has at least one rule in AuthorizationRules().
enum class Action {
  kRead,              // read plans, tasks, indicators, evaluation
  kReadAudit,         // read the audit log
  kManageUsers,       // create, change, disable accounts
  kPublish,           // publish results to the public
  kWriteTaskReport,   // write a task's progress report (任务进展填报)
  kWriteObservation,  // write an indicator value (指标数据填报)
  kReview,            // approve or return reports and values, close out tasks (审核, 销号)
  kManageRounds,      // open and close reporting rounds (填报轮次)
};
inline constexpr Action kAllActions[] = {
    Action::kRead,    Action::kReadAudit,       Action::kManageUsers,
    Action::kPublish, Action::kWriteTaskReport, Action::kWriteObservation,
    Action::kReview,  Action::kManageRounds};
// "read", "read_audit", "manage_users", "publish", "write_task_report", "write_observation",
// "review", "manage_rounds".
const char* ActionName(Action a);

// One row of the authorisation table: `role` may do `action`; when `own_unit_only`, only
// when the target unit is the user's own unit.
struct AuthRule {
  Action action;
  Role role;
  bool own_unit_only;
};
// The whole table. A (action, role) pair without a row is refused.
std::span<const AuthRule> AuthorizationRules();

// True when `u` (not disabled) may do `a` on data of `target_unit` ("" when the target has
// no unit, e.g. reading a plan). A disabled user may do nothing.
//   Allowed(reporter_of_衡南县, Action::kWriteObservation, "衡南县") == true
bool Allowed(const User& u, Action a, std::string_view target_unit);

// Account names: 1-64 characters of ASCII letters, digits, '.', '_', '-', starting with a
// letter or digit (names appear in URLs, cookies, logs and the audit log).
Status ValidateUserName(std::string_view name);
// Name valid, role not public (anonymous is not an account), reporter has a unit.
Status ValidateNewUser(const User& u);
// At least 8 bytes, at most 1024, no control characters.
Status ValidatePassword(std::string_view password);

// Cost of the argon2id hash. kInteractive for real accounts; kMinimum only for tests.
enum class HashCost { kInteractive, kMinimum };
// "$argon2id$v=19$m=…" (libsodium crypto_pwhash_str). Internal when out of memory.
Result<std::string> HashPassword(std::string_view password, HashCost cost = HashCost::kInteractive);
// Constant-time check of `password` against a stored hash; false for a malformed hash.
bool VerifyPassword(const std::string& hash, std::string_view password);

// `bytes` random bytes (randombytes_buf), hex-encoded: RandomToken(32) has 64 characters.
std::string RandomToken(size_t bytes = 32);

// UTC time `seconds_from_now` from now as "YYYY-MM-DDTHH:MM:SSZ" (comparable as strings with
// UtcNowIso()).
std::string UtcIsoAfter(int64_t seconds_from_now);

}  // namespace guihua::workflow
