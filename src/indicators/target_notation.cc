#include "indicators/target_notation.h"

#include <charconv>
#include <string>

#include "common/i18n.h"
#include "common/utf8.h"

namespace guihua::indicators {
namespace {

// What a word of the notation says about the kind. kGreater is the bare ">" whose meaning
// depends on the unit; kLevelHint ("达到", "约", "左右") only confirms a plain number.
enum class Op { kNone, kLevelHint, kGreater, kFloor, kCeiling, kGrowth, kCumulative };

// Combines two words of one notation; nullopt when they contradict ("<5以上").
std::optional<Op> Merge(Op a, Op b) {
  if (a == Op::kNone || a == Op::kLevelHint || a == b) return b == Op::kNone ? a : b;
  if (b == Op::kNone || b == Op::kLevelHint) return a;
  auto pair = [&](Op x, Op y) { return (a == x && b == y) || (a == y && b == x); };
  if (pair(Op::kGreater, Op::kFloor)) return Op::kFloor;  // "≥" written as ">…以上"
  // "年均增长7%以上", "累计〔13.5〕以上": the period word decides the kind.
  if (pair(Op::kGrowth, Op::kGreater) || pair(Op::kGrowth, Op::kFloor)) return Op::kGrowth;
  if (pair(Op::kCumulative, Op::kGreater) || pair(Op::kCumulative, Op::kFloor)) {
    return Op::kCumulative;
  }
  return std::nullopt;
}

// Maps full-width forms to ASCII and every bracket style to '[' ']'.
char32_t Normalize(char32_t cp) {
  cp = utf8::FoldWidth(cp);  // ＞＜＝．％－＋（）［］ and full-width digits
  switch (cp) {
    case U'〔':
    case U'【':
    case U'(':
      return U'[';
    case U'〕':
    case U'】':
    case U')':
      return U']';
    default:
      return cp;
  }
}

class Scanner {
 public:
  explicit Scanner(std::u32string_view s) : s_(s) {}
  bool Eat(std::u32string_view w) {
    if (s_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }
  bool AtEnd() const { return i_ == s_.size(); }
  size_t pos() const { return i_; }
  char32_t Peek() const { return AtEnd() ? 0 : s_[i_]; }
  void Advance() { ++i_; }
  void Reset(size_t pos) { i_ = pos; }

 private:
  std::u32string_view s_;
  size_t i_ = 0;
};

// Reads the words that may stand before the number; false on a contradiction.
bool ReadPrefixes(Scanner* sc, Op* op) {
  struct Word {
    std::u32string_view text;
    Op op;
  };
  // Longer words first where one is a prefix of another.
  static constexpr Word kWords[] = {
      {U">=", Op::kFloor},
      {U"≥", Op::kFloor},
      {U"不低于", Op::kFloor},
      {U"不少于", Op::kFloor},
      {U">", Op::kGreater},
      {U"高于", Op::kGreater},
      {U"大于", Op::kGreater},
      {U"超过", Op::kGreater},
      {U"<=", Op::kCeiling},
      {U"≤", Op::kCeiling},
      {U"<", Op::kCeiling},
      {U"不超过", Op::kCeiling},
      {U"不高于", Op::kCeiling},
      {U"低于", Op::kCeiling},
      {U"小于", Op::kCeiling},
      {U"控制在", Op::kCeiling},
      {U"年均增长", Op::kGrowth},
      {U"年均增速", Op::kGrowth},
      {U"年均", Op::kGrowth},
      {U"累计下降", Op::kCumulative},
      {U"累计降低", Op::kCumulative},
      {U"累计提高", Op::kCumulative},
      {U"累计增长", Op::kCumulative},
      {U"累计", Op::kCumulative},
      {U"达到", Op::kLevelHint},
      {U"力争", Op::kLevelHint},
      {U"约", Op::kLevelHint},
  };
  bool symbol = false;  // at most one of > < ≥ ≤ >= <=
  for (bool found = true; found;) {
    found = false;
    for (const Word& w : kWords) {
      size_t at = sc->pos();
      if (sc->Eat(w.text)) {
        bool is_symbol = w.text[0] < 0x80 || w.text[0] == U'≥' || w.text[0] == U'≤';
        auto m = Merge(*op, w.op);
        if (!m || (is_symbol && symbol)) {
          sc->Reset(at);
          return false;
        }
        symbol = symbol || is_symbol;
        *op = *m;
        found = true;
        break;
      }
    }
  }
  return true;
}

bool ReadSuffixes(Scanner* sc, Op* op) {
  struct Word {
    std::u32string_view text;
    Op op;
  };
  static constexpr Word kWords[] = {
      {U"及以上", Op::kFloor},   {U"以上", Op::kFloor},   {U"及以下", Op::kCeiling},
      {U"以下", Op::kCeiling},   {U"以内", Op::kCeiling}, {U"之内", Op::kCeiling},
      {U"左右", Op::kLevelHint},
  };
  for (bool found = true; found;) {
    found = false;
    for (const Word& w : kWords) {
      size_t at = sc->pos();
      if (sc->Eat(w.text)) {
        auto m = Merge(*op, w.op);
        if (!m) {
          sc->Reset(at);
          return false;
        }
        *op = *m;
        found = true;
        break;
      }
    }
  }
  return true;
}

// Reads [+-]digits[.digits]; nullopt without a digit.
std::optional<double> ReadNumber(Scanner* sc) {
  char buf[40];
  size_t n = 0;
  if (sc->Peek() == U'+') {
    sc->Advance();
  } else if (sc->Peek() == U'-') {
    buf[n++] = '-';
    sc->Advance();
  }
  bool digits = false;
  bool dot = false;
  while (n + 1 < sizeof buf) {
    char32_t c = sc->Peek();
    if (c >= U'0' && c <= U'9') {
      digits = true;
    } else if (c == U'.' && !dot) {
      dot = true;
    } else {
      break;
    }
    buf[n++] = static_cast<char>(c);
    sc->Advance();
  }
  if (!digits) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(buf, buf + n, v);
  if (ec != std::errc() || end != buf + n) return std::nullopt;
  return v;
}

// Eats "%" or the indicator's unit ("亿吨") if present.
void EatUnit(Scanner* sc, std::u32string_view unit) {
  if (sc->Eat(U"%")) return;
  if (!unit.empty()) sc->Eat(unit);
}

std::u32string ToNormalized(std::string_view text) {
  std::u32string out;
  size_t i = 0;
  while (i < text.size()) {
    char32_t cp = utf8::Decode(text, &i);
    if (utf8::IsSpace(cp)) continue;
    out.push_back(Normalize(cp));
  }
  return out;
}

TargetKind KindOf(Op op, std::string_view unit) {
  switch (op) {
    case Op::kGreater:
      return unit == "%" ? TargetKind::kGrowth : TargetKind::kFloor;
    case Op::kFloor:
      return TargetKind::kFloor;
    case Op::kCeiling:
      return TargetKind::kCeiling;
    case Op::kGrowth:
      return TargetKind::kGrowth;
    case Op::kCumulative:
      return TargetKind::kCumulative;
    case Op::kNone:
    case Op::kLevelHint:
      break;
  }
  return TargetKind::kLevel;
}

}  // namespace

Result<ParsedTarget> ParseTarget(std::string_view text, std::optional<TargetKind> declared,
                                 Direction /*direction*/, std::string_view unit) {
  std::string_view trimmed = utf8::Trim(text);
  if (trimmed.empty() || trimmed == "-" || trimmed == "—" || trimmed == "——" || trimmed == "－" ||
      trimmed == "/" || trimmed == "／" || trimmed == "无") {
    return ParsedTarget{declared.value_or(TargetKind::kLevel), std::nullopt};
  }
  std::u32string s = ToNormalized(trimmed);
  std::u32string unit32 = ToNormalized(unit);

  Scanner sc(s);
  Op op = Op::kNone;
  bool contradiction = false;
  bool ok = ReadPrefixes(&sc, &op);
  contradiction = !ok;
  bool bracket = ok && sc.Eat(U"[");
  if (bracket) {
    auto m = Merge(op, Op::kCumulative);
    ok = m.has_value();
    if (ok) op = *m;
  }
  std::optional<double> value;
  if (ok) {
    value = ReadNumber(&sc);
    ok = value.has_value();
  }
  if (ok) {
    EatUnit(&sc, unit32);
    if (bracket) {
      ok = sc.Eat(U"]");
      if (ok) EatUnit(&sc, unit32);
    }
  }
  if (ok) {
    ok = ReadSuffixes(&sc, &op);
    contradiction = !ok;
  }
  if (ok) EatUnit(&sc, unit32);
  if (ok) ok = sc.AtEnd();

  if (ok) return ParsedTarget{declared.value_or(KindOf(op, unit)), value};
  // Prose the grammar does not cover is a qualitative target ("保持在合理区间", "与国内生产
  // 总值增长基本同步", "保持在5.5%左右，力争更好"): recorded and shown, not scored. Words
  // that contradict each other ("<5以上") or stray symbols stay errors.
  char32_t stop = sc.Peek();
  if (!contradiction && (utf8::IsHan(stop) || utf8::IsCjkPunct(stop))) {
    return ParsedTarget{declared.value_or(TargetKind::kQualitative), std::nullopt};
  }
  return Status::ParseError(
      Msg("目标值“{}”无法识别（第 {} 个字符处）；可用写法如 >7、<5.5、"
          "6.5以上、〔13.5〕、65",
          "target \"{}\" not understood (at character {}); expected a "
          "notation such as >7, <5.5, 6.5以上, 〔13.5〕 or 65",
          std::string(trimmed), sc.pos() + 1));
}

}  // namespace guihua::indicators
