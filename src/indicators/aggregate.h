// Derived values (派生数据): a parent region's value from its children (sum, mean, weighted
// mean) and formula indicators ("RD / GDP * 100") computed from other indicators of the same
// region and period. Formulas are parsed by a small safe parser (+ - * / parentheses, numbers,
// indicator codes), never evaluated as code. Pure functions and immutable values:
// thread-safe.
//
// Example:
//   GH_ASSIGN_OR_RETURN(Formula f, Formula::Parse("RD / GDP * 100"));
//   // f.operands() == {"RD", "GDP"};  f.Evaluate({2.4, 100.0}) == 2.4
//   GH_ASSIGN_OR_RETURN(std::vector<Observation> derived,
//                       DeriveObservations(indicators, regions, observations));
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "indicators/indicator.h"

namespace guihua::indicators {

// A parsed arithmetic formula over indicator codes. Codes are runs of ASCII letters, digits,
// '_' and '.', or of Chinese characters, starting with a non-digit; numbers are decimal
// ("100", "0.5"). Full-width operators and brackets （）＋－×÷ are accepted.
class Formula {
 public:
  // ParseError naming the formula and the 1-based character position of the fault.
  static Result<Formula> Parse(std::string_view text);

  // Distinct codes in order of first appearance.
  const std::vector<std::string>& operands() const { return operands_; }
  // Evaluates with values[i] for operands()[i]; nullopt on division by zero or a
  // non-finite result. values.size() must equal operands().size().
  std::optional<double> Evaluate(std::span<const double> values) const;
  const std::string& text() const { return text_; }

  // Reverse-Polish program; public for the tests' sake only.
  struct Op {
    enum Kind { kNumber, kOperand, kAdd, kSub, kMul, kDiv, kNeg } kind;
    double number = 0;  // kNumber
    int operand = 0;    // kOperand: index into operands()
  };

 private:
  std::string text_;
  std::vector<std::string> operands_;
  std::vector<Op> program_;
};

// Derives observations that nobody reported, and returns only those (a reported value is
// never overridden):
//   * for an indicator with aggregation sum / mean / weighted, a parent region's value for
//     each period in which every child region (every region whose `parent` names it) has a
//     value, reported or itself derived; weighted means Σ wᵢxᵢ / Σ wᵢ with wᵢ the value of
//     `weight_by` in child i for the same period (every child needs both). Grandparents are
//     formed from parents, deepest first.
//   * for an indicator with a formula, the value in every region and period where all the
//     operands have a value — except at a parent region where a sum / mean / weighted
//     aggregation already applies. Aggregation kFormula thus means: recompute the formula at
//     the parent from the parent's (aggregated) operands.
// A derived observation's source says how it was formed; its status is the least advanced
// status among its inputs (draft < submitted < approved).
// Errors: ParseError for a bad formula (indicator code, position); InvalidArgument for an
// unknown operand or weight_by code, a formula that refers to itself through other
// formulas, or a cycle of parents among the regions.
Result<std::vector<Observation>> DeriveObservations(const std::vector<Indicator>& indicators,
                                                    const std::vector<Region>& regions,
                                                    const std::vector<Observation>& observations);

}  // namespace guihua::indicators
