#include "stats/coint.h"

#include <fmt/format.h>

#include <Eigen/Core>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "stats/mackinnon.h"
#include "stats/ols.h"
#include "stats/series_checks.h"

namespace quantloop::stats {

namespace {
// statsmodels' threshold: 1 - 100 sqrt(machine epsilon).
const double kCollinearRsquared = 1 - 100 * std::sqrt(std::numeric_limits<double>::epsilon());
}  // namespace

Reversion fit_reversion(std::span<const double> spread) {
  // The simple regression of d(t) = s(t+1) - s(t) on s(t) with a constant, by the two-pass
  // centred formulas.
  Reversion r;
  if (spread.size() < 2) return r;
  const std::size_t n = spread.size() - 1;
  double mean_level = 0, mean_change = 0;
  for (std::size_t t = 0; t < n; ++t) {
    mean_level += spread[t];
    mean_change += spread[t + 1] - spread[t];
  }
  mean_level /= double(n);
  mean_change /= double(n);
  double covariance = 0, variance = 0;
  for (std::size_t t = 0; t < n; ++t) {
    const double level = spread[t] - mean_level;
    covariance += level * (spread[t + 1] - spread[t] - mean_change);
    variance += level * level;
  }
  r.slope = variance > 0 ? covariance / variance : 0;
  r.intercept = mean_change - r.slope * mean_level;
  return r;
}

std::vector<double> reversion_residuals(std::span<const double> spread, const Reversion& r) {
  std::vector<double> u;
  for (std::size_t t = 1; t < spread.size(); ++t)
    u.push_back(spread[t] - spread[t - 1] - r.intercept - r.slope * spread[t - 1]);
  return u;
}

double half_life(std::span<const double> spread) {
  check_series(spread, "half-life", 4);
  const double b = fit_reversion(spread).slope;
  return b < 0 ? -std::log(2.0) / b : std::numeric_limits<double>::infinity();
}

CointResult coint(std::span<const double> y, std::span<const double> x,
                  const CointOptions& options) {
  if (y.size() != x.size()) {
    throw Error(
        fmt::format("cointegration: the series have {} and {} observations", y.size(), x.size()));
  }
  check_series(y, "cointegration (dependent series)", 10);
  check_series(x, "cointegration (independent series)", 10);
  const int n = int(y.size());
  const int deterministic = trend_columns(options.trend);
  Eigen::MatrixXd X(n, 1 + deterministic);
  for (int t = 0; t < n; ++t) {
    int c = 0;
    X(t, c++) = x[t];
    if (options.trend != Trend::n) X(t, c++) = 1.0;
    const double s = double(t + 1) / n;  // a rescaled 1..n: the same fit as statsmodels'
    if (options.trend == Trend::ct || options.trend == Trend::ctt) X(t, c++) = s;
    if (options.trend == Trend::ctt) X(t, c++) = s * s;
  }
  const Eigen::Map<const Eigen::VectorXd> y_vector(y.data(), n);
  const LeastSquares fit = least_squares(X, y_vector);
  const double total = options.trend == Trend::n
                           ? y_vector.squaredNorm()
                           : (y_vector.array() - y_vector.mean()).square().sum();
  const double rsquared = 1 - fit.ssr / total;
  CointResult result;
  result.hedge_ratio = fit.params(0);
  result.intercept = options.trend == Trend::n ? 0.0 : fit.params(1);
  result.spread.assign(fit.resid.data(), fit.resid.data() + n);
  result.crit_values = mackinnon_critical_values(options.trend, 2, double(n - 1));
  if (rsquared >= kCollinearRsquared) {
    result.collinear = true;
    result.statistic = -std::numeric_limits<double>::infinity();
    result.pvalue = mackinnon_p_value(result.statistic, options.trend, 2);
    result.half_life = 0;
    return result;
  }
  AdfOptions adf_options;
  adf_options.trend = Trend::n;
  adf_options.max_lag = options.max_lag;
  adf_options.autolag = options.autolag;
  const AdfResult test = adf(result.spread, adf_options);
  result.statistic = test.statistic;
  result.used_lag = test.used_lag;
  result.nobs = test.nobs;
  result.pvalue = mackinnon_p_value(test.statistic, options.trend, 2);
  result.half_life = half_life(result.spread);
  return result;
}

}  // namespace quantloop::stats
