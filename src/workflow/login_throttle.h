// Login throttling (登录限流): after `max_failures` failed logins for one account or from one
// address within `window`, further attempts for that account / from that address are refused
// for `block` (the server answers 429). In memory: a restart forgets it, and with several
// server processes each counts alone. Thread-safe (one mutex).
//
// Example:
//   LoginThrottle t;
//   if (t.Blocked("alice", "10.0.0.7", now)) return 429;
//   if (!ok) t.RecordFailure("alice", "10.0.0.7", now); else t.RecordSuccess("alice");
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace guihua::workflow {

class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  struct Options {
    int max_failures = 5;                  // failures that trigger a block
    std::chrono::seconds window{15 * 60};  // counted within this span
    std::chrono::seconds block{15 * 60};   // how long a block lasts
  };
  LoginThrottle() : LoginThrottle(Options{}) {}
  explicit LoginThrottle(Options opt) : opt_(opt) {}

  // True when the account or the address is blocked at `now`.
  bool Blocked(const std::string& account, const std::string& address, Clock::time_point now);
  void RecordFailure(const std::string& account, const std::string& address, Clock::time_point now);
  // Forgets the account's failures (not the address's: one good password does not excuse
  // guessing other accounts from the same address).
  void RecordSuccess(const std::string& account);

 private:
  struct Counter {
    std::deque<Clock::time_point> failures;
    Clock::time_point blocked_until{};
  };
  bool BlockedLocked(const std::string& key, Clock::time_point now);
  void FailLocked(const std::string& key, Clock::time_point now);

  Options opt_;
  std::mutex mu_;
  std::map<std::string, Counter> counters_;  // "u:NAME" and "a:ADDRESS"
};

}  // namespace guihua::workflow
