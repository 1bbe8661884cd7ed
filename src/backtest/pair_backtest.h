#pragma once

#include <string>
#include <utility>
#include <vector>

#include "backtest/metrics.h"
#include "backtest/pair_strategy.h"
#include "core/interval.h"
#include "core/time.h"
#include "store/bar_store.h"

namespace quantloop::backtest {

struct PairBacktestRequest {
  std::vector<std::pair<std::string, std::string>> pairs;  // y, x
  Interval interval = Interval::day();
  UnixSeconds from = 0, to = 0;    // bar start times read, both included
  std::vector<PairStrategy> grid;  // the parameter sets tried; at least one
  double bars_per_year = 252;
};

struct PairOutcome {
  std::string y, x;
  BacktestMetrics metrics;
};

// One parameter set on every pair, and the equally weighted portfolio of them (per bar, the
// mean of the pairs' net PnL).
struct GridOutcome {
  PairStrategy strategy;
  std::vector<PairOutcome> pairs;
  BacktestMetrics portfolio;
  Moments moments;  // of the portfolio's per-bar PnL
};

struct PairBacktestReport {
  std::vector<UnixSeconds> times;  // the bars every symbol has, oldest first
  std::vector<GridOutcome> grid;   // in the request's order
  std::size_t best = 0;            // the set with the highest portfolio Sharpe
  // The best set's deflated Sharpe ratio given the grid's size and the variance of its
  // portfolio Sharpe ratios; NaN for one set.
  double deflated_sharpe = 0;
  std::vector<PairPath> best_paths;  // the best set's path of each pair
  std::vector<double> best_portfolio_pnl;
};

// Reads the closes of every symbol of the pairs between `from` and `to`, keeps the times all of
// them have, and runs every parameter set on every pair (sets on every core). Throws Error for
// a symbol without bars, too few common bars, or an invalid set.
PairBacktestReport run_pair_backtest(BarStore& store, const PairBacktestRequest& request);

// The same on prices already aligned: `prices[k]` of symbol `symbols[k]`.
PairBacktestReport backtest_pairs(const std::vector<UnixSeconds>& times,
                                  const std::vector<std::string>& symbols,
                                  const std::vector<std::vector<double>>& prices,
                                  const PairBacktestRequest& request);

}  // namespace quantloop::backtest
