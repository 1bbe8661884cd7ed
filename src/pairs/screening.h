#pragma once

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "store/pair_store.h"

namespace quantloop::pairs {

// Seed 004's pair screening funnel on prices aligned on common times (one column per symbol,
// oldest row first), all of them before the scan's clock:
//  1. the formation part (the first 1 - holdout_fraction of the rows) gives every parameter;
//     the holdout (the rest) only scores;
//  2. correlation of every pair on the formation part (prices, or log returns), gate
//     >= min_correlation;
//  3. Engle-Granger both ways (statsmodels' coint: constant, AIC lag), gate p <
//     max_coint_pvalue on the better way, which gives the pair's direction (y on x), hedge ratio,
//     intercept and half-life;
//  4. the spread model: the spread's change regressed on its lagged level (mean reversion),
//     its residuals a GARCH(1,1) (normal, constant mean), on the formation part (a fit whose
//     likelihood is flat, no GARCH effect, is used as the optimiser left it);
//  5. diagnostics: Ljung-Box(10) and ARCH-LM(5) on the standardized residuals, ADF on the spread;
//  6. a composite score in [0, 1], gate > min_score, from components that each map to [0, 1] by
//     an absolute rule (never a rank among the day's candidates), so scores of different days
//     compare:
//       fit (40 %)         1 / (1 + exp(-(BIC_walk - BIC_model) / 2)): BIC's approximate
//                          posterior probability that the spread model beats a random walk
//                          with a constant variance on the formation part's changes;
//       volatility (30 %)  1 / (1 + exp(-(LL_garch - LL_constant))) on the holdout: the
//                          Gaussian log-likelihoods of the holdout's residuals (with the
//                          formation's regression) under the GARCH's 1-step variance forecasts
//                          (filtered with the formation's parameters) and under the formation
//                          residuals' constant variance;
//       trading (20 %)     Phi(t) of the holdout's per-bar PnL of the z-score strategy (z from
//                          the formation's spread mean and deviation; enter at |z| > entry_z,
//                          leave at |z| < exit_z or at the holdout's end: the signals'
//                          pairs.entry_z and exit_z), t = mean / sd * sqrt(bars); 0.5
//                          when it never trades;
//       diagnostics (10 %) the share of Ljung-Box p > 0.05, ARCH-LM p > 0.05 and ADF p < 0.05.
struct ScreeningOptions {
  double min_correlation = 0.8;
  double max_coint_pvalue = 0.05;
  double min_score = 0.7;
  bool correlate_returns = false;  // log returns instead of prices
  double holdout_fraction = 0.2;
  double entry_z = 2.0, exit_z = 0.5;  // the trading score's strategy: pairs.entry_z, exit_z
};

struct Screening {
  int rows = 0, formation_rows = 0;
  int pairs = 0, passed_correlation = 0, passed_cointegration = 0, fitted_garch = 0, selected = 0;
  // Every pair, in column order; stage: correlation, cointegration, garch or score (the gate
  // it failed, with the reason) or selected.
  std::vector<PairCandidate> candidates;
};

// Throws Error for a formation part under 30 rows or a holdout under 5, a name count that is
// not the column count, or a non-finite or non-positive price.
Screening screen_pairs(const std::vector<std::string>& names, const Eigen::MatrixXd& prices,
                       const ScreeningOptions& options = {});

}  // namespace quantloop::pairs
