// Page furniture rules. They describe the genre (news and government web pages, PDF page
// decorations), not any one page: navigation and widget lines are short and built from a
// small vocabulary of actions; credit lines are "label: value" with a known label; time-stamp
// lines carry a date and a clock time; page numbers are a number between dashes.
#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "common/cn_number.h"
#include "common/utf8.h"
#include "document/reader.h"

namespace guihua::document {
namespace {

bool Contains(std::string_view s, std::string_view w) {
  return s.find(w) != std::string_view::npos;
}

// Characters that widgets are decorated with and that say nothing.
bool IsDecoration(char32_t cp) {
  switch (cp) {
    case U'【':
    case U'】':
    case '[':
    case ']':
    case '(':
    case ')':
    case U'（':
    case U'）':
    case '|':
    case U'｜':
    case U'>':
    case U'》':
    case U'«':
    case U'»':
    case U'·':
    case U'•':
    case U'→':
    case '/':
    case '-':
    case U'：':
    case ':':
      return true;
    default:
      return utf8::IsSpace(cp);
  }
}

std::string StripDecoration(std::string_view s) { return utf8::RemoveIf(s, IsDecoration); }

bool HasSentencePunct(std::string_view s) {
  return Contains(s, "。") || Contains(s, "，") || Contains(s, "；") || Contains(s, ",") ||
         Contains(s, "！") || Contains(s, "？");
}

// Words that name what a page widget does. A short line made of them (and decoration) is
// navigation, wherever it appears.
constexpr std::array<std::string_view, 46> kWidgetWords = {
    "立即下载", "下载",   "打印",     "关闭",     "关闭窗口", "分享到",   "分享",     "收藏",
    "返回",     "首页",   "回首页",   "回顶部",   "顶部",     "查看全文", "点击查看", "全文",
    "上一篇",   "下一篇", "上一页",   "下一页",   "字号",     "扫一扫",   "二维码",   "微信",
    "微博",     "登录",   "注册",     "搜索",     "评论",     "点赞",     "转发",     "复制链接",
    "纠错",     "更多",   "阅读原文", "查看原文", "网站地图", "联系我们", "无障碍",   "长者模式",
    "大",       "中",     "小",       "默认",     "繁体",     "简体"};

bool IsWidgetLine(std::string_view line) {
  if (line.size() > 120) return false;
  // Sentence punctuation is not decoration, so a line with it is never only decoration: it
  // fails the test below, decided here before the copy.
  if (HasSentencePunct(line)) return false;
  std::string s = StripDecoration(line);
  if (s.empty()) return true;  // only decoration, e.g. "【】" or "|"
  if (utf8::Length(s) > 16 || HasSentencePunct(line)) return false;
  // Consume the line greedily from the widget vocabulary (longest match first).
  std::string_view rest(s);
  int words = 0;
  while (!rest.empty()) {
    size_t best = 0;
    for (std::string_view w : kWidgetWords) {
      if (w.size() > best && rest.substr(0, w.size()) == w) best = w.size();
    }
    if (best == 0) return false;
    rest.remove_prefix(best);
    ++words;
  }
  // A lone one-character word ("大") is only a widget beside others ("大 中 小").
  return words >= 2 || utf8::Length(s) >= 2;
}

// Footer lines: copyright and site registration; page tools ("扫一扫在手机打开当前页").
// `chars` is utf8::Length(line).
bool IsFooterLine(std::string_view line, size_t chars) {
  if (chars > 80 || Contains(line, "。")) return false;
  if (chars <= 24 && !HasSentencePunct(line)) {
    for (std::string_view w :
         {"扫一扫",   "手机打开", "打印本页", "关闭窗口", "收藏本页",   "加入收藏", "设为首页",
          "返回顶部", "手机版",   "分享到",   "我要纠错", "视力保护色", "相关新闻", "相关阅读",
          "相关文章", "相关链接", "推荐阅读", "延伸阅读", "热点推荐",   "热门文章", "猜你喜欢"}) {
      if (Contains(line, w)) return true;
    }
  }
  return Contains(line, "版权所有") || Contains(line, "举报电话") ||
         Contains(line, "不良信息举报") || Contains(line, "新闻信息服务许可证") ||
         Contains(line, "Copyright") || Contains(line, "copyright") || Contains(line, "©") ||
         Contains(line, "ICP备") || Contains(line, "ICP证") || Contains(line, "公网安备") ||
         Contains(line, "主办单位") || Contains(line, "技术支持：") || Contains(line, "当前位置") ||
         Contains(line, "您的位置") || Contains(line, "所在位置");
}

constexpr std::array<std::string_view, 30> kCreditLabels = {
    "来源",     "信息来源", "文章来源", "稿件来源", "稿源",     "出处",   "作者",     "编辑",
    "责任编辑", "责编",     "编审",     "审核",     "审校",     "校对",   "终审",     "值班编辑",
    "主编",     "监制",     "摄影",     "摄像",     "记者",     "通讯员", "发布时间", "发布日期",
    "发布机构", "发布者",   "供稿",     "浏览次数", "阅读次数", "点击数"};

// "来源:红网", "作者：张三 编辑：李四", "【来源：湖南日报】". `chars` is utf8::Length(line).
bool IsCreditLine(std::string_view line, size_t chars) {
  if (line.size() > 320 || chars > 80 || Contains(line, "。")) return false;
  // The label is followed by a colon: without one, spare the copy below.
  if (!Contains(line, ":") && !Contains(line, "：")) return false;
  std::string s = utf8::RemoveSpaces(line);
  std::string_view v(s);
  for (std::string_view open : {"【", "[", "（", "("}) {
    if (v.substr(0, open.size()) == open) {
      v.remove_prefix(open.size());
      break;
    }
  }
  for (std::string_view label : kCreditLabels) {
    if (v.substr(0, label.size()) != label) continue;
    std::string_view after = v.substr(label.size());
    if (after.substr(0, 1) == ":" || after.substr(0, 3) == "：") return true;
  }
  return false;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A clock time "10:06" or "10:06:14" anywhere in the line.
bool HasClockTime(std::string_view s) {
  for (size_t i = 0; i + 4 < s.size(); ++i) {
    if (IsDigit(s[i]) && IsDigit(s[i + 1]) && s[i + 2] == ':' && IsDigit(s[i + 3]) &&
        IsDigit(s[i + 4])) {
      return true;
    }
  }
  return false;
}

// A numeric date "2020-12-22", "2020/12/22", "2020.12.22" or "2020年12月22日".
bool HasNumericDate(std::string_view s) {
  for (size_t i = 0; i + 4 <= s.size(); ++i) {
    if (!(IsDigit(s[i]) && i + 3 < s.size() && IsDigit(s[i + 1]) && IsDigit(s[i + 2]) &&
          IsDigit(s[i + 3]))) {
      continue;
    }
    std::string_view rest = s.substr(i + 4);
    if (!rest.empty() && (rest[0] == '-' || rest[0] == '/' || rest[0] == '.')) return true;
    if (rest.substr(0, 3) == "年") return true;
  }
  return false;
}

// `chars` is utf8::Length(line).
bool IsTimestampLine(std::string_view line, size_t chars) {
  if (chars > 60 || Contains(line, "。")) return false;
  if (HasNumericDate(line) && HasClockTime(line)) return true;
  // Meta lines: "字号：大 中 小", "浏览量：…" with a date.
  return HasNumericDate(line) && (Contains(line, "字号") || Contains(line, "浏览") ||
                                  Contains(line, "阅读") || Contains(line, "来源"));
}

// Reads "第3页" (with `open` = "第") or "共20页" at the start of v; returns what follows.
std::optional<std::string_view> EatPageCount(std::string_view v, std::string_view open) {
  if (!v.starts_with(open)) return std::nullopt;
  v.remove_prefix(open.size());
  size_t ye = v.find("页");
  if (ye == std::string_view::npos || !ParseChineseNumber(v.substr(0, ye))) return std::nullopt;
  return v.substr(ye + std::string_view("页").size());
}

// "— 3 —", "- 3 -", "3", "第3页", "第 3 页 共 20 页", "3/20", "Page 3".
bool IsPageNumberLineImpl(std::string_view line) {
  // Every form holds a digit (ASCII, or full-width ０-９: EF BC 90-99, tested loosely as
  // EF BC 9x) or "页": a line with neither is rejected before the copy below.
  bool digit_or_ye = Contains(line, "页");
  for (size_t i = 0; i < line.size() && !digit_or_ye; ++i) {
    const auto b = static_cast<unsigned char>(line[i]);
    digit_or_ye =
        (b >= '0' && b <= '9') ||
        (b == 0xEF && i + 2 < line.size() && static_cast<unsigned char>(line[i + 1]) == 0xBC &&
         (static_cast<unsigned char>(line[i + 2]) & 0xF0) == 0x90);
  }
  if (!digit_or_ye) return false;
  std::string core;
  size_t i = 0;
  while (i < line.size()) {
    size_t b = i;
    char32_t cp = utf8::Decode(line, &i);
    if (utf8::IsSpace(cp) || cp == '-' || cp == U'—' || cp == U'–' || cp == U'－' || cp == U'―' ||
        cp == U'·' || cp == U'•') {
      continue;
    }
    if (utf8::DigitValue(cp) >= 0) {
      core.push_back(static_cast<char>('0' + utf8::DigitValue(cp)));
    } else {
      core.append(line.substr(b, i - b));
    }
  }
  auto number = [](std::string_view v) {
    return !v.empty() && v.size() <= 5 &&
           std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  std::string_view c(core);
  if (number(c)) return true;
  if (c.substr(0, 4) == "Page" || c.substr(0, 4) == "page") c.remove_prefix(4);
  if (number(c)) return true;
  size_t slash = c.find('/');
  if (slash != std::string_view::npos)
    return number(c.substr(0, slash)) && number(c.substr(slash + 1));
  // 第N页, 第N页共M页, 共M页第N页
  if (std::optional<std::string_view> rest = EatPageCount(c, "第")) {
    if (rest->empty()) return true;
    std::optional<std::string_view> tail = EatPageCount(*rest, "共");
    return tail && tail->empty();
  }
  if (std::optional<std::string_view> rest = EatPageCount(c, "共")) {
    std::optional<std::string_view> tail = EatPageCount(*rest, "第");
    return tail && tail->empty();
  }
  return false;
}

}  // namespace

bool IsPageNumberLine(std::string_view line) {
  return line.size() <= 80 && IsPageNumberLineImpl(line);
}

void MarkFurniture(Document* doc) {
  for (Block& b : doc->blocks) {
    if (b.furniture != Furniture::kNone || b.kind == Block::Kind::kTable) continue;
    // Every rule below is about short lines; long paragraphs are plan text.
    if (b.text.size() > 400) continue;
    std::string_view t = utf8::Trim(b.text);
    const size_t chars = utf8::Length(t);  // counted once for the rules below
    if (IsPageNumberLine(t)) {
      b.furniture = Furniture::kPageNumber;
    } else if (IsCreditLine(t, chars)) {
      b.furniture = Furniture::kCredit;
    } else if (IsTimestampLine(t, chars)) {
      b.furniture = Furniture::kTimestamp;
    } else if (t.empty() || IsWidgetLine(t) || IsFooterLine(t, chars)) {
      b.furniture = Furniture::kNavigation;
    }
  }
}

}  // namespace guihua::document
