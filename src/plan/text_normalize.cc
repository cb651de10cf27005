#include "plan/text_normalize.h"

#include <array>
#include <cstdint>
#include <cstring>

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

// utf8::DecodeBefore(s, i) with the three-byte sequences of Chinese text decoded inline
// (lead E1-EC or EE-EF: no overlong or surrogate case), as utf8::Decode does.
char32_t CodePointBefore(std::string_view s, size_t i) {
  if (i >= 3) {
    auto b0 = static_cast<unsigned char>(s[i - 3]);
    auto b1 = static_cast<unsigned char>(s[i - 2]);
    auto b2 = static_cast<unsigned char>(s[i - 1]);
    if (b0 >= 0xE1 && b0 != 0xED && b0 <= 0xEF && (b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80) {
      return (static_cast<char32_t>(b0 & 0x0F) << 12) | (static_cast<char32_t>(b1 & 0x3F) << 6) |
             (b2 & 0x3F);
    }
  }
  return utf8::DecodeBefore(s, i);
}

// Appends a full-width form (U+FF01-FF3F: EF BC 81-BF in UTF-8).
void AppendFullWidth(char32_t fw, std::string* out) {
  const char bytes[3] = {'\xEF', '\xBC', static_cast<char>(0x80 | (fw & 0x3F))};
  out->append(bytes, 3);
}

}  // namespace

std::string NormalizePunctuation(std::string_view s) {
  std::string out;
  size_t copied = 0;  // s[copied, i) is pending copy
  // Bytes that may need converting: , ; : ! ? ( )
  static constexpr auto kCandidate = [] {
    std::array<bool, 256> t{};
    for (unsigned char c : {',', ';', ':', '!', '?', '(', ')'}) t[c] = true;
    return t;
  }();
  const size_t n = s.size();
  for (size_t i = 0; i < n; ++i) {
    // Skip eight bytes at a time while none is below 0x40 (all candidates are 0x21-0x3F;
    // the bytes of Chinese text are all 0x80 or above).
    while (i + 8 <= n) {
      uint64_t v;
      std::memcpy(&v, s.data() + i, 8);
      if (((v - 0x4040404040404040ULL) & ~v & 0x8080808080808080ULL) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    auto c = static_cast<unsigned char>(s[i]);
    if (!kCandidate[c]) continue;
    char32_t fw = FullWidth(c);
    char32_t prev = CodePointBefore(s, i);
    size_t j = i + 1;
    char32_t next = j < s.size() ? utf8::Decode(s, &j) : 0;
    bool convert;
    if (c == '(') {
      convert = utf8::IsCjk(next) || (utf8::IsHan(prev) && !IsAsciiDigit(next));
    } else if (c == ')') {
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
    if (!convert) continue;
    if (out.empty()) out.reserve(s.size() + s.size() / 8);
    out.append(s.substr(copied, i - copied));
    AppendFullWidth(fw, &out);
    copied = i + 1;
  }
  if (copied == 0) return std::string(s);
  out.append(s.substr(copied));
  return out;
}

}  // namespace guihua::plan
