#include "plan/text_normalize.h"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

// utf8::IsCjk(cp), with the usual case of a CJK unified ideograph answered inline.
bool IsCjk(char32_t cp) { return (cp >= 0x4E00 && cp <= 0x9FFF) || utf8::IsCjk(cp); }

// Appends a full-width form (U+FF01-FF3F: EF BC 81-BF in UTF-8).
void AppendFullWidth(char32_t fw, std::string* out) {
  const char bytes[3] = {'\xEF', '\xBC', static_cast<char>(0x80 | (fw & 0x3F))};
  out->append(bytes, 3);
}

// The position of the first byte below 0x40 in s[from, n), or n. All the candidates for
// conversion are 0x21-0x3F, and the bytes of Chinese text are all 0x80 or above, so most of
// a paragraph is skipped here: sixteen bytes at a time, eight without SSE2.
size_t NextBelow0x40(std::string_view s, size_t from) {
  const size_t n = s.size();
  size_t i = from;
#if defined(__SSE2__)
  const __m128i k40 = _mm_set1_epi8(0x40);
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    // Signed v < 0x40 holds for 00-3F and for 80-FF; ANDNOT v keeps bit 7 only for 00-3F.
    const int mask = _mm_movemask_epi8(_mm_andnot_si128(v, _mm_cmplt_epi8(v, k40)));
    if (mask != 0) return i + static_cast<size_t>(std::countr_zero(static_cast<unsigned>(mask)));
  }
#else
  for (; i + 8 <= n; i += 8) {
    uint64_t v;
    std::memcpy(&v, s.data() + i, 8);
    if (((v - 0x4040404040404040ULL) & ~v & 0x8080808080808080ULL) != 0) break;
  }
#endif
  while (i < n && static_cast<unsigned char>(s[i]) >= 0x40) ++i;
  return i;
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
  for (size_t i = NextBelow0x40(s, 0); i < n; i = NextBelow0x40(s, i + 1)) {
    auto c = static_cast<unsigned char>(s[i]);
    if (!kCandidate[c]) continue;
    char32_t fw = FullWidth(c);
    char32_t prev = CodePointBefore(s, i);
    size_t j = i + 1;
    char32_t next = j < s.size() ? utf8::Decode(s, &j) : 0;
    bool convert;
    if (c == '(') {
      convert = IsCjk(next) || (utf8::IsHan(prev) && !IsAsciiDigit(next));
    } else if (c == ')') {
      convert = IsCjk(prev);
    } else {
      bool prev_cjk = IsCjk(prev);
      bool next_cjk = IsCjk(next);
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
