#include "indicators/indicator.h"

#include <cstdio>

#include "common/cn_number.h"
#include "common/utf8.h"

namespace guihua::indicators {
namespace {

bool OneOf(std::string_view s, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (s == w) return true;
  }
  return false;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Reads an unsigned decimal integer of ASCII or full-width digits at s[*i].
std::optional<int> ReadInt(std::string_view s, size_t* i) {
  int v = 0;
  int n = 0;
  while (*i < s.size() && n < 6) {
    size_t j = *i;
    int d = utf8::DigitValue(utf8::Decode(s, &j));
    if (d < 0) break;
    v = v * 10 + d;
    ++n;
    *i = j;
  }
  if (n == 0) return std::nullopt;
  return v;
}

bool Consume(std::string_view s, size_t* i, std::string_view w) {
  if (s.substr(*i, w.size()) != w) return false;
  *i += w.size();
  return true;
}

}  // namespace

const char* AttributeName(Attribute a) {
  switch (a) {
    case Attribute::kBinding:
      return "binding";
    case Attribute::kExpected:
      return "expected";
    case Attribute::kUnknown:
      break;
  }
  return "unknown";
}

const char* AttributeLabel(Attribute a) {
  switch (a) {
    case Attribute::kBinding:
      return "约束性";
    case Attribute::kExpected:
      return "预期性";
    case Attribute::kUnknown:
      break;
  }
  return "";
}

const char* DirectionName(Direction d) {
  return d == Direction::kDecrease ? "decrease" : "increase";
}

const char* TargetKindName(TargetKind k) {
  switch (k) {
    case TargetKind::kLevel:
      return "level";
    case TargetKind::kGrowth:
      return "growth";
    case TargetKind::kCumulative:
      return "cumulative";
    case TargetKind::kCeiling:
      return "ceiling";
    case TargetKind::kFloor:
      return "floor";
    case TargetKind::kQualitative:
      return "qualitative";
  }
  return "level";
}

const char* AggregationName(Aggregation a) {
  switch (a) {
    case Aggregation::kNone:
      return "none";
    case Aggregation::kSum:
      return "sum";
    case Aggregation::kMean:
      return "mean";
    case Aggregation::kWeighted:
      return "weighted";
    case Aggregation::kFormula:
      return "formula";
  }
  return "none";
}

bool ParseAttribute(std::string_view s, Attribute* out) {
  std::string l = Lower(utf8::Trim(s));
  if (l.empty() || OneOf(l, {"unknown", "未知"})) {
    *out = Attribute::kUnknown;
  } else if (OneOf(l, {"binding", "约束性", "约束"})) {
    *out = Attribute::kBinding;
  } else if (OneOf(l, {"expected", "预期性", "预期"})) {
    *out = Attribute::kExpected;
  } else {
    return false;
  }
  return true;
}

bool ParseDirection(std::string_view s, Direction* out) {
  std::string l = Lower(utf8::Trim(s));
  if (OneOf(l, {"increase", "up", "+", "增长", "提高", "增加", "上升", "正向"})) {
    *out = Direction::kIncrease;
  } else if (OneOf(l, {"decrease", "down", "-", "降低", "下降", "减少", "逆向"})) {
    *out = Direction::kDecrease;
  } else {
    return false;
  }
  return true;
}

bool ParseTargetKind(std::string_view s, TargetKind* out) {
  std::string l = Lower(utf8::Trim(s));
  struct Name {
    TargetKind kind;
    std::initializer_list<std::string_view> words;
  };
  const Name names[] = {
      {TargetKind::kLevel, {"level", "水平", "目标值", "达到"}},
      {TargetKind::kGrowth, {"growth", "年均增长", "增速"}},
      {TargetKind::kCumulative, {"cumulative", "累计"}},
      {TargetKind::kCeiling, {"ceiling", "上限", "控制在"}},
      {TargetKind::kFloor, {"floor", "下限", "以上", "不低于"}},
      {TargetKind::kQualitative, {"qualitative", "定性"}},
  };
  for (const Name& n : names) {
    if (OneOf(l, n.words)) {
      *out = n.kind;
      return true;
    }
  }
  return false;
}

bool ParseAggregation(std::string_view s, Aggregation* out) {
  std::string l = Lower(utf8::Trim(s));
  if (l.empty() || OneOf(l, {"none", "无"})) {
    *out = Aggregation::kNone;
  } else if (OneOf(l, {"sum", "求和", "合计"})) {
    *out = Aggregation::kSum;
  } else if (OneOf(l, {"mean", "average", "平均"})) {
    *out = Aggregation::kMean;
  } else if (OneOf(l, {"weighted", "加权"})) {
    *out = Aggregation::kWeighted;
  } else if (OneOf(l, {"formula", "公式"})) {
    *out = Aggregation::kFormula;
  } else {
    return false;
  }
  return true;
}

std::string Period::ToString() const {
  char buf[16];
  switch (grain) {
    case Grain::kYear:
      std::snprintf(buf, sizeof buf, "%04d", year);
      break;
    case Grain::kQuarter:
      std::snprintf(buf, sizeof buf, "%04d-Q%d", year, sub);
      break;
    case Grain::kMonth:
      std::snprintf(buf, sizeof buf, "%04d-%02d", year, sub);
      break;
  }
  return buf;
}

std::optional<Period> ParsePeriod(std::string_view text) {
  std::string_view s = utf8::Trim(text);
  size_t i = 0;
  auto year = ReadInt(s, &i);
  if (!year || *year < 1900 || *year > 2200) return std::nullopt;
  Consume(s, &i, "年");
  if (i == s.size()) return Period::Year(*year);
  // Quarter: "-Q2", "Q2", "年第二季度", "年第2季度", "-q2".
  size_t j = i;
  Consume(s, &j, "-");
  if (j < s.size() && (s[j] == 'Q' || s[j] == 'q')) {
    ++j;
    auto q = ReadInt(s, &j);
    if (q && *q >= 1 && *q <= 4 && j == s.size()) return Period::Quarter(*year, *q);
    return std::nullopt;
  }
  j = i;
  if (Consume(s, &j, "第")) {
    size_t k = j;
    while (k < s.size() && s.substr(k, 3) != "季") ++k;
    auto q = ParseChineseNumber(s.substr(j, k - j));
    j = k;
    if (q && *q >= 1 && *q <= 4 && Consume(s, &j, "季度") && j == s.size()) {
      return Period::Quarter(*year, static_cast<int>(*q));
    }
    return std::nullopt;
  }
  // Month: "-06", "-6", "年6月", "/6".
  j = i;
  if (!Consume(s, &j, "-")) Consume(s, &j, "/");
  auto m = ReadInt(s, &j);
  if (!m || *m < 1 || *m > 12) return std::nullopt;
  Consume(s, &j, "月");
  if (j != s.size()) return std::nullopt;
  return Period::Month(*year, *m);
}

const char* ObservationStatusName(ObservationStatus s) {
  switch (s) {
    case ObservationStatus::kDraft:
      return "draft";
    case ObservationStatus::kSubmitted:
      return "submitted";
    case ObservationStatus::kApproved:
      return "approved";
  }
  return "approved";
}

bool ParseObservationStatus(std::string_view s, ObservationStatus* out) {
  std::string l = Lower(utf8::Trim(s));
  if (OneOf(l, {"draft", "草稿"})) {
    *out = ObservationStatus::kDraft;
  } else if (OneOf(l, {"submitted", "已报送", "报送"})) {
    *out = ObservationStatus::kSubmitted;
  } else if (l.empty() || OneOf(l, {"approved", "已审核", "审核"})) {
    *out = ObservationStatus::kApproved;
  } else {
    return false;
  }
  return true;
}

}  // namespace guihua::indicators
