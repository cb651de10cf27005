#include "common/i18n.h"

#include <gtest/gtest.h>

#include <thread>

namespace guihua {
namespace {

TEST(I18nTest, AcceptLanguagePicksTheFirstLanguageWeSpeak) {
  struct Case {
    const char* header;
    bool found;
    Lang lang;
  };
  const Case cases[] = {
      {"en", true, Lang::kEn},
      {"en-US,en;q=0.9", true, Lang::kEn},
      {"zh-CN,zh;q=0.9,en;q=0.8", true, Lang::kZh},
      {"fr-FR, en;q=0.5", true, Lang::kEn},
      {" EN-gb ", true, Lang::kEn},
      {"de, fr", false, Lang::kZh},
      {"", false, Lang::kZh},
      {";q=1,,", false, Lang::kZh},
  };
  for (const Case& c : cases) {
    Lang got = Lang::kZh;
    EXPECT_EQ(LanguageFromAcceptLanguage(c.header, &got), c.found) << c.header;
    if (c.found) {
      EXPECT_EQ(got, c.lang) << c.header;
    }
  }
}

TEST(I18nTest, ThreadOverrideIsScopedAndPerThread) {
  SetLanguage(Lang::kZh);
  {
    ScopedThreadLanguage en(Lang::kEn);
    EXPECT_STREQ(Tr("中", "en"), "en");
    Lang other = Lang::kEn;
    std::thread([&] { other = CurrentLanguage(); }).join();
    EXPECT_EQ(other, Lang::kZh);  // another thread keeps the process language
    {
      ScopedThreadLanguage zh(Lang::kZh);
      EXPECT_STREQ(Tr("中", "en"), "中");
    }
    EXPECT_STREQ(Tr("中", "en"), "en");
  }
  EXPECT_EQ(CurrentLanguage(), Lang::kZh);
}

}  // namespace
}  // namespace guihua
