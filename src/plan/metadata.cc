#include "plan/metadata.h"

#include <algorithm>
#include <array>
#include <map>

#include "common/cn_number.h"
#include "common/utf8.h"

namespace guihua::plan {
namespace {

bool Contains(std::string_view s, std::string_view w) {
  return s.find(w) != std::string_view::npos;
}
bool EndsWith(std::string_view s, std::string_view w) {
  return s.size() >= w.size() && s.substr(s.size() - w.size()) == w;
}

// Numeral run ending just before byte `end`.
std::string_view NumeralsBefore(std::string_view s, size_t end) {
  size_t b = end;
  while (b > 0) {
    size_t start = 0;
    char32_t cp = utf8::DecodeBefore(s, b, &start);
    if (!IsNumeralChar(cp)) break;
    b = start;
  }
  return s.substr(b, end - b);
}

// Numeral run starting at `pos`.
std::string_view NumeralsAfter(std::string_view s, size_t pos) {
  size_t e = pos;
  while (e < s.size()) {
    size_t j = e;
    if (!IsNumeralChar(utf8::Decode(s, &j))) break;
    e = j;
  }
  return s.substr(pos, e - pos);
}

// Strips a trailing bracketed note: "…纲要（2021—2025年）" -> "…纲要".
std::string_view StripTrailingBracket(std::string_view s) {
  s = utf8::Trim(s);
  for (auto [open, close] :
       std::array<std::pair<std::string_view, std::string_view>, 2>{{{"（", "）"}, {"(", ")"}}}) {
    if (EndsWith(s, close)) {
      size_t o = s.rfind(open);
      if (o != std::string_view::npos && o > 0) return utf8::Trim(s.substr(0, o));
    }
  }
  return s;
}

bool IsYearRangeDash(char32_t cp) {
  return cp == U'—' || cp == U'–' || cp == '-' || cp == U'－' || cp == '~' || cp == U'～' ||
         cp == U'至' || cp == U'到' || cp == U'―';
}

// Explicit "2021—2025年" / "2021-2025年" range: found from each "年" backwards, so long
// texts without one cost a memchr-speed scan.
Period FindYearRange(std::string_view s) {
  auto is_d = [&](size_t k) { return k < s.size() && s[k] >= '0' && s[k] <= '9'; };
  size_t pos = 0;
  while ((pos = s.find("年", pos)) != std::string_view::npos) {
    size_t k = pos;  // the end year occupies [k - 4, k)
    pos += 3;
    if (k < 4 || !(is_d(k - 4) && is_d(k - 3) && is_d(k - 2) && is_d(k - 1)) ||
        (k >= 5 && is_d(k - 5))) {
      continue;
    }
    size_t dash_end = k - 4;
    size_t dash_start = 0;
    char32_t dash = utf8::DecodeBefore(s, dash_end, &dash_start);
    if (!IsYearRangeDash(dash)) continue;
    if (dash == U'—' && dash_start >= 3) {  // "——" written double
      size_t before = 0;
      if (utf8::DecodeBefore(s, dash_start, &before) == U'—') dash_start = before;
    }
    if (dash_start < 4) continue;
    size_t i = dash_start - 4;
    if (!(is_d(i) && is_d(i + 1) && is_d(i + 2) && is_d(i + 3)) || (i > 0 && is_d(i - 1))) continue;
    int a = std::stoi(std::string(s.substr(i, 4)));
    int b = std::stoi(std::string(s.substr(k - 4, 4)));
    if (b > a && b - a <= 15 && a >= 1949 && b <= 2100) return Period{a, b};
  }
  return Period{};
}

// "第十四个五年" -> 14.
int FindOrdinalFiveYear(std::string_view s) {
  size_t pos = 0;
  while ((pos = s.find("个五年", pos)) != std::string_view::npos) {
    std::string_view num = NumeralsBefore(s, pos);
    if (!num.empty() && pos >= num.size() + 3 && s.substr(pos - num.size() - 3, 3) == "第") {
      auto n = ParseChineseNumber(num);
      if (n && *n >= 3 && *n <= 30) return static_cast<int>(*n);
    }
    pos += 3;
  }
  return 0;
}

// Counts "十四五"-style mentions: a numeral run ending in 五 that is followed by ”, 规划,
// 时期, 期间 or 末. Returns the counts per plan number, in order of first appearance.
void CountShortForms(std::string_view s, std::map<int, int>* counts, std::vector<int>* order) {
  size_t pos = 0;
  while ((pos = s.find("五", pos)) != std::string_view::npos) {
    size_t after = pos + 3;
    std::string_view tail = s.substr(after, 6);
    bool ok = tail.substr(0, 3) == "”" || tail == "规划" || tail == "时期" || tail == "期间" ||
              tail.substr(0, 3) == "末" || tail.substr(0, 3) == "\"";
    if (ok) {
      std::string_view num = NumeralsBefore(s, pos);
      // Must be introduced by a quote or start a phrase, not be part of a longer number.
      size_t b = pos - num.size();
      char32_t before = utf8::DecodeBefore(s, b);
      if (!num.empty() &&
          (before == U'“' || before == '"' || before == 0 || !IsNumeralChar(before))) {
        auto n = ParseChineseNumber(num);
        if (n && *n >= 3 && *n <= 30 && num.find("十") != std::string_view::npos) {
          int k = static_cast<int>(*n);
          if ((*counts)[k]++ == 0) order->push_back(k);
        }
      }
    }
    pos += 3;
  }
}

constexpr std::array<std::string_view, 22> kTitleEndings = {
    "建议",   "纲要",     "规划",     "方案",     "意见", "计划",    "决定",   "通知",
    "报告",   "纲领",     "要点",     "办法",     "规定", "细则",    "分解表", "清单",
    "任务书", "实施方案", "行动方案", "工作方案", "战略", "规划纲要"};

}  // namespace

bool IsDocumentTitle(std::string_view line) {
  line = utf8::Trim(line);
  size_t chars = utf8::Length(line);
  if (chars < 6 || chars > 90) return false;
  for (std::string_view p : {"。", "，", "！", "？", "!", "?", "；", ",", "："}) {
    if (Contains(line, p)) return false;
  }
  // News headlines about a plan are not its title.
  for (std::string_view w : {"一图读懂", "图解", "解读", "全文公布", "全文发布", "正式发布",
                             "权威发布", "速览", "来了"}) {
    if (Contains(line, w)) return false;
  }
  std::string_view core = StripTrailingBracket(line);
  // Quotes around the whole title ("《…》") are fine.
  if (EndsWith(core, "》")) core = core.substr(0, core.size() - 3);
  for (std::string_view end : kTitleEndings) {
    if (EndsWith(core, end)) return true;
  }
  return false;
}

std::string FindDate(std::string_view s) {
  // ISO-like numeric forms.
  for (size_t i = 0; i + 8 <= s.size(); ++i) {
    auto d = [&](size_t k) { return k < s.size() && s[k] >= '0' && s[k] <= '9'; };
    if (d(i) && d(i + 1) && d(i + 2) && d(i + 3) && (i == 0 || !d(i - 1)) &&
        (s[i + 4] == '-' || s[i + 4] == '/' || s[i + 4] == '.')) {
      char sep = s[i + 4];
      size_t j = i + 5;
      int month = 0, day = 0;
      size_t mlen = 0;
      while (j < s.size() && d(j) && mlen < 2) month = month * 10 + (s[j++] - '0'), ++mlen;
      if (mlen == 0 || j >= s.size() || s[j] != sep) continue;
      ++j;
      size_t dlen = 0;
      while (j < s.size() && d(j) && dlen < 2) day = day * 10 + (s[j++] - '0'), ++dlen;
      if (dlen == 0 || month < 1 || month > 12 || day < 1 || day > 31) continue;
      char buf[40];
      std::snprintf(buf, sizeof buf, "%s-%02d-%02d", std::string(s.substr(i, 4)).c_str(), month,
                    day);
      return buf;
    }
  }
  // 年月日 forms with Arabic or Chinese numerals.
  size_t pos = 0;
  while ((pos = s.find("年", pos)) != std::string_view::npos) {
    std::string_view y = NumeralsBefore(s, pos);
    size_t mpos = pos + 3;
    std::string_view m = NumeralsAfter(s, mpos);
    if (y.empty() || m.empty() || s.substr(mpos + m.size(), 3) != "月") {
      pos += 3;
      continue;
    }
    size_t dpos = mpos + m.size() + 3;
    std::string_view dd = NumeralsAfter(s, dpos);
    auto yv = ParseChineseNumber(y);
    auto mv = ParseChineseNumber(m);
    auto dv = dd.empty() ? std::nullopt : ParseChineseNumber(dd);
    bool day_ok =
        dv && (s.substr(dpos + dd.size(), 3) == "日" || s.substr(dpos + dd.size(), 3) == "号");
    if (yv && mv && day_ok && *yv >= 1949 && *yv <= 2100 && *mv >= 1 && *mv <= 12 && *dv >= 1 &&
        *dv <= 31) {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(*yv), static_cast<int>(*mv),
                    static_cast<int>(*dv));
      return buf;
    }
    pos += 3;
  }
  return "";
}

Period FiveYearPlanPeriod(int n) {
  if (n < 3) return Period{};
  int start = 1966 + 5 * (n - 3);
  return Period{start, start + 4};
}

Period FindPeriod(std::string_view title, const std::vector<std::string_view>& front_matter,
                  const std::vector<std::string_view>& body) {
  // The plan's own span, written out ("（2021—2025年）"), in the title or its subtitle.
  Period p = FindYearRange(title);
  if (p.start) return p;
  for (std::string_view f : front_matter) {
    p = FindYearRange(f);
    if (p.start) return p;
  }
  // Or stated in the text as the plan's period ("规划期为2021—2025年", "本规划期限…").
  // (Such statements open a plan; only the first nodes are searched.)
  for (size_t k = 0; k < body.size() && k < 40; ++k) {
    std::string_view b = body[k];
    for (std::string_view cue : {"规划期", "本规划", "规划期限", "实施期限", "规划年限"}) {
      size_t at = b.find(cue);
      if (at == std::string_view::npos) continue;
      Period q = FindYearRange(b.substr(at, 120));
      if (q.start) return q;
    }
  }
  // The plan number in the title: 第十四个五年 or “十四五”. A range elsewhere in the body
  // (“十三五”时期（2016—2020年）in a review) does not override it.
  if (int n = FindOrdinalFiveYear(title)) return FiveYearPlanPeriod(n);
  std::map<int, int> counts;
  std::vector<int> order;
  CountShortForms(title, &counts, &order);
  if (!order.empty()) return FiveYearPlanPeriod(order.front());
  for (std::string_view b : body) {
    Period q = FindYearRange(b);
    if (q.start && q.end - q.start == 4 && b.find("十三五") == std::string_view::npos) return q;
  }
  for (std::string_view b : body) {
    if (int n = FindOrdinalFiveYear(b)) return FiveYearPlanPeriod(n);
  }
  for (std::string_view b : body) CountShortForms(b, &counts, &order);
  int best = 0;
  int best_count = 0;
  for (int n : order) {  // ties go to the first mentioned
    if (counts[n] > best_count) {
      best = n;
      best_count = counts[n];
    }
  }
  if (best) return FiveYearPlanPeriod(best);
  // Annual plans and work programmes: "湘江市2022年重点工作…" covers that one year.
  for (size_t i = 0; i + 7 <= title.size(); ++i) {
    auto d = [&](size_t k) { return title[k] >= '0' && title[k] <= '9'; };
    if (d(i) && d(i + 1) && d(i + 2) && d(i + 3) && (i == 0 || !d(i - 1)) &&
        title.substr(i + 4, 3) == "年") {
      int y = std::stoi(std::string(title.substr(i, 4)));
      if (y >= 1949 && y <= 2100) return Period{y, y};
    }
  }
  return Period{};
}

int FindVisionYear(std::string_view title, const std::vector<std::string_view>& body) {
  auto scan = [](std::string_view s) -> int {
    size_t pos = 0;
    while ((pos = s.find("年远景目标", pos)) != std::string_view::npos) {
      std::string_view num = NumeralsBefore(s, pos);
      auto n = ParseChineseNumber(num);
      if (n && *n >= 2000 && *n <= 2100) return static_cast<int>(*n);
      pos += 3;
    }
    return 0;
  };
  if (int y = scan(title)) return y;
  for (std::string_view b : body) {
    if (int y = scan(b)) return y;
  }
  return 0;
}

std::string IssuerFromTitle(std::string_view title) {
  size_t pos = title.find("关于");
  if (pos == std::string_view::npos || pos == 0) return "";
  std::string_view issuer = utf8::Trim(title.substr(0, pos));
  if (utf8::Length(issuer) > 30) return "";
  return std::string(issuer);
}

std::string IssuerFromAdoptionNote(std::string_view note) {
  // "2020年12月22日中国共产党衡阳市委员会第十一届第十次全体会议通过。" -> 中国共产党衡阳市委员会
  // "（2021年2月3日湘江市第十六届人民代表大会第五次会议批准）"     -> 湘江市人民代表大会
  size_t start = note.find("日");
  start = start == std::string_view::npos ? 0 : start + 3;
  std::string_view rest = note.substr(start);
  size_t stop = std::string_view::npos;
  for (std::string_view verb : {"通过", "批准", "审议", "印发"})
    stop = std::min(stop, rest.find(verb));
  if (stop == std::string_view::npos) return "";
  rest = rest.substr(0, stop);
  // Drop "第十一届", "第十次" and the meeting words.
  std::string body;
  size_t i = 0;
  while (i < rest.size()) {
    if (rest.substr(i, 3) == "第") {
      std::string_view num = NumeralsAfter(rest, i + 3);
      std::string_view unit = rest.substr(i + 3 + num.size(), 3);
      if (!num.empty() && (unit == "届" || unit == "次")) {
        i += 3 + num.size() + 3;
        continue;
      }
    }
    size_t j = i;
    utf8::Decode(rest, &j);
    body.append(rest.substr(i, j - i));
    i = j;
  }
  for (std::string_view tail : {"会议", "全体", "扩大"}) {
    if (EndsWith(body, tail)) body.resize(body.size() - tail.size());
  }
  std::string_view issuer = utf8::Trim(body);
  if (issuer.starts_with("（") || issuer.starts_with("("))
    issuer.remove_prefix(issuer[0] == '(' ? 1 : 3);
  if (utf8::Length(issuer) < 2 || utf8::Length(issuer) > 30) return "";
  return std::string(issuer);
}

std::string FindRegion(std::string_view title, std::string_view issuer) {
  if (Contains(title, "中华人民共和国") || Contains(issuer, "中共中央") ||
      Contains(issuer, "国务院")) {
    return "全国";
  }
  // After 制定 / 关于 / 中共, or at the start: a run of Han characters ending in an
  // administrative suffix.
  // A bare 州 is left out: "衡州市" must not stop at "衡州".
  static const std::array<std::string_view, 6> kSuffixes = {"自治区", "自治州", "省",
                                                            "市",     "县",     "区"};
  auto region_at = [&](std::string_view s) -> std::string {
    size_t i = 0;
    size_t chars = 0;
    while (i < s.size() && chars < 10) {
      size_t j = i;
      char32_t cp = utf8::Decode(s, &j);
      if (!utf8::IsHan(cp)) break;
      ++chars;
      for (std::string_view suf : kSuffixes) {
        if (s.substr(i, suf.size()) == suf && chars >= 2) {
          return std::string(s.substr(0, i + suf.size()));
        }
      }
      i = j;
    }
    return "";
  };
  for (std::string_view lead : {"关于制定", "关于编制", "关于印发", "中共"}) {
    size_t p = title.find(lead);
    if (p != std::string_view::npos) {
      std::string r = region_at(title.substr(p + lead.size()));
      if (!r.empty()) return r;
    }
  }
  std::string r = region_at(title);
  if (!r.empty()) return r;
  std::string_view is = issuer;
  if (is.substr(0, 6) == "中共") is.remove_prefix(6);
  if (is.substr(0, 15) == "中国共产党") is.remove_prefix(15);
  return region_at(is);
}

bool IsAdoptionNote(std::string_view line) {
  line = utf8::Trim(line);
  if (utf8::Length(line) > 160) return false;
  bool verb = Contains(line, "通过") || Contains(line, "批准") || Contains(line, "审议") ||
              Contains(line, "印发");
  return verb && !FindDate(line).empty();
}

}  // namespace guihua::plan
