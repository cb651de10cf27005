// Accounts, the authorisation matrix (generated from the one table) and the audit chain.
#include "workflow/account.h"

#include <gtest/gtest.h>

#include <set>

#include "service/account_service.h"
#include "workflow/audit.h"
#include "workflow/login_throttle.h"

namespace guihua::workflow {
namespace {

User MakeUser(Role role, std::string unit = "衡南县", bool disabled = false) {
  User u;
  u.name = "u";
  u.role = role;
  u.unit = std::move(unit);
  u.disabled = disabled;
  return u;
}

TEST(AccountTest, RoleAndActionNamesRoundTrip) {
  for (Role r : kAllRoles) {
    Role back;
    ASSERT_TRUE(ParseRole(RoleName(r), &back));
    EXPECT_EQ(back, r);
  }
  Role r;
  EXPECT_FALSE(ParseRole("root", &r));
  std::set<std::string> names;
  for (Action a : kAllActions) names.insert(ActionName(a));
  EXPECT_EQ(names.size(), std::size(kAllActions));
}

// Every action has a rule, and every rule names a real action: a new action without a rule
// fails here.
TEST(AccountTest, EveryActionHasARule) {
  for (Action a : kAllActions) {
    bool found = false;
    for (const AuthRule& r : AuthorizationRules()) found = found || r.action == a;
    EXPECT_TRUE(found) << ActionName(a);
  }
}

// The whole matrix: every role x every action x own unit / other unit / no unit / disabled,
// expected from the table.
TEST(AccountTest, AuthorizationMatrixFollowsTheTable) {
  int checked = 0;
  for (Action a : kAllActions) {
    for (Role role : kAllRoles) {
      const AuthRule* rule = nullptr;
      for (const AuthRule& r : AuthorizationRules()) {
        if (r.action == a && r.role == role) rule = &r;
      }
      User u = MakeUser(role);
      bool any = rule != nullptr;
      bool other = any && !rule->own_unit_only;
      EXPECT_EQ(Allowed(u, a, "衡南县"), any) << ActionName(a) << " " << RoleName(role);
      EXPECT_EQ(Allowed(u, a, "祁东县"), other) << ActionName(a) << " " << RoleName(role);
      EXPECT_EQ(Allowed(u, a, ""), other) << ActionName(a) << " " << RoleName(role);
      EXPECT_FALSE(Allowed(MakeUser(role, "衡南县", true), a, "衡南县"));
      // A user without a unit never passes an own-unit rule, even for an empty target.
      EXPECT_EQ(Allowed(MakeUser(role, ""), a, ""), other);
      ++checked;
    }
  }
  EXPECT_EQ(checked, static_cast<int>(std::size(kAllActions) * std::size(kAllRoles)));
}

// The rules that matter most, spelt out so a wrong table edit is caught too.
TEST(AccountTest, KeyRules) {
  EXPECT_TRUE(Allowed(MakeUser(Role::kAdmin, ""), Action::kManageUsers, ""));
  EXPECT_FALSE(Allowed(MakeUser(Role::kViewer), Action::kReadAudit, ""));
  EXPECT_TRUE(Allowed(MakeUser(Role::kViewer), Action::kRead, ""));
  EXPECT_FALSE(Allowed(MakeUser(Role::kPublic), Action::kRead, ""));
  EXPECT_TRUE(Allowed(MakeUser(Role::kReporter), Action::kWriteTaskReport, "衡南县"));
  EXPECT_FALSE(Allowed(MakeUser(Role::kReporter), Action::kWriteTaskReport, "祁东县"));
  EXPECT_FALSE(Allowed(MakeUser(Role::kReporter), Action::kReview, "衡南县"));
  EXPECT_TRUE(Allowed(MakeUser(Role::kReviewer), Action::kReview, "祁东县"));
}

TEST(AccountTest, ValidatesNamesUsersAndPasswords) {
  EXPECT_TRUE(ValidateUserName("alice.w-1_x").ok());
  EXPECT_FALSE(ValidateUserName("").ok());
  EXPECT_FALSE(ValidateUserName("-x").ok());
  EXPECT_FALSE(ValidateUserName("a b").ok());
  EXPECT_FALSE(ValidateUserName("张三").ok());
  EXPECT_FALSE(ValidateUserName(std::string(65, 'a')).ok());
  User r = MakeUser(Role::kReporter, "");
  r.name = "rep";
  EXPECT_EQ(ValidateNewUser(r).code(), Status::Code::kInvalidArgument);
  r.unit = "衡南县";
  EXPECT_TRUE(ValidateNewUser(r).ok());
  r.role = Role::kPublic;
  EXPECT_FALSE(ValidateNewUser(r).ok());
  EXPECT_FALSE(ValidatePassword("").ok());
  EXPECT_FALSE(ValidatePassword("short").ok());
  EXPECT_FALSE(ValidatePassword("long enough\n").ok());
  EXPECT_TRUE(ValidatePassword("long enough 密码").ok());
}

TEST(AccountTest, HashesAndVerifiesPasswords) {
  auto h = HashPassword("correct horse", HashCost::kMinimum);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u) << *h;
  EXPECT_TRUE(VerifyPassword(*h, "correct horse"));
  EXPECT_FALSE(VerifyPassword(*h, "correct horse "));
  EXPECT_FALSE(VerifyPassword("garbage", "correct horse"));
  EXPECT_FALSE(VerifyPassword("", ""));
  auto h2 = HashPassword("correct horse", HashCost::kMinimum);
  ASSERT_TRUE(h2.ok());
  EXPECT_NE(*h, *h2);  // salted
}

TEST(AccountTest, RandomTokensAreHexAndDistinct) {
  std::string a = RandomToken(32), b = RandomToken(32);
  EXPECT_EQ(a.size(), 64u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
}

std::vector<AuditEntry> Chain(int n) {
  std::vector<AuditEntry> out;
  for (int i = 1; i <= n; ++i) {
    AuditEntry e;
    e.id = i;
    e.at = "2026-01-01T00:00:00Z";
    e.user = "admin";
    e.role = "admin";
    e.action = "user add";
    e.entity = "user:u" + std::to_string(i);
    e.after = "{}";
    e.prev_hash = out.empty() ? "" : out.back().hash;
    e.hash = AuditHash(e);
    out.push_back(e);
  }
  return out;
}

TEST(AuditTest, IntactChainVerifies) {
  EXPECT_FALSE(VerifyAuditChain({}).has_value());
  EXPECT_FALSE(VerifyAuditChain(Chain(5)).has_value());
}

TEST(AuditTest, EditedEntryIsNamed) {
  auto c = Chain(5);
  c[2].after = R"({"role":"admin"})";
  auto b = VerifyAuditChain(c);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->entry_id, 3);
}

TEST(AuditTest, EditWithRecomputedHashBreaksTheNextLink) {
  auto c = Chain(5);
  c[1].user = "mallory";
  c[1].hash = AuditHash(c[1]);
  auto b = VerifyAuditChain(c);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->entry_id, 3);
}

TEST(AuditTest, DeletedEntryIsNamed) {
  auto c = Chain(5);
  c.erase(c.begin() + 1);
  auto b = VerifyAuditChain(c);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->entry_id, 3);
  auto first = Chain(3);
  first.erase(first.begin());
  b = VerifyAuditChain(first);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->entry_id, 2);
}

}  // namespace
}  // namespace guihua::workflow

namespace guihua::workflow {
namespace {

TEST(LoginThrottleTest, BlocksAccountAndAddressAfterFiveFailures) {
  LoginThrottle t;
  auto now = LoginThrottle::Clock::now();
  for (int i = 0; i < 4; ++i) t.RecordFailure("alice", "1.1.1.1", now);
  EXPECT_FALSE(t.Blocked("alice", "2.2.2.2", now));
  t.RecordFailure("alice", "1.1.1.1", now);
  EXPECT_TRUE(t.Blocked("alice", "2.2.2.2", now));  // the account, from anywhere
  EXPECT_TRUE(t.Blocked("bob", "1.1.1.1", now));    // the address, for any account
  EXPECT_FALSE(t.Blocked("bob", "2.2.2.2", now));
  auto later = now + std::chrono::minutes(15);
  EXPECT_FALSE(t.Blocked("alice", "1.1.1.1", later));
}

TEST(LoginThrottleTest, OldFailuresExpireAndSuccessForgetsTheAccount) {
  LoginThrottle t;
  auto now = LoginThrottle::Clock::now();
  for (int i = 0; i < 4; ++i) t.RecordFailure("alice", "a" + std::to_string(i), now);
  t.RecordFailure("alice", "x", now + std::chrono::minutes(16));
  EXPECT_FALSE(t.Blocked("alice", "y", now + std::chrono::minutes(16)));
  for (int i = 0; i < 3; ++i) t.RecordFailure("carol", "b" + std::to_string(i), now);
  t.RecordSuccess("carol");
  for (int i = 0; i < 4; ++i) t.RecordFailure("carol", "c" + std::to_string(i), now);
  EXPECT_FALSE(t.Blocked("carol", "z", now));
}

}  // namespace
}  // namespace guihua::workflow
