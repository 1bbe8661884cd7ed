#include "backtest/pair_strategy.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "core/error.h"
#include "stats/moments.h"

namespace quantloop::backtest {

void check_strategy(const PairStrategy& p) {
  if (p.window < 2 || p.formation < p.window || p.trading < 1) {
    throw Error(
        fmt::format("formation {} must be at least window {}, window at least 2 and "
                    "trading {} at least 1",
                    p.formation, p.window, p.trading));
  }
  if (!(p.exit < p.entry && p.entry < p.stop) || !(p.cost_bps >= 0)) {
    throw Error(
        fmt::format("needs exit < entry < stop and a cost of at least 0; got exit {}, "
                    "entry {}, stop {}, cost {}",
                    p.exit, p.entry, p.stop, p.cost_bps));
  }
}

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

struct Hedge {
  double alpha = 0, beta = 0;
};

// OLS of y on x with an intercept over [first, last).
Hedge fit_hedge(std::span<const double> y, std::span<const double> x, std::size_t first,
                std::size_t last) {
  const double n = double(last - first);
  double mx = 0, my = 0;
  for (std::size_t t = first; t < last; ++t) {
    mx += x[t];
    my += y[t];
  }
  mx /= n;
  my /= n;
  double sxx = 0, sxy = 0;
  for (std::size_t t = first; t < last; ++t) {
    sxx += (x[t] - mx) * (x[t] - mx);
    sxy += (x[t] - mx) * (y[t] - my);
  }
  if (!(sxx > 0)) throw Error(fmt::format("x is constant over bars {}-{}: no hedge", first, last));
  const double beta = sxy / sxx;
  return {my - beta * mx, beta};
}

// Mean and sample deviation of s over [first, last).
stats::MeanSd mean_sd(const std::vector<double>& s, std::size_t first, std::size_t last) {
  return stats::mean_sd(std::span(s).subspan(first, last - first));
}

// The strategy's parameters against the series' length.
void check(std::size_t n, const PairStrategy& p) {
  check_strategy(p);
  if (n <= std::size_t(p.formation)) {
    throw Error(
        fmt::format("{} common bars: no bar to trade after a formation of {}", n, p.formation));
  }
}

}  // namespace

SpreadPath spread_path(std::span<const double> y, std::span<const double> x,
                       const PairStrategy& p) {
  const std::size_t n = y.size();
  if (x.size() != n) throw Error("the pair's two price series differ in length");
  check(n, p);
  for (std::size_t t = 0; t < n; ++t) {
    if (!std::isfinite(y[t]) || !std::isfinite(x[t])) {
      throw Error(fmt::format("bar {}: a price is not finite", t));
    }
  }
  SpreadPath path{std::vector<double>(n, kNan), std::vector<double>(n, kNan)};
  const std::size_t formation = std::size_t(p.formation), window = std::size_t(p.window);
  std::vector<double> spread(n);
  for (std::size_t block = formation; block < n; block += std::size_t(p.trading)) {
    const std::size_t end = std::min(n, block + std::size_t(p.trading));
    const Hedge h = fit_hedge(y, x, block - formation, block);
    // The block's hedge applies to the spread values its z-scores look back on, too.
    for (std::size_t t = block - formation; t < end; ++t)
      spread[t] = y[t] - h.alpha - h.beta * x[t];
    const auto formation_stats = mean_sd(spread, block - formation, block);
    for (std::size_t t = block; t < end; ++t) {
      const auto [mean, sd] =
          p.static_zscore ? formation_stats : mean_sd(spread, t + 1 - window, t + 1);
      path.zscore[t] = (spread[t] - mean) / sd;
      path.hedge[t] = h.beta;
    }
  }
  return path;
}

PairPath trade(std::span<const double> y, std::span<const double> x, const SpreadPath& spread,
               const PairStrategy& p) {
  // The prices were checked with the spread path; a grid trades one path many times.
  const std::size_t n = y.size(), formation = std::size_t(p.formation);
  if (x.size() != n || spread.zscore.size() != n) {
    throw Error("the pair's prices and its spread path differ in length");
  }
  check(n, p);
  PairPath path;
  path.position.assign(n, 0);
  path.zscore = spread.zscore;
  path.hedge = spread.hedge;
  path.notional.assign(n, 0.0);
  path.cost.assign(n, 0.0);
  path.pnl.assign(n, 0.0);
  int position = 0;
  bool stopped = false;
  for (std::size_t t = formation; t < n; ++t) {
    const double z = spread.zscore[t], beta = spread.hedge[t];
    const int before = position;
    if (stopped && std::abs(z) < p.entry) stopped = false;
    if (before == 0) {
      if (!stopped && z > p.entry && z <= p.stop) position = -1;
      if (!stopped && z < -p.entry && z >= -p.stop) position = 1;
    } else if (before == 1) {
      if (z < -p.stop) {
        position = 0;
        stopped = true;
      } else if (z >= -p.exit) {
        position = 0;
      }
    } else {
      if (z > p.stop) {
        position = 0;
        stopped = true;
      } else if (z <= p.exit) {
        position = 0;
      }
    }
    const bool block_end = (t + 1 - formation) % std::size_t(p.trading) == 0 || t + 1 == n;
    if (block_end) position = 0;
    path.position[t] = position;
    path.notional[t] = std::abs(position - before) * (y[t] + std::abs(beta) * x[t]);
    path.cost[t] = p.cost_bps / 1e4 * path.notional[t];
    path.pnl[t] = before * ((y[t] - y[t - 1]) - beta * (x[t] - x[t - 1])) - path.cost[t];
  }
  return path;
}

PairPath run_pair_strategy(std::span<const double> y, std::span<const double> x,
                           const PairStrategy& p) {
  return trade(y, x, spread_path(y, x, p), p);
}

}  // namespace quantloop::backtest
