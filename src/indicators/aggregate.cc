#include "indicators/aggregate.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <unordered_map>
#include <utility>

#include "common/i18n.h"
#include "common/utf8.h"

namespace guihua::indicators {
namespace {

// ---------------------------------------------------------------------------------------
// Formula parsing: tokens, then recursive descent to reverse-Polish.

struct Token {
  enum Kind { kEnd, kNumber, kCode, kPlus, kMinus, kStar, kSlash, kOpen, kClose } kind;
  std::string text;
  double number = 0;
  size_t pos = 0;  // 1-based character position
};

char32_t NormalizeOperator(char32_t cp) {
  cp = utf8::FoldWidth(cp);  // （）＋－＊／ and full-width digits
  switch (cp) {
    case U'×':
      return U'*';
    case U'÷':
      return U'/';
    default:
      return cp;
  }
}

bool IsCodeStart(char32_t cp) {
  return (cp >= U'A' && cp <= U'Z') || (cp >= U'a' && cp <= U'z') || cp == U'_' || utf8::IsHan(cp);
}
bool IsCodeChar(char32_t cp) { return IsCodeStart(cp) || (cp >= U'0' && cp <= U'9') || cp == U'.'; }

Status FormulaError(std::string_view text, size_t pos, std::string_view what_zh,
                    std::string_view what_en) {
  return Status::ParseError(Msg("公式“{}”第 {} 个字符处{}", "formula \"{}\" at character {}: {}",
                                std::string(text), pos,
                                std::string(CurrentLanguage() == Lang::kEn ? what_en : what_zh)));
}

Result<std::vector<Token>> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  size_t cp_index = 0;
  while (i < text.size()) {
    size_t start = i;
    size_t start_pos = ++cp_index;
    char32_t cp = NormalizeOperator(utf8::Decode(text, &i));
    if (utf8::IsSpace(cp)) continue;
    Token t{Token::kEnd, {}, 0, start_pos};
    switch (cp) {
      case U'+':
        t.kind = Token::kPlus;
        break;
      case U'-':
        t.kind = Token::kMinus;
        break;
      case U'*':
        t.kind = Token::kStar;
        break;
      case U'/':
        t.kind = Token::kSlash;
        break;
      case U'(':
        t.kind = Token::kOpen;
        break;
      case U')':
        t.kind = Token::kClose;
        break;
      default:
        if ((cp >= U'0' && cp <= U'9') || cp == U'.') {
          size_t j = start;
          while (j < text.size() && ((text[j] >= '0' && text[j] <= '9') || text[j] == '.')) ++j;
          double v = 0;
          auto [end, ec] = std::from_chars(text.data() + start, text.data() + j, v);
          if (ec != std::errc() || end != text.data() + j) {
            return FormulaError(text, start_pos, "数字写法有误", "malformed number");
          }
          t.kind = Token::kNumber;
          t.number = v;
          cp_index += j - start - 1;
          i = j;
        } else if (IsCodeStart(cp)) {
          size_t j = i;
          while (j < text.size()) {
            size_t k = j;
            if (!IsCodeChar(utf8::Decode(text, &k))) break;
            ++cp_index;
            j = k;
          }
          t.kind = Token::kCode;
          t.text = std::string(text.substr(start, j - start));
          i = j;
        } else {
          return FormulaError(text, start_pos, "有无法识别的字符", "unexpected character");
        }
    }
    tokens.push_back(std::move(t));
  }
  tokens.push_back(Token{Token::kEnd, {}, 0, cp_index + 1});
  return tokens;
}

class Parser {
 public:
  Parser(std::string_view text, const std::vector<Token>& tokens) : text_(text), t_(tokens) {}

  Status Run() {
    GH_RETURN_IF_ERROR(Expr(0));
    if (t_[i_].kind != Token::kEnd) {
      return FormulaError(text_, t_[i_].pos, "多余的内容", "unexpected token");
    }
    return Status::Ok();
  }
  std::vector<Formula::Op> program;
  std::vector<std::string> operands;

 private:
  static constexpr int kMaxDepth = 100;

  Status Expr(int depth) {
    GH_RETURN_IF_ERROR(Term(depth));
    while (t_[i_].kind == Token::kPlus || t_[i_].kind == Token::kMinus) {
      auto kind = t_[i_++].kind == Token::kPlus ? Formula::Op::kAdd : Formula::Op::kSub;
      GH_RETURN_IF_ERROR(Term(depth));
      program.push_back({kind});
    }
    return Status::Ok();
  }
  Status Term(int depth) {
    GH_RETURN_IF_ERROR(Unary(depth));
    while (t_[i_].kind == Token::kStar || t_[i_].kind == Token::kSlash) {
      auto kind = t_[i_++].kind == Token::kStar ? Formula::Op::kMul : Formula::Op::kDiv;
      GH_RETURN_IF_ERROR(Unary(depth));
      program.push_back({kind});
    }
    return Status::Ok();
  }
  Status Unary(int depth) {
    if (depth > kMaxDepth) {
      return FormulaError(text_, t_[i_].pos, "嵌套过深", "nested too deeply");
    }
    if (t_[i_].kind == Token::kMinus) {
      ++i_;
      GH_RETURN_IF_ERROR(Unary(depth + 1));
      program.push_back({Formula::Op::kNeg});
      return Status::Ok();
    }
    if (t_[i_].kind == Token::kPlus) {
      ++i_;
      return Unary(depth + 1);
    }
    return Primary(depth);
  }
  Status Primary(int depth) {
    const Token& t = t_[i_];
    switch (t.kind) {
      case Token::kNumber:
        ++i_;
        program.push_back({Formula::Op::kNumber, t.number});
        return Status::Ok();
      case Token::kCode: {
        ++i_;
        auto it = std::find(operands.begin(), operands.end(), t.text);
        int index = static_cast<int>(it - operands.begin());
        if (it == operands.end()) operands.push_back(t.text);
        program.push_back({Formula::Op::kOperand, 0, index});
        return Status::Ok();
      }
      case Token::kOpen: {
        ++i_;
        GH_RETURN_IF_ERROR(Expr(depth + 1));
        if (t_[i_].kind != Token::kClose) {
          return FormulaError(text_, t_[i_].pos, "缺少右括号", "missing ')'");
        }
        ++i_;
        return Status::Ok();
      }
      case Token::kEnd:
        return FormulaError(text_, t.pos, "公式不完整", "formula ends too early");
      default:
        return FormulaError(text_, t.pos, "应为数字、指标代码或左括号",
                            "expected a number, an indicator code or '('");
    }
  }

  std::string_view text_;
  const std::vector<Token>& t_;
  size_t i_ = 0;
};

// ---------------------------------------------------------------------------------------
// Derivation

int GrainRank(Period::Grain g) {
  return g == Period::Grain::kYear ? 2 : g == Period::Grain::kQuarter ? 1 : 0;
}
int64_t PeriodKey(const Period& p) {
  return static_cast<int64_t>(p.EndMonth()) * 4 + GrainRank(p.grain);
}

struct Entry {
  Period period;
  double value = 0;
  ObservationStatus status = ObservationStatus::kApproved;
};
using Series = std::map<int64_t, Entry>;

ObservationStatus Least(ObservationStatus a, ObservationStatus b) {
  return static_cast<int>(a) < static_cast<int>(b) ? a : b;
}

}  // namespace

Result<Formula> Formula::Parse(std::string_view text) {
  GH_ASSIGN_OR_RETURN(std::vector<Token> tokens, Tokenize(text));
  Parser p(text, tokens);
  GH_RETURN_IF_ERROR(p.Run());
  Formula f;
  f.text_ = std::string(text);
  f.operands_ = std::move(p.operands);
  f.program_ = std::move(p.program);
  return f;
}

std::optional<double> Formula::Evaluate(std::span<const double> values) const {
  std::vector<double> stack;
  stack.reserve(program_.size());
  for (const Op& op : program_) {
    switch (op.kind) {
      case Op::kNumber:
        stack.push_back(op.number);
        continue;
      case Op::kOperand:
        if (static_cast<size_t>(op.operand) >= values.size()) return std::nullopt;
        stack.push_back(values[static_cast<size_t>(op.operand)]);
        continue;
      case Op::kNeg:
        stack.back() = -stack.back();
        continue;
      default:
        break;
    }
    double r = stack.back();
    stack.pop_back();
    double& l = stack.back();
    switch (op.kind) {
      case Op::kAdd:
        l += r;
        break;
      case Op::kSub:
        l -= r;
        break;
      case Op::kMul:
        l *= r;
        break;
      case Op::kDiv:
        if (r == 0) return std::nullopt;
        l /= r;
        break;
      default:
        break;
    }
  }
  if (stack.size() != 1 || !std::isfinite(stack.back())) return std::nullopt;
  return stack.back();
}

Result<std::vector<Observation>> DeriveObservations(const std::vector<Indicator>& indicators,
                                                    const std::vector<Region>& regions,
                                                    const std::vector<Observation>& observations) {
  const size_t n_ind = indicators.size();
  std::unordered_map<std::string_view, int> ind_index;
  for (size_t i = 0; i < n_ind; ++i) ind_index.emplace(indicators[i].code, static_cast<int>(i));

  // Regions: the table's, then any only named by observations (leaves without a parent).
  std::vector<std::string_view> names;
  std::unordered_map<std::string_view, int> reg_index;
  auto add_region = [&](std::string_view n) {
    if (reg_index.emplace(n, static_cast<int>(names.size())).second) names.push_back(n);
  };
  for (const Region& r : regions) add_region(r.name);
  for (const Observation& o : observations) add_region(o.region);
  const size_t n_reg = names.size();
  std::vector<int> parent(n_reg, -1);
  for (const Region& r : regions) {
    auto it = reg_index.find(r.parent);
    if (!r.parent.empty() && it != reg_index.end()) parent[reg_index[r.name]] = it->second;
  }
  std::vector<int> depth(n_reg, 0);
  for (size_t r = 0; r < n_reg; ++r) {
    int d = 0;
    for (int p = parent[r]; p >= 0; p = parent[static_cast<size_t>(p)]) {
      if (++d > static_cast<int>(n_reg)) {
        return Status::InvalidArgument(Msg("地区“{}”的上级关系成环",
                                           "region \"{}\": its parents "
                                           "form a cycle",
                                           std::string(names[r])));
      }
    }
    depth[r] = d;
  }
  std::vector<std::vector<int>> children(n_reg);
  for (size_t r = 0; r < n_reg; ++r) {
    if (parent[r] >= 0) children[static_cast<size_t>(parent[r])].push_back(static_cast<int>(r));
  }

  // Formulas, their operands as indicator indexes, and an order where operands come first.
  std::vector<std::optional<Formula>> formulas(n_ind);
  std::vector<std::vector<int>> operand_index(n_ind);
  for (size_t i = 0; i < n_ind; ++i) {
    const Indicator& ind = indicators[i];
    if (ind.aggregation == Aggregation::kWeighted && !ind_index.contains(ind.weight_by)) {
      return Status::InvalidArgument(Msg("指标 {}：加权依据“{}”不是已知指标",
                                         "indicator {}: weight_by \"{}\" is not a known indicator",
                                         ind.code, ind.weight_by));
    }
    if (utf8::Trim(ind.formula).empty()) continue;
    Result<Formula> f = Formula::Parse(ind.formula);
    if (!f.ok()) return f.status().WithContext(Msg("指标 {}", "indicator {}", ind.code));
    for (const std::string& code : f->operands()) {
      auto it = ind_index.find(code);
      if (it == ind_index.end()) {
        return Status::InvalidArgument(Msg("指标 {}：公式中的“{}”不是已知指标代码",
                                           "indicator {}: \"{}\" in the formula is not a known "
                                           "indicator code",
                                           ind.code, code));
      }
      operand_index[i].push_back(it->second);
    }
    formulas[i] = std::move(*f);
  }
  std::vector<int> formula_order;
  {
    std::vector<int> state(n_ind, 0);  // 0 new, 1 visiting, 2 done
    // Iterative DFS would be longer; formula chains are short, recursion depth <= n_ind.
    std::function<bool(int)> visit = [&](int i) {
      size_t ui = static_cast<size_t>(i);
      if (state[ui] == 2 || !formulas[ui]) return true;
      if (state[ui] == 1) return false;
      state[ui] = 1;
      for (int dep : operand_index[ui]) {
        if (!visit(dep)) return false;
      }
      state[ui] = 2;
      formula_order.push_back(i);
      return true;
    };
    for (size_t i = 0; i < n_ind; ++i) {
      if (!visit(static_cast<int>(i))) {
        return Status::InvalidArgument(Msg("指标 {}：公式循环引用自身",
                                           "indicator {}: the formula refers to itself",
                                           indicators[i].code));
      }
    }
  }

  // Values by (indicator, region); reported ones first.
  std::vector<Series> values(n_ind * n_reg);
  auto at = [&](size_t ind, size_t reg) -> Series& { return values[ind * n_reg + reg]; };
  for (const Observation& o : observations) {
    auto it = ind_index.find(o.indicator);
    if (it == ind_index.end()) continue;
    size_t r = static_cast<size_t>(reg_index[o.region]);
    at(static_cast<size_t>(it->second), r)[PeriodKey(o.period)] =
        Entry{o.period, o.value, o.status};
  }

  std::vector<Observation> derived;
  auto emit = [&](size_t ind, size_t reg, const Entry& e, std::string source) {
    at(ind, reg).emplace(PeriodKey(e.period), e);
    derived.push_back(Observation{indicators[ind].code, std::string(names[reg]), e.period, e.value,
                                  std::move(source), e.status});
  };

  std::vector<size_t> order(n_reg);
  for (size_t r = 0; r < n_reg; ++r) order[r] = r;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return depth[a] > depth[b]; });

  std::vector<double> operand_values;
  for (size_t reg : order) {
    const std::vector<int>& kids = children[reg];
    // 1. Aggregations from the children.
    for (size_t i = 0; i < n_ind && !kids.empty(); ++i) {
      const Indicator& ind = indicators[i];
      Aggregation agg = ind.aggregation;
      if (agg != Aggregation::kSum && agg != Aggregation::kMean && agg != Aggregation::kWeighted) {
        continue;
      }
      size_t w_ind = agg == Aggregation::kWeighted
                         ? static_cast<size_t>(ind_index.find(ind.weight_by)->second)
                         : 0;
      Series& own = at(i, reg);
      for (const auto& [key, first] : at(i, static_cast<size_t>(kids[0]))) {
        if (own.contains(key)) continue;  // reported (or derived) already
        double sum = 0;
        double weights = 0;
        ObservationStatus st = first.status;
        bool complete = true;
        for (int k : kids) {
          const Series& s = at(i, static_cast<size_t>(k));
          auto it = s.find(key);
          if (it == s.end()) {
            complete = false;
            break;
          }
          st = Least(st, it->second.status);
          if (agg == Aggregation::kWeighted) {
            const Series& ws = at(w_ind, static_cast<size_t>(k));
            auto wt = ws.find(key);
            if (wt == ws.end()) {
              complete = false;
              break;
            }
            st = Least(st, wt->second.status);
            sum += wt->second.value * it->second.value;
            weights += wt->second.value;
          } else {
            sum += it->second.value;
          }
        }
        if (!complete) continue;
        double v = sum;
        std::string source;
        if (agg == Aggregation::kSum) {
          source = Msg("由 {} 个下级地区求和", "sum of {} child regions", kids.size());
        } else if (agg == Aggregation::kMean) {
          v = sum / static_cast<double>(kids.size());
          source = Msg("{} 个下级地区的平均值", "mean of {} child regions", kids.size());
        } else {
          if (weights == 0) continue;
          v = sum / weights;
          source = Msg("{} 个下级地区按 {} 加权平均", "mean of {} child regions weighted by {}",
                       kids.size(), ind.weight_by);
        }
        emit(i, reg, Entry{first.period, v, st}, std::move(source));
      }
    }
    // 2. Formulas from this region's own values, operands before the formulas using them.
    for (int fi : formula_order) {
      size_t i = static_cast<size_t>(fi);
      Aggregation agg = indicators[i].aggregation;
      if (!kids.empty() && (agg == Aggregation::kSum || agg == Aggregation::kMean ||
                            agg == Aggregation::kWeighted)) {
        continue;
      }
      const std::vector<int>& ops = operand_index[i];
      if (ops.empty()) continue;
      Series& own = at(i, reg);
      operand_values.resize(ops.size());
      for (const auto& [key, first] : at(static_cast<size_t>(ops[0]), reg)) {
        if (own.contains(key)) continue;
        ObservationStatus st = first.status;
        bool complete = true;
        for (size_t k = 0; k < ops.size(); ++k) {
          const Series& s = at(static_cast<size_t>(ops[k]), reg);
          auto it = s.find(key);
          if (it == s.end()) {
            complete = false;
            break;
          }
          operand_values[k] = it->second.value;
          st = Least(st, it->second.status);
        }
        if (!complete) continue;
        std::optional<double> v = formulas[i]->Evaluate(operand_values);
        if (!v) continue;  // division by zero: no value rather than a wrong one
        emit(i, reg, Entry{first.period, *v, st},
             Msg("按公式 {} 计算", "formula {}", formulas[i]->text()));
      }
    }
  }
  return derived;
}

}  // namespace guihua::indicators
