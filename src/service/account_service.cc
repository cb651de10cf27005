#include "service/account_service.h"

#include <nlohmann/json.hpp>

#include "common/hash.h"
#include "common/i18n.h"
#include "service/reporting_service.h"

namespace guihua::service {
namespace {

using workflow::AuditEntry;
using workflow::User;

nlohmann::json UserJson(const User& u) {
  return {{"name", u.name},
          {"role", workflow::RoleName(u.role)},
          {"unit", u.unit},
          {"disabled", u.disabled},
          {"created_at", u.created_at}};
}

AuditEntry EntryFor(const Actor& a, const std::string& user_name, std::string before,
                    std::string after) {
  AuditEntry e;
  e.user = a.user;
  e.role = a.role;
  e.unit = a.unit;
  e.action = a.action;
  e.entity = "user:" + user_name;
  e.before = std::move(before);
  e.after = std::move(after);
  return e;
}

// A hash to verify against when the name is unknown, so both paths cost the same.
const std::string& DummyHash() {
  static const std::string hash = [] {
    auto h = workflow::HashPassword(workflow::RandomToken(16));
    return h.ok() ? *h : std::string();
  }();
  return hash;
}

}  // namespace

Actor CliActor(std::string command) {
  return Actor{"cli", workflow::RoleName(workflow::Role::kAdmin), "", std::move(command)};
}

AuditEntry AuditFor(const Actor& a, std::string entity, std::string before, std::string after) {
  AuditEntry e;
  e.user = a.user;
  e.role = a.role;
  e.unit = a.unit;
  e.action = a.action;
  e.entity = std::move(entity);
  e.before = std::move(before);
  e.after = std::move(after);
  return e;
}

std::string UserToJson(const User& u) { return UserJson(u).dump(); }

std::string UsersToJson(const std::vector<User>& users) {
  nlohmann::json arr = nlohmann::json::array();
  for (const User& u : users) arr.push_back(UserJson(u));
  return arr.dump(2);
}

Result<User> AddUser(store::Store& store, const NewUser& nu, std::string_view password,
                     const Actor& actor, const AccountOptions& opt) {
  User u;
  u.name = nu.name;
  u.role = nu.role;
  u.unit = nu.unit;
  GH_RETURN_IF_ERROR(workflow::ValidateNewUser(u));
  GH_RETURN_IF_ERROR(workflow::ValidatePassword(password));
  if (!u.unit.empty()) {
    // Once units or regions are loaded, a unit must be one of them, stored under the name
    // the task table uses, so that "市发展改革委" and "市发改委" are the same reporter's unit.
    GH_ASSIGN_OR_RETURN(UnitNames names, UnitNames::Load(store));
    if (!names.empty()) {
      if (!names.Known(u.unit)) {
        return Status::InvalidArgument(Msg("unit：单位“{}”不在单位表或地区表中",
                                           "unit: \"{}\" is not a known unit or region", u.unit));
      }
      u.unit = names.Canonical(u.unit);
    }
  }
  GH_ASSIGN_OR_RETURN(u.password_hash, workflow::HashPassword(password, opt.cost));
  AuditEntry e = EntryFor(actor, u.name, "", UserToJson(u));
  GH_ASSIGN_OR_RETURN(u.id, store.CreateUser(u, &e));
  return store.FindUser(u.name);
}

Status ChangePassword(store::Store& store, const std::string& name, std::string_view password,
                      const Actor& actor, const AccountOptions& opt) {
  GH_RETURN_IF_ERROR(workflow::ValidatePassword(password));
  GH_ASSIGN_OR_RETURN(User u, store.FindUser(name));
  GH_ASSIGN_OR_RETURN(u.password_hash, workflow::HashPassword(password, opt.cost));
  AuditEntry e = EntryFor(actor, name, "", R"({"password":"changed"})");
  return store.UpdateUser(u, &e);
}

Status DisableUser(store::Store& store, const std::string& name, const Actor& actor) {
  GH_ASSIGN_OR_RETURN(User u, store.FindUser(name));
  if (u.disabled) return Status::Ok();
  std::string before = UserToJson(u);
  u.disabled = true;
  AuditEntry e = EntryFor(actor, name, std::move(before), UserToJson(u));
  return store.UpdateUser(u, &e);
}

Result<bool> HasAdmin(store::Store& store) {
  GH_ASSIGN_OR_RETURN(auto users, store.ListUsers());
  for (const User& u : users) {
    if (u.role == workflow::Role::kAdmin && !u.disabled) return true;
  }
  return false;
}

Result<LoginResult> Login(store::Store& store, const std::string& name, std::string_view password,
                          int64_t ttl_seconds, const std::string& action) {
  Status bad = Status::InvalidArgument(Tr("用户名或密码错误", "wrong user name or password"));
  auto u = store.FindUser(name);
  if (!u.ok()) {
    if (u.status().code() != Status::Code::kNotFound) return u.status();
    (void)workflow::VerifyPassword(DummyHash(), password);
    return bad;
  }
  if (!workflow::VerifyPassword(u->password_hash, password) || u->disabled) return bad;
  LoginResult r;
  r.token = workflow::RandomToken(32);
  r.csrf_token = workflow::RandomToken(32);
  r.expires_at = workflow::UtcIsoAfter(ttl_seconds);
  r.user = std::move(*u);
  store::Session s;
  s.token_hash = Sha256Hex(r.token);
  s.user_id = r.user.id;
  s.csrf_token = r.csrf_token;
  s.expires_at = r.expires_at;
  // Logins are on record (never the token); expired sessions are swept on the way.
  GH_RETURN_IF_ERROR(store.DeleteExpiredSessions(UtcNowIso()).status());
  Actor who{r.user.name, workflow::RoleName(r.user.role), r.user.unit, action};
  AuditEntry e = EntryFor(who, r.user.name, "",
                          R"({"session":"created","expires_at":")" + r.expires_at + "\"}");
  e.entity = "session:" + r.user.name;
  GH_RETURN_IF_ERROR(store.CreateSession(s, &e));
  return r;
}

Result<Authenticated> Authenticate(store::Store& store, const std::string& token) {
  Status none = Status::NotFound(Tr("未登录或会话已过期", "not logged in or session expired"));
  if (token.empty()) return none;
  auto s = store.FindSession(Sha256Hex(token));
  if (!s.ok()) return s.status().code() == Status::Code::kNotFound ? none : s.status();
  if (s->expires_at <= UtcNowIso()) {
    GH_RETURN_IF_ERROR(store.DeleteSession(s->token_hash));
    return none;
  }
  auto u = store.FindUserById(s->user_id);
  if (!u.ok()) return u.status().code() == Status::Code::kNotFound ? none : u.status();
  if (u->disabled) return none;
  return Authenticated{std::move(*u), std::move(*s)};
}

Status Logout(store::Store& store, const std::string& token, const std::string& action) {
  if (token.empty()) return Status::Ok();
  auto who = Authenticate(store, token);
  if (!who.ok()) return store.DeleteSession(Sha256Hex(token));
  const User& u = who->user;
  AuditEntry e = EntryFor({u.name, workflow::RoleName(u.role), u.unit, action}, u.name,
                          R"({"session":"open"})", R"({"session":"closed"})");
  e.entity = "session:" + u.name;
  return store.DeleteSession(Sha256Hex(token), &e);
}

Result<std::optional<workflow::ChainBreak>> VerifyStoredAudit(store::Store& store) {
  GH_ASSIGN_OR_RETURN(auto entries, store.LoadAudit(0, 0));
  return workflow::VerifyAuditChain(entries);
}

}  // namespace guihua::service
