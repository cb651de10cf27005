// Placeholder while the html reader is being written; replaced before landing.
#include "common/i18n.h"
#include "document/reader.h"

namespace guihua::document {

Result<Document> ReadHtml(std::string_view) {
  return Status::Unavailable(Tr("暂不支持该格式", "format not supported yet"));
}

}  // namespace guihua::document
