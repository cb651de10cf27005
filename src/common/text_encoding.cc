#include "common/text_encoding.h"

#include <iconv.h>

#include <cerrno>

#include "common/huge_pages.h"
#include "common/i18n.h"
#include "common/utf8.h"

namespace guihua {

Result<std::string> ConvertCharset(std::string_view in, const char* from, const char* to) {
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1)) {  // NOLINT(performance-no-int-to-ptr): iconv's API
    return Status::Unavailable(
        Msg("不支持的字符集转换 {} -> {}", "unsupported charset conversion {} -> {}", from, to));
  }
  std::string out;
  out.resize(in.size() * 2 + 16);
  char* inp = const_cast<char*>(in.data());
  size_t inleft = in.size();
  size_t produced = 0;
  while (inleft > 0) {
    char* outp = out.data() + produced;
    size_t outleft = out.size() - produced;
    size_t r = iconv(cd, &inp, &inleft, &outp, &outleft);
    produced = out.size() - outleft;
    if (r == static_cast<size_t>(-1)) {
      if (errno == E2BIG) {
        out.resize(out.size() * 2);
        continue;
      }
      size_t offset = in.size() - inleft;
      iconv_close(cd);
      return Status::ParseError(
          Msg("第 {} 字节处不是有效的 {} 编码", "invalid {1} sequence at byte {0}", offset, from));
    }
  }
  iconv_close(cd);
  out.resize(produced);
  return out;
}

// Binary data: NUL bytes or many C0 control characters other than tab/CR/LF/FF.
static bool LooksBinary(std::string_view b) {
  // Counted without branches so the compiler vectorises the loop (a text's first 64 KiB
  // cost a cycle a byte otherwise, a tenth of reading a small plan).
  size_t n = b.size() < 65536 ? b.size() : 65536;
  const auto* p = reinterpret_cast<const unsigned char*>(b.data());
  size_t nuls = 0;
  size_t controls = 0;
  for (size_t i = 0; i < n; ++i) {
    const unsigned char c = p[i];
    nuls += c == 0;
    controls += c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f';
  }
  return nuls > 0 || controls * 100 > n + 1;  // a NUL, or more than ~1% control characters
}

Result<DecodedText> DecodeText(std::string_view bytes) {
  if (bytes.size() >= 2) {
    auto b0 = static_cast<unsigned char>(bytes[0]);
    auto b1 = static_cast<unsigned char>(bytes[1]);
    if ((b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF)) {
      const char* cs = b0 == 0xFF ? "UTF-16LE" : "UTF-16BE";
      auto r = ConvertCharset(bytes.substr(2), cs, "UTF-8");
      if (!r.ok()) return r.status();
      return DecodedText{std::move(*r), cs};
    }
  }
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    std::string_view rest = bytes.substr(3);
    if (LooksBinary(rest))
      return Status::ParseError(
          Tr("看起来是二进制文件，不是文本", "looks like a binary file, not text"));
    size_t bad = utf8::FirstInvalid(rest);
    if (bad != rest.size()) {
      return Status::ParseError(Msg("带 BOM 的 UTF-8 文本在第 {} 字节处无效",
                                    "UTF-8 (BOM) text is invalid at byte {}", bad + 3));
    }
    return DecodedText{CopyHuge(rest), "UTF-8 (BOM)"};
  }
  if (LooksBinary(bytes))
    return Status::ParseError(
        Tr("看起来是二进制文件，不是文本", "looks like a binary file, not text"));
  size_t bad = utf8::FirstInvalid(bytes);
  if (bad == bytes.size()) return DecodedText{CopyHuge(bytes), "UTF-8"};
  auto gb = ConvertCharset(bytes, "GB18030", "UTF-8");
  if (gb.ok()) return DecodedText{std::move(*gb), "GB18030"};
  return Status::ParseError(Msg("既不是 UTF-8（第 {} 字节无效）也不是 GB18030 编码的文本",
                                "neither UTF-8 (invalid at byte {}) nor GB18030 text", bad));
}

}  // namespace guihua
