// User-facing language selection. Every message a user reads is written zh-CN first with an
// English alternative beside it at the call site:
//   Msg("{}：文件不存在", "{}: no such file", path)
// The language is process-wide (set once by the CLI or server from --lang / GUIHUA_LANG /
// LANG); reading it is thread-safe.
#pragma once

#include <fmt/core.h>

#include <string>
#include <utility>

namespace guihua {

enum class Lang { kZh, kEn };

void SetLanguage(Lang lang);
Lang CurrentLanguage();
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
