// Character-set detection and conversion to UTF-8 for text that arrives from outside:
// UTF-8 (with or without BOM), UTF-16 with BOM, and GB18030/GBK/GB2312 (detected, never asked
// for). Thread-safe; uses iconv from glibc.
//
// Example:
//   Result<DecodedText> t = DecodeText(bytes);   // t->text is UTF-8, t->encoding "GB18030"
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace guihua {

struct DecodedText {
  std::string text;      // UTF-8, BOM removed; line endings untouched
  std::string encoding;  // "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "UTF-16BE" or "GB18030"
};

// Fails with ParseError when the bytes look binary (NUL bytes, control characters) or are
// neither valid UTF-8 nor valid GB18030; the message gives the byte offset of the problem.
Result<DecodedText> DecodeText(std::string_view bytes);

// Converts between two iconv charsets; fails on the first invalid sequence.
Result<std::string> ConvertCharset(std::string_view in, const char* from, const char* to);

}  // namespace guihua
