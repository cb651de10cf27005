#include "workflow/login_throttle.h"

namespace guihua::workflow {

bool LoginThrottle::BlockedLocked(const std::string& key, Clock::time_point now) {
  auto it = counters_.find(key);
  return it != counters_.end() && now < it->second.blocked_until;
}

void LoginThrottle::FailLocked(const std::string& key, Clock::time_point now) {
  Counter& c = counters_[key];
  while (!c.failures.empty() && now - c.failures.front() >= opt_.window) c.failures.pop_front();
  c.failures.push_back(now);
  if (static_cast<int>(c.failures.size()) >= opt_.max_failures) {
    c.blocked_until = now + opt_.block;
    c.failures.clear();
  }
}

bool LoginThrottle::Blocked(const std::string& account, const std::string& address,
                            Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  return BlockedLocked("u:" + account, now) || BlockedLocked("a:" + address, now);
}

void LoginThrottle::RecordFailure(const std::string& account, const std::string& address,
                                  Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  FailLocked("u:" + account, now);
  FailLocked("a:" + address, now);
  // Keep memory bounded under a spray of invented names: drop idle counters.
  if (counters_.size() > 100000) {
    for (auto it = counters_.begin(); it != counters_.end();) {
      bool idle = now >= it->second.blocked_until &&
                  (it->second.failures.empty() || now - it->second.failures.back() >= opt_.window);
      it = idle ? counters_.erase(it) : std::next(it);
    }
  }
}

void LoginThrottle::RecordSuccess(const std::string& account) {
  std::lock_guard<std::mutex> lock(mu_);
  counters_.erase("u:" + account);
}

}  // namespace guihua::workflow
