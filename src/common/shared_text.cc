#include "common/shared_text.h"

#include <mutex>
#include <string>
#include <unordered_map>

namespace guihua {

SharedText SharedText::Permanent(std::string_view s) {
  if (s.empty()) return {};
  static std::mutex mu;
  // Keys view the texts of Reps that are never deleted.
  static auto* pool = new std::unordered_map<std::string_view, Rep*>();
  std::lock_guard<std::mutex> lock(mu);
  auto it = pool->find(s);
  if (it == pool->end()) {
    auto* rep = new Rep{{1}, true, std::string(s)};
    it = pool->emplace(rep->text, rep).first;
  }
  SharedText t;
  t.rep_ = it->second;
  return t;
}

}  // namespace guihua
