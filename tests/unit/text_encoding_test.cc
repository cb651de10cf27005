// DecodeText's binary check: a NUL in the first 64 KiB, or more than about 1% control
// characters there (tab, newline, carriage return and form feed are text), is binary.
#include "common/text_encoding.h"

#include <gtest/gtest.h>

#include <string>

namespace guihua {
namespace {

bool IsBinary(const std::string& bytes) {
  auto r = DecodeText(bytes);
  return !r.ok() && r.status().message().find("二进制") != std::string::npos;
}

TEST(TextEncodingTest, NulIsBinary) {
  EXPECT_TRUE(IsBinary(std::string("规划\0文本", 13)));
  EXPECT_TRUE(IsBinary("\xEF\xBB\xBF" + std::string("a\0b", 3)));  // after a BOM too
  // Only the first 64 KiB are looked at.
  std::string late(65536, 'a');
  late += '\0';
  EXPECT_FALSE(IsBinary(late));
}

TEST(TextEncodingTest, ControlCharacterThreshold) {
  // 1000 bytes: 10 control characters are text, 11 are binary (more than 1% of n + 1).
  std::string ten(990, 'a');
  ten.append(10, '\x01');
  EXPECT_FALSE(IsBinary(ten));
  ASSERT_TRUE(DecodeText(ten).ok());
  std::string eleven(989, 'a');
  eleven.append(11, '\x01');
  EXPECT_TRUE(IsBinary(eleven));
  // Whitespace controls never count.
  std::string spaced(500, 'a');
  spaced.append(500, '\t');
  spaced.replace(100, 200, std::string(50, '\n') + std::string(50, '\r') + std::string(100, '\f'));
  EXPECT_FALSE(IsBinary(spaced));
  // Bytes of 0x20 and above (ASCII, UTF-8 continuation and lead bytes) never count.
  EXPECT_FALSE(IsBinary(std::string(2000, ' ')));
  EXPECT_EQ(DecodeText("衡阳市国民经济和社会发展").value().encoding, "UTF-8");
}

}  // namespace
}  // namespace guihua
