#include "pairs/spread_features.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "features/indicators.h"
#include "stats/garch.h"

namespace quantloop::pairs {

namespace {

constexpr int kLags = 5;  // the change and 4 lags
constexpr int kMeanBars = 10;
constexpr int kRsiBars = 14;

std::vector<double> spread_of(std::span<const double> y, std::span<const double> x,
                              const SpreadModel& m) {
  std::vector<double> s(y.size());
  for (std::size_t t = 0; t < y.size(); ++t)
    s[t] = y[t] - m.intercept - m.hedge_ratio * x[t];
  return s;
}

}  // namespace

SpreadModel fit_spread_model(std::span<const double> y, std::span<const double> x,
                             std::size_t fit_rows) {
  if (fit_rows < 30 || fit_rows > y.size() || y.size() != x.size()) {
    throw Error(fmt::format("a spread model needs at least 30 training rows, got {}", fit_rows));
  }
  const double n = double(fit_rows);
  double mx = 0, my = 0;
  for (std::size_t t = 0; t < fit_rows; ++t) {
    mx += x[t] / n;
    my += y[t] / n;
  }
  double sxx = 0, sxy = 0;
  for (std::size_t t = 0; t < fit_rows; ++t) {
    sxx += (x[t] - mx) * (x[t] - mx);
    sxy += (x[t] - mx) * (y[t] - my);
  }
  if (!(sxx > 0)) throw Error("the independent symbol's price is constant over the training rows");
  SpreadModel m;
  m.hedge_ratio = sxy / sxx;
  m.intercept = my - m.hedge_ratio * mx;
  const std::vector<double> s = spread_of(y.first(fit_rows), x.first(fit_rows), m);
  std::vector<double> change(fit_rows - 1);
  for (std::size_t t = 1; t < fit_rows; ++t)
    change[t - 1] = s[t] - s[t - 1];
  double mean = 0, variance = 0;
  for (double d : change)
    mean += d / double(change.size());
  for (double d : change)
    variance += (d - mean) * (d - mean) / double(change.size());
  m.start_variance = variance > 0 ? variance : 1e-12;
  // A GARCH that cannot be fitted (a flat likelihood, an optimiser failure) leaves a constant
  // variance: the conditional deviation is then a constant feature, not an error.
  m.garch_mu = mean;
  m.garch_omega = m.start_variance;
  try {
    const stats::GarchFit fit = stats::fit_garch(change);
    if (std::isfinite(fit.loglik) && fit.params.omega > 0) {
      m.garch_mu = fit.params.mu;
      m.garch_omega = fit.params.omega;
      m.garch_alpha = fit.params.alpha;
      m.garch_beta = fit.params.beta;
    }
  } catch (const Error&) {
  }
  return m;
}

int spread_warm_up(const SpreadFeatureOptions& options) {
  return std::max({options.zscore_window - 1, kRsiBars, kMeanBars - 1, kLags});
}

features::FeatureFrame spread_features(std::span<const UnixSeconds> times,
                                       std::span<const double> y, std::span<const double> x,
                                       const SpreadModel& model,
                                       const SpreadFeatureOptions& options) {
  const std::size_t n = y.size();
  const std::vector<double> s = spread_of(y, x, model);
  const int w = options.zscore_window;
  std::vector<double> z(n, std::nan("")), change(n, 0.0), sigma(n), standardized(n, 0.0);
  for (std::size_t t = std::size_t(w - 1); t < n; ++t) {
    double mean = 0, variance = 0;
    for (std::size_t k = t + 1 - std::size_t(w); k <= t; ++k)
      mean += s[k] / w;
    for (std::size_t k = t + 1 - std::size_t(w); k <= t; ++k)
      variance += (s[k] - mean) * (s[k] - mean) / (w - 1);
    z[t] = variance > 0 ? (s[t] - mean) / std::sqrt(variance) : 0.0;
  }
  double variance = model.start_variance;
  for (std::size_t t = 1; t < n; ++t) {
    change[t] = s[t] - s[t - 1];
    if (t > 1) {
      const double e = change[t - 1] - model.garch_mu;
      variance = model.garch_omega + model.garch_alpha * e * e + model.garch_beta * variance;
    }
    sigma[t] = std::sqrt(variance);
    standardized[t] = (change[t] - model.garch_mu) / sigma[t];
  }
  const std::vector<double> mean10 = features::sma(s, kMeanBars);
  const std::vector<double> rsi = features::rsi(s, kRsiBars);

  features::FeatureFrame frame;
  frame.names = {"zscore",
                 "change",
                 "change_lag1",
                 "change_lag2",
                 "change_lag3",
                 "change_lag4",
                 "spread_less_mean10",
                 "rsi14",
                 "garch_sigma",
                 "garch_standardized"};
  const int warm = spread_warm_up(options);
  for (std::size_t t = std::size_t(warm); t < n; ++t) {
    frame.times.push_back(times[t]);
    frame.values.insert(frame.values.end(),
                        {z[t], change[t], change[t - 1], change[t - 2], change[t - 3],
                         change[t - 4], s[t] - mean10[t], rsi[t], sigma[t], standardized[t]});
    frame.next_log_return.push_back(std::nan(""));
    int label = -1;
    if (t + std::size_t(options.horizon) < n) {
      label = 0;
      for (int k = 1; k <= options.horizon; ++k) {
        if (std::abs(z[t + std::size_t(k)]) <= options.reversion_share * std::abs(z[t])) label = 1;
      }
    }
    frame.next_direction.push_back(label);
  }
  return frame;
}

}  // namespace quantloop::pairs
