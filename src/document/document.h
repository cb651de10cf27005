// The document model every reader produces: the text a file holds, in reading order, as a
// list of blocks (paragraphs, headings, tables) with byte offsets into Document::text.
// Readers know file formats, never plan structure; src/plan reads Documents.
// Plain value types; thread-compatible.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace guihua::document {

// Page furniture (页面杂项): text on a page that is not part of the document. Readers and
// MarkFurniture() set it; the plan parser skips such blocks but may read credit lines.
enum class Furniture {
  kNone = 0,
  kNavigation,   // "返回", "回顶部", "点击查看全文", "立即下载", share/print widgets
  kCredit,       // "来源:…", "作者:…", "编辑:…", "责任编辑：…"
  kTimestamp,    // "2020-12-22 10:06:14 字号:" and other date-time/meta lines
  kPageNumber,   // "— 3 —", "- 3 -", "第3页"
  kRunningHead,  // a line repeated at the top or bottom of many PDF pages
};
const char* FurnitureName(Furniture f);

struct Block {
  enum class Kind { kParagraph, kHeading, kTable };
  Kind kind = Kind::kParagraph;
  // Paragraph text, trimmed, in UTF-8. For a table: rows joined by '\n', cells by '\t'.
  // A docx automatic-numbering label ("一、", "（1）") is prepended as it would be printed.
  std::string text;
  // Table cells, row by row (kind == kTable only).
  std::vector<std::vector<std::string>> rows;
  // Heading level from the source's markup (docx Heading1/Title, html h1-h6): 0 = none,
  // -1 = document title style. A hint only; numbering in the text decides the structure.
  int heading_level = 0;
  Furniture furniture = Furniture::kNone;
  // [begin, end) byte offsets of this block in Document::text.
  size_t begin = 0;
  size_t end = 0;
  // 1-based page (pdf) or 0 when the format has no pages.
  int page = 0;
};

struct Document {
  std::string path;      // as given by the caller; used in messages
  std::string format;    // "text", "html", "docx" or "pdf"
  std::string encoding;  // source charset for text/html ("UTF-8", "GB18030"...), else ""
  // The document's text after decoding/extraction. Block offsets point into it. For a UTF-8
  // text file without BOM it equals the file's bytes.
  std::string text;
  std::vector<Block> blocks;
};

}  // namespace guihua::document
