#include "common/utf8.h"

#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace guihua::utf8 {

char32_t DecodeMultibyte(std::string_view s, size_t* pos) {
  size_t i = *pos;
  auto b0 = static_cast<unsigned char>(s[i]);
  int len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
    min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
    min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
    min = 0x10000;
  } else {
    *pos = i + 1;
    return kReplacement;
  }
  if (i + static_cast<size_t>(len) > s.size()) {
    *pos = i + 1;
    return kReplacement;
  }
  for (int k = 1; k < len; ++k) {
    auto b = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
    if ((b & 0xC0) != 0x80) {
      *pos = i + 1;
      return kReplacement;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    *pos = i + 1;
    return kReplacement;
  }
  *pos = i + static_cast<size_t>(len);
  return cp;
}

char32_t DecodeBefore(std::string_view s, size_t pos, size_t* start) {
  if (pos == 0) {
    if (start) *start = 0;
    return 0;
  }
  size_t i = pos - 1;
  int back = 0;
  while (i > 0 && back < 3 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) {
    --i;
    ++back;
  }
  size_t j = i;
  char32_t cp = Decode(s, &j);
  if (j != pos) {  // not a clean sequence ending at pos: treat the last byte alone
    i = pos - 1;
    cp = kReplacement;
  }
  if (start) *start = i;
  return cp;
}

void Append(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string Encode(char32_t cp) {
  std::string s;
  Append(cp, &s);
  return s;
}

namespace {

// One character of the scalar validator: advances *i past a well-formed sequence at s[*i]
// and returns true, or returns false (leaving *i) at an ill-formed one.
bool ValidStep(std::string_view s, size_t* i) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  unsigned char b = p[*i];
  // The common case of Chinese text first: a three-byte sequence whose lead byte has no
  // overlong or surrogate special case (E1-EC, EE-EF).
  if (b >= 0xE1 && b != 0xED && b <= 0xEF && *i + 2 < n && (p[*i + 1] & 0xC0) == 0x80 &&
      (p[*i + 2] & 0xC0) == 0x80) {
    *i += 3;
    return true;
  }
  if (b < 0x80) {
    ++*i;
    return true;
  }
  const size_t before = *i;
  char32_t cp = DecodeMultibyte(s, i);
  if (cp == kReplacement && *i == before + 1) {
    *i = before;
    return false;
  }
  return true;
}

#if defined(__SSE2__)
// The fast path of FirstInvalid, sixteen bytes per instruction. Validates the characters that
// start in p[0, 62), p[0] being a character boundary; reads p[0, 64) (the last character may
// end two bytes past the block). Returns the offset of the next character boundary (62 to
// 64) when they are all well formed, or 0 when the block
// needs the scalar validator: an ill-formed sequence, a lead byte whose sequences have
// special cases (C0 C1 overlong; E0 ED second-byte ranges), or a four-byte sequence (rare
// in our text; F5-FF are never valid).
//
// Each byte's top three bits go into three 64-bit masks (movemask reads bit 7 of every byte;
// shifting the 16-bit lanes left by k brings bit 7-k there). From them: continuation bytes
// (10xxxxxx) and lead bytes of two (110xxxxx) and three (1110xxxx) byte sequences. Without
// the special leads, text is well formed exactly when the continuation bytes are the ones
// the leads call for, one after a two-byte lead and two after a three-byte lead, and no
// others.
size_t ValidBlock(const unsigned char* p) {
  uint64_t high = 0, bit6 = 0, bit5 = 0, special = 0;
  const __m128i pair_mask = _mm_set1_epi8(static_cast<char>(0xFE));
  const __m128i c0 = _mm_set1_epi8(static_cast<char>(0xC0));
  const __m128i e0 = _mm_set1_epi8(static_cast<char>(0xE0));
  const __m128i ed = _mm_set1_epi8(static_cast<char>(0xED));
  const __m128i ef = _mm_set1_epi8(static_cast<char>(0xEF));
#pragma GCC unroll 4
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + ptrdiff_t{16} * k));
    auto mask = [](__m128i x) { return static_cast<uint64_t>(_mm_movemask_epi8(x) & 0xFFFF); };
    const int shift = 16 * k;
    high |= mask(v) << shift;
    bit6 |= mask(_mm_slli_epi16(v, 1)) << shift;
    bit5 |= mask(_mm_slli_epi16(v, 2)) << shift;
    // C0/C1, E0, ED, and F0-FF (signed greater than EF, which ASCII is too: the AND with v
    // keeps bit 7 only for the bytes at 80 and above).
    __m128i s = _mm_cmpeq_epi8(_mm_and_si128(v, pair_mask), c0);
    s = _mm_or_si128(s, _mm_cmpeq_epi8(v, e0));
    s = _mm_or_si128(s, _mm_cmpeq_epi8(v, ed));
    s = _mm_or_si128(s, _mm_and_si128(_mm_cmpgt_epi8(v, ef), v));
    special |= mask(s) << shift;
  }
  constexpr uint64_t kBlock = (uint64_t{1} << 62) - 1;
  if ((special & kBlock) != 0) return 0;
  const uint64_t cont = high & ~bit6;
  const uint64_t lead = high & bit6 & kBlock;
  const uint64_t lead2 = lead & ~bit5;
  const uint64_t lead3 = lead & bit5;
  const uint64_t expected = (lead2 << 1) | (lead3 << 1) | (lead3 << 2);
  // Within the block and the tail of its last character, continuation bytes are exactly
  // where expected (a lead where a continuation is due, or a stray continuation, differs).
  if ((cont & (kBlock | expected)) != expected) return 0;
  return 62 + static_cast<size_t>(std::popcount(expected >> 62));
}
#endif

}  // namespace

size_t FirstInvalid(std::string_view s) {
  const size_t n = s.size();
  size_t i = 0;
#if defined(__SSE2__)
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  while (i + 64 <= n) {
    if (size_t step = ValidBlock(p + i); step != 0) {
      i += step;
      continue;
    }
    // The scalar validator over this block finds the ill-formed sequence, or steps over the
    // special leads and stops at a character boundary for the fast path to resume.
    for (const size_t end = i + 62; i < end;) {
      if (!ValidStep(s, &i)) return i;
    }
  }
#endif
  while (i < n) {
    if (!ValidStep(s, &i)) return i;
  }
  return n;
}

bool IsValid(std::string_view s) { return FirstInvalid(s) == s.size(); }

namespace {

// Byte classes for Length and DisplayWidth: the bytes of s, its continuation bytes
// (10xxxxxx), and the lead bytes of three- and four-byte sequences (111xxxxx).
struct LeadCounts {
  size_t bytes = 0;
  size_t continuation = 0;
  size_t wide = 0;
};

LeadCounts CountLeads(std::string_view s) {
  LeadCounts c;
  c.bytes = s.size();
  size_t i = 0;
#if defined(__SSE2__)
  // Sixteen bytes at a time: each compare yields -1 per matching byte, subtracted into byte
  // counters that are summed (psadbw) before they can reach 256.
  const __m128i top2 = _mm_set1_epi8(static_cast<char>(0xC0));
  const __m128i cont_bits = _mm_set1_epi8(static_cast<char>(0x80));
  const __m128i wide_floor = _mm_set1_epi8(static_cast<char>(0xE0));
  const __m128i zero = _mm_setzero_si128();
  auto sum = [&](__m128i counts) {
    const __m128i s2 = _mm_sad_epu8(counts, zero);
    return static_cast<size_t>(_mm_cvtsi128_si64(s2)) +
           static_cast<size_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(s2, s2)));
  };
  while (i + 16 <= s.size()) {
    __m128i cont = zero;
    __m128i wide = zero;
    for (int k = 0; k < 255 && i + 16 <= s.size(); ++k, i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
      cont = _mm_sub_epi8(cont, _mm_cmpeq_epi8(_mm_and_si128(v, top2), cont_bits));
      wide = _mm_sub_epi8(wide, _mm_cmpeq_epi8(_mm_max_epu8(v, wide_floor), v));
    }
    c.continuation += sum(cont);
    c.wide += sum(wide);
  }
#endif
  for (; i < s.size(); ++i) {
    auto b = static_cast<unsigned char>(s[i]);
    c.continuation += (b & 0xC0) == 0x80;
    c.wide += b >= 0xE0;
  }
  return c;
}

}  // namespace

size_t Length(std::string_view s) {
  const LeadCounts c = CountLeads(s);
  return c.bytes - c.continuation;
}

bool LengthAtLeast(std::string_view s, size_t n) {
  if (n == 0) return true;
  size_t count = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 && ++count >= n) return true;
  }
  return false;
}

bool IsHan(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x20000 && cp <= 0x3134F) || (cp >= 0xF900 && cp <= 0xFAFF) || cp == 0x3007;
}

bool IsCjkPunct(char32_t cp) {
  return (cp >= 0x3000 && cp <= 0x303F && cp != 0x3007) ||  // CJK symbols and punctuation
         (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
         (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) ||
         (cp >= 0x2018 && cp <= 0x201F) ||  // curly quotes
         cp == 0x2014 || cp == 0x2015 || cp == 0x2026 || cp == 0x00B7 || cp == 0xFE4F;
}

bool IsSpaceOutOfLine(char32_t cp) {
  switch (cp) {
    case ' ':
    case '\t':
    case '\n':
    case '\r':
    case '\f':
    case '\v':
    case 0x00A0:  // NBSP
    case 0x3000:  // ideographic space
    case 0xFEFF:  // BOM / zero-width no-break space
    case 0x200B:  // zero-width space
    case 0x200C:
    case 0x200D:
    case 0x2060:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

bool IsSentenceEnd(char32_t cp) {
  switch (cp) {
    case U'。':
    case U'！':
    case U'？':
    case U'；':
    case '!':
    case '?':
    case ';':
      return true;
    default:
      return false;
  }
}

int DigitValue(char32_t cp) {
  if (cp >= '0' && cp <= '9') return static_cast<int>(cp - '0');
  if (cp >= 0xFF10 && cp <= 0xFF19) return static_cast<int>(cp - 0xFF10);
  return -1;
}

std::string_view Trim(std::string_view s) {
  size_t b = 0;
  while (b < s.size()) {
    size_t j = b;
    if (!IsSpace(Decode(s, &j))) break;
    b = j;
  }
  size_t e = s.size();
  while (e > b) {
    size_t start = 0;
    char32_t cp = DecodeBefore(s, e, &start);
    if (!IsSpace(cp)) break;
    e = start;
  }
  return s.substr(b, e - b);
}

std::string RemoveSpaces(std::string_view s) {
  return RemoveIf(s, [](char32_t cp) { return IsSpace(cp); });
}

size_t DisplayWidth(std::string_view s) {
  // By lead byte: 3- and 4-byte sequences (CJK, full-width forms) are two columns wide, the
  // rest one. Exact for the text we measure (Chinese and ASCII).
  const LeadCounts c = CountLeads(s);
  return c.bytes - c.continuation + c.wide;
}

std::string Sanitize(std::string_view s) {
  if (IsValid(s)) return std::string(s);
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) Append(Decode(s, &i), &out);
  return out;
}

}  // namespace guihua::utf8
