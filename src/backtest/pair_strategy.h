#pragma once

#include <span>
#include <vector>

namespace quantloop::backtest {

// The reference pairs strategy (issue 11), exact so that an independent implementation agrees
// to rounding: walk-forward blocks of `trading` bars from bar `formation` on, each with the
// intercept and hedge of an OLS of y on x over the `formation` bars before it; the spread's
// z-score over the last `window` spread values (with the block's hedge), or over the formation
// window (static); positions of +1 / -1 spread units entered beyond `entry`, left inside `exit`
// or beyond `stop`, and closed at each block's last bar; costs in basis points of the traded
// notional.
struct PairStrategy {
  int formation = 250;
  int trading = 60;
  int window = 20;
  double entry = 2.0;
  double exit = 0.5;
  double stop = 4.0;
  double cost_bps = 5.0;
  bool static_zscore = false;
};

// Throws Error saying why a set cannot run: window at least 2, formation at least the window,
// trading at least 1, exit < entry < stop, cost at least 0.
void check_strategy(const PairStrategy& strategy);

// Bar by bar, over every bar of the pair (index 0 = the first common bar); before `formation`
// the position and the PnL are 0 and the z-score and hedge NaN.
struct PairPath {
  std::vector<int> position;     // p_t, decided at the close of t
  std::vector<double> zscore;    // z_t
  std::vector<double> hedge;     // beta of the block t belongs to
  std::vector<double> notional;  // |p_t - p_{t-1}| (y_t + |beta| x_t): traded at t
  std::vector<double> cost;      // cost_bps / 10^4 * notional
  std::vector<double> pnl;       // p_{t-1} ((y_t - y_{t-1}) - beta (x_t - x_{t-1})) - cost_t
};

// The z-score and the block's hedge of every bar (NaN before the formation): what the rules
// read. Every set with the same formation, trading, window and z-score kind shares it.
struct SpreadPath {
  std::vector<double> zscore;
  std::vector<double> hedge;
};

// The spread's path, and the rules' positions and PnL on it; run_pair_strategy is both.
SpreadPath spread_path(std::span<const double> y, std::span<const double> x,
                       const PairStrategy& strategy);
PairPath trade(std::span<const double> y, std::span<const double> x, const SpreadPath& spread,
               const PairStrategy& strategy);

// The rules at the close of bar t, one transition at most: flat -> short if entry < z <= stop,
// flat -> long if -stop <= z < -entry (no entry after a stop until a later bar with |z| <
// entry); long -> flat if z >= -exit or (stop) z < -stop; short -> flat if z <= exit or (stop)
// z > stop; then the position is forced flat at the block's last bar (a stop there still
// counts as one). Throws Error for a set check_strategy refuses, series that differ in length
// or are no longer than the formation, or a price that is not finite.
PairPath run_pair_strategy(std::span<const double> y, std::span<const double> x,
                           const PairStrategy& strategy);

}  // namespace quantloop::backtest
