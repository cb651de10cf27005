// Reading a whole outside file into memory with a size limit, with errors that name the
// path: NotFound (missing or unreadable), InvalidArgument (a directory or not a regular
// file, or larger than `limit`), Unavailable (an I/O error). Thread-safe.
//
// Example:
//   GH_ASSIGN_OR_RETURN(std::string bytes, ReadFileBytes(path, 64u << 20));
#pragma once

#include <cstddef>
#include <string>

#include "common/status.h"

namespace guihua {

Result<std::string> ReadFileBytes(const std::string& path, size_t limit);

}  // namespace guihua
