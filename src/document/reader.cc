#include "document/reader.h"

#include "common/file_io.h"
#include "common/i18n.h"
#include "common/text_encoding.h"

namespace guihua::document {

const char* FurnitureName(Furniture f) {
  switch (f) {
    case Furniture::kNone:
      return "none";
    case Furniture::kNavigation:
      return "navigation";
    case Furniture::kCredit:
      return "credit";
    case Furniture::kTimestamp:
      return "timestamp";
    case Furniture::kPageNumber:
      return "page_number";
    case Furniture::kRunningHead:
      return "running_head";
  }
  return "none";
}

namespace {

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Markup sniffing: the first non-space bytes open a tag, or the first 4 KB hold an <html>,
// <body> or <p> tag.
bool LooksLikeHtml(std::string_view bytes) {
  std::string head = Lower(bytes.substr(0, 4096));
  size_t i = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (i == std::string::npos) return false;
  std::string_view h(head);
  h.remove_prefix(i);
  if (StartsWith(h, "<!doctype html") || StartsWith(h, "<html") || StartsWith(h, "<head") ||
      StartsWith(h, "<body") || StartsWith(h, "<meta")) {
    return true;
  }
  return StartsWith(h, "<") &&
         (head.find("<body") != std::string::npos || head.find("<p>") != std::string::npos ||
          head.find("<div") != std::string::npos);
}

}  // namespace

Result<Document> ReadDocumentBytes(std::string_view bytes, const std::string& name) {
  if (bytes.empty())
    return Status::ParseError(Msg("{}：文件是空的", "{}: the file is empty", name));
  if (bytes.size() > kMaxDocumentBytes) {
    return Status::InvalidArgument(Msg("{}：文件太大（{} 字节，上限 {} 字节）",
                                       "{}: file too large ({} bytes, limit {})", name,
                                       bytes.size(), kMaxDocumentBytes));
  }
  std::string lname = Lower(name);
  Result<Document> doc = Status::Internal("unset");
  if (StartsWith(bytes, "PK\x03\x04") || StartsWith(bytes, "PK\x05\x06") ||
      (EndsWith(lname, ".docx") && StartsWith(bytes, "PK"))) {
    doc = ReadDocx(bytes);
  } else if (StartsWith(bytes, "%PDF-") || EndsWith(lname, ".pdf")) {
    doc = ReadPdf(bytes);
  } else if (StartsWith(bytes, "\xD0\xCF\x11\xE0")) {
    return Status::ParseError(Msg("{}：这是旧版 Word（.doc）文件，请另存为 .docx 后再导入",
                                  "{}: legacy Word (.doc) file; save it as .docx and import that",
                                  name));
  } else if (EndsWith(lname, ".html") || EndsWith(lname, ".htm") || EndsWith(lname, ".shtml") ||
             LooksLikeHtml(bytes)) {
    doc = ReadHtml(bytes);
  } else {
    doc = ReadText(bytes);
  }
  if (!doc.ok()) return doc.status().WithContext(name);
  doc->path = name;
  MarkFurniture(&*doc);
  return doc;
}

Result<Document> ReadDocumentFile(const std::string& path) {
  GH_ASSIGN_OR_RETURN(std::string bytes, ReadFileBytes(path, kMaxDocumentBytes));
  return ReadDocumentBytes(bytes, path);
}

Result<Document> ReadText(std::string_view bytes) {
  GH_ASSIGN_OR_RETURN(DecodedText decoded, DecodeText(bytes));
  Document doc;
  doc.format = "text";
  doc.encoding = decoded.encoding;
  doc.text = std::move(decoded.text);
  doc.blocks = SplitTextBlocks(doc.text);
  return doc;
}

}  // namespace guihua::document
