// libFuzzer target for the format readers behind ReadDocumentBytes (docx, pdf, html, text):
// the first byte picks the name hint so each reader gets mutated input of its own kind.
// Any bytes must give a Document or a Status, never a crash or sanitizer report.
//
//   ./document_reader_fuzz -max_total_time=60 fuzz/corpus/document_reader
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "document/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* kNames[] = {"f.txt", "f.html", "f.docx", "f.pdf"};
  const char* name = kNames[data[0] % 4];
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  auto doc = guihua::document::ReadDocumentBytes(bytes, name);
  if (doc.ok()) {
    for (const auto& b : doc->blocks) {
      if (b.begin > b.end || b.end > doc->text.size()) __builtin_trap();
    }
  }
  return 0;
}
