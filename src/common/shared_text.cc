#include "common/shared_text.h"

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace guihua {

SharedText SharedText::Permanent(std::string_view s) {
  if (s.empty()) return {};
  // Never destroyed, like the texts: a permanent copy may be released during static
  // destruction.
  static auto* mu = new std::mutex;
  static auto* pool = new std::unordered_map<std::string_view, Rep*>();  // keys view Rep::text
  static size_t pool_bytes = 0;
  std::lock_guard<std::mutex> lock(*mu);
  auto it = pool->find(s);
  if (it == pool->end()) {
    // A bound on what the process keeps: past it (tables of units uploaded again and again,
    // a fuzzer's inputs) texts are counted as usual rather than kept.
    if (pool_bytes + s.size() > kPermanentBytes) return SharedText(s);
    std::unique_ptr<Rep> rep(new Rep{{1}, std::string(s)});
    it = pool->emplace(rep->text, nullptr).first;
    it->second = rep.release();  // owned by the pool from here on, forever
    pool_bytes += s.size();
  }
  SharedText t;
  t.bits_ = reinterpret_cast<uintptr_t>(it->second) | kPermanentBit;
  return t;
}

}  // namespace guihua
