// User-facing language selection. Every message a user reads is written zh-CN first with an
// English alternative beside it at the call site:
//   Msg("{}：文件不存在", "{}: no such file", path)
// The language is process-wide (set once by the CLI or server from --lang / GUIHUA_LANG /
// LANG); reading it is thread-safe. A thread may override it for one unit of work (the
// server, per request, from Accept-Language) with a ScopedThreadLanguage.
#pragma once

#include <fmt/core.h>

#include <string>
#include <utility>

namespace guihua {

enum class Lang { kZh, kEn };

void SetLanguage(Lang lang);
// The calling thread's override if one is in scope, else the process-wide language.
Lang CurrentLanguage();

// Sets the calling thread's language until destroyed (restoring the previous override).
class ScopedThreadLanguage {
 public:
  explicit ScopedThreadLanguage(Lang lang);
  ~ScopedThreadLanguage();
  ScopedThreadLanguage(const ScopedThreadLanguage&) = delete;
  ScopedThreadLanguage& operator=(const ScopedThreadLanguage&) = delete;

 private:
  int previous_;
};

// The first language of an HTTP Accept-Language header we speak ("en-US,en;q=0.9" -> en,
// "zh-CN" -> zh); false when it names neither (the caller keeps its default). Quality values
// are not weighed: browsers list languages in preference order.
bool LanguageFromAcceptLanguage(const std::string& header, Lang* lang);
// Picks the language from GUIHUA_LANG, then LANGUAGE/LC_ALL/LANG ("en*" means English);
// Chinese otherwise.
Lang LanguageFromEnvironment();
// Parses "zh", "zh-CN", "en", "en-US"...; returns false for anything else.
bool ParseLanguage(const std::string& s, Lang* lang);

inline const char* Tr(const char* zh, const char* en) {
  return CurrentLanguage() == Lang::kEn ? en : zh;
}

template <typename... Args>
std::string Msg(const char* zh, const char* en, Args&&... args) {
  return fmt::format(fmt::runtime(Tr(zh, en)), std::forward<Args>(args)...);
}

}  // namespace guihua
