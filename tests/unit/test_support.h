// Shared helpers for the unit tests.
#pragma once

#include <gtest/gtest.h>

#include "common/i18n.h"

namespace guihua::testing_support {

// A fixture whose tests run in Chinese (the default language) and restore the language
// they found, so message assertions do not depend on test order.
class ZhTest : public ::testing::Test {
 protected:
  void SetUp() override {
    saved_ = CurrentLanguage();
    SetLanguage(Lang::kZh);
  }
  void TearDown() override { SetLanguage(saved_); }

 private:
  Lang saved_ = Lang::kZh;
};

}  // namespace guihua::testing_support
