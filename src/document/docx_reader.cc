// ReadDocx: the Word .docx reader (Office Open XML WordprocessingML). Opens the zip package in
// memory with libzip, parses the main document part, styles.xml and numbering.xml with
// pugixml, and yields one Block per non-empty paragraph and one per table, in body order.
// Automatic numbering labels (第一章, 一、, （一）, 1., 1.1) are computed the way Word prints
// them and prepended to the paragraph text. No shared state: thread-safe.
//
// Elements are matched by local name, so any namespace prefix (and Strict OOXML) is read.
#include <zip.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <exception>
#include <map>
#include <new>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/cn_number.h"
#include "common/i18n.h"
#include "common/utf8.h"
#include "document/reader.h"

namespace guihua::document {
namespace {

// A part larger than this uncompressed is refused: real documents stay far below it, a zip
// bomb does not. Checked against the zip directory and again against the bytes inflated.
constexpr zip_uint64_t kMaxPartBytes = 64u << 20;
// Deepest nesting of block containers (tables in cells, content controls, text boxes) we
// follow; real documents stay below ten.
constexpr int kMaxDepth = 64;
// List levels 0..8 (w:ilvl).
constexpr int kLevels = 9;
// Word accepts start values up to 32767; anything larger is clamped.
constexpr int64_t kMaxStart = 32767;
// Longest w:lvlText kept and longest label printed (bytes). Real labels ("第一百二十三章",
// "1.2.3.4.5") are far shorter; the caps keep a hostile numbering.xml from multiplying a huge
// label over every numbered paragraph.
constexpr size_t kMaxLevelText = 64;
constexpr size_t kMaxLabel = 128;

// ---------------------------------------------------------------------------------------------
// Errors. Messages carry no file name: ReadDocumentBytes() adds it.

Status NotADocx() {
  return Status::ParseError(
      Msg("不是有效的 .docx 文件（压缩包损坏或被截断）",
          "not a valid .docx file (the zip archive is damaged or truncated)"));
}

Status NoDocumentPart() {
  return Status::ParseError(Msg("不是 Word 文档：压缩包中没有 word/document.xml",
                                "not a Word document: the zip archive has no word/document.xml"));
}

Status PartTooLarge(const std::string& part) {
  return Status::ParseError(Msg("文档部件 {} 解压后超过 {} MB，拒绝读取（可能是恶意压缩包）",
                                "part {} is larger than {} MB uncompressed; refused (possible "
                                "zip bomb)",
                                part, kMaxPartBytes >> 20));
}

Status PartUnreadable(const std::string& part) {
  return Status::ParseError(Msg("文档部件 {} 无法读取（压缩数据损坏或已加密）",
                                "part {} cannot be read (corrupt or encrypted data)", part));
}

Status TooDeep() {
  return Status::ParseError(Msg("文档嵌套层级过深（超过 {} 层），无法读取",
                                "the document nests tables or content controls deeper than {} "
                                "levels",
                                kMaxDepth));
}

// ---------------------------------------------------------------------------------------------
// XML helpers.

std::string_view LocalName(const char* name) {
  std::string_view n(name);
  size_t colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

std::string_view Local(pugi::xml_node node) { return LocalName(node.name()); }

// First child element with the given local name; a null node when there is none.
pugi::xml_node Child(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && Local(c) == local) return c;
  }
  return {};
}

// The attribute with the given local name ("val" finds w:val); a null attribute when absent.
pugi::xml_attribute Attr(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
    if (LocalName(a.name()) == local) return a;
  }
  return {};
}

std::string_view Val(pugi::xml_node node) { return Attr(node, "val").value(); }

std::optional<int64_t> ParseInt(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '+')) s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// The longest prefix of s within max_bytes that ends on a UTF-8 character boundary.
std::string TruncateUtf8(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return std::string(s.substr(0, end));
}

// ST_OnOff: an absent w:val means on.
bool OnOff(pugi::xml_attribute a) {
  if (!a) return true;
  std::string_view v = a.value();
  return !(v == "0" || v == "false" || v == "off");
}

bool IsOn(pugi::xml_node toggle) { return toggle && OnOff(Attr(toggle, "val")); }

// Visits the elements below `root` in document order without recursion (documents may nest
// deeply); `visit` returns whether to descend into the element.
template <typename Visit>
void WalkElements(pugi::xml_node root, Visit visit) {
  pugi::xml_node node = root.first_child();
  while (node) {
    bool descend = node.type() == pugi::node_element && visit(node);
    if (descend && node.first_child()) {
      node = node.first_child();
      continue;
    }
    while (node != root && !node.next_sibling()) node = node.parent();
    if (node == root) break;
    node = node.next_sibling();
  }
}

// ---------------------------------------------------------------------------------------------
// The zip package.

class Package {
 public:
  Package() = default;
  Package(const Package&) = delete;
  Package& operator=(const Package&) = delete;
  ~Package() {
    if (archive_ != nullptr) zip_discard(archive_);
  }

  // `bytes` must outlive the Package: libzip reads it in place.
  Status Open(std::string_view bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source != nullptr) {
      archive_ = zip_open_from_source(source, ZIP_RDONLY, &error);
      if (archive_ == nullptr) zip_source_free(source);
    }
    zip_error_fini(&error);
    return archive_ != nullptr ? Status::Ok() : NotADocx();
  }

  // Part names are case-insensitive in OPC.
  bool Has(const std::string& part) const {
    return !part.empty() && zip_name_locate(archive_, part.c_str(), ZIP_FL_NOCASE) >= 0;
  }

  Result<std::string> Read(const std::string& part) const {
    zip_int64_t index = zip_name_locate(archive_, part.c_str(), ZIP_FL_NOCASE);
    if (index < 0) return PartUnreadable(part);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive_, static_cast<zip_uint64_t>(index), 0, &st) != 0) {
      return PartUnreadable(part);
    }
    if ((st.valid & ZIP_STAT_SIZE) != 0 && st.size > kMaxPartBytes) return PartTooLarge(part);
    zip_file_t* file = zip_fopen_index(archive_, static_cast<zip_uint64_t>(index), 0);
    if (file == nullptr) return PartUnreadable(part);
    std::string out;
    if ((st.valid & ZIP_STAT_SIZE) != 0) out.reserve(st.size);
    std::array<char, 1 << 16> buffer;
    Status status;
    while (true) {
      zip_int64_t n = zip_fread(file, buffer.data(), buffer.size());
      if (n < 0) {
        status = PartUnreadable(part);
        break;
      }
      if (n == 0) break;
      // The directory may understate the size; cap what is actually inflated too.
      if (out.size() + static_cast<zip_uint64_t>(n) > kMaxPartBytes) {
        status = PartTooLarge(part);
        break;
      }
      out.append(buffer.data(), static_cast<size_t>(n));
    }
    zip_fclose(file);
    if (!status.ok()) return status;
    return out;
  }

  Status ParseXml(const std::string& part, pugi::xml_document* xml) const {
    GH_ASSIGN_OR_RETURN(std::string bytes, Read(part));
    // Whitespace-only text is kept when it is an element's only child: <w:t> </w:t>.
    pugi::xml_parse_result parsed =
        xml->load_buffer(bytes.data(), bytes.size(),
                         pugi::parse_default | pugi::parse_ws_pcdata_single, pugi::encoding_auto);
    if (!parsed) {
      return Status::ParseError(Msg("文档部件 {} 的 XML 格式错误（第 {} 字节附近：{}）",
                                    "part {} is not well-formed XML (near byte {}: {})", part,
                                    parsed.offset, parsed.description()));
    }
    return Status::Ok();
  }

 private:
  zip_t* archive_ = nullptr;
};

// Resolves a relationship target against the folder of its source part ("word/").
std::string ResolvePartName(std::string_view base_dir, std::string_view target) {
  std::string joined = !target.empty() && target.front() == '/'
                           ? std::string(target.substr(1))
                           : std::string(base_dir) + std::string(target);
  std::vector<std::string> segments;
  size_t pos = 0;
  while (pos <= joined.size()) {
    size_t slash = joined.find('/', pos);
    if (slash == std::string::npos) slash = joined.size();
    std::string segment = joined.substr(pos, slash - pos);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(std::move(segment));
    }
    pos = slash + 1;
  }
  std::string out;
  for (const std::string& s : segments) {
    if (!out.empty()) out += '/';
    out += s;
  }
  return out;
}

// The part named by the first internal relationship whose type ends in "/<type>", or "".
std::string RelationshipTarget(const pugi::xml_document& rels, std::string_view type,
                               std::string_view base_dir) {
  for (pugi::xml_node r : rels.document_element().children()) {
    if (r.type() != pugi::node_element || Local(r) != "Relationship") continue;
    std::string_view t = Attr(r, "Type").value();
    if (t.size() <= type.size() || t.substr(t.size() - type.size()) != type ||
        t[t.size() - type.size() - 1] != '/') {
      continue;
    }
    if (std::string_view(Attr(r, "TargetMode").value()) == "External") continue;
    return ResolvePartName(base_dir, Attr(r, "Target").value());
  }
  return "";
}

// ---------------------------------------------------------------------------------------------
// Styles (styles.xml).

// The paragraph properties we use, from a paragraph's or a style's w:pPr.
struct ParaProps {
  std::string style;                     // w:pStyle
  std::optional<int64_t> num_id;         // w:numPr/w:numId; 0 turns numbering off
  std::optional<int64_t> ilvl;           // w:numPr/w:ilvl
  std::optional<int64_t> outline_level;  // w:outlineLvl, 0-based; 9 = body text
};

ParaProps ReadParaProps(pugi::xml_node ppr) {
  ParaProps props;
  props.style = Val(Child(ppr, "pStyle"));
  if (pugi::xml_node numpr = Child(ppr, "numPr")) {
    if (pugi::xml_node n = Child(numpr, "numId")) props.num_id = ParseInt(Val(n));
    if (pugi::xml_node l = Child(numpr, "ilvl")) props.ilvl = ParseInt(Val(l));
  }
  if (pugi::xml_node o = Child(ppr, "outlineLvl")) props.outline_level = ParseInt(Val(o));
  return props;
}

struct Style {
  std::string name;  // w:name, e.g. "heading 1"
  std::string based_on;
  ParaProps props;
};

class Styles {
 public:
  using Ref = std::pair<std::string_view, const Style*>;  // style id, style

  void Load(pugi::xml_node root) {
    for (pugi::xml_node s : root.children()) {
      if (s.type() != pugi::node_element || Local(s) != "style") continue;
      std::string id = Attr(s, "styleId").value();
      if (id.empty() || styles_.count(id) != 0) continue;
      Style style;
      style.name = Val(Child(s, "name"));
      style.based_on = Val(Child(s, "basedOn"));
      style.props = ReadParaProps(Child(s, "pPr"));
      pugi::xml_attribute is_default = Attr(s, "default");
      if (default_paragraph_.empty() && is_default && OnOff(is_default) &&
          std::string_view(Attr(s, "type").value()) == "paragraph") {
        default_paragraph_ = id;
      }
      styles_.emplace(std::move(id), std::move(style));
    }
  }

  const Style* Find(std::string_view id) const {
    auto it = styles_.find(id);
    return it == styles_.end() ? nullptr : &it->second;
  }

  // The style `id` and its w:basedOn ancestors, nearest first. An empty or unknown id means
  // the default paragraph style, as in Word. Cycles are cut.
  std::vector<Ref> Chain(std::string_view id) const {
    std::vector<Ref> chain;
    auto it = styles_.find(id);
    if (it == styles_.end()) it = styles_.find(default_paragraph_);
    while (it != styles_.end() && chain.size() < 32) {
      for (const Ref& seen : chain) {
        if (seen.first == it->first) return chain;
      }
      chain.emplace_back(it->first, &it->second);
      it = styles_.find(it->second.based_on);
    }
    return chain;
  }

 private:
  std::map<std::string, Style, std::less<>> styles_;
  std::string default_paragraph_;
};

// "Title"/"标题" -> -1, "heading 3"/"Heading3"/"标题 3" -> 3, anything else -> 0.
int HeadingFromStyleName(std::string_view name) {
  std::string n;
  for (char c : name) {
    if (c == ' ') continue;
    n += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  if (n == "title" || n == "标题") return -1;
  for (std::string_view prefix : {std::string_view("heading"), std::string_view("标题")}) {
    if (n.size() == prefix.size() + 1 && std::string_view(n).substr(0, prefix.size()) == prefix &&
        n.back() >= '1' && n.back() <= '9') {
      return n.back() - '0';
    }
  }
  return 0;
}

int HeadingFromOutline(int64_t outline_level) {
  return outline_level >= 0 && outline_level <= 8 ? static_cast<int>(outline_level) + 1 : 0;
}

// Block::heading_level for a paragraph: its own w:outlineLvl, else the nearest style in the
// chain that is a Title/Heading style by id or name, or that carries an outline level.
int HeadingLevel(const ParaProps& props, const std::vector<Styles::Ref>& chain) {
  if (props.outline_level) return HeadingFromOutline(*props.outline_level);
  for (const auto& [id, style] : chain) {
    if (int level = HeadingFromStyleName(id); level != 0) return level;
    if (int level = HeadingFromStyleName(style->name); level != 0) return level;
    if (style->props.outline_level) return HeadingFromOutline(*style->props.outline_level);
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Number formats (w:numFmt).

std::string Roman(int64_t n, bool upper) {
  static const std::pair<int, const char*> kParts[] = {
      {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
      {40, "xl"},  {10, "x"},   {9, "ix"},  {5, "v"},    {4, "iv"},  {1, "i"}};
  std::string out;
  for (const auto& [value, digits] : kParts) {
    for (; n >= value; n -= value) out += digits;
  }
  if (upper) {
    for (char& c : out) c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// Word's letter sequence: A..Z, AA..ZZ, AAA... (the letter repeats, it is not base 26).
std::string Letters(int64_t n, bool upper) {
  char letter = static_cast<char>((upper ? 'A' : 'a') + (n - 1) % 26);
  return std::string(static_cast<size_t>((n - 1) / 26 + 1), letter);
}

// Replaces each code point found in `from` by the one at the same index in `to`.
std::string MapChars(std::string_view s, std::u32string_view from, std::u32string_view to) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    char32_t cp = utf8::Decode(s, &i);
    size_t k = from.find(cp);
    utf8::Append(k == std::u32string_view::npos ? cp : to[k], &out);
  }
  return out;
}

// Financial numerals (大写): 9 -> 玖, 10 -> 壹拾, 105 -> 壹佰零伍.
std::string ChineseLegal(int64_t n, bool traditional) {
  std::string counting = FormatChineseNumber(n);
  if (n >= 10 && n < 20) counting = "一" + counting;  // 壹拾, never a bare 拾
  return MapChars(counting, U"一二三四五六七八九十百千万",
                  traditional ? U"壹貳參肆伍陸柒捌玖拾佰仟萬" : U"壹贰叁肆伍陆柒捌玖拾佰仟万");
}

// Formats one level's counter as Word prints it for `format`. Unknown formats and values a
// format cannot show fall back to decimal.
std::string FormatNumber(int64_t n, std::string_view format) {
  if (format == "none" || format == "bullet") return "";
  std::string decimal = std::to_string(n);
  if (n < 0) return decimal;
  if (format == "decimalZero") return n < 10 ? "0" + decimal : decimal;
  if (format == "decimalFullWidth" || format == "decimalFullWidth2") {
    return MapChars(decimal, U"0123456789", U"０１２３４５６７８９");
  }
  if (format == "chineseCounting" || format == "chineseCountingThousand" ||
      format == "japaneseCounting" || format == "taiwaneseCounting" ||
      format == "taiwaneseCountingThousand") {
    return FormatChineseNumber(n);
  }
  if (format == "chineseLegalSimplified") return ChineseLegal(n, false);
  if (format == "ideographLegalTraditional") return ChineseLegal(n, true);
  if (format == "ideographDigital" || format == "taiwaneseDigital") {
    return MapChars(decimal, U"0123456789", U"〇一二三四五六七八九");
  }
  if (n == 0) return decimal;
  if (format == "ideographTraditional") {  // 天干 heavenly stems
    static const char* kStems[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
    return kStems[(n - 1) % 10];
  }
  if (format == "ideographZodiac") {  // 地支 earthly branches
    static const char* kBranches[] = {"子", "丑", "寅", "卯", "辰", "巳",
                                      "午", "未", "申", "酉", "戌", "亥"};
    return kBranches[(n - 1) % 12];
  }
  if (format == "decimalEnclosedCircle" || format == "decimalEnclosedCircleChinese") {
    if (n <= 20) return utf8::Encode(static_cast<char32_t>(0x2460 + n - 1));   // ①..⑳
    if (n <= 35) return utf8::Encode(static_cast<char32_t>(0x3251 + n - 21));  // ㉑..㉟
    if (n <= 50) return utf8::Encode(static_cast<char32_t>(0x32B1 + n - 36));  // ㊱..㊿
    return decimal;
  }
  if (format == "decimalEnclosedParen" && n <= 20) {
    return utf8::Encode(static_cast<char32_t>(0x2474 + n - 1));  // ⑴..⒇
  }
  if (format == "decimalEnclosedFullstop" && n <= 20) {
    return utf8::Encode(static_cast<char32_t>(0x2488 + n - 1));  // ⒈..⒛
  }
  if ((format == "upperLetter" || format == "lowerLetter") && n <= 26 * 30) {
    return Letters(n, format == "upperLetter");
  }
  if ((format == "upperRoman" || format == "lowerRoman") && n < 4000) {
    return Roman(n, format == "upperRoman");
  }
  return decimal;
}

// ---------------------------------------------------------------------------------------------
// Automatic numbering (numbering.xml).

// One w:lvl of a list definition.
struct Level {
  int64_t start = 0;               // w:start (the schema default is 0)
  std::string format = "decimal";  // w:numFmt
  std::string text;                // w:lvlText, "%1、"
  int64_t restart = -1;            // w:lvlRestart; -1 = after any shallower level
  std::string suffix;              // w:suff: "tab", "space", "nothing" or "" (absent)
  std::string style;               // w:pStyle: the paragraph style linked to this level
  bool legal = false;              // w:isLgl: show every level's number as decimal
};

Level ReadLevel(pugi::xml_node lvl) {
  Level level;
  bool has_format = false;
  for (pugi::xml_node c : lvl.children()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view name = Local(c);
    if (name == "start") {
      level.start = std::clamp<int64_t>(ParseInt(Val(c)).value_or(0), 0, kMaxStart);
    } else if (name == "numFmt") {
      level.format = Val(c);
      has_format = true;
    } else if (name == "lvlText") {
      level.text = TruncateUtf8(Val(c), kMaxLevelText);
    } else if (name == "lvlRestart") {
      level.restart = std::clamp<int64_t>(ParseInt(Val(c)).value_or(-1), -1, kLevels);
    } else if (name == "suff") {
      level.suffix = Val(c);
    } else if (name == "pStyle") {
      level.style = Val(c);
    } else if (name == "isLgl") {
      level.legal = IsOn(c);
    } else if (name == "AlternateContent" && !has_format) {
      // Word 2010 custom formats: the Choice holds "custom", the Fallback a standard format.
      if (pugi::xml_node f = Child(Child(c, "Fallback"), "numFmt")) level.format = Val(f);
    }
  }
  return level;
}

using LevelSet = std::array<std::optional<Level>, kLevels>;

void ReadLevels(pugi::xml_node parent, LevelSet* levels) {
  for (pugi::xml_node lvl : parent.children()) {
    if (lvl.type() != pugi::node_element || Local(lvl) != "lvl") continue;
    std::optional<int64_t> ilvl = ParseInt(Attr(lvl, "ilvl").value());
    if (ilvl && *ilvl >= 0 && *ilvl < kLevels && !(*levels)[*ilvl]) {
      (*levels)[*ilvl] = ReadLevel(lvl);
    }
  }
}

class Numbering {
 public:
  explicit Numbering(const Styles& styles) : styles_(styles) {}

  void Load(pugi::xml_node root) {
    for (pugi::xml_node n : root.children()) {
      if (n.type() != pugi::node_element) continue;
      std::string_view name = Local(n);
      if (name == "abstractNum") {
        std::optional<int64_t> id = ParseInt(Attr(n, "abstractNumId").value());
        if (!id || abstracts_.count(*id) != 0) continue;
        AbstractNum& a = abstracts_[*id];
        ReadLevels(n, &a.levels);
        a.num_style_link = Val(Child(n, "numStyleLink"));
      } else if (name == "num") {
        std::optional<int64_t> id = ParseInt(Attr(n, "numId").value());
        if (!id || nums_.count(*id) != 0) continue;
        Num& num = nums_[*id];
        num.abstract_id = ParseInt(Val(Child(n, "abstractNumId"))).value_or(-1);
        for (pugi::xml_node o : n.children()) {
          if (o.type() != pugi::node_element || Local(o) != "lvlOverride") continue;
          std::optional<int64_t> ilvl = ParseInt(Attr(o, "ilvl").value());
          if (!ilvl || *ilvl < 0 || *ilvl >= kLevels) continue;
          num.has_overrides = true;
          LevelSet replaced;
          ReadLevels(o, &replaced);
          if (replaced[*ilvl]) num.levels[*ilvl] = replaced[*ilvl];
          if (pugi::xml_node s = Child(o, "startOverride")) {
            num.starts[*ilvl] = std::clamp<int64_t>(ParseInt(Val(s)).value_or(0), 0, kMaxStart);
          }
        }
      }
    }
  }

  // The level a list style links to a paragraph style (w:lvl/w:pStyle), or nullopt.
  std::optional<int64_t> LevelForStyle(int64_t num_id, std::string_view style) {
    const List* list = Resolve(num_id);
    if (list == nullptr || style.empty()) return std::nullopt;
    for (int i = 0; i < kLevels; ++i) {
      if (list->levels[i] && list->levels[i]->style == style) return i;
    }
    return std::nullopt;
  }

  // Advances list `num_id` at level `ilvl` and returns the label Word prints for it, with its
  // suffix ("第一章 ", "（一）"); "" for bullets, empty labels and undefined lists.
  std::string Next(int64_t num_id, int64_t ilvl) {
    if (ilvl < 0 || ilvl >= kLevels) return "";
    const List* list = Resolve(num_id);
    if (list == nullptr || !list->levels[ilvl]) return "";
    const Level& level = *list->levels[ilvl];
    Counters& counters = counters_[list->counter_key];
    counters[ilvl] = counters[ilvl] ? *counters[ilvl] + 1 : level.start;
    for (int m = static_cast<int>(ilvl) + 1; m < kLevels; ++m) {
      // w:lvlRestart r (1-based): level m restarts when a level shallower than r is used; 0 =
      // never; absent or deeper than m = after any shallower level.
      int64_t r = list->levels[m] ? list->levels[m]->restart : -1;
      if (r < 0 || r > m) r = m;
      if (ilvl < r) counters[m].reset();
    }
    if (level.format == "bullet") return "";

    std::string label;
    for (size_t i = 0; i < level.text.size(); ++i) {
      char c = level.text[i];
      if (c != '%' || i + 1 >= level.text.size() || level.text[i + 1] < '1' ||
          level.text[i + 1] > '9') {
        label += c;
        continue;
      }
      int k = level.text[++i] - '1';
      const std::optional<Level>& referenced = list->levels[k];
      // A level not yet used shows one less than its start, as its counter stands there.
      int64_t value =
          counters[k] ? *counters[k] : std::max<int64_t>(referenced ? referenced->start - 1 : 0, 0);
      std::string_view format = referenced ? std::string_view(referenced->format) : "decimal";
      if (level.legal && k != ilvl) format = "decimal";
      label += FormatNumber(value, format);
    }
    label = TruncateUtf8(label, kMaxLabel);
    if (label.empty()) return "";
    if (level.suffix == "space") label += ' ';
    if (level.suffix == "tab") label += '\t';
    return label;
  }

 private:
  struct AbstractNum {
    LevelSet levels;
    std::string num_style_link;  // w:numStyleLink: the levels live in that list style's list
  };
  struct Num {
    int64_t abstract_id = -1;
    bool has_overrides = false;
    LevelSet levels;                                     // w:lvlOverride/w:lvl
    std::array<std::optional<int64_t>, kLevels> starts;  // w:lvlOverride/w:startOverride
  };
  // A w:num with its levels resolved.
  struct List {
    LevelSet levels;
    // Lists sharing an abstract definition without overrides continue one sequence in Word;
    // a w:num with overrides counts on its own.
    std::string counter_key;
  };
  using Counters = std::array<std::optional<int64_t>, kLevels>;

  const List* Resolve(int64_t num_id) {
    auto cached = lists_.find(num_id);
    if (cached != lists_.end()) return cached->second ? &*cached->second : nullptr;
    std::optional<List>& slot = lists_[num_id];
    auto num = nums_.find(num_id);
    if (num == nums_.end()) return nullptr;
    int64_t abstract_id = num->second.abstract_id;
    const AbstractNum* abstract = nullptr;
    for (int hop = 0; hop < 8; ++hop) {
      auto a = abstracts_.find(abstract_id);
      if (a == abstracts_.end()) break;
      abstract = &a->second;
      if (abstract->num_style_link.empty()) break;
      // A list style: its w:numId names the list that holds the levels.
      const Style* style = styles_.Find(abstract->num_style_link);
      if (style == nullptr || !style->props.num_id) break;
      auto linked = nums_.find(*style->props.num_id);
      if (linked == nums_.end() || linked->second.abstract_id == abstract_id) break;
      abstract_id = linked->second.abstract_id;
    }
    if (abstract == nullptr) return nullptr;
    List list;
    list.levels = abstract->levels;
    for (int i = 0; i < kLevels; ++i) {
      if (num->second.levels[i]) list.levels[i] = num->second.levels[i];
      if (num->second.starts[i] && list.levels[i]) list.levels[i]->start = *num->second.starts[i];
    }
    list.counter_key = num->second.has_overrides ? "num:" + std::to_string(num_id)
                                                 : "abstract:" + std::to_string(abstract_id);
    slot = std::move(list);
    return &*slot;
  }

  const Styles& styles_;
  std::map<int64_t, AbstractNum> abstracts_;
  std::map<int64_t, Num> nums_;
  std::map<int64_t, std::optional<List>> lists_;
  std::map<std::string, Counters> counters_;
};

// ---------------------------------------------------------------------------------------------
// The body.

std::string Join(const std::vector<std::string>& parts, char separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

void AppendText(pugi::xml_node t, std::string* out) {
  for (pugi::xml_node c = t.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out->append(c.value());
  }
}

// Walks w:body in order and builds the Document. Top-level paragraphs and tables become
// Blocks; inside a table cell, paragraphs (and nested tables, flattened) become the cell's
// lines.
class BodyReader {
 public:
  BodyReader(const Styles& styles, Numbering* numbering)
      : styles_(styles), numbering_(*numbering) {}

  // Reads block-level content of `container` (w:body, w:tc, w:sdtContent, w:txbxContent).
  // With `lines` null, emits Blocks; otherwise appends paragraph texts to *lines.
  Status ReadBlocks(pugi::xml_node container, int depth, std::vector<std::string>* lines) {
    if (depth > kMaxDepth) return TooDeep();
    for (pugi::xml_node n : container.children()) {
      if (n.type() != pugi::node_element) continue;
      std::string_view name = Local(n);
      if (name == "p") {
        GH_RETURN_IF_ERROR(ReadParagraph(n, depth, lines));
      } else if (name == "tbl") {
        GH_RETURN_IF_ERROR(ReadTable(n, depth, lines));
      } else if (name == "sdt") {  // content control (内容控件)
        GH_RETURN_IF_ERROR(ReadBlocks(Child(n, "sdtContent"), depth + 1, lines));
      } else if (name == "customXml") {
        GH_RETURN_IF_ERROR(ReadBlocks(n, depth + 1, lines));
      } else if (name == "AlternateContent") {
        GH_RETURN_IF_ERROR(ReadBlocks(Child(n, "Choice"), depth + 1, lines));
      }
    }
    return Status::Ok();
  }

  Document TakeDocument() { return std::move(doc_); }

 private:
  Status ReadParagraph(pugi::xml_node p, int depth, std::vector<std::string>* lines) {
    ParaProps props = ReadParaProps(Child(p, "pPr"));
    std::vector<Styles::Ref> chain = styles_.Chain(props.style);

    // The paragraph's own w:numPr wins; otherwise the nearest style that carries one.
    std::optional<int64_t> num_id = props.num_id;
    std::optional<int64_t> ilvl = props.ilvl;
    std::string_view list_style;
    if (!num_id) {
      for (const auto& [id, style] : chain) {
        if (!style->props.num_id) continue;
        num_id = style->props.num_id;
        list_style = id;
        if (!ilvl) ilvl = style->props.ilvl;
        break;
      }
    }
    std::string label;
    if (num_id && *num_id > 0) {
      if (!ilvl && !chain.empty()) ilvl = numbering_.LevelForStyle(*num_id, chain.front().first);
      if (!ilvl) ilvl = numbering_.LevelForStyle(*num_id, list_style);
      // Word counts empty numbered paragraphs too, so advance before looking at the text.
      label = numbering_.Next(*num_id, ilvl.value_or(0));
    }

    std::string raw;
    std::vector<pugi::xml_node> text_boxes;
    CollectText(p, &raw, &text_boxes);
    std::string_view body = utf8::Trim(raw);
    if (!body.empty()) {
      std::string text = label;
      text.append(body);
      if (lines != nullptr) {
        lines->push_back(std::move(text));
      } else {
        Block block;
        block.text = std::move(text);
        block.heading_level = HeadingLevel(props, chain);
        if (block.heading_level != 0) block.kind = Block::Kind::kHeading;
        AddBlock(std::move(block));
      }
    }
    // Text boxes (文本框, often a 专栏 box) read as paragraphs after their anchor.
    for (pugi::xml_node box : text_boxes) {
      GH_RETURN_IF_ERROR(ReadBlocks(box, depth + 1, lines));
    }
    return Status::Ok();
  }

  // Appends the visible text of paragraph `p` to *out and collects its text boxes.
  void CollectText(pugi::xml_node p, std::string* out, std::vector<pugi::xml_node>* boxes) {
    WalkElements(p, [&](pugi::xml_node node) {
      std::string_view name = Local(node);
      if (name == "t") {  // w:t, and m:t in equations
        if (hidden_fields_ == 0) AppendText(node, out);
        return false;
      }
      if (name == "tab" || name == "ptab") {
        if (hidden_fields_ == 0) *out += '\t';
        return false;
      }
      if (name == "br" || name == "cr") {
        if (hidden_fields_ == 0) *out += '\n';
        return false;
      }
      if (name == "noBreakHyphen") {
        if (hidden_fields_ == 0) *out += '-';
        return false;
      }
      if (name == "fldChar") {
        OnFieldChar(Attr(node, "fldCharType").value());
        return false;
      }
      if (name == "r") return !IsOn(Child(Child(node, "rPr"), "vanish"));  // hidden text
      if (name == "txbxContent") {
        boxes->push_back(node);
        return false;
      }
      if (name == "drawing" || name == "pict" || name == "object") {
        CollectTextBoxes(node, boxes);
        return false;
      }
      // Properties, deleted text (修订中的删除), field codes and the alternative of an
      // mc:AlternateContent that duplicates the chosen one.
      return !(name == "pPr" || name == "rPr" || name == "del" || name == "moveFrom" ||
               name == "delText" || name == "delInstrText" || name == "instrText" ||
               name == "sdtPr" || name == "sdtEndPr" || name == "Fallback" || name == "fldData");
    });
  }

  static void CollectTextBoxes(pugi::xml_node node, std::vector<pugi::xml_node>* boxes) {
    WalkElements(node, [&](pugi::xml_node n) {
      std::string_view name = Local(n);
      if (name == "txbxContent") {
        boxes->push_back(n);
        return false;
      }
      return name != "Fallback";
    });
  }

  // Complex fields: between "begin" and "separate" lies the field code, between "separate"
  // and "end" the result Word displays. Fields nest and may span paragraphs (a TOC).
  void OnFieldChar(std::string_view type) {
    if (type == "begin") {
      fields_.push_back(false);
      ++hidden_fields_;
    } else if (type == "separate") {
      if (!fields_.empty() && !fields_.back()) {
        fields_.back() = true;
        --hidden_fields_;
      }
    } else if (type == "end") {
      if (!fields_.empty()) {
        if (!fields_.back()) --hidden_fields_;
        fields_.pop_back();
      }
    }
  }

  Status ReadTable(pugi::xml_node tbl, int depth, std::vector<std::string>* lines) {
    std::vector<std::vector<std::string>> rows;
    GH_RETURN_IF_ERROR(ReadRows(tbl, depth + 1, lines, &rows));
    if (lines != nullptr) return Status::Ok();  // nested table: cells went into *lines
    bool has_text = false;
    std::vector<std::string> row_texts;
    for (const std::vector<std::string>& row : rows) {
      for (const std::string& cell : row) has_text = has_text || !cell.empty();
      row_texts.push_back(Join(row, '\t'));
    }
    if (!has_text) return Status::Ok();
    Block block;
    block.kind = Block::Kind::kTable;
    block.text = Join(row_texts, '\n');
    block.rows = std::move(rows);
    AddBlock(std::move(block));
    return Status::Ok();
  }

  // Rows of a table (or of a content control / custom XML element wrapping rows). With
  // `flat` set, every cell's lines go there instead of into *rows.
  Status ReadRows(pugi::xml_node container, int depth, std::vector<std::string>* flat,
                  std::vector<std::vector<std::string>>* rows) {
    if (depth > kMaxDepth) return TooDeep();
    for (pugi::xml_node n : container.children()) {
      if (n.type() != pugi::node_element) continue;
      std::string_view name = Local(n);
      if (name == "tr") {
        if (Child(Child(n, "trPr"), "del")) continue;  // a deleted row (tracked change)
        std::vector<std::string> row;
        GH_RETURN_IF_ERROR(ReadCells(n, depth + 1, flat, &row));
        if (flat == nullptr) rows->push_back(std::move(row));
      } else if (name == "sdt") {
        GH_RETURN_IF_ERROR(ReadRows(Child(n, "sdtContent"), depth + 1, flat, rows));
      } else if (name == "customXml") {
        GH_RETURN_IF_ERROR(ReadRows(n, depth + 1, flat, rows));
      }
    }
    return Status::Ok();
  }

  // Cells of a row. A merged cell (gridSpan, vMerge) is one entry holding its own text, so a
  // vertical-merge continuation reads "".
  Status ReadCells(pugi::xml_node container, int depth, std::vector<std::string>* flat,
                   std::vector<std::string>* row) {
    if (depth > kMaxDepth) return TooDeep();
    for (pugi::xml_node n : container.children()) {
      if (n.type() != pugi::node_element) continue;
      std::string_view name = Local(n);
      if (name == "tc") {
        std::vector<std::string> cell_lines;
        GH_RETURN_IF_ERROR(ReadBlocks(n, depth + 1, flat != nullptr ? flat : &cell_lines));
        if (flat == nullptr) row->push_back(Join(cell_lines, '\n'));
      } else if (name == "sdt") {
        GH_RETURN_IF_ERROR(ReadCells(Child(n, "sdtContent"), depth + 1, flat, row));
      } else if (name == "customXml") {
        GH_RETURN_IF_ERROR(ReadCells(n, depth + 1, flat, row));
      }
    }
    return Status::Ok();
  }

  void AddBlock(Block block) {
    if (!doc_.text.empty()) doc_.text += '\n';
    block.begin = doc_.text.size();
    doc_.text += block.text;
    block.end = doc_.text.size();
    doc_.blocks.push_back(std::move(block));
  }

  const Styles& styles_;
  Numbering& numbering_;
  std::vector<bool> fields_;  // open complex fields, innermost last; true once past "separate"
  size_t hidden_fields_ = 0;  // open fields still in their code part: text is not shown
  Document doc_;
};

Result<Document> ReadPackage(std::string_view bytes) {
  if (bytes.empty()) return NotADocx();
  Package package;
  GH_RETURN_IF_ERROR(package.Open(bytes));

  // The main part is named by the package relationships; word/document.xml by convention.
  std::string main_part = "word/document.xml";
  if (package.Has("_rels/.rels")) {
    pugi::xml_document rels;
    GH_RETURN_IF_ERROR(package.ParseXml("_rels/.rels", &rels));
    std::string target = RelationshipTarget(rels, "officeDocument", "");
    if (package.Has(target)) main_part = target;
  }
  if (!package.Has(main_part)) return NoDocumentPart();
  pugi::xml_document document;
  GH_RETURN_IF_ERROR(package.ParseXml(main_part, &document));

  std::string dir = main_part.substr(0, main_part.rfind('/') + 1);
  std::string styles_part = dir + "styles.xml";
  std::string numbering_part = dir + "numbering.xml";
  std::string rels_part = dir + "_rels/" + main_part.substr(dir.size()) + ".rels";
  if (package.Has(rels_part)) {
    pugi::xml_document rels;
    GH_RETURN_IF_ERROR(package.ParseXml(rels_part, &rels));
    if (std::string t = RelationshipTarget(rels, "styles", dir); !t.empty()) styles_part = t;
    if (std::string t = RelationshipTarget(rels, "numbering", dir); !t.empty()) {
      numbering_part = t;
    }
  }

  Styles styles;
  if (package.Has(styles_part)) {
    pugi::xml_document xml;
    GH_RETURN_IF_ERROR(package.ParseXml(styles_part, &xml));
    styles.Load(xml.document_element());
  }
  Numbering numbering(styles);
  if (package.Has(numbering_part)) {
    pugi::xml_document xml;
    GH_RETURN_IF_ERROR(package.ParseXml(numbering_part, &xml));
    numbering.Load(xml.document_element());
  }

  BodyReader reader(styles, &numbering);
  GH_RETURN_IF_ERROR(reader.ReadBlocks(Child(document.document_element(), "body"), 0, nullptr));
  Document doc = reader.TakeDocument();
  doc.format = "docx";
  return doc;
}

}  // namespace

Result<Document> ReadDocx(std::string_view bytes) {
  // Library exceptions (allocation failures) stop here and become a Status.
  try {
    return ReadPackage(bytes);
  } catch (const std::bad_alloc&) {
    return Status::Unavailable(
        Msg("内存不足，无法读取 .docx 文件", "out of memory while reading the .docx file"));
  } catch (const std::exception& e) {
    return Status::Internal(
        Msg("读取 .docx 文件时出错：{}", "error while reading the .docx file: {}", e.what()));
  }
}

}  // namespace guihua::document
