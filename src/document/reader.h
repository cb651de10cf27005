// Reading a plan document from a file or from bytes: detects the format from its content
// (zip with word/document.xml -> docx, %PDF -> pdf, markup -> html, otherwise text in
// UTF-8/GB18030), runs the reader for it, then marks page furniture. Thread-safe.
//
// Example:
//   Result<Document> doc = ReadDocumentFile("data/plans/hengyang-14th-fyp-proposal.txt");
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "document/document.h"

namespace guihua::document {

// Largest document we accept (bytes): beyond any real plan, small enough to keep in memory.
inline constexpr size_t kMaxDocumentBytes = 256u << 20;

// Reads a file; errors name the file ("plan.pdf: …") and use ParseError for bad content,
// NotFound for a missing path.
Result<Document> ReadDocumentFile(const std::string& path);

// Same, from bytes already in memory; `name` is used for format hints and messages.
Result<Document> ReadDocumentBytes(std::string_view bytes, const std::string& name);

// The individual readers (used by ReadDocumentBytes and by tests and fuzzers).
Result<Document> ReadText(std::string_view bytes);
Result<Document> ReadHtml(std::string_view bytes);
Result<Document> ReadDocx(std::string_view bytes);
Result<Document> ReadPdf(std::string_view bytes);

// Classifies blocks as page furniture by rules over the genre (navigation widgets, credit
// lines, time stamps, page numbers); sets Block::furniture. Idempotent.
void MarkFurniture(Document* doc);

// A page number line: "— 3 —", "- 3 -", "3", "第3页", "第 3 页 共 20 页", "共20页第3页",
// "3/20", "Page 3" (full-width digits too). Used by MarkFurniture and the PDF reader.
bool IsPageNumberLine(std::string_view line);

// Splits text into blocks, one per non-empty line, or per paragraph when the text is
// hard-wrapped (as text extracted from PDFs is). Offsets are relative to `text`.
std::vector<Block> SplitTextBlocks(std::string_view text);

// Joins hard-wrapped lines into paragraphs: a paragraph ends at a blank line, before a line
// that starts with a heading marker or an indent, and after a line that stops short of the
// wrap width. Used for PDF text and hard-wrapped plain text. Offsets are relative to `text`.
std::vector<Block> RebuildParagraphs(std::string_view text);

// True when the line opens with a heading or list marker of Chinese official documents
// (第一章, 一、, （一）, 1., （1）, ①, ——, 专栏). Leading spaces are ignored.
bool StartsWithHeadingMarker(std::string_view line);

}  // namespace guihua::document
