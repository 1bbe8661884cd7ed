#pragma once

#include <span>
#include <vector>

#include "backtest/pair_strategy.h"

namespace quantloop::backtest {

// A round trip: entered at the close of entry_bar, left at the close of exit_bar; its PnL is the
// net PnL of those bars, entry and exit costs included.
struct RoundTrip {
  int entry_bar = 0, exit_bar = 0;
  double pnl = 0;
};

// What a backtest reports (the JSON keys of issue 11), over the bars from the formation on.
// NaN where undefined (no deviation, no drawdown, no round trip, no losing trip).
struct BacktestMetrics {
  int bars = 0;
  double total_pnl = 0;
  double sharpe = 0;        // mean / sample deviation of the per-bar net PnL x sqrt(bars per year)
  double sortino = 0;       // mean / sqrt(sum of min(pnl, 0)^2 / (bars - 1)) x sqrt(bars per year)
  double max_drawdown = 0;  // of the cumulative PnL, from 0
  int max_drawdown_bars = 0;  // bars from that drawdown's peak (0: before the first bar) to trough
  double calmar = 0;          // mean PnL x bars per year / max_drawdown
  int trades = 0;             // entries
  double win_rate = 0;        // share of round trips with a positive net PnL
  double profit_factor = 0;   // gains of winning trips / losses of losing ones
  double exposure = 0;        // share of bars ending with a position
  double turnover = 0;        // traded notional
  double costs = 0;
};

std::vector<RoundTrip> round_trips(const PairPath& path, int first_bar);

// `pnl` is the per-bar net PnL from the first traded bar; the rest as for a pair or, for an
// equally weighted portfolio, the pairs' trips, mean exposure, turnover and costs.
BacktestMetrics measure(std::span<const double> pnl, const std::vector<RoundTrip>& trips,
                        double exposure, double turnover, double costs, double bars_per_year);

// A pair's metrics from its path.
BacktestMetrics measure_pair(const PairPath& path, int formation, double bars_per_year);

// Bailey and Lopez de Prado's deflated Sharpe ratio: the probability that the best of `trials`
// backtests has a true Sharpe above 0, given the variance of the trials' Sharpe ratios. Sharpe
// ratios per bar (not annualised); skewness and kurtosis (not excess) of the best's per-bar
// PnL, as scipy.stats computes them by default (biased). NaN under 2 trials or 2 bars.
double deflated_sharpe(double best_sharpe, double trial_sharpe_variance, int trials, int bars,
                       double skewness, double kurtosis);

// Per-bar Sharpe (mean / sample deviation), skewness and kurtosis of a PnL series.
struct Moments {
  double sharpe = 0, skewness = 0, kurtosis = 0;
};
Moments moments(std::span<const double> pnl);

}  // namespace quantloop::backtest
