// Line and paragraph splitting for plain text and for text extracted from PDFs.
#include <algorithm>
#include <cstring>

#include "common/cn_number.h"
#include "common/huge_pages.h"
#include "common/utf8.h"
#include "document/reader.h"

namespace guihua::document {
namespace {

struct Line {
  size_t begin;  // trimmed content offsets
  size_t end;
  bool indented;  // started with two or more spaces or an ideographic space
  size_t width;   // display width of the trimmed content
  size_t reach;   // display width up to the end of the content: indentation + width
};

std::vector<Line> SplitLines(std::string_view text) {
  std::vector<Line> lines;
  size_t newlines = 0;  // memchr finds them faster than a byte loop
  const char* end = text.data() + text.size();
  for (const char* p = text.data(); p < end;) {  // never memchr(nullptr, …) for ""
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
    if (nl == nullptr) break;
    ++newlines;
    p = static_cast<const char*>(nl) + 1;
  }
  ReserveHuge(&lines, newlines + 1);
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view raw = text.substr(pos, nl - pos);
    std::string_view trimmed = utf8::Trim(raw);
    Line line{};
    if (trimmed.empty()) {
      line.begin = line.end = pos;
    } else {
      line.begin = static_cast<size_t>(trimmed.data() - text.data());
      line.end = line.begin + trimmed.size();
      std::string_view lead = raw.substr(0, line.begin - pos);
      line.indented = lead.size() >= 2 || lead.find("\xE3\x80\x80") != std::string_view::npos;
      line.width = utf8::DisplayWidth(trimmed);
      line.reach = utf8::DisplayWidth(lead) + line.width;
    }
    lines.push_back(line);
    if (nl == text.size()) break;
    pos = nl + 1;
  }
  return lines;
}

Block MakeBlock(std::string_view text, size_t begin, size_t end) {
  Block b;
  b.begin = begin;
  b.end = end;
  b.text = std::string(text.substr(begin, end - begin));
  return b;
}

// The width lines wrap at: the 90th percentile of non-empty line widths.
size_t WrapWidth(const std::vector<Line>& lines) {
  std::vector<size_t> widths;
  for (const Line& l : lines) {
    if (l.end > l.begin) widths.push_back(l.width);
  }
  if (widths.empty()) return 0;
  std::sort(widths.begin(), widths.end());
  return widths[widths.size() * 9 / 10 == widths.size() ? widths.size() - 1
                                                        : widths.size() * 9 / 10];
}

bool LooksHardWrapped(const std::vector<Line>& lines) {
  size_t wrap = WrapWidth(lines);
  if (wrap == 0 || wrap > 180) return false;
  size_t nonempty = 0;
  size_t at_wrap = 0;
  for (const Line& l : lines) {
    if (l.end == l.begin) continue;
    ++nonempty;
    if (l.width + 4 >= wrap && l.width <= wrap + 2) ++at_wrap;
  }
  return nonempty >= 8 && at_wrap * 10 >= nonempty * 4;
}

bool IsAsciiAlnum(char32_t cp) {
  return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

// Display width of the first unit a line breaker keeps whole: a run of non-space ASCII
// ("1500", "5G", "2.") or one other character.
size_t FirstUnitWidth(std::string_view content) {
  size_t n = 0;
  while (n < content.size() && static_cast<unsigned char>(content[n]) < 0x80 && content[n] != ' ' &&
         content[n] != '\t') {
    ++n;
  }
  if (n > 0) return n;
  size_t end = 0;
  utf8::Decode(content, &end);
  return utf8::DisplayWidth(content.substr(0, end));
}

}  // namespace

bool StartsWithHeadingMarker(std::string_view line) {
  std::string_view s = utf8::Trim(line);
  if (s.empty()) return false;
  size_t i = 0;
  char32_t c0 = utf8::Decode(s, &i);
  if (c0 == U'—' || c0 == U'―') {
    size_t j = i;
    return j < s.size() && (utf8::Decode(s, &j) == c0);
  }
  if (c0 >= U'①' && c0 <= U'⑳') return true;
  if (c0 == U'第') {
    size_t j = i;
    int n = 0;
    while (j < s.size()) {
      size_t k = j;
      char32_t cp = utf8::Decode(s, &k);
      if (!IsNumeralChar(cp)) {
        if (n > 0 && (cp == U'篇' || cp == U'章' || cp == U'节' || cp == U'部')) return true;
        return false;
      }
      j = k;
      ++n;
    }
    return false;
  }
  if (s.substr(0, 6) == "专栏") return true;
  bool paren = c0 == U'（' || c0 == '(';
  size_t j = paren ? i : 0;
  int digits = 0;
  bool han = false;
  while (j < s.size()) {
    size_t k = j;
    char32_t cp = utf8::Decode(s, &k);
    if (utf8::DigitValue(cp) >= 0) {
      ++digits;
    } else if (IsNumeralChar(cp) && cp != U'O') {
      han = true;
      ++digits;
    } else {
      if (digits == 0 || digits > 4) return false;
      if (paren) return cp == U'）' || cp == ')';
      if (han) return cp == U'、';
      if (cp == U'、' || cp == U'．') return true;
      if (cp == '.') {  // "1." but not "1.5"
        size_t m = k;
        return m >= s.size() || utf8::DigitValue(utf8::Decode(s, &m)) < 0;
      }
      return false;
    }
    j = k;
  }
  return false;
}

std::vector<Block> RebuildParagraphs(std::string_view text) {
  std::vector<Line> lines = SplitLines(text);
  size_t wrap = WrapWidth(lines);
  std::vector<Block> blocks;
  bool open = false;
  Block cur;
  size_t prev_reach = 0;
  for (const Line& l : lines) {
    if (l.end == l.begin) {  // blank line ends a paragraph
      if (open) blocks.push_back(std::move(cur));
      cur = Block();
      open = false;
      continue;
    }
    std::string_view content = text.substr(l.begin, l.end - l.begin);
    // The previous line stopped short when this line's first unit would have fitted after
    // it, with two columns to spare for the error of display width against the font's real
    // widths (justified lines with Latin runs end anywhere within a run's width of the wrap).
    // An indented line reaches as far as its indentation plus its content.
    bool stopped_short = prev_reach + std::max<size_t>(4, FirstUnitWidth(content) + 2) < wrap;
    bool starts_new = !open || l.indented || StartsWithHeadingMarker(content) || stopped_short;
    if (starts_new) {
      if (open) blocks.push_back(std::move(cur));
      cur = MakeBlock(text, l.begin, l.end);
      open = true;
    } else {
      // Chinese wraps without spaces; keep one space between Latin words or numbers.
      char32_t last = utf8::DecodeBefore(cur.text, cur.text.size());
      size_t k = 0;
      char32_t first = utf8::Decode(content, &k);
      if (IsAsciiAlnum(last) && IsAsciiAlnum(first)) cur.text.push_back(' ');
      cur.text.append(content);
      cur.end = l.end;
    }
    prev_reach = l.reach;
  }
  if (open) blocks.push_back(std::move(cur));
  return blocks;
}

std::vector<Block> SplitTextBlocks(std::string_view text) {
  std::vector<Line> lines = SplitLines(text);
  if (LooksHardWrapped(lines)) return RebuildParagraphs(text);
  std::vector<Block> blocks;
  ReserveHuge(&blocks,
              static_cast<size_t>(std::count_if(lines.begin(), lines.end(),
                                                [](const Line& l) { return l.end > l.begin; })));
  for (const Line& l : lines) {
    if (l.end > l.begin) blocks.push_back(MakeBlock(text, l.begin, l.end));
  }
  return blocks;
}

}  // namespace guihua::document
