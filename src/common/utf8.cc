#include "common/utf8.h"

#include <cstdint>
#include <cstring>

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

size_t FirstInvalid(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    unsigned char b = p[i];
    // The common case of Chinese text first: a three-byte sequence whose lead byte has no
    // overlong or surrogate special case (E1-EC, EE-EF).
    if (b >= 0xE1 && b != 0xED && b <= 0xEF && i + 2 < n && (p[i + 1] & 0xC0) == 0x80 &&
        (p[i + 2] & 0xC0) == 0x80) {
      i += 3;
      continue;
    }
    if (b < 0x80) {
      ++i;
      // ASCII runs, eight bytes at a time.
      while (i + 8 <= n) {
        uint64_t v;
        std::memcpy(&v, p + i, 8);
        if (v & 0x8080808080808080ULL) break;
        i += 8;
      }
      continue;
    }
    size_t before = i;
    char32_t cp = DecodeMultibyte(s, &i);
    if (cp == kReplacement && i == before + 1) return before;
  }
  return n;
}

bool IsValid(std::string_view s) { return FirstInvalid(s) == s.size(); }

size_t Length(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
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

bool IsSpace(char32_t cp) {
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

std::string RemoveSpaces(std::string_view s) { return RemoveIf(s, IsSpace); }

size_t DisplayWidth(std::string_view s) {
  // By lead byte: 3- and 4-byte sequences (CJK, full-width forms) are two columns wide, the
  // rest one. Exact for the text we measure (Chinese and ASCII); branch-free so it vectorises.
  // Eight bytes at a time: count bytes that are not continuation bytes (10xxxxxx), plus
  // those that lead a three- or four-byte sequence (111xxxxx).
  constexpr uint64_t kLow = 0x0101010101010101ULL;
  size_t w = 0;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t v;
    std::memcpy(&v, s.data() + i, 8);
    uint64_t not_cont = ((~v >> 7) | (v >> 6)) & kLow;
    uint64_t wide = (v >> 7) & (v >> 6) & (v >> 5) & kLow;
    // Each byte of the masks is 0 or 1: multiplying by kLow sums them into the top byte.
    w += static_cast<size_t>(((not_cont * kLow) >> 56) + ((wide * kLow) >> 56));
  }
  for (; i < s.size(); ++i) {
    auto b = static_cast<unsigned char>(s[i]);
    w += static_cast<size_t>((b & 0xC0) != 0x80) + static_cast<size_t>(b >= 0xE0);
  }
  return w;
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
