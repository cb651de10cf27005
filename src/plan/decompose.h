// Task decomposition: splits each article's text into actionable sentences and clauses and
// turns them into Tasks (task.h). Rules, all over the genre rather than one document:
// - background, guidance and vision articles (指导思想, 基本原则, 远景目标, 主要目标, 成就,
//   机遇/挑战) yield no tasks; neither do the preamble and the closing;
// - a sentence is split at "，" where a new clause starts with an action verb (after an
//   optional adverb such as 大力, 加快, 着力), so "加快推进钢管精深加工…，大力建设“钢管之都”"
//   gives two tasks; short clauses and lead-ins ("聚焦特色优势产业链，") stay with their
//   neighbour; quoted and bracketed text is never split;
// - sentences without an action verb are kept only when they state a quantitative target.
// Decomposer is immutable after construction; Decompose() is thread-safe.
//
// Example:
//   Decomposer d(&matcher);                       // matcher may be null: no units suggested
//   std::vector<Task> tasks = d.Decompose(plan);
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "plan/plan.h"
#include "plan/task.h"
#include "plan/units.h"

namespace guihua::plan {

class Decomposer {
 public:
  explicit Decomposer(const UnitMatcher* units) : units_(units) {}

  std::vector<Task> Decompose(const Plan& plan) const;

  // The pieces, exposed for tests.
  // Splits text into task spans [begin, end) (byte offsets into `text`).
  std::vector<std::pair<size_t, size_t>> SplitTasks(std::string_view text) const;
  static std::vector<std::string> FindInitiatives(std::string_view text);
  static std::vector<Target> FindTargets(std::string_view text);
  // Deadline from "到2022年", "2023年底前" within [period.start, vision or end]; else the end
  // of the plan period; "" when the period is unknown.
  static std::string FindDeadline(std::string_view text, const Period& period, int vision_year);
  static std::string FindKind(std::string_view text, std::span<const std::string> initiatives);
  // The same, as the year (0 when the period is unknown) and as an index into the kinds by
  // priority (项目, 工程, 行动, 平台, 制度), -1 for other: the decomposer shares one string
  // per value among its tasks.
  static int DeadlineYear(std::string_view text, const Period& period, int vision_year);
  static std::string DeadlineOfYear(int year);  // "2025-12-31"; "" for 0
  static int KindIndex(std::string_view text, std::span<const std::string> initiatives);
  // True for article titles that describe rather than assign work (指导思想, 基本原则…).
  static bool IsNonTaskTitle(std::string_view title);

 private:
  const UnitMatcher* units_;
};

}  // namespace guihua::plan
