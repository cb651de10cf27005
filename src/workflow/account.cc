#include "workflow/account.h"

#include <sodium.h>

#include <ctime>
#include <vector>

#include "common/i18n.h"

namespace guihua::workflow {
namespace {

bool EnsureSodium() {
  // sodium_init is idempotent and thread-safe; a function-local static runs it once.
  static const bool ok = sodium_init() >= 0;
  return ok;
}

// The authorisation table (权限表). Keep it the only place that grants anything.
constexpr AuthRule kRules[] = {
    {Action::kRead, Role::kAdmin, false},
    {Action::kRead, Role::kReviewer, false},
    {Action::kRead, Role::kReporter, false},
    {Action::kRead, Role::kViewer, false},
    {Action::kReadAudit, Role::kAdmin, false},
    {Action::kManageUsers, Role::kAdmin, false},
    {Action::kPublish, Role::kAdmin, false},
    {Action::kWriteTaskReport, Role::kAdmin, false},
    {Action::kWriteTaskReport, Role::kReporter, true},
    {Action::kWriteObservation, Role::kAdmin, false},
    {Action::kWriteObservation, Role::kReporter, true},
    {Action::kReview, Role::kAdmin, false},
    {Action::kReview, Role::kReviewer, false},
    {Action::kManageRounds, Role::kAdmin, false},
};

}  // namespace

const char* RoleName(Role r) {
  switch (r) {
    case Role::kAdmin:
      return "admin";
    case Role::kReviewer:
      return "reviewer";
    case Role::kReporter:
      return "reporter";
    case Role::kViewer:
      return "viewer";
    case Role::kPublic:
      return "public";
  }
  return "public";
}

bool ParseRole(std::string_view s, Role* r) {
  for (Role x : kAllRoles) {
    if (s == RoleName(x)) {
      *r = x;
      return true;
    }
  }
  return false;
}

const char* ActionName(Action a) {
  switch (a) {
    case Action::kRead:
      return "read";
    case Action::kReadAudit:
      return "read_audit";
    case Action::kManageUsers:
      return "manage_users";
    case Action::kPublish:
      return "publish";
    case Action::kWriteTaskReport:
      return "write_task_report";
    case Action::kWriteObservation:
      return "write_observation";
    case Action::kReview:
      return "review";
    case Action::kManageRounds:
      return "manage_rounds";
  }
  return "?";
}

std::span<const AuthRule> AuthorizationRules() { return kRules; }

bool Allowed(const User& u, Action a, std::string_view target_unit) {
  if (u.disabled) return false;
  for (const AuthRule& r : kRules) {
    if (r.action != a || r.role != u.role) continue;
    if (!r.own_unit_only) return true;
    return !u.unit.empty() && u.unit == target_unit;
  }
  return false;
}

Status ValidateUserName(std::string_view name) {
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  bool ok = !name.empty() && name.size() <= 64 && alnum(name[0]);
  for (char c : name) ok = ok && (alnum(c) || c == '.' || c == '_' || c == '-');
  if (ok) return Status::Ok();
  return Status::InvalidArgument(
      Msg("用户名“{}”无效：须为 1–64 个英文字母、数字或 . _ -，并以字母或数字开头",
          "user name \"{}\" is invalid: 1-64 ASCII letters, digits, '.', '_' or '-', starting "
          "with a letter or digit",
          name));
}

Status ValidateNewUser(const User& u) {
  GH_RETURN_IF_ERROR(ValidateUserName(u.name));
  if (u.role == Role::kPublic) {
    return Status::InvalidArgument(Msg("用户 {}：public（公众）是匿名访问，不能建账户",
                                       "user {}: public is anonymous access, not an account",
                                       u.name));
  }
  if (u.role == Role::kReporter && u.unit.empty()) {
    return Status::InvalidArgument(Msg("用户 {}：填报人（reporter）必须指定所属单位 --unit",
                                       "user {}: a reporter must have a unit (--unit)", u.name));
  }
  return Status::Ok();
}

Status ValidatePassword(std::string_view password) {
  if (password.empty())
    return Status::InvalidArgument(Tr("密码不能为空", "the password must not be empty"));
  if (password.size() < 8)
    return Status::InvalidArgument(
        Tr("密码至少 8 个字符", "the password must have at least 8 characters"));
  if (password.size() > 1024)
    return Status::InvalidArgument(
        Tr("密码不能超过 1024 个字符", "the password must have at most 1024 characters"));
  for (char c : password) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return Status::InvalidArgument(
          Tr("密码不能含控制字符", "the password must not contain control characters"));
  }
  return Status::Ok();
}

Result<std::string> HashPassword(std::string_view password, HashCost cost) {
  if (!EnsureSodium()) return Status::Internal("libsodium: sodium_init failed");
  char out[crypto_pwhash_STRBYTES];
  unsigned long long ops =
      cost == HashCost::kMinimum ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
  size_t mem =
      cost == HashCost::kMinimum ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Internal(
        Tr("密码哈希失败（内存不足）", "password hashing failed (out of memory)"));
  }
  return std::string(out);
}

bool VerifyPassword(const std::string& hash, std::string_view password) {
  if (!EnsureSodium() || hash.empty()) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string RandomToken(size_t bytes) {
  EnsureSodium();
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), buf.data(), buf.size());
  hex.pop_back();
  return hex;
}

std::string UtcIsoAfter(int64_t seconds_from_now) {
  std::time_t t = std::time(nullptr) + static_cast<std::time_t>(seconds_from_now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace guihua::workflow
