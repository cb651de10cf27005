#include "common/i18n.h"

#include <atomic>
#include <cstdlib>

namespace guihua {

static std::atomic<Lang> g_lang{Lang::kZh};

void SetLanguage(Lang lang) { g_lang.store(lang, std::memory_order_relaxed); }
Lang CurrentLanguage() { return g_lang.load(std::memory_order_relaxed); }

bool ParseLanguage(const std::string& s, Lang* lang) {
  if (s.rfind("zh", 0) == 0) {
    *lang = Lang::kZh;
    return true;
  }
  if (s.rfind("en", 0) == 0) {
    *lang = Lang::kEn;
    return true;
  }
  return false;
}

Lang LanguageFromEnvironment() {
  for (const char* var : {"GUIHUA_LANG", "LANGUAGE", "LC_ALL", "LANG"}) {
    const char* v = std::getenv(var);
    if (v == nullptr || *v == '\0') continue;
    Lang lang;
    if (ParseLanguage(v, &lang)) return lang;
    if (var[0] == 'G') continue;  // unknown GUIHUA_LANG: fall through to the locale
    return Lang::kZh;             // C, POSIX, zh_*: Chinese first
  }
  return Lang::kZh;
}

}  // namespace guihua
