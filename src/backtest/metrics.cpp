#include "backtest/metrics.h"

#include <cmath>
#include <limits>

#include "stats/distributions.h"
#include "stats/performance.h"

namespace quantloop::backtest {

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kEulerGamma = 0.5772156649015329;

}  // namespace

std::vector<RoundTrip> round_trips(const PairPath& path, int first_bar) {
  std::vector<RoundTrip> trips;
  int previous = 0;
  for (std::size_t t = std::size_t(first_bar); t < path.position.size(); ++t) {
    const int now = path.position[t];
    if (previous == 0 && now != 0) trips.push_back({int(t), int(t), 0.0});
    if (previous != 0 || now != 0) trips.back().pnl += path.pnl[t];
    if (previous != 0 && now == 0) trips.back().exit_bar = int(t);
    previous = now;
  }
  return trips;
}

BacktestMetrics measure(std::span<const double> pnl, const std::vector<RoundTrip>& trips,
                        double exposure, double turnover, double costs, double bars_per_year) {
  BacktestMetrics m;
  const std::size_t n = pnl.size();
  m.bars = int(n);
  double sum = 0;
  for (double r : pnl)
    sum += r;
  m.total_pnl = sum;
  const double mean = n ? sum / double(n) : kNan;
  m.sharpe = stats::sharpe_ratio(pnl, bars_per_year);
  m.sortino = stats::sortino_ratio(pnl, bars_per_year);
  double equity = 0, peak = 0;
  std::size_t peak_at = 0;
  for (std::size_t i = 0; i < n; ++i) {
    equity += pnl[i];
    if (equity > peak) {
      peak = equity;
      peak_at = i + 1;
    } else if (peak - equity > m.max_drawdown) {
      m.max_drawdown = peak - equity;
      m.max_drawdown_bars = int(i + 1 - peak_at);
    }
  }
  m.calmar = m.max_drawdown > 0 ? mean * bars_per_year / m.max_drawdown : kNan;
  m.trades = int(trips.size());
  double gains = 0, losses = 0;
  int wins = 0;
  for (const RoundTrip& trip : trips) {
    wins += trip.pnl > 0;
    if (trip.pnl > 0) gains += trip.pnl;
    if (trip.pnl < 0) losses -= trip.pnl;
  }
  m.win_rate = trips.empty() ? kNan : double(wins) / double(trips.size());
  m.profit_factor = losses > 0 ? gains / losses : kNan;
  m.exposure = exposure;
  m.turnover = turnover;
  m.costs = costs;
  return m;
}

BacktestMetrics measure_pair(const PairPath& path, int formation, double bars_per_year) {
  const std::size_t first = std::size_t(formation), n = path.pnl.size();
  double exposure = 0, turnover = 0, costs = 0;
  for (std::size_t t = first; t < n; ++t) {
    exposure += path.position[t] != 0;
    turnover += path.notional[t];
    costs += path.cost[t];
  }
  return measure(std::span(path.pnl).subspan(first), round_trips(path, formation),
                 exposure / double(n - first), turnover, costs, bars_per_year);
}

Moments moments(std::span<const double> pnl) {
  Moments m;
  const double n = double(pnl.size());
  double mean = 0;
  for (double r : pnl)
    mean += r / n;
  double m2 = 0, m3 = 0, m4 = 0;
  for (double r : pnl) {
    const double d = r - mean;
    m2 += d * d / n;
    m3 += d * d * d / n;
    m4 += d * d * d * d / n;
  }
  m.sharpe = stats::sharpe_ratio(pnl, 1.0);
  m.skewness = m2 > 0 ? m3 / std::pow(m2, 1.5) : kNan;
  m.kurtosis = m2 > 0 ? m4 / (m2 * m2) : kNan;
  return m;
}

double deflated_sharpe(double best_sharpe, double trial_sharpe_variance, int trials, int bars,
                       double skewness, double kurtosis) {
  if (trials < 2 || bars < 2) return kNan;
  const double n = double(trials);
  const double expected_max = std::sqrt(trial_sharpe_variance) *
                              ((1 - kEulerGamma) * stats::normal_quantile(1 - 1 / n) +
                               kEulerGamma * stats::normal_quantile(1 - 1 / (n * std::exp(1.0))));
  const double denominator =
      1 - skewness * best_sharpe + (kurtosis - 1) / 4 * best_sharpe * best_sharpe;
  if (!(denominator > 0)) return kNan;
  return stats::normal_cdf((best_sharpe - expected_max) * std::sqrt(double(bars - 1)) /
                           std::sqrt(denominator));
}

}  // namespace quantloop::backtest
