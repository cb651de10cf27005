// The HTML reader, ReadHtml(): turns a web page into Document blocks in reading order, the way
// a browser lays its text out. Pages from Chinese government and news sites are the target, so
// the rules below are written for them. It has no shared state and is thread-safe.
//
// Encoding. A BOM decides first. Then a <meta charset> or <meta http-equiv="Content-Type"
// content="…charset=…"> tag in the first 4 KB does: gb2312, gbk and gb18030 (and their aliases)
// all decode as GB18030, and utf-16 labels mean UTF-8, as in browsers. If the page is valid
// UTF-8 with non-ASCII text but the meta tag names another charset, UTF-8 wins. Pages re-saved as
// UTF-8 often keep a stale gb2312 meta tag, and GBK text is practically never valid UTF-8 by
// chance. Without a usable declaration, or when the bytes are invalid in the declared charset,
// DecodeText() detects UTF-8 or GB18030, and its ParseError is returned when both fail.
//
// Blocks. Each block-level element (p, div, h1–h6, li, dd/dt, blockquote, pre, section…) and
// each <br> ends a block. Inline elements join the surrounding text. Whitespace collapses the
// way CSS does: runs of ASCII whitespace become one space. If such a run holds a line break and
// sits between two CJK characters, it is removed (CSS Text 3 segment-break rule), so text
// hard-wrapped in the page source does not gain spaces inside Chinese sentences. NBSP and U+3000
// are kept verbatim, except at the ends of a block, where they are indentation and are trimmed.
// <pre> keeps its spaces and makes one block per line. These are skipped: <head> (so <title>),
// script, style, noscript, template, iframe, object, embed, svg, math, canvas, media, <nav>,
// form controls (select, option, button, input, textarea), and elements with the `hidden`
// attribute or an inline style of display:none or visibility:hidden. Images contribute nothing.
// List markers (bullets, <ol> numbers) are not added. A block made only of link text (<a href>)
// and decoration is page navigation (menus, related-article lists, "回顶部"): it is marked
// Furniture::kNavigation here, since MarkFurniture() cannot see links. Headings are exempt
// because headlines are often links.
//
// Tables. A <table> becomes one kTable block when it is a data table. That means at least two
// non-empty rows, at least one row with two or more cells, and no cell that holds a nested
// table, a heading, a list or more than two paragraphs (block elements and <br> both separate
// paragraphs). Every other table is layout: its cells are walked as ordinary content, each cell
// ending a block. colspan/rowspan are expanded with empty cells so columns line up. A table
// whose spans would add more than 8 empty cells per real cell is treated as layout. A cell's
// paragraphs join with the same rule as hard-wrapped text. A <caption> becomes a paragraph
// before the table.
//
// Limits. Gumbo's tree builder takes time quadratic in the nesting depth of block containers
// (100 000 nested <div>s take about 40 s), and memory per element. A page whose div-like
// containers nest deeper than kMaxContainerDepth, or that has more than kMaxTags tags, is
// refused with ParseError before it reaches gumbo. Deep nesting of other elements is fine: our
// walk is iterative and the tree is flattened before gumbo frees it recursively. Gumbo is still
// quadratic in some adversarial inputs we do not guard (300 000 nested unclosed <font>s take a
// minute), so callers that take pages from strangers should also bound the time.
#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/i18n.h"
#include "common/text_encoding.h"
#include "common/utf8.h"
#include "document/reader.h"

namespace guihua::document {
namespace {

// Bytes searched for a <meta> charset declaration.
constexpr size_t kCharsetSniffBytes = 4096;
// Deepest nesting of div-like containers we hand to gumbo. Real pages nest far less; Nokogiri's
// gumbo fork caps the whole tree at 400 levels by default.
constexpr int kMaxContainerDepth = 2000;
// Most tags we hand to gumbo, which spends about 250 bytes per element (1 000 000 nested <span>s
// peak at 260 MB), so about 500 MB at this limit. Even a long plan exported from Word has far
// fewer tags.
constexpr size_t kMaxTags = 2'000'000;
// A data table may hold at most this many span-padding cells per real cell (plus a small
// allowance); beyond that the spans are not a grid but an attack or a mistake.
constexpr size_t kMaxPaddingPerCell = 8;
constexpr size_t kPaddingAllowance = 64;
// HTML caps: https://html.spec.whatwg.org/#attr-tdth-colspan
constexpr long kMaxColspan = 1000;
constexpr long kMaxRowspan = 65534;

// ---------------------------------------------------------------------------------------------
// Encoding

bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && IsHtmlSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsHtmlSpace(s.back())) s.remove_suffix(1);
  return s;
}

// The value of `charset=` in a Content-Type value ("text/html; charset=gb2312"), or "".
std::string_view CharsetFromContentType(std::string_view content) {
  size_t pos = 0;
  while ((pos = content.find("charset", pos)) != std::string_view::npos) {
    size_t i = pos + 7;
    while (i < content.size() && IsHtmlSpace(content[i])) ++i;
    if (i >= content.size() || content[i] != '=') {
      pos = i;
      continue;
    }
    ++i;
    while (i < content.size() && IsHtmlSpace(content[i])) ++i;
    if (i < content.size() && (content[i] == '"' || content[i] == '\'')) ++i;
    size_t start = i;
    while (i < content.size() && !IsHtmlSpace(content[i]) && content[i] != ';' &&
           content[i] != '"' && content[i] != '\'') {
      ++i;
    }
    return content.substr(start, i - start);
  }
  return {};
}

// The charset label (lower-cased) that the first <meta charset> or <meta http-equiv=
// "Content-Type"> tag in the first kCharsetSniffBytes declares, or "". Comments are skipped, so
// a commented-out <meta> does not count.
std::string DeclaredCharset(std::string_view bytes) {
  const std::string head = AsciiLower(bytes.substr(0, kCharsetSniffBytes));
  const size_t n = head.size();
  size_t i = 0;
  while ((i = head.find('<', i)) != std::string::npos) {
    if (head.compare(i, 4, "<!--") == 0) {
      size_t end = head.find("-->", i + 4);
      if (end == std::string::npos) break;
      i = end + 3;
      continue;
    }
    if (head.compare(i, 5, "<meta") != 0 || i + 5 >= n ||
        !(IsHtmlSpace(head[i + 5]) || head[i + 5] == '/')) {
      ++i;
      continue;
    }
    i += 5;
    std::string_view charset, http_equiv, content;
    while (i < n && head[i] != '>') {
      if (IsHtmlSpace(head[i]) || head[i] == '/') {
        ++i;
        continue;
      }
      size_t name_start = i;
      while (i < n && !IsHtmlSpace(head[i]) && head[i] != '=' && head[i] != '>' && head[i] != '/') {
        ++i;
      }
      std::string_view name = std::string_view(head).substr(name_start, i - name_start);
      while (i < n && IsHtmlSpace(head[i])) ++i;
      std::string_view value;
      if (i < n && head[i] == '=') {
        ++i;
        while (i < n && IsHtmlSpace(head[i])) ++i;
        if (i < n && (head[i] == '"' || head[i] == '\'')) {
          char quote = head[i++];
          size_t end = std::min(head.find(quote, i), n);
          value = std::string_view(head).substr(i, end - i);
          i = std::min(end + 1, n);
        } else {
          size_t start = i;
          while (i < n && !IsHtmlSpace(head[i]) && head[i] != '>') ++i;
          value = std::string_view(head).substr(start, i - start);
        }
      }
      if (name == "charset") {
        charset = value;
      } else if (name == "http-equiv") {
        http_equiv = value;
      } else if (name == "content") {
        content = value;
      }
    }
    if (!TrimAscii(charset).empty()) return std::string(TrimAscii(charset));
    if (TrimAscii(http_equiv) == "content-type") {
      std::string_view declared = CharsetFromContentType(content);
      if (!declared.empty()) return std::string(declared);
    }
  }
  return "";
}

// The iconv charset for a declared label, which is also the name Document::encoding records, or
// "" for a label we cannot use.
std::string CharsetForLabel(std::string_view label) {
  static constexpr std::array<std::string_view, 16> kGbLabels = {
      "gb2312",      "gbk",       "gb18030",         "x-gbk",    "cp936",   "ms936",
      "windows-936", "euc-cn",    "x-euc-cn",        "csgb2312", "chinese", "gb_2312-80",
      "gb_2312",     "iso-ir-58", "csiso58gb231280", "gb-2312"};
  if (label.empty() || label.size() > 40) return "";
  if (label == "utf-8" || label == "utf8" || label == "unicode-1-1-utf-8" ||
      label.substr(0, 6) == "utf-16") {
    return "UTF-8";
  }
  if (std::find(kGbLabels.begin(), kGbLabels.end(), label) != kGbLabels.end()) return "GB18030";
  // Another label iconv may know (big5, windows-1252…); anything odd is ignored.
  std::string name;
  for (char c : label) {
    if (!IsAsciiAlnum(c) && c != '-' && c != '_' && c != '.' && c != ':') return "";
    name.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return name;
}

bool HasNonAscii(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

Result<DecodedText> DecodeHtml(std::string_view bytes) {
  // DecodeText knows the UTF-8 and UTF-16 byte order marks.
  if (bytes.starts_with("\xEF\xBB\xBF") || bytes.starts_with("\xFF\xFE") ||
      bytes.starts_with("\xFE\xFF")) {
    return DecodeText(bytes);
  }
  const std::string charset = CharsetForLabel(DeclaredCharset(bytes));
  if (!charset.empty()) {
    const bool valid_utf8 = utf8::IsValid(bytes);
    if (valid_utf8 && (charset == "UTF-8" || HasNonAscii(bytes))) {
      return DecodedText{std::string(bytes), "UTF-8"};
    }
    if (charset != "UTF-8") {
      Result<std::string> text = ConvertCharset(bytes, charset.c_str(), "UTF-8");
      if (text.ok()) return DecodedText{std::move(*text), charset};
    }
  }
  return DecodeText(bytes);
}

// ---------------------------------------------------------------------------------------------
// Nesting guard

// Containers that only their own end tag closes (a new <p> or <li> closes the previous one, so
// those do not pile up). These are what gumbo's scope checks walk through.
bool IsContainerName(std::string_view name) {
  static constexpr std::array<std::string_view, 23> kNames = {
      "address", "article", "aside",    "blockquote", "center",  "details", "dialog", "dir",
      "div",     "dl",      "fieldset", "figcaption", "figure",  "footer",  "header", "hgroup",
      "main",    "menu",    "nav",      "ol",         "section", "summary", "ul"};
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

// Position of the end tag "</name" (name lower-case) at or after `from`, or npos.
size_t FindEndTag(std::string_view html, std::string_view name, size_t from) {
  size_t i = from;
  while ((i = html.find("</", i)) != std::string_view::npos) {
    i += 2;
    if (html.size() - i < name.size()) return std::string_view::npos;
    bool match = true;
    for (size_t k = 0; k < name.size() && match; ++k) match = AsciiLower(html[i + k]) == name[k];
    if (match) return i - 2;
  }
  return std::string_view::npos;
}

// Refuses pages that would make gumbo slow or huge (see the file comment). A rough tokenizer counts
// tags and estimates how deep div-like containers nest. It skips comments and the raw text of
// script/style/textarea/title/xmp. Inside a table, a new cell or row or the table's end closes
// whatever the previous cell left open, as in the tree builder. Other implicit closes are not
// seen, so the depth estimate can only err high, and only on pages that leave divs unclosed.
Status CheckParseLimits(std::string_view html) {
  int depth = 0;
  std::vector<int> table_depths;  // `depth` where each open <table> started
  size_t tags = 0;
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    ++i;
    if (html.compare(i, 3, "!--") == 0) {
      size_t end = html.find("-->", i + 3);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    const bool end_tag = i < html.size() && html[i] == '/';
    if (end_tag) ++i;
    size_t start = i;
    while (i < html.size() && IsAsciiAlnum(html[i])) ++i;
    if (i == start) continue;
    if (++tags > kMaxTags) {
      return Status::ParseError(
          Msg("HTML 页面的标签超过 {} 个，无法解析", "HTML page has more than {} tags", kMaxTags));
    }
    if (i - start > 10) continue;  // longer than any name we look at
    const std::string name = AsciiLower(html.substr(start, i - start));
    if (!end_tag && (name == "script" || name == "style" || name == "textarea" || name == "title" ||
                     name == "xmp")) {
      i = FindEndTag(html, name, i);
      if (i == std::string_view::npos) break;
      continue;
    }
    if (name == "table") {
      if (!end_tag) {
        table_depths.push_back(depth);
      } else if (!table_depths.empty()) {
        depth = table_depths.back();
        table_depths.pop_back();
      }
    } else if (name == "td" || name == "th" || name == "tr") {
      if (!table_depths.empty()) depth = table_depths.back();
    } else if (IsContainerName(name)) {
      if (end_tag) {
        if (depth > 0) --depth;
      } else if (++depth > kMaxContainerDepth) {
        return Status::ParseError(Msg("HTML 页面的 div 等块元素嵌套超过 {} 层，无法解析",
                                      "HTML nests div-like elements deeper than {} levels",
                                      kMaxContainerDepth));
      }
    }
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------
// The gumbo tree

const GumboVector* Children(const GumboNode* node) {
  switch (node->type) {
    case GUMBO_NODE_DOCUMENT:
      return &node->v.document.children;
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE:
      return &node->v.element.children;
    default:
      return nullptr;
  }
}

// Visits `root` and its descendants depth first without recursion, since pages can nest deeply.
// enter(node) returns whether to visit the node's children. exit(node) runs after them, only for
// nodes whose enter() returned true.
template <typename Enter, typename Exit>
void Walk(const GumboNode* root, Enter&& enter, Exit&& exit) {
  struct Frame {
    const GumboNode* node;
    unsigned int next_child;
  };
  if (!enter(root)) return;
  std::vector<Frame> stack = {{root, 0}};
  while (!stack.empty()) {
    Frame& top = stack.back();
    const GumboVector* children = Children(top.node);
    if (children == nullptr || top.next_child >= children->length) {
      const GumboNode* done = top.node;
      stack.pop_back();
      exit(done);
      continue;
    }
    const auto* child = static_cast<const GumboNode*>(children->data[top.next_child++]);
    if (enter(child)) stack.push_back({child, 0});
  }
}

bool IsElement(const GumboNode* node) {
  return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
}

GumboTag TagOf(const GumboNode* node) {
  return IsElement(node) ? node->v.element.tag : GUMBO_TAG_UNKNOWN;
}

// Elements whose content a reader never sees as page text.
bool IsSkippedTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_FRAME:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_OPTGROUP:
    case GUMBO_TAG_DATALIST:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_KEYGEN:
    case GUMBO_TAG_NAV:
      return true;
    default:
      return false;
  }
}

// `hidden`, or an inline style="display: none" / "visibility:hidden".
bool IsHidden(const GumboElement& element) {
  if (gumbo_get_attribute(&element.attributes, "hidden") != nullptr) return true;
  const GumboAttribute* style = gumbo_get_attribute(&element.attributes, "style");
  if (style == nullptr || style->value == nullptr) return false;
  std::string compact;
  for (const char* p = style->value; *p != '\0'; ++p) {
    if (!IsHtmlSpace(*p)) compact.push_back(AsciiLower(*p));
  }
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
}

bool IsSkipped(const GumboNode* node) {
  return IsElement(node) && (IsSkippedTag(node->v.element.tag) || IsHidden(node->v.element));
}

// Elements that start and end a block of text (CSS display: block, list-item, table parts).
bool IsBlockTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_LISTING:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MARQUEE:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PLAINTEXT:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_XMP:
      return true;
    default:
      return false;
  }
}

int HeadingLevel(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_H1:
      return 1;
    case GUMBO_TAG_H2:
      return 2;
    case GUMBO_TAG_H3:
      return 3;
    case GUMBO_TAG_H4:
      return 4;
    case GUMBO_TAG_H5:
      return 5;
    case GUMBO_TAG_H6:
      return 6;
    default:
      return 0;
  }
}

bool IsPreformatted(GumboTag tag) {
  return tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_LISTING || tag == GUMBO_TAG_XMP ||
         tag == GUMBO_TAG_PLAINTEXT;
}

bool IsLink(const GumboNode* node) {
  return TagOf(node) == GUMBO_TAG_A &&
         gumbo_get_attribute(&node->v.element.attributes, "href") != nullptr;
}

// True when `text` holds a letter, digit or Han character, i.e. more than spaces, punctuation
// and decoration such as "|", "【", ">".
bool HasWordCharacter(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const char32_t cp = utf8::Decode(text, &i);
    if (cp < 0x80) {
      if (IsAsciiAlnum(static_cast<char>(cp))) return true;
    } else if (!utf8::IsSpace(cp) && !utf8::IsCjkPunct(cp) && cp != utf8::kReplacement) {
      return true;
    }
  }
  return false;
}

// Text of a text-like node (text, whitespace, CDATA), or nullptr.
const char* TextOf(const GumboNode* node) {
  switch (node->type) {
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_WHITESPACE:
    case GUMBO_NODE_CDATA:
      return node->v.text.text;
    default:
      return nullptr;
  }
}

// ---------------------------------------------------------------------------------------------
// Text of one block

// Accumulates the text of one block with CSS whitespace collapsing (see the file comment).
class LineBuilder {
 public:
  // Appends text whose whitespace collapses.
  void AddText(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
      if (IsHtmlSpace(s[i])) {
        pending_space_ = true;
        if (s[i] == '\n' || s[i] == '\r') pending_break_ = true;
        ++i;
        continue;
      }
      size_t end = i;
      while (end < s.size() && !IsHtmlSpace(s[end])) ++end;
      AppendWord(s.substr(i, end - i));
      i = end;
    }
  }

  // Appends preformatted text (no line breaks in it) verbatim.
  void AddVerbatim(std::string_view s) {
    if (s.empty()) return;
    AppendWord(s);
  }

  // Bytes appended so far; grows only when non-space text arrives.
  size_t size() const { return text_.size(); }

  // The block's text, trimmed of spaces, NBSP and U+3000 at both ends; resets the builder.
  std::string Take() {
    std::string out(utf8::Trim(text_));
    text_.clear();
    pending_space_ = pending_break_ = false;
    return out;
  }

 private:
  void AppendWord(std::string_view word) {
    if (pending_space_ && !text_.empty()) {
      bool join = false;
      if (pending_break_) {
        size_t pos = 0;
        char32_t next = utf8::Decode(word, &pos);
        char32_t prev = utf8::DecodeBefore(text_, text_.size());
        join = utf8::IsCjk(prev) && utf8::IsCjk(next);
      }
      if (!join) text_.push_back(' ');
    }
    pending_space_ = pending_break_ = false;
    text_.append(word);
  }

  std::string text_;
  bool pending_space_ = false;  // collapsed whitespace waiting for the next word
  bool pending_break_ = false;  // ...and it held a line break
};

// ---------------------------------------------------------------------------------------------
// Tables

struct CellText {
  std::string text;
  int paragraphs = 0;          // pieces separated by block elements or <br>
  bool has_structure = false;  // a nested table, heading or list: the table is layout
};

CellText ReadCell(const GumboNode* cell) {
  CellText out;
  LineBuilder line;
  size_t mark = 0;
  auto paragraph_break = [&] {
    if (line.size() > mark) ++out.paragraphs;
    line.AddText("\n");
    mark = line.size();
  };
  Walk(
      cell,
      [&](const GumboNode* node) {
        if (const char* text = TextOf(node)) {
          line.AddText(text);
          return false;
        }
        if (!IsElement(node)) return node->type == GUMBO_NODE_DOCUMENT;
        if (IsSkipped(node)) return false;
        const GumboTag tag = node->v.element.tag;
        if (tag == GUMBO_TAG_TABLE || HeadingLevel(tag) > 0 || tag == GUMBO_TAG_UL ||
            tag == GUMBO_TAG_OL || tag == GUMBO_TAG_DL) {
          out.has_structure = true;
          return false;
        }
        if (tag == GUMBO_TAG_BR) {
          paragraph_break();
          return false;
        }
        if (IsBlockTag(tag)) paragraph_break();
        return true;
      },
      [&](const GumboNode* node) {
        if (IsBlockTag(TagOf(node))) paragraph_break();
      });
  paragraph_break();
  out.text = line.Take();
  return out;
}

// A non-negative integer attribute clamped to [1, max]; 1 when absent or not a number.
long SpanAttribute(const GumboElement& element, const char* name, long max) {
  const GumboAttribute* attr = gumbo_get_attribute(&element.attributes, name);
  if (attr == nullptr || attr->value == nullptr) return 1;
  const char* p = attr->value;
  while (IsHtmlSpace(*p)) ++p;
  long value = 0;
  bool any = false;
  for (; *p >= '0' && *p <= '9'; ++p) {
    any = true;
    value = std::min(value * 10 + (*p - '0'), max);
  }
  return any && value >= 1 ? value : 1;
}

// The rows (<tr>) of a table in document order, skipping hidden rows and row groups, and its
// <caption>.
std::vector<const GumboNode*> TableRows(const GumboNode* table, const GumboNode** caption) {
  std::vector<const GumboNode*> rows;
  auto add_row = [&](const GumboNode* node) {
    if (TagOf(node) == GUMBO_TAG_TR && !IsHidden(node->v.element)) rows.push_back(node);
  };
  const GumboVector& children = table->v.element.children;
  for (unsigned int i = 0; i < children.length; ++i) {
    const auto* child = static_cast<const GumboNode*>(children.data[i]);
    const GumboTag tag = TagOf(child);
    if (tag == GUMBO_TAG_CAPTION && *caption == nullptr && !IsHidden(child->v.element)) {
      *caption = child;
    } else if (tag == GUMBO_TAG_TR) {
      add_row(child);
    } else if ((tag == GUMBO_TAG_THEAD || tag == GUMBO_TAG_TBODY || tag == GUMBO_TAG_TFOOT) &&
               !IsHidden(child->v.element)) {
      const GumboVector& group = child->v.element.children;
      for (unsigned int k = 0; k < group.length; ++k) {
        add_row(static_cast<const GumboNode*>(group.data[k]));
      }
    }
  }
  return rows;
}

struct DataTable {
  std::string caption;
  std::vector<std::vector<std::string>> rows;
};

// The table's cells as a grid when it is a data table (see the file comment), else nullopt.
std::optional<DataTable> ReadDataTable(const GumboNode* table) {
  const GumboNode* caption = nullptr;
  std::vector<const GumboNode*> trs = TableRows(table, &caption);
  if (trs.size() < 2) return std::nullopt;

  std::vector<std::vector<std::string>> grid;
  std::vector<long> pending;  // per column: rows still covered by a rowspan from above
  size_t real_cells = 0;
  size_t padding = 0;
  auto pad_to = [&](std::vector<std::string>* row, size_t* column, size_t target) {
    while (*column < target) {
      row->emplace_back();
      if (*column < pending.size() && pending[*column] > 0) --pending[*column];
      ++*column;
      ++padding;
    }
  };
  for (const GumboNode* tr : trs) {
    std::vector<std::string> row;
    size_t column = 0;
    const GumboVector& cells = tr->v.element.children;
    for (unsigned int i = 0; i < cells.length; ++i) {
      const auto* cell = static_cast<const GumboNode*>(cells.data[i]);
      const GumboTag tag = TagOf(cell);
      if ((tag != GUMBO_TAG_TD && tag != GUMBO_TAG_TH) || IsHidden(cell->v.element)) continue;
      CellText text = ReadCell(cell);
      if (text.has_structure || text.paragraphs > 2) return std::nullopt;
      // Skip slots that rowspans from rows above still cover.
      size_t free = column;
      while (free < pending.size() && pending[free] > 0) ++free;
      pad_to(&row, &column, free);
      const auto colspan =
          static_cast<size_t>(SpanAttribute(cell->v.element, "colspan", kMaxColspan));
      const long rowspan = SpanAttribute(cell->v.element, "rowspan", kMaxRowspan);
      if (pending.size() < column + colspan) pending.resize(column + colspan, 0);
      row.push_back(std::move(text.text));
      ++real_cells;
      for (size_t k = 0; k < colspan; ++k) {
        if (k > 0) {
          row.emplace_back();
          ++padding;
        }
        pending[column + k] = rowspan - 1;
      }
      column += colspan;
      if (padding > real_cells * kMaxPaddingPerCell + kPaddingAllowance) return std::nullopt;
    }
    // Trailing slots still covered from above.
    size_t last = pending.size();
    while (last > column && pending[last - 1] == 0) --last;
    pad_to(&row, &column, last);
    if (padding > real_cells * kMaxPaddingPerCell + kPaddingAllowance) return std::nullopt;
    grid.push_back(std::move(row));
  }

  DataTable out;
  size_t widest = 0;
  for (std::vector<std::string>& row : grid) {
    bool empty =
        std::all_of(row.begin(), row.end(), [](const std::string& c) { return c.empty(); });
    if (empty) continue;  // spacer rows and rows made only of span padding
    widest = std::max(widest, row.size());
    out.rows.push_back(std::move(row));
  }
  if (out.rows.size() < 2 || widest < 2) return std::nullopt;
  if (caption != nullptr) out.caption = ReadCell(caption).text;
  return out;
}

// ---------------------------------------------------------------------------------------------
// The walk

class BlockWalker {
 public:
  std::vector<Block> Run(const GumboNode* root) {
    Walk(
        root, [this](const GumboNode* node) { return Enter(node); },
        [this](const GumboNode* node) { Exit(node); });
    Flush();
    return std::move(blocks_);
  }

 private:
  bool Enter(const GumboNode* node) {
    if (const char* text = TextOf(node)) {
      AddText(text);
      return false;
    }
    if (node->type == GUMBO_NODE_DOCUMENT) return true;
    if (!IsElement(node) || IsSkipped(node)) return false;  // comments, invisible elements
    const GumboTag tag = node->v.element.tag;
    if (tag == GUMBO_TAG_BR) {
      Flush();
      return false;
    }
    if (tag == GUMBO_TAG_TABLE) {
      std::optional<DataTable> table = ReadDataTable(node);
      if (table) {
        AddTable(std::move(*table));
        return false;
      }
    }
    if (IsBlockTag(tag)) Flush();
    if (int level = HeadingLevel(tag); level > 0) headings_.push_back(level);
    if (IsPreformatted(tag)) ++pre_depth_;
    if (IsLink(node)) ++link_depth_;
    return true;
  }

  void Exit(const GumboNode* node) {
    const GumboTag tag = TagOf(node);
    if (IsBlockTag(tag)) Flush();
    if (HeadingLevel(tag) > 0 && !headings_.empty()) headings_.pop_back();
    if (IsPreformatted(tag) && pre_depth_ > 0) --pre_depth_;
    if (IsLink(node) && link_depth_ > 0) --link_depth_;
  }

  void AddText(std::string_view text) {
    if (pre_depth_ == 0) {
      NotePlainText(text);
      line_.AddText(text);
      return;
    }
    // Preformatted: each source line is a block; spaces stay.
    size_t start = 0;
    while (true) {
      size_t nl = text.find('\n', start);
      std::string_view piece = text.substr(start, nl == std::string_view::npos ? nl : nl - start);
      if (!piece.empty() && piece.back() == '\r') piece.remove_suffix(1);
      NotePlainText(piece);
      line_.AddVerbatim(piece);
      if (nl == std::string_view::npos) break;
      Flush();
      start = nl + 1;
    }
  }

  void NotePlainText(std::string_view text) {
    if (link_depth_ == 0 && !plain_text_) plain_text_ = HasWordCharacter(text);
  }

  void Flush() {
    std::string text = line_.Take();
    if (text.empty()) {
      plain_text_ = false;
      return;
    }
    Block block;
    block.text = std::move(text);
    if (!headings_.empty()) {
      block.kind = Block::Kind::kHeading;
      block.heading_level = headings_.back();
    } else if (!plain_text_) {
      block.furniture = Furniture::kNavigation;  // nothing but links (and decoration)
    }
    plain_text_ = false;
    blocks_.push_back(std::move(block));
  }

  void AddTable(DataTable table) {
    Flush();
    if (!table.caption.empty()) {
      Block caption;
      caption.text = std::move(table.caption);
      blocks_.push_back(std::move(caption));
    }
    Block block;
    block.kind = Block::Kind::kTable;
    for (size_t r = 0; r < table.rows.size(); ++r) {
      if (r > 0) block.text.push_back('\n');
      for (size_t c = 0; c < table.rows[r].size(); ++c) {
        if (c > 0) block.text.push_back('\t');
        block.text += table.rows[r][c];
      }
    }
    block.rows = std::move(table.rows);
    blocks_.push_back(std::move(block));
  }

  LineBuilder line_;
  std::vector<int> headings_;  // levels of the open h1–h6 elements
  int pre_depth_ = 0;          // open <pre>-like elements
  int link_depth_ = 0;         // open <a href> elements
  bool plain_text_ = false;    // the current block has a word character outside links
  std::vector<Block> blocks_;
};

// ---------------------------------------------------------------------------------------------
// Gumbo's lifetime

// Gumbo allocates through these (its default does the same), so we know that the tree's arrays
// come from std::malloc and may replace one in FlattenForDestroy().
void* GumboAllocate(void* /*userdata*/, size_t size) { return std::malloc(size); }
void GumboDeallocate(void* /*userdata*/, void* ptr) { std::free(ptr); }

const GumboOptions& ParseOptions() {
  static const GumboOptions options = [] {
    GumboOptions o = kGumboDefaultOptions;
    o.allocator = &GumboAllocate;
    o.deallocator = &GumboDeallocate;
    o.max_errors = 0;  // we never read gumbo's error list; do not let it grow
    return o;
  }();
  return options;
}

// gumbo_destroy_output() frees the tree recursively, which overflows the stack on pages nested a
// few hundred thousand levels deep (nested <span>s are cheap to parse). Before destroying, this
// hangs every node directly under the document node and empties all other child lists, so the
// recursion is one level deep. Each node is still freed exactly once, with its own child array.
// On allocation failure it leaves the tree alone.
void FlattenForDestroy(GumboOutput* output) noexcept {
  GumboNode* document = output->document;
  if (document == nullptr) return;
  std::vector<GumboNode*> nodes;
  try {
    std::vector<GumboNode*> stack = {document};
    while (!stack.empty()) {
      GumboNode* node = stack.back();
      stack.pop_back();
      const GumboVector* children = Children(node);
      if (children == nullptr) continue;
      for (unsigned int i = 0; i < children->length; ++i) {
        auto* child = static_cast<GumboNode*>(children->data[i]);
        nodes.push_back(child);
        stack.push_back(child);
      }
    }
  } catch (const std::bad_alloc&) {
    return;
  }
  if (nodes.empty()) return;
  auto** data = static_cast<void**>(std::malloc(nodes.size() * sizeof(void*)));
  if (data == nullptr) return;
  for (size_t i = 0; i < nodes.size(); ++i) {
    data[i] = nodes[i];
    // Children() is const only for the walk; this function owns the tree.
    if (auto* children = const_cast<GumboVector*>(Children(nodes[i]))) children->length = 0;
  }
  GumboVector& top = document->v.document.children;
  std::free(top.data);
  top.data = data;
  top.length = static_cast<unsigned int>(nodes.size());
  top.capacity = top.length;
}

struct GumboOutputDeleter {
  void operator()(GumboOutput* output) const {
    FlattenForDestroy(output);
    gumbo_destroy_output(&ParseOptions(), output);
  }
};

Result<Document> ReadHtmlOrThrow(std::string_view bytes) {
  GH_ASSIGN_OR_RETURN(DecodedText decoded, DecodeHtml(bytes));
  GH_RETURN_IF_ERROR(CheckParseLimits(decoded.text));
  std::unique_ptr<GumboOutput, GumboOutputDeleter> output(
      gumbo_parse_with_options(&ParseOptions(), decoded.text.data(), decoded.text.size()));
  if (output == nullptr || output->document == nullptr) {
    return Status::Internal(Tr("HTML 解析器没有返回结果", "the HTML parser returned nothing"));
  }

  Document doc;
  doc.format = "html";
  doc.encoding = std::move(decoded.encoding);
  doc.blocks = BlockWalker().Run(output->document);
  for (Block& block : doc.blocks) {
    if (!doc.text.empty()) doc.text.push_back('\n');
    block.begin = doc.text.size();
    doc.text += block.text;
    block.end = doc.text.size();
  }
  return doc;
}

}  // namespace

Result<Document> ReadHtml(std::string_view bytes) {
  // Gumbo is C and does not throw; our own code can only throw std::bad_alloc.
  try {
    return ReadHtmlOrThrow(bytes);
  } catch (const std::bad_alloc&) {
    return Status::Unavailable(
        Tr("内存不足，无法读取 HTML 页面", "out of memory reading the HTML page"));
  } catch (const std::exception& e) {
    return Status::Internal(
        Msg("读取 HTML 页面时出错：{}", "error reading the HTML page: {}", e.what()));
  }
}

}  // namespace guihua::document
