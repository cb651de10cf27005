#include "plan/units.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/i18n.h"
#include "common/utf8.h"
#include "tabular/csv.h"

namespace guihua::plan {
namespace {

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t semi = s.find(';', start);
    size_t full = s.find("；", start);
    size_t e = std::min(semi, full);
    std::string_view item =
        utf8::Trim(s.substr(start, e == std::string_view::npos ? s.npos : e - start));
    if (!item.empty()) out.emplace_back(item);
    if (e == std::string_view::npos) break;
    start = e + (e == full ? 3 : 1);
  }
  return out;
}

int ColumnIndex(const std::vector<std::string>& header, std::initializer_list<const char*> names) {
  for (size_t i = 0; i < header.size(); ++i) {
    std::string h(utf8::Trim(header[i]));
    for (const char* n : names) {
      if (h == n) return static_cast<int>(i);
    }
  }
  return -1;
}

Result<std::vector<Unit>> UnitsFromTable(const tabular::CsvTable& table) {
  if (table.records.empty())
    return Status::ParseError(Tr("单位表是空的", "the units table is empty"));
  const auto& header = table.records[0].fields;
  int c_name = ColumnIndex(header, {"name", "名称", "单位名称"});
  int c_short = ColumnIndex(header, {"short_name", "简称"});
  int c_type = ColumnIndex(header, {"type", "类型"});
  int c_parent = ColumnIndex(header, {"parent", "上级"});
  int c_alias = ColumnIndex(header, {"aliases", "别名"});
  int c_kw = ColumnIndex(header, {"keywords", "关键词"});
  if (c_name < 0) {
    return Status::ParseError(
        Tr("单位表第 1 行：缺少 name（名称）列", "units table, line 1: no name column"));
  }
  auto cell = [](const tabular::CsvRecord& r, int c) -> std::string {
    return c >= 0 && static_cast<size_t>(c) < r.fields.size() ? std::string(utf8::Trim(r.fields[c]))
                                                              : "";
  };
  std::vector<Unit> units;
  std::set<std::string> seen;
  for (size_t i = 1; i < table.records.size(); ++i) {
    const auto& r = table.records[i];
    Unit u;
    u.name = cell(r, c_name);
    if (u.name.empty()) {
      return Status::ParseError(Msg("单位表第 {} 行，name 列：名称为空",
                                    "units table, line {}, column name: empty", r.line));
    }
    if (!seen.insert(u.name).second) {
      return Status::ParseError(Msg("单位表第 {} 行，name 列：“{}”重复",
                                    "units table, line {}, column name: duplicate \"{}\"", r.line,
                                    u.name));
    }
    u.short_name = cell(r, c_short);
    u.type = cell(r, c_type);
    u.parent = cell(r, c_parent);
    u.aliases = SplitList(cell(r, c_alias));
    for (const std::string& item : SplitList(cell(r, c_kw))) {
      Keyword k;
      size_t colon = item.rfind(':');
      if (colon != std::string::npos && colon + 1 < item.size()) {
        std::string w = item.substr(colon + 1);
        if (w.size() != 1 || w[0] < '1' || w[0] > '5') {
          return Status::ParseError(
              Msg("单位表第 {} 行，keywords 列：“{}”的权重须为 1 到 5",
                  "units table, line {}, column keywords: weight of \"{}\" must be 1 to 5", r.line,
                  item));
        }
        k.word = std::string(utf8::Trim(item.substr(0, colon)));
        k.weight = w[0] - '0';
      } else {
        k.word = item;
      }
      if (!k.word.empty()) u.keywords.push_back(std::move(k));
    }
    units.push_back(std::move(u));
  }
  return units;
}

}  // namespace

Result<std::vector<Unit>> ParseUnitsCsv(std::string_view bytes) {
  GH_ASSIGN_OR_RETURN(tabular::CsvTable table, tabular::ParseCsv(bytes));
  return UnitsFromTable(table);
}

Result<std::vector<Unit>> LoadUnitsFile(const std::string& path) {
  GH_ASSIGN_OR_RETURN(tabular::CsvTable table, tabular::ReadCsvFile(path));
  auto units = UnitsFromTable(table);
  if (!units.ok()) return units.status().WithContext(path);
  return units;
}

UnitMatcher::UnitMatcher(std::vector<Unit> units) : units_(std::move(units)) {
  // Names and keywords go into every task's suggestion and explanation: permanent texts, so
  // those copies count no references. A units table is a vocabulary; reloading it adds only
  // the words that changed.
  display_names_.reserve(units_.size());
  for (size_t u = 0; u < units_.size(); ++u) {
    const Unit& unit = units_[u];
    display_names_.push_back(SharedText::Permanent(unit.DisplayName()));
    std::set<std::string> names{unit.name};
    if (!unit.short_name.empty()) names.insert(unit.short_name);
    names.insert(unit.aliases.begin(), unit.aliases.end());
    for (const std::string& n : names) {
      if (utf8::Length(n) < 2) continue;
      matcher_.Add(n, static_cast<int>(patterns_.size()));
      patterns_.push_back(Pattern{static_cast<int>(u), 0, true, SharedText::Permanent(n)});
    }
    for (const Keyword& k : unit.keywords) {
      matcher_.Add(k.word, static_cast<int>(patterns_.size()));
      patterns_.push_back(
          Pattern{static_cast<int>(u), k.weight, false, SharedText::Permanent(k.word)});
    }
  }
  matcher_.Build();
}

UnitMatcher::~UnitMatcher() = default;

std::string UnitMatcher::Canonical(std::string_view name) const {
  std::string_view n = utf8::Trim(name);
  for (const Unit& u : units_) {
    if (u.name == n || u.short_name == n) return u.DisplayName();
    for (const std::string& a : u.aliases) {
      if (a == n) return u.DisplayName();
    }
  }
  return "";
}

const char* EvidenceSourceName(Evidence::Source s) {
  switch (s) {
    case Evidence::Source::kText:
      return "text";
    case Evidence::Source::kTitle:
      return "title";
    case Evidence::Source::kName:
      return "name";
  }
  return "text";
}

bool ParseEvidenceSource(const std::string& name, Evidence::Source* s) {
  for (Evidence::Source v :
       {Evidence::Source::kText, Evidence::Source::kTitle, Evidence::Source::kName}) {
    if (name == EvidenceSourceName(v)) {
      *s = v;
      return true;
    }
  }
  return false;
}

void UnitScores::Add(SharedText unit, double score) {
  slots_.push_back(detail::ScoreSlot{std::move(unit), static_cast<float>(score), 0});
}

void UnitScores::AddEvidence(SharedText word, double points, Evidence::Source source) {
  if (slots_.empty()) return;  // no unit to explain: a caller's error, not worth a crash
  // The last unit: a few steps, units being few.
  size_t last = 0;
  for (size_t i = 0; i < slots_.size(); i += Step(&slots_[i])) last = i;
  ++slots_[last].tag;
  slots_.push_back(
      detail::ScoreSlot{std::move(word), static_cast<float>(points), static_cast<int32_t>(source)});
}

size_t UnitScores::size() const {
  size_t n = 0;
  for (iterator it = begin(); it != end(); ++it) ++n;
  return n;
}

UnitScore UnitScores::operator[](size_t i) const {
  iterator it = begin();
  while (i-- > 0) ++it;
  return *it;
}

std::vector<UnitMatcher::Match> UnitMatcher::MatchContext(std::string_view title) const {
  thread_local std::vector<Match> all;
  all.clear();
  matcher_.Find(title, [&](int p, size_t b, size_t e) {
    all.push_back(Match{p, static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
  });
  // The title's rules, decided here once for all the tasks of an article: a unit named in
  // the title is not named by the task; where a unit's patterns overlap the longest wins
  // ("先进制造业" over "制造业", a name over its keywords); each pattern counts once.
  std::vector<Match> out;
  for (size_t i = 0; i < all.size(); ++i) {
    const Match& h = all[i];
    const Pattern& p = patterns_[static_cast<size_t>(h.pattern)];
    if (p.name) continue;
    bool skip = false;
    for (size_t j = 0; j < all.size() && !skip; ++j) {
      const Match& o = all[j];
      if (j == i || patterns_[static_cast<size_t>(o.pattern)].unit != p.unit) continue;
      bool covers = o.begin <= h.begin && o.end >= h.end && (o.end - o.begin) > (h.end - h.begin);
      skip = covers || (o.pattern == h.pattern && j < i);
    }
    if (!skip) out.push_back(h);
  }
  return out;
}

UnitSuggestion UnitMatcher::Suggest(std::string_view text, std::string_view context) const {
  return Suggest(text, MatchContext(context));
}

UnitSuggestion UnitMatcher::Suggest(std::string_view text,
                                    const std::vector<Match>& context) const {
  // Longest match wins where a unit's patterns overlap ("先进制造业" over "制造业"), each
  // pattern counts once per task, and a word found in the task does not count again from
  // the title (`context` holds the title's matches that may count: see MatchContext).
  // Scratch space is per thread and reused, so a call allocates only its result.
  // Each hit carries its pattern's unit, read once here rather than in the loops below.
  struct Hit {
    int pattern;
    int unit;
    uint32_t begin;
    uint32_t end;
  };
  thread_local std::vector<Hit> hits;
  hits.clear();
  auto unit_of = [&](int pattern) { return patterns_[static_cast<size_t>(pattern)].unit; };
  matcher_.Find(text, [&](int p, size_t b, size_t e) {
    hits.push_back(Hit{p, unit_of(p), static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
  });
  const size_t text_hits = hits.size();
  for (const Match& m : context) hits.push_back(Hit{m.pattern, unit_of(m.pattern), m.begin, m.end});
  if (hits.empty()) return {};

  struct Acc {
    double score = 0;
    bool named = false;
    uint32_t count = 0;
  };
  thread_local std::vector<Acc> acc;  // by unit; entries of touched units are reset below
  thread_local std::vector<int> touched;
  thread_local std::vector<std::pair<int, uint32_t>> counted;  // (unit, hit) in hit order
  if (acc.size() < units_.size()) acc.resize(units_.size());
  touched.clear();
  counted.clear();
  for (size_t i = 0; i < hits.size(); ++i) {
    const Hit& h = hits[i];
    const Pattern& p = patterns_[static_cast<size_t>(h.pattern)];
    const bool in_title = i >= text_hits;
    bool skip = false;
    if (!in_title) {
      for (size_t j = 0; j < text_hits && !skip; ++j) {
        const Hit& o = hits[j];
        if (j == i || o.unit != h.unit) continue;
        bool covers = o.begin <= h.begin && o.end >= h.end && (o.end - o.begin) > (h.end - h.begin);
        skip = covers || (o.pattern == h.pattern && j < i);
      }
    } else {
      // MatchContext applied the title's own rules; what is left is a word also in the task.
      for (size_t j = 0; j < text_hits && !skip; ++j) skip = hits[j].pattern == h.pattern;
    }
    if (skip) continue;
    Acc& a = acc[static_cast<size_t>(p.unit)];
    if (a.count == 0) touched.push_back(p.unit);
    a.score += p.name ? 10.0 : p.weight * (in_title ? 0.5 : 1.0);
    a.named |= p.name;
    ++a.count;
    counted.emplace_back(p.unit, static_cast<uint32_t>(i));
  }
  std::sort(touched.begin(), touched.end(), [&](int x, int y) {
    double sx = acc[static_cast<size_t>(x)].score;
    double sy = acc[static_cast<size_t>(y)].score;
    return sx != sy ? sx > sy : x < y;  // ties: table order
  });

  UnitSuggestion out;
  // One slot per explained unit and per word behind it.
  size_t slots = 0, explained = 0;
  for (int u : touched) {
    if (explained++ == kExplainedUnits) break;
    slots += 1 + acc[static_cast<size_t>(u)].count;
  }
  out.scores.reserve(slots);
  explained = 0;
  double lead_score = 0;
  thread_local std::vector<int> regions;  // named regions, in score order
  regions.clear();
  for (int u : touched) {
    const Acc& a = acc[static_cast<size_t>(u)];
    const Unit& unit = units_[static_cast<size_t>(u)];
    if (explained < kExplainedUnits) {
      ++explained;
      out.scores.Add(display_names_[static_cast<size_t>(u)], a.score);
      for (const auto& [cu, i] : counted) {
        if (cu != u) continue;
        const Pattern& p = patterns_[static_cast<size_t>(hits[i].pattern)];
        if (p.name) {
          out.scores.AddEvidence(p.word, 10, Evidence::Source::kName);
        } else {
          const bool title = i >= text_hits;
          out.scores.AddEvidence(p.word, p.weight * (title ? 0.5 : 1.0),
                                 title ? Evidence::Source::kTitle : Evidence::Source::kText);
        }
      }
    }
    if (unit.IsRegion()) {
      if (a.named) regions.push_back(u);
      continue;
    }
    if (a.score < kMinScore) continue;
    if (out.lead.empty()) {
      out.lead = display_names_[static_cast<size_t>(u)];
      lead_score = a.score;
    } else if (a.score >= lead_score * 0.5 && out.co.size() < 3) {
      out.co.push_back(display_names_[static_cast<size_t>(u)]);
    }
  }
  for (int u : touched) acc[static_cast<size_t>(u)] = Acc{};
  if (out.lead.empty() && regions.size() == 1) {
    out.lead = display_names_[static_cast<size_t>(regions.front())];
  } else {
    for (int r : regions) out.co.push_back(display_names_[static_cast<size_t>(r)]);
  }
  return out;
}

}  // namespace guihua::plan
