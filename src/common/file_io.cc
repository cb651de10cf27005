#include "common/file_io.h"

#include <filesystem>
#include <fstream>
#include <system_error>

#include "common/i18n.h"

namespace guihua {

Result<std::string> ReadFileBytes(const std::string& path, size_t limit) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Status::InvalidArgument(Msg("{}：不是普通文件", "{}: not a regular file", path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::NotFound(
        Msg("{}：文件不存在或无法读取", "{}: no such file or not readable", path));
  }
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  if (size < 0)
    return Status::InvalidArgument(Msg("{}：不是普通文件", "{}: not a regular file", path));
  if (static_cast<uint64_t>(size) > limit) {
    return Status::InvalidArgument(Msg("{}：文件太大（{} 字节，上限 {} 字节）",
                                       "{}: file too large ({} bytes, limit {})", path, size,
                                       limit));
  }
  in.seekg(0);
  std::string bytes(static_cast<size_t>(size), '\0');
  in.read(bytes.data(), size);
  if (!in) return Status::Unavailable(Msg("{}：读取失败", "{}: read failed", path));
  return bytes;
}

}  // namespace guihua
