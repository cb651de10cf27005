// Punctuation normalisation inside Chinese text: half-width , ; : ! ? ( ) next to Chinese
// characters become their full-width forms (，；：！？（）); numbers ("1,000", "10:06") and
// Latin text are left alone. Pure, thread-safe.
//
// Example: NormalizePunctuation("全面贯彻,不折不扣;") == "全面贯彻，不折不扣；"
#pragma once

#include <string>
#include <string_view>

namespace guihua::plan {

std::string NormalizePunctuation(std::string_view s);

}  // namespace guihua::plan
