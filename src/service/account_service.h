// Account use cases (账户管理): add a user, change a password, disable, log in and out,
// authenticate a session token, verify the stored audit log. Each account write goes to the
// store together with its audit entry in one transaction. Stateless functions; the Store
// passed in is used from the calling thread only.
//
// Example:
//   Actor cli = CliActor();
//   GH_ASSIGN_OR_RETURN(workflow::User u,
//                       AddUser(store, {"alice", workflow::Role::kViewer, ""}, "pw-123456", cli));
//   GH_ASSIGN_OR_RETURN(LoginResult s, Login(store, "alice", "pw-123456"));
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "store/store.h"
#include "workflow/account.h"
#include "workflow/audit.h"

namespace guihua::service {

// Who performs a write, as recorded in the audit log.
struct Actor {
  std::string user;
  std::string role;
  std::string unit;
  std::string action;  // route or command, e.g. "user add" or "POST /api/v1/users"
};
// The command line: user "cli", role admin (whoever can write the database file is the
// planning office), with `command` as the action.
Actor CliActor(std::string command);
// An audit entry of `actor` changing `entity` (before/after as JSON, "" when none).
workflow::AuditEntry AuditFor(const Actor& actor, std::string entity, std::string before,
                              std::string after);

struct NewUser {
  std::string name;
  workflow::Role role = workflow::Role::kViewer;
  std::string unit;
};

struct AccountOptions {
  workflow::HashCost cost = workflow::HashCost::kInteractive;  // kMinimum in tests only
};

// Validates (name, role, unit, password), hashes the password and stores the user with an
// audit entry. AlreadyExists for a taken name.
Result<workflow::User> AddUser(store::Store& store, const NewUser& u, std::string_view password,
                               const Actor& actor, const AccountOptions& opt = {});
// NotFound for an unknown name; InvalidArgument for a bad password.
Status ChangePassword(store::Store& store, const std::string& name, std::string_view password,
                      const Actor& actor, const AccountOptions& opt = {});
// Disables the account and keeps it (the audit log refers to it). Idempotent.
Status DisableUser(store::Store& store, const std::string& name, const Actor& actor);
// True when an enabled admin exists.
Result<bool> HasAdmin(store::Store& store);
// {"name","role","unit","disabled","created_at"}: what the audit log and the API show of a
// user (never the password hash).
std::string UserToJson(const workflow::User& u);
std::string UsersToJson(const std::vector<workflow::User>& users);

struct LoginResult {
  std::string token;       // for the cookie; the store only keeps its hash
  std::string csrf_token;  // the client sends it back as X-CSRF-Token
  std::string expires_at;  // UTC, ISO 8601
  workflow::User user;
};
// Checks the password (the same InvalidArgument for an unknown name, a wrong password or a
// disabled account, so a caller cannot probe names) and creates a session of `ttl_seconds`,
// recorded in the audit log under `action`; expired sessions are deleted on the way.
Result<LoginResult> Login(store::Store& store, const std::string& name, std::string_view password,
                          int64_t ttl_seconds = int64_t{8} * 3600,
                          const std::string& action = "POST /api/v1/session");

struct Authenticated {
  workflow::User user;
  store::Session session;
};
// The user of a session token. NotFound when the token is unknown or expired, or the user is
// disabled (an expired session is deleted).
Result<Authenticated> Authenticate(store::Store& store, const std::string& token);
// Deletes the session of `token` (unknown tokens are fine), recorded in the audit log.
Status Logout(store::Store& store, const std::string& token,
              const std::string& action = "DELETE /api/v1/session");

// Loads the whole audit log and checks its hash chain: nullopt when intact.
Result<std::optional<workflow::ChainBreak>> VerifyStoredAudit(store::Store& store);

}  // namespace guihua::service
