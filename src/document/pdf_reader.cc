// The PDF reader: ReadPdf() takes the text layer of a PDF through poppler-cpp, rebuilds the
// printed lines of every page from word boxes, drops page furniture (running heads and page
// numbers) and joins the hard-wrapped lines into paragraphs with RebuildParagraphs(), so that
// a paragraph continuing across a page break comes out whole. Thread-safe: every call owns
// its poppler document; the poppler message hook is installed once.
//
// Why word boxes (page::text_list()) and not page::text(): with poppler 22.12 on Chinese
// single-column documents all three text() layouts give the right line order, but
//  - physical_layout encodes indentation as a count of spaces relative to the leftmost glyph
//    of the page, which drifts from page to page (2 spaces on one page, 5 on the next in our
//    fixture) and turns every line "indented" when anything sits left of the body;
//  - raw_order_layout follows the content stream (running heads and footers can come
//    anywhere) and loses indentation, since poppler drops U+3000 as whitespace;
//  - non_raw_non_physical_layout loses indentation too.
// text_list() gives one box per word (per unbroken run of Chinese) with its position, so we
// measure indentation, vertical gaps and where a line sits on its page directly. We order the
// lines top to bottom and words left to right, which for single-column documents is the
// reading order and keeps a table row on one line as physical_layout does.
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/cn_number.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "document/reader.h"

namespace guihua::document {
namespace {

// More pages than any plan document has; bounds the work a hostile file can cause.
constexpr int kMaxPages = 5000;
// Running heads and page numbers are looked for among this many lines at the top and at the
// bottom of each page.
constexpr size_t kFurnitureSlots = 2;

// A word box in the page's upright frame: x grows along the text, y down the page.
struct Word {
  double x1, y1, x2, y2;
  double size;  // font size in points
  bool space_after;
  std::string text;
};

// One printed line of a page.
struct Line {
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  double size = 0;  // largest font size on the line
  std::string text;
};

struct Page {
  int number = 0;  // 1-based
  std::vector<Line> lines;
};

// A word's text as valid UTF-8 without control characters or line separators, which
// would break the one-line-per-line layout of Document::text.
std::string WordText(const poppler::ustring& s) {
  poppler::byte_array bytes = s.to_utf8();
  std::string clean = utf8::Sanitize(std::string_view(bytes.data(), bytes.size()));
  std::string out;
  size_t i = 0;
  while (i < clean.size()) {
    size_t b = i;
    char32_t cp = utf8::Decode(clean, &i);
    if (cp < 0x20 || cp == 0x7F || cp == 0x2028 || cp == 0x2029) continue;
    out.append(clean, b, i - b);
  }
  return out;
}

// Poppler reports syntax problems of damaged files on stderr unless told otherwise; our
// errors say what matters.
void IgnorePopplerMessage(const std::string&, void*) {}

void InstallPopplerMessageHook() {
  static const bool installed = [] {
    poppler::set_debug_error_function(IgnorePopplerMessage, nullptr);
    return true;
  }();
  (void)installed;
}

// Places a box in the upright frame of text written with `rotation` quarter turns clockwise,
// so that lines of rotated pages group and sort like upright ones.
void PlaceUpright(const poppler::rectf& r, int rotation, Word* w) {
  double x1 = std::min(r.left(), r.right()), x2 = std::max(r.left(), r.right());
  double y1 = std::min(r.top(), r.bottom()), y2 = std::max(r.top(), r.bottom());
  switch (rotation) {
    case 1:  // top to bottom; lines follow each other leftwards
      w->x1 = y1, w->x2 = y2, w->y1 = -x2, w->y2 = -x1;
      break;
    case 2:  // upside down
      w->x1 = -x2, w->x2 = -x1, w->y1 = -y2, w->y2 = -y1;
      break;
    case 3:  // bottom to top; lines follow each other rightwards
      w->x1 = -y2, w->x2 = -y1, w->y1 = x1, w->y2 = x2;
      break;
    default:
      w->x1 = x1, w->x2 = x2, w->y1 = y1, w->y2 = y2;
      break;
  }
}

// The words of one page. Text set at another angle than most of the page (a sideways stamp
// or margin note) is dropped: it cannot be placed in the page's lines.
std::vector<Word> PageWords(const poppler::page& page) {
  std::vector<poppler::text_box> boxes = page.text_list(poppler::page::text_list_include_font);
  size_t chars_by_rotation[4] = {0, 0, 0, 0};
  for (const poppler::text_box& b : boxes) {
    int rot = b.rotation();
    if (rot >= 0 && rot < 4) chars_by_rotation[rot] += b.text().size();
  }
  int rotation = static_cast<int>(std::max_element(chars_by_rotation, chars_by_rotation + 4) -
                                  chars_by_rotation);
  std::vector<Word> words;
  for (const poppler::text_box& b : boxes) {
    if (b.rotation() != rotation) continue;
    Word w{};
    w.text = WordText(b.text());
    if (utf8::Trim(w.text).empty()) continue;
    w.space_after = b.has_space_after();
    PlaceUpright(b.bbox(), rotation, &w);
    if (!std::isfinite(w.x1) || !std::isfinite(w.y1) || !std::isfinite(w.x2) ||
        !std::isfinite(w.y2)) {
      continue;
    }
    // The nominal size is wildly off for text scaled by its text matrix; the box height
    // (ascent + descent, about 1.2 em) is the fallback.
    double height = w.y2 - w.y1;
    double nominal = b.has_font_info() ? b.get_font_size() : 0;
    w.size = nominal > 0.5 && (height <= 0 || nominal < 3 * height) ? nominal : height / 1.2;
    if (!std::isfinite(w.size) || w.size <= 0.1) w.size = 10;  // degenerate box: keep the text
    words.push_back(std::move(w));
  }
  return words;
}

char32_t FirstChar(std::string_view s) {
  size_t i = 0;
  return s.empty() ? 0 : utf8::Decode(s, &i);
}

char32_t LastChar(std::string_view s) { return utf8::DecodeBefore(s, s.size()); }

// Appends a word to a line's text. Poppler breaks words at spaces and at gaps; Chinese runs
// come as one word, so a gap between two Chinese words is a real separation (table cells,
// spaced-out headings) only when it is wide.
void AppendWord(const Word* prev, const Word& w, std::string* text) {
  if (prev != nullptr) {
    double gap = w.x1 - prev->x2;
    double size = std::max(prev->size, w.size);
    bool cjk = utf8::IsCjk(LastChar(prev->text)) && utf8::IsCjk(FirstChar(w.text));
    if (prev->space_after || gap > (cjk ? 1.0 : 0.25) * size) text->push_back(' ');
  }
  text->append(utf8::Trim(w.text));
}

// Groups words into lines: words whose vertical extents mostly overlap share a line.
std::vector<Line> GroupLines(std::vector<Word> words) {
  std::sort(words.begin(), words.end(),
            [](const Word& a, const Word& b) { return a.y1 + a.y2 < b.y1 + b.y2; });
  std::vector<std::vector<Word>> rows;
  double row_y1 = 0, row_y2 = 0;
  for (Word& w : words) {
    if (!rows.empty()) {
      double overlap = std::min(row_y2, w.y2) - std::max(row_y1, w.y1);
      double smaller = std::min(row_y2 - row_y1, w.y2 - w.y1);
      if (overlap > 0.5 * smaller) {
        row_y1 = std::min(row_y1, w.y1);
        row_y2 = std::max(row_y2, w.y2);
        rows.back().push_back(std::move(w));
        continue;
      }
    }
    row_y1 = w.y1;
    row_y2 = w.y2;
    rows.emplace_back();
    rows.back().push_back(std::move(w));
  }
  std::vector<Line> lines;
  for (std::vector<Word>& row : rows) {
    std::stable_sort(row.begin(), row.end(),
                     [](const Word& a, const Word& b) { return a.x1 < b.x1; });
    Line line;
    line.x1 = row.front().x1;
    line.y1 = row.front().y1;
    line.y2 = row.front().y2;
    const Word* prev = nullptr;
    for (const Word& w : row) {
      // Fake bold draws the same word twice, slightly shifted.
      if (prev != nullptr && w.text == prev->text &&
          w.x1 < prev->x1 + 0.5 * (prev->x2 - prev->x1)) {
        continue;
      }
      AppendWord(prev, w, &line.text);
      line.x2 = std::max(line.x2, w.x2);
      line.y1 = std::min(line.y1, w.y1);
      line.y2 = std::max(line.y2, w.y2);
      line.size = std::max(line.size, w.size);
      prev = &w;
    }
    if (!line.text.empty()) lines.push_back(std::move(line));
  }
  return lines;
}

// The text a running head is compared by: digits and spaces removed, so "衡阳市人民政府公报
// 2021年第3期" matches on every page.
std::string FurnitureKey(std::string_view line) {
  return utf8::RemoveIf(line,
                        [](char32_t cp) { return utf8::IsSpace(cp) || utf8::DigitValue(cp) >= 0; });
}

// Removes page numbers and running heads (页眉页脚): lines among the first and last
// kFurnitureSlots of a page that read as a page number, or that repeat at the same slot on at
// least 3 pages or on at least half of the pages (and on two at least).
void RemoveFurniture(std::vector<Page>* pages) {
  // slot: 0, 1 = first, second line from the top; -1, -2 = from the bottom.
  auto slot_line = [](const Page& p, int slot) -> const Line* {
    size_t n = p.lines.size();
    size_t k = static_cast<size_t>(slot >= 0 ? slot : -slot - 1);
    if (k >= n) return nullptr;
    return &p.lines[slot >= 0 ? k : n - 1 - k];
  };
  std::vector<int> slots;
  for (size_t k = 0; k < kFurnitureSlots; ++k) {
    slots.push_back(static_cast<int>(k));
    slots.push_back(-static_cast<int>(k) - 1);
  }
  std::map<std::pair<int, std::string>, std::set<int>> seen;  // (slot, key) -> pages
  for (const Page& p : *pages) {
    for (int slot : slots) {
      const Line* line = slot_line(p, slot);
      if (line == nullptr) continue;
      std::string key = FurnitureKey(line->text);
      if (!key.empty()) seen[{slot, key}].insert(p.number);
    }
  }
  size_t page_count = pages->size();
  for (Page& p : *pages) {
    std::set<const Line*> drop;
    for (int slot : slots) {
      const Line* line = slot_line(p, slot);
      if (line == nullptr) continue;
      if (IsPageNumberLine(line->text)) {
        drop.insert(line);
        continue;
      }
      std::string key = FurnitureKey(line->text);
      if (key.empty()) continue;
      size_t repeats = seen[{slot, key}].size();
      if (repeats >= 3 || (repeats >= 2 && 2 * repeats >= page_count)) drop.insert(line);
    }
    std::vector<Line> kept;
    for (const Line& l : p.lines) {
      if (drop.count(&l) == 0) kept.push_back(l);
    }
    p.lines = std::move(kept);
  }
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

// The most common value after rounding to `bin`, and how often it occurs; the smallest such
// value on a tie.
std::pair<double, size_t> Mode(const std::vector<double>& v, double bin) {
  std::map<long, size_t> counts;
  for (double x : v) ++counts[std::lround(x / bin)];
  long best = 0;
  size_t best_count = 0;
  for (const auto& [key, count] : counts) {
    if (count > best_count) {
      best = key;
      best_count = count;
    }
  }
  return {static_cast<double>(best) * bin, best_count};
}

// Layout of the body text, measured over the whole document.
struct BodyLayout {
  double size = 0;           // body font size
  double pitch = 0;          // distance between the tops of consecutive lines
  std::vector<double> left;  // left margin per page index
};

bool IsBodySize(const Line& l, double size) { return std::abs(l.size - size) <= 0.15 * size; }

BodyLayout MeasureBody(const std::vector<Page>& pages) {
  BodyLayout body;
  // The body size is the median over characters rather than lines, so that the many long
  // body lines outvote headings and short lines.
  std::vector<std::pair<double, size_t>> sizes;  // (size, characters)
  size_t total = 0;
  for (const Page& p : pages) {
    for (const Line& l : p.lines) {
      sizes.emplace_back(l.size, utf8::Length(l.text));
      total += sizes.back().second;
    }
  }
  std::sort(sizes.begin(), sizes.end());
  size_t seen = 0;
  for (const auto& [size, chars] : sizes) {
    seen += chars;
    body.size = size;
    if (2 * seen >= total) break;
  }
  std::vector<double> all_lefts;
  std::vector<double> pitches;
  for (const Page& p : pages) {
    const Line* prev = nullptr;
    for (const Line& l : p.lines) {
      if (!IsBodySize(l, body.size)) {
        prev = nullptr;
        continue;
      }
      all_lefts.push_back(l.x1);
      if (prev != nullptr && l.y1 > prev->y1) pitches.push_back(l.y1 - prev->y1);
      prev = &l;
    }
  }
  body.pitch = pitches.empty() ? 1.5 * body.size : Median(pitches);
  double bin = std::max(body.size / 4, 1.0);
  double doc_left = Mode(all_lefts, bin).first;
  // Pages may have their own margins (mirrored for double-sided printing); a page decides
  // only when it has enough body lines to show its margin.
  for (const Page& p : pages) {
    std::vector<double> lefts;
    for (const Line& l : p.lines) {
      if (IsBodySize(l, body.size)) lefts.push_back(l.x1);
    }
    auto [left, count] = Mode(lefts, bin);
    body.left.push_back(lefts.size() >= 5 && count >= 3 ? left : doc_left);
  }
  return body;
}

struct PageText {
  std::string text;
  std::vector<std::pair<size_t, int>> line_pages;  // (offset of a line, its page)
};

// Writes the kept lines, one per line. An indented line starts with as many ideographic
// spaces as it is indented by (at least two), which RebuildParagraphs reads as a paragraph
// start; a vertical gap wider than normal becomes a blank line. Pages follow each other with
// no separator, so a paragraph runs on across a page break.
PageText WriteLines(const std::vector<Page>& pages) {
  BodyLayout body = MeasureBody(pages);
  PageText out;
  for (size_t pi = 0; pi < pages.size(); ++pi) {
    const Page& p = pages[pi];
    const Line* prev = nullptr;
    for (const Line& l : p.lines) {
      if (prev != nullptr && l.y1 - prev->y1 > 1.6 * std::max(body.pitch, prev->y2 - prev->y1)) {
        out.text.push_back('\n');
      }
      out.line_pages.emplace_back(out.text.size(), p.number);
      double indent = body.size > 0 ? (l.x1 - body.left[pi]) / body.size : 0;
      if (indent >= 1.5) {
        long n = std::lround(std::min(indent, 40.0));
        for (long k = 0; k < n; ++k) out.text.append("\u3000");
      }
      out.text.append(l.text);
      out.text.push_back('\n');
      prev = &l;
    }
  }
  return out;
}

Status Damaged() {
  return Status::ParseError(Tr("PDF 文件已损坏或被截断", "the PDF file is damaged or truncated"));
}

bool StartsWithPdfHeader(std::string_view bytes) {
  // Readers accept the header within the first 1 KB (some files carry a preamble).
  return bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos;
}

Result<Document> ReadPdfOrThrow(std::string_view bytes) {
  if (bytes.empty()) return Status::ParseError(Tr("文件是空的", "the file is empty"));
  if (!StartsWithPdfHeader(bytes)) {
    return Status::ParseError(
        Tr("不是 PDF 文件（缺少 %PDF 文件头）", "not a PDF file (no %PDF header)"));
  }
  // A download cut short loses the end-of-file marker; poppler would rebuild what it can and
  // silently drop the rest. Like Acrobat we look for the marker in the last 1 KB (after
  // trailing padding): a linearized file also has one after its first page.
  size_t end = bytes.find_last_not_of(std::string_view(" \t\r\n\0", 5));
  std::string_view tail = bytes.substr(0, end == std::string_view::npos ? 0 : end + 1);
  if (tail.substr(tail.size() - std::min<size_t>(tail.size(), 1024)).find("%%EOF") ==
      std::string_view::npos) {
    return Damaged();
  }
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    return Status::InvalidArgument(Tr("PDF 文件太大", "the PDF file is too large"));
  }
  InstallPopplerMessageHook();
  // load_from_data takes the buffer over (swaps it in) and keeps it for the document's life.
  poppler::byte_array data(bytes.begin(), bytes.end());
  std::unique_ptr<poppler::document> pdf(poppler::document::load_from_data(&data));
  if (pdf == nullptr) return Damaged();
  if (pdf->is_locked()) {
    return Status::ParseError(Tr("PDF 文件设有打开密码（已加密），请去除密码后再导入",
                                 "the PDF is password-protected (encrypted); remove the password "
                                 "and import it again"));
  }
  int page_count = pdf->pages();
  if (page_count <= 0) return Damaged();
  if (page_count > kMaxPages) {
    return Status::InvalidArgument(Msg("PDF 页数过多（{} 页，上限 {} 页）",
                                       "the PDF has too many pages ({}, limit {})", page_count,
                                       kMaxPages));
  }
  std::vector<Page> pages;
  int readable = 0;
  for (int i = 0; i < page_count; ++i) {
    std::unique_ptr<poppler::page> page(pdf->create_page(i));
    if (page == nullptr) continue;
    ++readable;
    Page p;
    p.number = i + 1;
    p.lines = GroupLines(PageWords(*page));
    if (!p.lines.empty()) pages.push_back(std::move(p));
  }
  if (readable == 0) return Damaged();
  RemoveFurniture(&pages);
  std::erase_if(pages, [](const Page& p) { return p.lines.empty(); });
  if (pages.empty()) {
    return Status::ParseError(Tr("PDF 没有文字层（可能是扫描件），请先做文字识别（OCR）再导入",
                                 "PDF has no text layer (scanned image?); run OCR first"));
  }

  PageText written = WriteLines(pages);
  Document doc;
  doc.format = "pdf";
  doc.text = std::move(written.text);
  doc.blocks = RebuildParagraphs(doc.text);
  for (Block& b : doc.blocks) {
    auto it = std::upper_bound(
        written.line_pages.begin(), written.line_pages.end(), b.begin,
        [](size_t offset, const std::pair<size_t, int>& lp) { return offset < lp.first; });
    b.page = it == written.line_pages.begin() ? 1 : std::prev(it)->second;
  }
  return doc;
}

}  // namespace

Result<Document> ReadPdf(std::string_view bytes) {
  // Poppler is C++ and may throw (std::bad_alloc, or from a container on a hostile file);
  // nothing may escape the reader.
  try {
    return ReadPdfOrThrow(bytes);
  } catch (const std::bad_alloc&) {
    return Status::Unavailable(Tr("读取 PDF 时内存不足", "out of memory while reading the PDF"));
  } catch (...) {
    return Damaged();
  }
}

}  // namespace guihua::document
