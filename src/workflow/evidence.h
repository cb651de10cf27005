// Evidence files (佐证材料) attached to reports: what may be uploaded (size and type limits,
// the type decided from the bytes, not from what the client claims) and how a file is named
// on disk (content-addressed by SHA-256, so the same file uploaded twice is stored once and
// a stored file cannot be changed without its name changing). Pure functions; thread-safe.
//
// Example:
//   GH_ASSIGN_OR_RETURN(std::string type, EvidenceType("验收报告.pdf", bytes));
//   EvidenceFile f{Sha256Hex(bytes), "验收报告.pdf", type, bytes.size(), "zhang", now};
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace guihua::workflow {

// What the store keeps of an uploaded file; the bytes live at EvidencePath(dir, hash).
struct EvidenceFile {
  std::string hash;  // SHA-256 of the content, lower-case hex
  std::string name;  // the file name as uploaded (for downloads), sanitised
  std::string type;  // media type decided by EvidenceType
  int64_t size = 0;
  std::string uploaded_by;
  std::string uploaded_at;  // UTC, ISO 8601
};

inline constexpr int64_t kMaxEvidenceBytes = 10 << 20;  // 10 MiB per file

// The media type of an upload named `name` with content `bytes`, decided from the bytes:
// PDF, PNG, JPEG, Office Open XML (docx/xlsx/pptx, a zip; the name's extension picks which),
// OFD (a zip), legacy Office (doc/xls), and plain text or CSV (valid UTF-8 or GB18030 without
// control characters). InvalidArgument (naming the file) for an empty or oversized file, or
// any other type (executables, archives, HTML, …).
Result<std::string> EvidenceType(std::string_view name, std::string_view bytes);

// A file name safe to store and to send back in Content-Disposition: the last path
// component, control characters, quotes and path separators removed, at most 200 bytes of
// whole UTF-8 characters; "file" when nothing is left.
std::string SanitizeFileName(std::string_view name);

// `dir`/ab/cdef… for hash "abcdef…" (two-level fan-out). InvalidArgument unless `hash` is 64
// lower-case hex digits (so a hash from a URL cannot escape `dir`).
Result<std::string> EvidencePath(const std::string& dir, std::string_view hash);

}  // namespace guihua::workflow
