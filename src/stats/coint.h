#pragma once

#include <array>
#include <optional>
#include <span>
#include <vector>

#include "stats/adf.h"
#include "stats/trend.h"

namespace quantloop::stats {

struct CointOptions {
  Trend trend = Trend::c;  // deterministic terms of the cointegrating regression
  std::optional<int> max_lag;
  Autolag autolag = Autolag::aic;
};

struct CointResult {
  double statistic = 0;                 // ADF tau of the residuals (-inf when collinear)
  double pvalue = 0;                    // MacKinnon (1994), two series
  std::array<double, 3> crit_values{};  // MacKinnon (2010), two series, nobs - 1 as statsmodels
  int used_lag = 0;
  int nobs = 0;                // of the residual ADF regression
  double hedge_ratio = 0;      // y = intercept + hedge_ratio x (+ trend) + spread
  double intercept = 0;        // 0 for trend n
  double half_life = 0;        // bars; infinity when the spread does not revert
  bool collinear = false;      // R^2 within 1.5e-6 of 1: the test is not informative
  std::vector<double> spread;  // residuals of the cointegrating regression
};

// Engle-Granger two-step cointegration test of y on x with the semantics of statsmodels'
// coint (0.13): OLS of y on x with the trend terms, then ADF (no deterministic terms) on the
// residuals. The half-life of mean reversion is -ln 2 / b from the OLS of the spread's change
// on its lagged level with a constant. Throws Error for series of different lengths, NaN or
// infinite values, constant series, or too few observations.
CointResult coint(std::span<const double> y, std::span<const double> x,
                  const CointOptions& options = {});

// The half-life defined above, for any spread.
double half_life(std::span<const double> spread);

// A spread's mean reversion: its change regressed on its lagged level with a constant,
// d_t = s_t - s_{t-1} = intercept + slope s_{t-1} + u_t (OLS; slope 0 for a constant spread).
struct Reversion {
  double intercept = 0;
  double slope = 0;
};
Reversion fit_reversion(std::span<const double> spread);
// u_t for t = 1 .. n-1 (n - 1 values): what the spread's GARCH(1,1) is fitted on and filters.
std::vector<double> reversion_residuals(std::span<const double> spread, const Reversion& reversion);

}  // namespace quantloop::stats
