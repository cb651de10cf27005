#include "plan/decompose.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>

#include "common/cn_number.h"
#include "common/huge_pages.h"
#include "common/keyword_matcher.h"
#include "common/utf8.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace guihua::plan {
namespace {

bool Contains(std::string_view s, std::string_view w) {
  return s.find(w) != std::string_view::npos;
}

// Action verbs that open a task clause (two characters each; the clause head is compared by
// its first two characters after adverbs are stripped).
// A two-character word packed into an integer (its six UTF-8 bytes), for table lookups.
uint64_t Pack6(std::string_view s) {
  // Two loads instead of a loop over six bytes; any injective packing serves as a key.
  uint32_t head;
  uint16_t tail;
  std::memcpy(&head, s.data(), 4);
  std::memcpy(&tail, s.data() + 4, 2);
  return uint64_t{head} << 16 | tail;
}

// Open-addressing set of packed two-character words.
class WordSet {
 public:
  WordSet(std::initializer_list<std::string_view> words) {
    for (std::string_view w : words) {
      uint64_t k = Pack6(w);
      size_t h = Hash(k);
      while (slots_[h] != 0 && slots_[h] != k) h = (h + 1) & (kSlots - 1);
      slots_[h] = k;
    }
  }
  // True when the first two characters of s (six bytes) are a word of the set.
  bool ContainsPrefix(std::string_view s) const {
    if (s.size() < 6) return false;
    uint64_t k = Pack6(s);
    for (size_t h = Hash(k); slots_[h] != 0; h = (h + 1) & (kSlots - 1)) {
      if (slots_[h] == k) return true;
    }
    return false;
  }

 private:
  static constexpr size_t kSlots = 1024;  // a power of two, well above twice the word count
  static size_t Hash(uint64_t k) { return static_cast<size_t>((k * 0x9E3779B97F4A7C15ull) >> 54); }
  std::array<uint64_t, kSlots> slots_{};
};

const WordSet& Verbs() {
  static const WordSet kVerbs({
      "推进", "推动", "实施", "建设", "建立", "健全", "完善", "加强", "强化", "深化", "提升",
      "提高", "促进", "发展", "打造", "构建", "培育", "壮大", "优化", "创新", "支持", "鼓励",
      "引导", "落实", "坚持", "保持", "巩固", "扩大", "开展", "推广", "创建", "争创", "争取",
      "实现", "加大", "加快", "统筹", "保障", "改善", "规范", "整治", "治理", "保护", "修复",
      "防范", "化解", "开发", "拓展", "拓宽", "延伸", "搭建", "引进", "招引", "培养", "建成",
      "新建", "改造", "升级", "布局", "谋划", "承接", "对接", "融入", "衔接", "探索", "试点",
      "启动", "设立", "组建", "成立", "制定", "出台", "修订", "编制", "贯彻", "执行", "严格",
      "严守", "严厉", "打击", "整合", "盘活", "激发", "释放", "挖掘", "做强", "做优", "做大",
      "做实", "做好", "抓好", "办好", "用好", "管好", "补齐", "补强", "夯实", "筑牢", "守住",
      "守牢", "确保", "提质", "扩容", "增加", "减少", "降低", "控制", "推行", "普及", "弘扬",
      "传承", "繁荣", "丰富", "加速", "畅通", "疏通", "联通", "贯通", "打通", "形成", "营造",
      "深耕", "主攻", "突出", "聚力", "发挥", "用活", "兴建", "扩建", "改建", "维护", "监管",
      "实行", "深挖", "重视", "保证", "引领", "带动", "赋能", "完成", "达到", "稳定", "稳住",
      "做细", "全面", "建好", "提倡", "倡导", "推出", "推介", "申报", "申建", "创办", "举办",
      "开通", "运营", "投资", "投入", "融合", "共建", "共享", "共治", "建强", "配强", "选优",
      "选好", "减轻", "减免", "清理", "取消", "放宽", "下放", "简化", "压缩", "精简", "健康",
      "开放", "引入", "吸引", "集聚", "聚集", "汇聚", "培训", "关心", "关爱", "帮扶", "救助",
      "优先", "加紧", "狠抓", "紧抓", "抓实", "抓住", "抢抓", "用足", "争当", "争做", "当好",
      "建构", "坚守", "坚决", "遏制", "杜绝", "严防", "严禁", "依法", "扶持", "补贴", "奖励",
      "激励", "考核", "督查", "评估", "监测", "预警", "应对", "提速", "拉长", "延长", "突破",
      "攻克", "破解", "解决", "缓解", "消除", "淘汰", "关停", "转型", "转移", "迁建", "腾退",
      "恢复", "补充", "储备", "配置", "部署", "推展", "增强", "振兴", "复兴", "挺进", "加密",
      "织密", "织牢", "扎牢", "兜牢", "兜住", "严把", "把好", "把握", "发掘", "保留", "传播",
      "宣传", "教育", "引育", "育强", "留住", "提振", "扩展", "鼓舞", "动员", "组织", "凝聚",
      "团结", "支撑", "助推", "助力", "服务", "对标", "完整", "准确", "贯穿", "落细", "做精",
      "采用", "利用", "运用", "应用", "依靠", "允许", "重塑", "再造", "健身", "倡议", "推介",
  });
  return kVerbs;
}

// Adverbs and manner words that may precede the verb: "大力建设", "加快推进", "高质量建设".
constexpr std::array<std::string_view, 42> kAdverbs = {
    "进一步", "高质量", "高标准", "高水平", "更大力度", "全方位",  "大力", "加快", "全面",
    "积极",   "深入",   "着力",   "切实",   "持续",     "不断",    "稳步", "有序", "扎实",
    "统筹",   "努力",   "力争",   "重点",   "主动",     "坚决",    "逐步", "协同", "合力",
    "系统",   "集中",   "优先",   "率先",   "继续",     "全力",    "更好", "依法", "科学",
    "有效",   "同步",   "分类",   "分步",   "精准",     "因地制宜"};

// Clause openers that introduce the action that follows: "聚焦特色优势产业链，大力实施…".
constexpr std::array<std::string_view, 27> kLeadIns = {
    "以",   "围绕", "聚焦", "依托", "立足", "按照", "通过",   "面向", "对标",
    "着眼", "结合", "针对", "借助", "根据", "依据", "坚持以", "本着", "紧扣",
    "紧盯", "瞄准", "顺应", "抢抓", "抓住", "把握", "对照",   "基于", "为"};

// Words indexed by their first code point, for fast "does the clause start with one of
// these" checks (longest first within a bucket).
class PrefixSet {
 public:
  template <size_t N>
  explicit PrefixSet(const std::array<std::string_view, N>& words) {
    static_assert(N <= kSlots / 2, "the slot table stays at most half full");
    for (std::string_view w : words) {
      size_t i = 0;
      char32_t cp = utf8::Decode(w, &i);
      auto it = std::lower_bound(buckets_.begin(), buckets_.end(), cp, ByFirst);
      if (it == buckets_.end() || it->first != cp) it = buckets_.insert(it, {cp, {}});
      it->second.push_back(w);
    }
    for (size_t b = 0; b < buckets_.size(); ++b) {
      auto& [cp, list] = buckets_[b];
      std::sort(list.begin(), list.end(),
                [](std::string_view a, std::string_view b) { return a.size() > b.size(); });
      size_t h = Slot(cp);
      while (slot_cp_[h] != 0) h = (h + 1) & (kSlots - 1);
      slot_cp_[h] = cp;
      slot_bucket_[h] = static_cast<uint8_t>(b);
    }
  }
  // Length in bytes of the longest word that starts s; 0 if none.
  size_t Match(std::string_view s) const {
    if (s.empty()) return 0;
    size_t i = 0;
    char32_t cp = utf8::Decode(s, &i);
    for (size_t h = Slot(cp); slot_cp_[h] != 0; h = (h + 1) & (kSlots - 1)) {
      if (slot_cp_[h] != cp) continue;
      for (std::string_view w : buckets_[slot_bucket_[h]].second) {
        if (s.size() >= w.size() && s.compare(0, w.size(), w) == 0) return w.size();
      }
      return 0;
    }
    return 0;
  }

 private:
  using Bucket = std::pair<char32_t, std::vector<std::string_view>>;
  static bool ByFirst(const Bucket& b, char32_t cp) { return b.first < cp; }
  // First code points hashed to their bucket (open addressing; 0 marks an empty slot).
  static constexpr size_t kSlots = 128;  // a power of two, well above twice the bucket count
  static size_t Slot(char32_t cp) { return (cp * 0x9E3779B1u) >> 25; }
  std::vector<Bucket> buckets_;  // sorted by first code point
  std::array<char32_t, kSlots> slot_cp_{};
  std::array<uint8_t, kSlots> slot_bucket_{};
};

const PrefixSet& Adverbs() {
  static const PrefixSet kSet(kAdverbs);
  return kSet;
}

const PrefixSet& LeadIns() {
  static const PrefixSet kSet(kLeadIns);
  return kSet;
}

// Inline enumeration markers: "一是", "①", "（1）", "(2)", "3）".
std::string_view StripEnumeration(std::string_view c) {
  size_t i = 0;
  if (c.empty()) return c;
  char32_t c0 = utf8::Decode(c, &i);
  if (c0 >= U'①' && c0 <= U'⑳') return c.substr(i);
  if (c0 == U'（' || c0 == '(') {
    size_t close = c.find(c0 == '(' ? ")" : "）");
    if (close != std::string_view::npos && close <= 12 &&
        ParseChineseNumber(c.substr(i, close - i))) {
      return c.substr(close + (c0 == '(' ? 1 : 3));
    }
    return c;
  }
  // "一是" … "十是", "1）"
  size_t j = 0;
  while (j < c.size() && j < 9) {
    size_t k = j;
    if (!IsNumeralChar(utf8::Decode(c, &k))) break;
    j = k;
  }
  if (j > 0 && (c.substr(j, 3) == "是" || c.substr(j, 3) == "）" || c.substr(j, 1) == ")")) {
    return c.substr(j + (c[j] == ')' ? 1 : 3));
  }
  return c;
}

// The first three bytes of s (at least three), packed.
uint32_t First3(std::string_view s) {
  return static_cast<uint32_t>(static_cast<unsigned char>(s[0])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[1])) << 8 |
         static_cast<unsigned char>(s[2]);
}

std::string_view StripAdverbs(std::string_view c) {
  for (int round = 0; round < 3; ++round) {
    size_t n = Adverbs().Match(c);
    if (n == 0 || n >= c.size()) break;
    c.remove_prefix(n);
  }
  return c;
}

bool IsActionClause(std::string_view c) {
  c = StripEnumeration(c);
  std::string_view h = StripAdverbs(c);
  if (h.size() < 6) return false;
  if (Verbs().ContainsPrefix(h)) return true;
  // An adverb that is itself a verb: "加快…", "统筹…", "全面…" with nothing stripped after it.
  return h != c && Verbs().ContainsPrefix(c);
}

bool StartsWithTimePhrase(std::string_view c) {
  // Every phrase opens with a three-byte character (到 至 力 在 今 “): clauses that open
  // otherwise are answered by one comparison of their first three bytes.
  static const auto kFirst = [] {
    std::array<uint32_t, 6> first{};
    size_t k = 0;
    for (std::string_view p : {"到", "至", "力", "在", "今", "“"}) first[k++] = First3(p);
    return first;
  }();
  if (c.size() < 3 || std::find(kFirst.begin(), kFirst.end(), First3(c)) == kFirst.end()) {
    return false;
  }
  for (std::string_view p : {"到", "至", "力争到", "在", "今后", "“十"}) {
    if (c.substr(0, p.size()) != p) continue;
    std::string_view rest = c.substr(p.size());
    size_t i = 0;
    int digits = 0;
    while (i < rest.size()) {
      size_t j = i;
      char32_t cp = utf8::Decode(rest, &j);
      if (!IsNumeralChar(cp)) break;
      ++digits;
      i = j;
    }
    if (digits >= 2 && rest.substr(i, 3) == "年") return true;
    if (p == "今后" || p == "“十") return true;
  }
  return false;
}

bool IsLeadIn(std::string_view c, size_t chars) {
  if (StartsWithTimePhrase(c) && chars <= 16) return true;
  if (chars > 20) return false;
  return LeadIns().Match(c) > 0;
}

bool IsOpenBracket(char32_t cp) {
  return cp == U'“' || cp == U'（' || cp == U'《' || cp == U'‘' || cp == U'【' || cp == U'「' ||
         cp == U'〔';
}
bool IsCloseBracket(char32_t cp) {
  return cp == U'”' || cp == U'）' || cp == U'》' || cp == U'’' || cp == U'】' || cp == U'」' ||
         cp == U'〕';
}

struct Span {
  size_t begin;
  size_t end;
};

bool IsTrailingPunct(char32_t cp) {
  return cp == U'，' || cp == U'。' || cp == U'；' || cp == U'：' || cp == U'！' || cp == U'？' ||
         cp == U'、' || utf8::IsSpace(cp);
}

// The code point of the three-byte sequence ending at s[end], or 0 when there is none that
// utf8::Decode takes on its fast path (lead E1-EC or EE-EF). Where it returns a code point,
// utf8::DecodeBefore(s, end, &start) returns the same with start = end - 3; the callers use it
// to keep the common case of Chinese text out of the out-of-line utf8 functions.
char32_t ThreeByteBefore(std::string_view s, size_t end) {
  if (end < 3) return 0;
  auto b0 = static_cast<unsigned char>(s[end - 3]);
  auto b1 = static_cast<unsigned char>(s[end - 2]);
  auto b2 = static_cast<unsigned char>(s[end - 1]);
  if (b0 < 0xE1 || b0 == 0xED || b0 > 0xEF || (b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return 0;
  return (static_cast<char32_t>(b0 & 0x0F) << 12) | (static_cast<char32_t>(b1 & 0x3F) << 6) |
         (b2 & 0x3F);
}

// utf8::Trim(s), with the usual clause inline: one that starts with an ideograph (lead byte
// E4-E9) or a printable ASCII character and ends with a three-byte character that is not a
// space has nothing to trim.
std::string_view TrimClause(std::string_view s) {
  if (!s.empty()) {
    auto first = static_cast<unsigned char>(s[0]);
    bool clean_start = (first >= 0xE4 && first <= 0xE9) || (first > 0x20 && first < 0x7F);
    char32_t last = ThreeByteBefore(s, s.size());
    if (clean_start && last != 0 && !utf8::IsSpace(last)) return s;
  }
  return utf8::Trim(s);
}

// utf8::LengthAtLeast(s, 4), with Chinese text answered by four lead bytes at 0, 3, 6 and 9.
bool HasFourCodePoints(std::string_view s) {
  auto leads = [&](size_t i) { return (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80; };
  if (s.size() >= 10 && leads(0) && leads(3) && leads(6) && leads(9)) return true;
  return utf8::LengthAtLeast(s, 4);
}

Span TrimSpan(std::string_view text, Span s) {
  while (s.end > s.begin) {
    size_t start = 0;
    char32_t cp = ThreeByteBefore(text, s.end);
    if (cp != 0) {
      start = s.end - 3;
    } else {
      cp = utf8::DecodeBefore(text, s.end, &start);
    }
    if (start < s.begin || !IsTrailingPunct(cp)) break;
    s.end = start;
  }
  while (s.begin < s.end) {
    size_t j = s.begin;
    if (!utf8::IsSpace(utf8::Decode(text, &j))) break;
    s.begin = j;
  }
  return s;
}

// The position of the first byte at or after i (a character boundary) that is neither a
// CJK ideograph's lead byte (E4-E9) nor a continuation byte, with *chars increased by the
// ideographs passed over: runs of ideographs are most of a plan's text, and stepping over
// them a character at a time took a branch that every punctuation mark mispredicted.
// For valid UTF-8 (a Document's text is) the same as stepping three bytes per lead byte;
// invalid bytes are never read past the end, but may be counted or stepped over otherwise.
size_t SkipIdeographs(std::string_view s, size_t i, size_t* chars) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
#if defined(__SSE2__)
  // Sixteen bytes at a time while a lead byte's two continuation bytes are inside s.
  const __m128i below_c0 = _mm_set1_epi8(-64);  // continuation bytes are below it, signed
  const __m128i e4 = _mm_set1_epi8(static_cast<char>(0xE4));
  const __m128i five = _mm_set1_epi8(5);
  while (i + 18 <= s.size()) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i continuation = _mm_cmplt_epi8(v, below_c0);
    const __m128i d = _mm_sub_epi8(v, e4);
    const __m128i lead = _mm_cmpeq_epi8(_mm_min_epu8(d, five), d);  // v - E4 < 6, unsigned
    const auto leads = static_cast<unsigned>(_mm_movemask_epi8(lead));
    const auto stop =
        ~static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(continuation, lead))) & 0xFFFFu;
    if (stop != 0) {
      const int k = std::countr_zero(stop);
      *chars += static_cast<size_t>(std::popcount(leads & ((1u << k) - 1)));
      return i + static_cast<size_t>(k);
    }
    *chars += static_cast<size_t>(std::popcount(leads));
    i += 16;
  }
  // The block may have ended inside a character.
  while (i < s.size() && (p[i] & 0xC0) == 0x80) ++i;
#endif
  while (i + 3 <= s.size() && p[i] >= 0xE4 && p[i] <= 0xE9) {
    i += 3;
    ++*chars;
  }
  return i;
}

// True when s holds an ASCII digit. Eight bytes at a time: with each byte's high bit forced
// on, the subtractions cannot borrow across bytes, and a byte's high bit stays set in x - 0x30
// when its low seven bits are >= '0', in x - 0x3A when they are > '9'.
bool HasAsciiDigit(std::string_view s) {
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t v;
    std::memcpy(&v, s.data() + i, 8);
    const uint64_t x = v | kHigh;
    const uint64_t at_least_0 = x - 0x3030303030303030ULL;
    const uint64_t above_9 = x - 0x3A3A3A3A3A3A3A3AULL;
    if ((at_least_0 & ~above_9 & ~v & kHigh) != 0) return true;
  }
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') return true;
  }
  return false;
}

constexpr std::array<std::string_view, 60> kTargetUnits = {
    "万亿元",   "千亿元",   "亿元",     "万元",     "元",   "个百分点", "百分点", "%",
    "％",       "万人次",   "亿人次",   "人次",     "万人", "人",       "万户",   "户",
    "家",       "个",       "项",       "所",       "座",   "张",       "条",     "公里",
    "千米",     "平方公里", "万平方米", "平方米",   "万亩", "亩",       "公顷",   "万吨",
    "吨",       "万千瓦",   "千瓦时",   "亿千瓦时", "千瓦", "兆瓦",     "万标箱", "标箱",
    "辆",       "岁",       "倍",       "张床位",   "床",   "套",       "栋",     "株",
    "万立方米", "立方米",   "亿方",     "篇",       "件",   "台",       "艘",     "架",
    "批",       "处",       "名",       "支"};

}  // namespace

bool Decomposer::IsNonTaskTitle(std::string_view title) {
  if (title.empty()) return false;
  // One pass over the title for all the words (a find per word cost 2k instructions a title).
  static const KeywordMatcher kWords = [] {
    KeywordMatcher m;
    for (std::string_view w : {"指导思想", "基本原则", "远景目标", "主要目标", "总体要求",
                               "发展环境", "发展基础", "面临形势", "决定性成就", "重大成就",
                               "新机遇", "新挑战", "发展目标", "战略定位", "目标任务"}) {
      m.Add(w, 0);
    }
    m.Build();
    return m;
  }();
  bool found = false;
  kWords.Find(title, [&](int, size_t, size_t) { found = true; });
  return found;
}

std::vector<std::pair<size_t, size_t>> Decomposer::SplitTasks(std::string_view text) const {
  std::vector<std::pair<size_t, size_t>> out;
  struct Clause {
    size_t begin, end;
    size_t chars;
  };
  auto flush_sentence = [&](const std::vector<Clause>& clauses) {
    // The task being built is [cur.begin, cur.end). Lead-in clauses after an action are held
    // in `pending` until we know whether an action follows (they then open the next task) or
    // the sentence ends (they then close the current one: "…，到2023年完成").
    bool open = false;
    bool has_action = false;
    Span cur{0, 0};
    constexpr size_t kNone = std::string_view::npos;
    size_t pending = kNone;  // start of held lead-in clauses
    auto emit = [&](Span span, bool action) {
      Span t = TrimSpan(text, span);
      std::string_view v = text.substr(t.begin, t.end - t.begin);
      if (HasFourCodePoints(v) && (action || !FindTargets(v).empty()))
        out.emplace_back(t.begin, t.end);
    };
    for (const Clause& c : clauses) {
      std::string_view ct = TrimClause(text.substr(c.begin, c.end - c.begin));
      bool action = IsActionClause(ct);
      bool lead_in = !action && IsLeadIn(ct, c.chars);
      if (!open) {
        cur = Span{c.begin, c.end};
        open = true;
        has_action = action;
        if (lead_in) pending = c.begin;
        continue;
      }
      if (lead_in) {
        if (has_action && pending == kNone) pending = c.begin;
        if (!has_action) cur.end = c.end;  // lead-ins before the first action stay together
        continue;
      }
      if (action && c.chars >= 6 && has_action) {
        // A new action: the current task ends before it (or before the held lead-ins).
        size_t start = pending != kNone ? pending : c.begin;
        emit(Span{cur.begin, start}, true);
        cur = Span{start, c.end};
        pending = kNone;
        continue;
      }
      // Continuation (subject-first clauses, objects, short clauses) or the first action after
      // lead-ins: extend the current task, held lead-ins included.
      cur.end = c.end;
      has_action |= action;
      pending = kNone;
    }
    if (open) {
      if (pending != kNone && has_action) cur.end = clauses.back().end;
      emit(cur, has_action);
    }
  };

  thread_local std::vector<Clause> clauses;
  clauses.clear();
  size_t clause_begin = 0;
  size_t chars = 0;
  int depth = 0;
  size_t i = 0;
  while (i < text.size()) {
    // CJK ideographs are never punctuation or brackets: step over them.
    i = SkipIdeographs(text, i, &chars);
    if (i >= text.size()) break;
    char32_t cp = utf8::Decode(text, &i);
    ++chars;
    if (IsOpenBracket(cp)) ++depth;
    if (IsCloseBracket(cp) && depth > 0) --depth;
    bool sentence_end =
        cp == '\n' ||
        (depth == 0 && (cp == U'。' || cp == U'！' || cp == U'？' || cp == U'；' || cp == U'：'));
    bool clause_end = depth == 0 && cp == U'，';
    if (sentence_end || clause_end) {
      clauses.push_back(Clause{clause_begin, i, chars});
      clause_begin = i;
      chars = 0;
      if (sentence_end) {
        flush_sentence(clauses);
        clauses.clear();
        depth = 0;
      }
    }
  }
  if (clause_begin < text.size()) clauses.push_back(Clause{clause_begin, text.size(), chars});
  if (!clauses.empty()) flush_sentence(clauses);
  return out;
}

std::vector<std::string> Decomposer::FindInitiatives(std::string_view text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while ((pos = text.find("“", pos)) != std::string_view::npos) {
    size_t start = pos + 3;
    size_t end = text.find("”", start);
    if (end == std::string_view::npos) break;
    std::string_view term = utf8::Trim(text.substr(start, end - start));
    pos = end + 3;
    size_t len = utf8::Length(term);
    if (len < 2 || len > 24 || Contains(term, "。") || Contains(term, "，")) continue;
    // Plan-period names ("十四五") are not initiatives.
    if (term.size() >= 3 && term.substr(term.size() - 3) == "五") {
      std::string_view head = term.substr(0, term.size() - 3);
      if (ParseChineseNumber(head)) continue;
    }
    std::string t(term);
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(std::move(t));
  }
  return out;
}

std::vector<Target> Decomposer::FindTargets(std::string_view text) {
  std::vector<Target> out;
  if (!HasAsciiDigit(text)) return out;  // most tasks hold no digit at all
  // The year a sentence's targets refer to: the first four-digit year in the text.
  int year = 0;
  for (size_t i = 0; i + 7 <= text.size(); ++i) {
    auto d = [&](size_t k) { return text[k] >= '0' && text[k] <= '9'; };
    if (d(i) && d(i + 1) && d(i + 2) && d(i + 3) && (i == 0 || !d(i - 1)) &&
        text.substr(i + 4, 3) == "年") {
      int y = std::stoi(std::string(text.substr(i, 4)));
      if (y >= 1990 && y <= 2100) {
        year = y;
        break;
      }
    }
  }
  size_t i = 0;
  bool in_quote = false;  // numbers inside quoted names ("人才新政22条") are not targets
  while (i < text.size()) {
    char c = text[i];
    if (c == '\xE2' && i + 2 < text.size() && text[i + 1] == '\x80' &&
        (text[i + 2] == '\x9C' || text[i + 2] == '\x9D')) {
      in_quote = text[i + 2] == '\x9C';
      i += 3;
      continue;
    }
    if (!(c >= '0' && c <= '9') || in_quote) {
      ++i;
      continue;
    }
    size_t b = i;
    // Not inside a word or an identifier ("5G", "G107", "A1").
    char32_t before = utf8::DecodeBefore(text, b);
    bool glued = (before >= 'A' && before <= 'Z') || (before >= 'a' && before <= 'z') ||
                 before == '.' || before == '+' || before == U'第';
    std::string num;
    while (i < text.size() &&
           ((text[i] >= '0' && text[i] <= '9') || text[i] == '.' ||
            (text[i] == ',' && i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9'))) {
      if (text[i] != ',') num.push_back(text[i]);
      ++i;
    }
    if (glued || num.empty() || num.back() == '.') continue;
    std::string_view rest = text.substr(i);
    while (!rest.empty() && rest[0] == ' ') rest.remove_prefix(1);
    if (rest.substr(0, 3) == "年" || rest.substr(0, 3) == "月" || rest.substr(0, 3) == "日" ||
        rest.substr(0, 3) == "号") {
      continue;
    }
    std::string_view unit;
    for (std::string_view u : kTargetUnits) {
      if (rest.substr(0, u.size()) == u && u.size() > unit.size()) unit = u;
    }
    if (unit.empty()) continue;
    // "3个" followed by 百分点 was matched as 个百分点 above; "1+N" excluded by `glued`.
    double value = 0;
    auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), value);
    if (ec != std::errc() || p != num.data() + num.size()) continue;
    Target t;
    t.value = value;
    t.unit = unit == "％" ? "%" : std::string(unit);
    t.year = year;
    out.push_back(t);
  }
  return out;
}

namespace {

// text.find("年", from), faster: memchr for its last byte B4, which ends few other characters
// (its lead byte E5 leads one Chinese character in six).
size_t FindNian(std::string_view text, size_t from) {
  const char* data = text.data();
  for (size_t i = from + 2; i < text.size();) {
    const void* hit = std::memchr(data + i, 0xB4, text.size() - i);
    if (hit == nullptr) break;
    size_t at = static_cast<size_t>(static_cast<const char*>(hit) - data);
    if (data[at - 2] == '\xE5' && data[at - 1] == '\xB9') return at - 2;
    i = at + 1;
  }
  return std::string_view::npos;
}

}  // namespace

std::string Decomposer::FindDeadline(std::string_view text, const Period& period, int vision_year) {
  return DeadlineOfYear(DeadlineYear(text, period, vision_year));
}

std::string Decomposer::DeadlineOfYear(int year) {
  if (year == 0) return "";
  char buf[16];
  auto [p, ec] = std::to_chars(buf, buf + 8, year);
  if (ec != std::errc()) return "";
  std::memcpy(p, "-12-31", 6);
  return std::string(buf, static_cast<size_t>(p + 6 - buf));
}

int Decomposer::DeadlineYear(std::string_view text, const Period& period, int vision_year) {
  if (period.end == 0) return 0;
  int hi = vision_year > period.end ? vision_year : period.end;
  int best = 0;
  // Every "年" (E5 B9 B4) preceded by four numerals: "2023年", "二〇二三年".
  for (size_t pos = FindNian(text, 0); pos != std::string_view::npos;
       pos = FindNian(text, pos + 3)) {
    size_t b = pos;
    int digits = 0;
    while (b > 0 && digits < 4) {
      size_t start = 0;
      char32_t cp = utf8::DecodeBefore(text, b, &start);
      if (ChineseDigitValue(cp) < 0) break;
      b = start;
      ++digits;
    }
    if (digits == 4 && ChineseDigitValue(utf8::DecodeBefore(text, b)) < 0) {
      auto y = ParseChineseNumber(text.substr(b, pos - b));
      if (y && *y >= period.start && *y <= hi && *y > best) best = static_cast<int>(*y);
    }
  }
  return best ? best : period.end;
}

namespace {

// Kinds by priority (lower index wins) and the words that tell them.
constexpr const char* kKindNames[] = {"项目", "工程", "行动", "平台", "制度"};
struct KindWord {
  std::string_view word;
  int kind;
};
constexpr KindWord kKindWords[] = {
    {"项目", 0}, {"工程", 1}, {"行动", 2},   {"攻坚战", 2}, {"专项整治", 2}, {"平台", 3},
    {"基地", 3}, {"园区", 3}, {"产业园", 3}, {"示范区", 3}, {"孵化器", 3},   {"实验室", 3},
    {"走廊", 3}, {"制度", 4}, {"机制", 4},   {"体制", 4},   {"长制", 4},     {"责任制", 4},
    {"清单", 4}, {"办法", 4}, {"条例", 4}};

uint32_t Tail3(const char* p) {
  return static_cast<uint32_t>(static_cast<unsigned char>(p[0])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(p[1])) << 8 |
         static_cast<unsigned char>(p[2]);
}

// Kind words grouped by their last character (its three UTF-8 bytes, as Tail3 packs them)
// in a small open-addressing table: one probe per ideograph finds the candidates.
class KindWordsByLast {
 public:
  KindWordsByLast() {
    static_assert(std::size(kKindWords) <= 32, "one bit per kind word");
    for (size_t k = 0; k < std::size(kKindWords); ++k) {
      std::string_view w = kKindWords[k].word;
      const uint32_t t = Tail3(w.data() + w.size() - 3);
      const uint32_t low = Low12(t);
      low_bits_[low / 64] |= uint64_t{1} << (low % 64);
      size_t h = Slot(t);
      while (tail_[h] != 0 && tail_[h] != t) h = (h + 1) & (kSlots - 1);
      tail_[h] = t;
      words_[h] |= uint32_t{1} << k;
    }
  }
  // False when no kind word ends with a character whose continuation bytes are b1 and b2:
  // a filter in one 512-byte table. It passes one ideograph in twenty of the sample, most of
  // them the words' own last characters (the last byte alone passed one in four, a branch
  // mispredicted that often).
  bool MayEndWith(unsigned char b1, unsigned char b2) const {
    const uint32_t low = (b1 & 0x3Fu) << 6 | (b2 & 0x3Fu);
    return (low_bits_[low / 64] >> (low % 64) & 1) != 0;
  }
  // Bit k set when kKindWords[k] ends with the character whose bytes are `t`.
  uint32_t EndingWith(uint32_t t) const {
    for (size_t h = Slot(t); tail_[h] != 0; h = (h + 1) & (kSlots - 1)) {
      if (tail_[h] == t) return words_[h];
    }
    return 0;
  }

 private:
  static constexpr size_t kSlots = 64;  // a power of two, well above twice the word count
  static size_t Slot(uint32_t t) { return (t * 0x9E3779B1u) >> 26; }
  // The low twelve bits of the code point: six from each continuation byte.
  static uint32_t Low12(uint32_t t) { return (t >> 2 & 0xFC0) | (t & 0x3F); }
  uint32_t tail_[kSlots] = {};  // 0: empty (no character packs to 0)
  uint32_t words_[kSlots] = {};
  uint64_t low_bits_[4096 / 64] = {};  // by Low12, set for the last character of a kind word
};

// Calls f(kind, end) for every kind word in s ending at byte `end`, in kKindWords order for
// the same end. Every kind word ends in a CJK ideograph, so the scan looks only at
// ideographs, finds the words ending with each (one table probe) and compares the few
// candidates backwards.
template <typename F>
void ForEachKindWord(std::string_view s, F&& f) {
  static const KindWordsByLast kByLast;
  for (size_t i = 0; i + 3 <= s.size();) {
    auto lead = static_cast<unsigned char>(s[i]);
    if (lead < 0xE4 || lead > 0xE9) {
      i += lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
      continue;
    }
    if (!kByLast.MayEndWith(static_cast<unsigned char>(s[i + 1]),
                            static_cast<unsigned char>(s[i + 2]))) {
      i += 3;
      continue;
    }
    uint32_t words = kByLast.EndingWith(Tail3(s.data() + i));
    i += 3;
    for (; words != 0; words &= words - 1) {
      const KindWord& kw = kKindWords[std::countr_zero(words)];
      const size_t head = kw.word.size() - 3;  // the bytes before the last character
      if (head + 3 <= i && s.substr(i - 3 - head, head) == kw.word.substr(0, head)) {
        f(kw.kind, i);
      }
    }
  }
}

}  // namespace

std::string Decomposer::FindKind(std::string_view text, std::span<const std::string> initiatives) {
  int k = KindIndex(text, initiatives);
  return k < 0 ? "other" : kKindNames[k];
}

int Decomposer::KindIndex(std::string_view text, std::span<const std::string> initiatives) {
  // A quoted initiative names the task best: “两网工程”, “链长制”; a word must end it.
  for (const std::string& ini : initiatives) {
    int best = 99;
    ForEachKindWord(ini, [&](int k, size_t e) {
      if (e == ini.size() && k < best) best = k;
    });
    if (best < 99) return best;
  }
  // In running text the word must end a noun phrase ("建设创新平台", "重大项目建设",
  // "…机制，"), not modify the next one ("产业园区市场化改革").
  auto ends_phrase = [&](size_t e) {
    if (e >= text.size()) return true;
    size_t j = e;
    char32_t next = utf8::Decode(text, &j);
    if (utf8::IsCjkPunct(next) || next < 0x80) return true;
    static constexpr std::string_view kPhraseEnds[] = {"建设", "改革", "计划", "方案", "工作",
                                                       "体系", "和",   "与",   "及",   "等"};
    std::string_view rest = text.substr(e);
    for (std::string_view w : kPhraseEnds) {
      if (rest.substr(0, w.size()) == w) return true;
    }
    return false;
  };
  int best = 99;
  ForEachKindWord(text, [&](int k, size_t e) {
    if (k < best && ends_phrase(e)) best = k;
  });
  return best < 99 ? best : -1;
}

std::vector<Task> Decomposer::Decompose(const Plan& plan) const {
  std::vector<Task> tasks;
  size_t text_bytes = 0;
  VisitNodes(plan.nodes,
             [&](const Node& n, const std::vector<const Node*>&) { text_bytes += n.text.size(); });
  // About one task per 80 bytes of plan text; hundreds of MB for a 50 MB plan, hence huge
  // pages where available (common/huge_pages.h).
  ReserveHuge(&tasks, text_bytes / 64 + 16);
  int seq = 0;
  std::vector<bool> excluded;  // per depth: the node at that depth on the path is excluded
  // The titles and the title's unit matches of the current part and article, made once and
  // shared by all their tasks (nodes are visited in document order).
  const Node* cached_part = nullptr;
  SharedText part_title;
  const Node* cached_article = nullptr;
  SharedText article_title;
  std::vector<UnitMatcher::Match> context;
  // The node id and the part label, made once for all the tasks that repeat them.
  SharedText node_id, part_label;
  // Deadlines by year (a plan names a handful) and the kinds: permanent texts, whose copies
  // into each task count no references.
  std::vector<std::pair<int, SharedText>> deadlines;
  SharedText kinds[std::size(kKindNames)];
  for (size_t k = 0; k < std::size(kKindNames); ++k)
    kinds[k] = SharedText::Permanent(kKindNames[k]);
  VisitNodes(plan.nodes, [&](const Node& n, const std::vector<const Node*>& path) {
    ++seq;
    // Descriptive articles and any ancestor titled so (a 主要目标 section) yield nothing.
    // Visiting is depth first, so the verdicts for the ancestors are on the stack already.
    excluded.resize(path.size());
    bool skip = (!path.empty() && excluded.back()) || IsNonTaskTitle(n.title);
    excluded.push_back(skip);
    if (skip) return;
    if (n.kind == NodeKind::kPreamble || n.kind == NodeKind::kClosing) return;
    if (!path.empty() &&
        (path[0]->kind == NodeKind::kPreamble || path[0]->kind == NodeKind::kClosing)) {
      return;
    }
    // The article: nearest article-or-above node on the path (self included).
    const Node* article = nullptr;
    const int node_seq = seq;
    for (size_t k = path.size() + 1; k-- > 0;) {
      const Node* p = k == path.size() ? &n : path[k];
      if (p->kind == NodeKind::kArticle) {
        article = p;
        break;
      }
    }
    if (article == nullptr) {
      for (size_t k = path.size() + 1; k-- > 0;) {
        const Node* p = k == path.size() ? &n : path[k];
        if (p->kind == NodeKind::kSection || p->kind == NodeKind::kChapter ||
            p->kind == NodeKind::kPart) {
          article = p;
          break;
        }
      }
    }
    // Introductory paragraphs of a part or chapter summarise the articles below them.
    if (n.kind == NodeKind::kParagraph && !path.empty()) {
      const Node* parent = path.back();
      bool structured = false;
      for (const Node& c : parent->children) structured |= c.kind != NodeKind::kParagraph;
      if (structured && (parent->kind == NodeKind::kPart || parent->kind == NodeKind::kChapter ||
                         parent->kind == NodeKind::kSection)) {
        return;
      }
    }
    if (!n.table.empty()) return;  // tables are indicators and project lists, not tasks
    // A heading whose whole content is its title ("1.落实减税降费政策。", a docx list item)
    // is itself the task.
    std::string_view source = n.text;
    if (source.empty() && n.children.empty() && n.kind != NodeKind::kParagraph) source = n.title;
    if (source.empty()) return;
    const Node* part = path.empty() ? &n : path[0];
    if (part != cached_part) {
      cached_part = part;
      part_title = part->title;
      part_label = part->label;
    }
    node_id = n.id;
    if (article != cached_article) {
      cached_article = article;
      article_title = article ? SharedText(article->title) : SharedText();
      context.clear();
      if (units_ != nullptr && article) context = units_->MatchContext(article->title);
    }
    for (auto [b, e] : SplitTasks(source)) {
      // Built in place: a Task is 168 bytes of strings, shared strings and lists, and moving
      // one costs more than building it where it stays.
      Task& t = tasks.emplace_back();
      t.id = static_cast<int64_t>(tasks.size());
      t.node_id = node_id;
      t.node_seq = node_seq;
      t.node_offset = b;
      if (part->kind == NodeKind::kPart || part->kind == NodeKind::kChapter) {
        t.part = part_label;
        t.part_title = part_title;
      }
      if (article) {
        // `article` is an article's number; under a section or chapter only its title is kept.
        if (article->kind == NodeKind::kArticle) t.article = article->number;
        t.article_title = article_title;
      }
      t.text.assign(source.substr(b, e - b));
      t.initiatives = FindInitiatives(t.text);
      t.targets = FindTargets(t.text);
      const int year = DeadlineYear(t.text, plan.period, plan.vision_year);
      auto d = std::find_if(deadlines.begin(), deadlines.end(),
                            [&](const auto& entry) { return entry.first == year; });
      if (d == deadlines.end())
        d = deadlines.emplace(d, year, SharedText::Permanent(DeadlineOfYear(year)));
      t.deadline = d->second;
      const int kind = KindIndex(t.text, t.initiatives);
      if (kind >= 0) t.kind = kinds[kind];
      if (units_ != nullptr) {
        UnitSuggestion s = units_->Suggest(t.text, context);
        t.lead_unit = std::move(s.lead);
        t.co_units = std::move(s.co);
        t.unit_scores = std::move(s.scores);
      }
    }
  });
  return tasks;
}

}  // namespace guihua::plan
