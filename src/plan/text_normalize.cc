#include "plan/text_normalize.h"

#include "common/utf8.h"

namespace guihua::plan {
namespace {

bool IsAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

char32_t FullWidth(char32_t c) {
  switch (c) {
    case ',':
      return U'，';
    case ';':
      return U'；';
    case ':':
      return U'：';
    case '!':
      return U'！';
    case '?':
      return U'？';
    case '(':
      return U'（';
    case ')':
      return U'）';
    default:
      return 0;
  }
}

}  // namespace

std::string NormalizePunctuation(std::string_view s) {
  // Fast path: nothing to convert.
  bool any = false;
  for (char c : s) {
    if (FullWidth(static_cast<unsigned char>(c)) != 0) {
      any = true;
      break;
    }
  }
  if (!any) return std::string(s);
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  size_t i = 0;
  char32_t prev = 0;
  while (i < s.size()) {
    size_t b = i;
    char32_t cp = utf8::Decode(s, &i);
    char32_t fw = cp < 0x80 ? FullWidth(cp) : 0;
    if (fw == 0) {
      out.append(s.substr(b, i - b));
      prev = cp;
      continue;
    }
    size_t j = i;
    char32_t next = j < s.size() ? utf8::Decode(s, &j) : 0;
    bool convert;
    if (cp == '(') {
      convert = utf8::IsCjk(next) || (utf8::IsHan(prev) && !IsAsciiDigit(next));
    } else if (cp == ')') {
      convert = utf8::IsCjk(prev);
    } else {
      bool prev_cjk = utf8::IsCjk(prev);
      bool next_cjk = utf8::IsCjk(next);
      bool number_inside = IsAsciiDigit(prev) && IsAsciiDigit(next);  // 1,000 or 10:06
      bool latin = IsAsciiLetter(prev) && (IsAsciiLetter(next) || next == ' ');
      convert = (prev_cjk || next_cjk) && !number_inside && !latin;
      // "…篇章!" at the end of a line: previous is Chinese, nothing follows.
      if (!convert && prev_cjk && (next == 0 || utf8::IsSpace(next))) convert = true;
    }
    if (convert) {
      utf8::Append(fw, &out);
    } else {
      out.append(s.substr(b, i - b));
    }
    prev = cp;
  }
  return out;
}

}  // namespace guihua::plan
