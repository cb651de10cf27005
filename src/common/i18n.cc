#include "common/i18n.h"

#include <atomic>
#include <cctype>
#include <cstdlib>

namespace guihua {

static std::atomic<Lang> g_lang{Lang::kZh};
// -1: no override; otherwise a Lang.
static thread_local int t_lang = -1;

void SetLanguage(Lang lang) { g_lang.store(lang, std::memory_order_relaxed); }
Lang CurrentLanguage() {
  return t_lang >= 0 ? static_cast<Lang>(t_lang) : g_lang.load(std::memory_order_relaxed);
}

ScopedThreadLanguage::ScopedThreadLanguage(Lang lang) : previous_(t_lang) {
  t_lang = static_cast<int>(lang);
}
ScopedThreadLanguage::~ScopedThreadLanguage() { t_lang = previous_; }

bool LanguageFromAcceptLanguage(const std::string& header, Lang* lang) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(',', pos);
    if (end == std::string::npos) end = header.size();
    std::string tag = header.substr(pos, end - pos);
    size_t semi = tag.find(';');
    if (semi != std::string::npos) tag.resize(semi);
    size_t b = tag.find_first_not_of(' ');
    size_t e = tag.find_last_not_of(' ');
    if (b != std::string::npos) {
      tag = tag.substr(b, e - b + 1);
      for (char& ch : tag) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (ParseLanguage(tag, lang)) return true;
    }
    pos = end + 1;
  }
  return false;
}

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
