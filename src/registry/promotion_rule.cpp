#include "registry/promotion_rule.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "stats/moments.h"
#include "stats/paired_tests.h"
#include "stats/performance.h"

namespace quantloop::registry {

namespace {

constexpr double kSecondsPerYear = 365.25 * 86400;

using stats::mean;

// Net per-row returns of holding +1 when P(up) > 0.5, else -1, paying `cost` per unit of
// position change (the first position included).
std::vector<double> strategy_returns(const std::vector<double>& probabilities,
                                     const std::vector<double>& next_log_return, double cost) {
  std::vector<double> returns(probabilities.size());
  double position = 0;
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    const double wanted = probabilities[i] > 0.5 ? 1.0 : -1.0;
    returns[i] = wanted * next_log_return[i] - cost * std::abs(wanted - position);
    position = wanted;
  }
  return returns;
}

// The backtester's Sharpe ratio (stats::sharpe_ratio), annualised by the rows' own frequency;
// without deviation, infinite with the mean's sign so that a steady gain still compares.
double sharpe(const std::vector<double>& returns, const std::vector<UnixSeconds>& times) {
  if (returns.size() < 2) return std::nan("");
  const double span = double(times.back() - times.front());
  const double per_year = span > 0 ? double(returns.size() - 1) * kSecondsPerYear / span : 1.0;
  const double ratio = stats::sharpe_ratio(returns, per_year);
  if (!std::isnan(ratio)) return ratio;
  const double m = mean(returns);
  return m > 0 ? HUGE_VAL : m < 0 ? -HUGE_VAL : 0.0;
}

}  // namespace

PromotionRule PromotionRule::from(const PromotionConfig& config) {
  PromotionRule rule;
  rule.metric = config.metric;
  rule.max_pvalue = config.max_pvalue;
  rule.min_rows = std::size_t(config.min_rows);
  rule.cost_bps = config.cost_bps;
  return rule;
}

double log_loss(double p, int outcome) {
  const double q = std::clamp(p, 1e-7, 1 - 1e-7);
  return outcome == 1 ? -std::log(q) : -std::log(1 - q);
}

Judgement judge(const PromotionRule& rule, const PairedRows& rows) {
  Judgement j;
  j.rows = rows.size();
  // The differential is positive where the challenger does better.
  std::vector<double> differential(rows.size());
  if (rule.metric == "sharpe") {
    const double cost = rule.cost_bps / 1e4;
    const bool own = !rows.challenger_return.empty();
    const auto challenger = own ? rows.challenger_return
                                : strategy_returns(rows.challenger, rows.next_log_return, cost);
    const auto champion =
        own ? rows.champion_return : strategy_returns(rows.champion, rows.next_log_return, cost);
    for (std::size_t i = 0; i < rows.size(); ++i)
      differential[i] = challenger[i] - champion[i];
    j.challenger_value = sharpe(challenger, rows.times);
    j.champion_value = sharpe(champion, rows.times);
  } else {
    std::vector<double> challenger(rows.size()), champion(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      challenger[i] = log_loss(rows.challenger[i], rows.outcome[i]);
      champion[i] = log_loss(rows.champion[i], rows.outcome[i]);
      differential[i] = champion[i] - challenger[i];
    }
    j.challenger_value = mean(challenger);
    j.champion_value = mean(champion);
  }
  const auto test = stats::diebold_mariano(differential);
  j.statistic = test.statistic;
  j.pvalue = test.pvalue;
  const bool lower_is_better = rule.metric != "sharpe";
  const bool better = lower_is_better ? j.challenger_value < j.champion_value
                                      : j.challenger_value > j.champion_value;
  const std::string values =
      fmt::format("{} {:.5g} vs {:.5g}", rule.metric, j.challenger_value, j.champion_value);
  if (rows.size() < rule.min_rows) {
    j.decision = "deferred";
    j.reason = fmt::format(
        "{} rows neither model trained or was chosen on, fewer than {}: the challenger runs in "
        "shadow until enough outcomes are known",
        rows.size(), rule.min_rows);
  } else if (better && j.pvalue < rule.max_pvalue) {
    j.decision = "promoted";
    j.reason = fmt::format("better on {} rows ({}), Diebold-Mariano p = {:.3g} < {}", rows.size(),
                           values, j.pvalue, rule.max_pvalue);
  } else {
    j.decision = "kept";
    j.reason = better
                   ? fmt::format("better on {} rows ({}) but not significantly: p = {:.3g} >= {}",
                                 rows.size(), values, j.pvalue, rule.max_pvalue)
                   : fmt::format("not better on {} rows ({})", rows.size(), values);
  }
  return j;
}

nlohmann::json evidence_json(const PairedRows& rows) {
  nlohmann::json times = nlohmann::json::array(), returns = nlohmann::json::array();
  for (UnixSeconds t : rows.times)
    times.push_back(format_utc(t));
  for (double r : rows.next_log_return)
    returns.push_back(std::isfinite(r) ? nlohmann::json(r) : nlohmann::json());
  nlohmann::json evidence{{"times", times},
                          {"challenger_prob_up", rows.challenger},
                          {"champion_prob_up", rows.champion},
                          {"outcome", rows.outcome},
                          {"next_log_return", returns}};
  if (!rows.challenger_return.empty()) {
    evidence["challenger_return"] = rows.challenger_return;
    evidence["champion_return"] = rows.champion_return;
  }
  return evidence;
}

}  // namespace quantloop::registry
