// UTF-8 helpers used by every text-handling module: decoding one code point, validation,
// classification of CJK characters and punctuation, and whitespace trimming that knows the
// full-width space (U+3000), NBSP and zero-width characters. All functions are pure and
// thread-safe; none allocate except those returning std::string.
//
// Example:
//   size_t i = 0; char32_t cp;
//   while (i < s.size()) { cp = utf8::Decode(s, &i); if (utf8::IsHan(cp)) ...; }
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace guihua::utf8 {

inline constexpr char32_t kReplacement = 0xFFFD;

// Decodes the code point at s[*pos] and advances *pos past it. Invalid or truncated
// sequences yield kReplacement and advance one byte, so the loop always terminates.
char32_t DecodeMultibyte(std::string_view s, size_t* pos);
inline char32_t Decode(std::string_view s, size_t* pos) {
  size_t i = *pos;
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    *pos = i + 1;
    return b;
  }
  // Fast path for the three-byte sequences of Chinese text (lead E1-EC or EE-EF: no
  // overlong or surrogate cases to check).
  if (b >= 0xE1 && b != 0xED && b <= 0xEF && i + 2 < s.size()) {
    auto b1 = static_cast<unsigned char>(s[i + 1]);
    auto b2 = static_cast<unsigned char>(s[i + 2]);
    if ((b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80) {
      *pos = i + 3;
      return (static_cast<char32_t>(b & 0x0F) << 12) | (static_cast<char32_t>(b1 & 0x3F) << 6) |
             (b2 & 0x3F);
    }
  }
  return DecodeMultibyte(s, pos);
}

// Decodes the code point that ends just before s[pos]; returns 0 at the start of s.
char32_t DecodeBefore(std::string_view s, size_t pos, size_t* start = nullptr);

// Appends the UTF-8 encoding of cp to out.
void Append(char32_t cp, std::string* out);
std::string Encode(char32_t cp);

// True when s is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValid(std::string_view s);
// Byte offset of the first ill-formed sequence, or s.size() when s is well-formed.
size_t FirstInvalid(std::string_view s);

// Number of code points (invalid bytes count one each).
size_t Length(std::string_view s);
// Length(s) >= n, stopping as soon as it is known.
bool LengthAtLeast(std::string_view s, size_t n);

// CJK unified ideographs (all planes we meet in practice) and 〇.
bool IsHan(char32_t cp);
// Full-width and CJK punctuation: ，。、；：！？（）“”‘’《》【】…— and friends.
bool IsCjkPunct(char32_t cp);
// Han or CJK punctuation: the "Chinese text" context for punctuation normalisation.
inline bool IsCjk(char32_t cp) { return IsHan(cp) || IsCjkPunct(cp); }
// ASCII and Unicode spaces, U+3000, NBSP, BOM and zero-width characters.
bool IsSpaceOutOfLine(char32_t cp);
inline bool IsSpace(char32_t cp) {
  // Printable ASCII and U+3001-U+FEFE (Chinese text) hold no space: answered inline.
  if ((cp > 0x20 && cp < 0x7F) || (cp > 0x3000 && cp < 0xFEFF)) return false;
  return IsSpaceOutOfLine(cp);
}
// Sentence-ending punctuation: 。！？ and their half-width forms, plus ；.
bool IsSentenceEnd(char32_t cp);
// Full-width ASCII forms (U+FF01-FF5E: ０-９, ＞, ＜, ．, （, ％ …) map to their ASCII
// counterparts, and U+2212 MINUS SIGN to '-'; everything else is returned unchanged.
inline char32_t FoldWidth(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFEE0;
  return cp == 0x2212 ? U'-' : cp;
}
// Full-width digits ０-９ map to 0-9; returns -1 for anything else that is not a digit.
int DigitValue(char32_t cp);

// Removes IsSpace() code points at both ends.
std::string_view Trim(std::string_view s);
// Copies s without the code points for which drop(cp) is true.
template <typename Pred>
std::string RemoveIf(std::string_view s, Pred drop) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    size_t b = i;
    if (!drop(Decode(s, &i))) out.append(s.substr(b, i - b));
  }
  return out;
}

// Removes every IsSpace() code point (used for short navigation lines like "返 回").
std::string RemoveSpaces(std::string_view s);

// Display width: 2 for CJK/full-width code points, 1 otherwise.
size_t DisplayWidth(std::string_view s);

// Replaces invalid sequences with U+FFFD so the result is safe to emit as JSON.
std::string Sanitize(std::string_view s);

}  // namespace guihua::utf8
