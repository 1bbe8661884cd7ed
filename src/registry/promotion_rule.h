#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/time.h"

namespace quantloop::registry {

// The rows on which a challenger and a champion are compared: rows neither of them trained on
// or was chosen on, each with both models' P(up), the outcome and the next bar's log return
// (NaN where unknown, as for live predictions).
struct PairedRows {
  std::vector<UnixSeconds> times;
  std::vector<double> challenger;
  std::vector<double> champion;
  std::vector<int> outcome;  // 1 the next bar closed higher, 0 not
  std::vector<double> next_log_return;
  // Per-row net returns of each model's own strategy, where a series brings them (the scanner's
  // signal quality: the R of each signal a model keeps, 0 for one it skips); empty for bar
  // series, whose returns come from trading the predicted direction.
  std::vector<double> challenger_return;
  std::vector<double> champion_return;

  std::size_t size() const { return times.size(); }
};

struct PromotionRule {
  std::string metric = "log_loss";  // log_loss | sharpe
  double max_pvalue = 0.10;
  std::size_t min_rows = 30;
  double cost_bps = 5.0;

  static PromotionRule from(const PromotionConfig& config);
};

struct Judgement {
  std::string decision;  // promoted | kept | deferred
  std::size_t rows = 0;
  double challenger_value = 0;  // mean log loss, or the annualised Sharpe ratio
  double champion_value = 0;
  double statistic = 0;  // Diebold-Mariano, Newey-West variance
  double pvalue = 1;     // one-sided: the challenger is better
  std::string reason;
};

// The gate: promoted when the challenger is better on the metric and a one-sided
// Diebold-Mariano test of the per-row differential (loss, or net return: of trading the
// predicted direction, or the rows' own returns where they bring them) gives p < max_pvalue on at
// least min_rows rows; deferred on fewer rows; kept otherwise. Pure: the same rows give the same
// judgement.
Judgement judge(const PromotionRule& rule, const PairedRows& rows);

// Per-row log loss of P(up) p against the outcome, p clipped to [1e-7, 1 - 1e-7] as in
// training.
double log_loss(double p, int outcome);

// The rows as the decision's evidence: times, both probabilities, outcomes, returns.
nlohmann::json evidence_json(const PairedRows& rows);

}  // namespace quantloop::registry
