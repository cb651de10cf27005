#include "workflow/evidence.h"

#include <algorithm>
#include <cctype>

#include "common/i18n.h"
#include "common/text_encoding.h"
#include "common/utf8.h"

namespace guihua::workflow {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// The lower-cased extension of `name` without the dot ("" when none).
std::string Extension(std::string_view name) {
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot + 1 == name.size()) return "";
  std::string ext(name.substr(dot + 1));
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

// Plain text: decodes as UTF-8 or GB18030 without binary bytes, and has no markup that a
// browser would run if the file were ever served inline.
bool IsPlainText(std::string_view bytes) {
  auto text = DecodeText(bytes);
  if (!text.ok()) return false;
  std::string_view head(text->text.data(), std::min<size_t>(text->text.size(), 1024));
  std::string lower(head);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view tag : {"<html", "<script", "<!doctype", "<svg", "<?xml"}) {
    if (lower.find(tag) != std::string::npos) return false;
  }
  return true;
}

}  // namespace

Result<std::string> EvidenceType(std::string_view name, std::string_view bytes) {
  if (bytes.empty()) {
    return Status::InvalidArgument(Msg("{}：文件为空", "{}: the file is empty", name));
  }
  if (static_cast<int64_t>(bytes.size()) > kMaxEvidenceBytes) {
    return Status::InvalidArgument(Msg("{}：文件过大（{} 字节，上限 {} MiB）",
                                       "{}: too large ({} bytes, limit {} MiB)", name, bytes.size(),
                                       kMaxEvidenceBytes >> 20));
  }
  const std::string ext = Extension(name);
  if (StartsWith(bytes, "%PDF-")) return std::string("application/pdf");
  if (StartsWith(bytes, "\x89PNG\r\n\x1a\n")) return std::string("image/png");
  if (StartsWith(bytes, "\xff\xd8\xff")) return std::string("image/jpeg");
  if (StartsWith(bytes, std::string_view("PK\x03\x04", 4))) {
    // Office Open XML and OFD are zip packages; a zip named otherwise is refused.
    if (ext == "docx")
      return std::string("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    if (ext == "xlsx")
      return std::string("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    if (ext == "pptx")
      return std::string(
          "application/vnd.openxmlformats-officedocument.presentationml.presentation");
    if (ext == "ofd") return std::string("application/ofd");
  } else if (StartsWith(bytes, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")) {
    if (ext == "doc") return std::string("application/msword");
    if (ext == "xls") return std::string("application/vnd.ms-excel");
  } else if ((ext == "txt" || ext == "csv") && IsPlainText(bytes)) {
    return std::string(ext == "csv" ? "text/csv" : "text/plain");
  }
  return Status::InvalidArgument(
      Msg("{}：不支持的文件类型（可上传 PDF、图片 PNG/JPEG、Word、Excel、PowerPoint、OFD、"
          "TXT、CSV）",
          "{}: unsupported file type (allowed: PDF, PNG/JPEG images, Word, Excel, PowerPoint, "
          "OFD, TXT, CSV)",
          name));
}

std::string SanitizeFileName(std::string_view name) {
  size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string out;
  size_t i = 0;
  while (i < name.size()) {
    size_t start = i;
    char32_t cp = utf8::Decode(name, &i);
    if (cp == 0xFFFD && !(i - start == 3 && name.substr(start, 3) == "\xEF\xBF\xBD")) continue;
    if (cp < 0x20 || cp == 0x7F || cp == '"' || cp == '\'' || cp == ';' || cp == '<' || cp == '>' ||
        cp == '`' || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029) {
      continue;
    }
    if (out.size() + (i - start) > 200) break;
    out.append(name.substr(start, i - start));
  }
  while (!out.empty() && (out.front() == '.' || out.front() == ' ')) out.erase(out.begin());
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out.empty() ? std::string("file") : out;
}

Result<std::string> EvidencePath(const std::string& dir, std::string_view hash) {
  bool ok = hash.size() == 64 && std::all_of(hash.begin(), hash.end(), [](char c) {
              return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            });
  if (!ok) {
    return Status::InvalidArgument(
        Msg("“{}”不是文件摘要", "\"{}\" is not a file hash", hash.substr(0, 80)));
  }
  return dir + "/" + std::string(hash.substr(0, 2)) + "/" + std::string(hash.substr(2));
}

}  // namespace guihua::workflow
