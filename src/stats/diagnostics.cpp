#include "stats/diagnostics.h"

#include <fmt/format.h>

#include <Eigen/Core>
#include <cmath>

#include "core/error.h"
#include "stats/distributions.h"
#include "stats/ols.h"
#include "stats/series_checks.h"

namespace quantloop::stats {

namespace {

int default_lags(std::size_t n) {
  return std::max(1, std::min(10, int(n / 5)));
}

}  // namespace

std::vector<LjungBoxRow> ljung_box(std::span<const double> x, int lags, int model_df) {
  check_series(x, "Ljung-Box", 3);
  const int n = int(x.size());
  if (lags <= 0) lags = default_lags(x.size());
  if (lags >= n)
    throw Error(fmt::format("Ljung-Box: {} lags need more than {} observations", lags, n));
  double mean = 0;
  for (double v : x)
    mean += v;
  mean /= n;
  std::vector<double> centred(x.begin(), x.end());
  for (double& v : centred)
    v -= mean;
  double variance = 0;
  for (double v : centred)
    variance += v * v;
  std::vector<LjungBoxRow> rows;
  double sum = 0;
  for (int k = 1; k <= lags; ++k) {
    double covariance = 0;
    for (int t = k; t < n; ++t)
      covariance += centred[t] * centred[t - k];
    const double r = covariance / variance;
    sum += r * r / (n - k);
    const double q = double(n) * (n + 2) * sum;
    const int df = k - model_df;
    rows.push_back({k, q, df > 0 ? chi_squared_sf(q, df) : std::nan("")});
  }
  return rows;
}

ArchLmResult arch_lm(std::span<const double> residuals, int lags, int ddof) {
  check_series(residuals, "ARCH-LM", 4);
  const int n = int(residuals.size());
  if (lags <= 0) lags = default_lags(residuals.size());
  const int rows = n - lags;
  if (rows <= lags + 1) {
    throw Error(fmt::format("ARCH-LM: {} observations are too few for {} lags", n, lags));
  }
  Eigen::MatrixXd X(rows, lags + 1);
  Eigen::VectorXd y(rows);
  for (int r = 0; r < rows; ++r) {
    const int t = lags + r;
    y(r) = residuals[t] * residuals[t];
    X(r, 0) = 1.0;
    for (int j = 1; j <= lags; ++j)
      X(r, j) = residuals[t - j] * residuals[t - j];
  }
  const OlsResult fit = ols(X, y);
  ArchLmResult result;
  result.lags = lags;
  result.lm = (rows - ddof) * fit.rsquared;
  result.lm_pvalue = chi_squared_sf(result.lm, lags);
  // F test that all lag coefficients are zero (statsmodels' fvalue).
  result.f = (fit.rsquared / lags) / ((1 - fit.rsquared) / fit.df_resid);
  result.f_pvalue = f_sf(result.f, lags, fit.df_resid);
  return result;
}

JarqueBeraResult jarque_bera(std::span<const double> x) {
  check_series(x, "Jarque-Bera", 3);
  const double n = double(x.size());
  double mean = 0;
  for (double v : x)
    mean += v;
  mean /= n;
  double m2 = 0, m3 = 0, m4 = 0;
  for (double v : x) {
    const double d = v - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  JarqueBeraResult result;
  result.skew = m3 / std::pow(m2, 1.5);
  result.kurtosis = m4 / (m2 * m2);
  result.statistic = n / 6 * (result.skew * result.skew + std::pow(result.kurtosis - 3, 2) / 4);
  result.pvalue = chi_squared_sf(result.statistic, 2);
  return result;
}

}  // namespace quantloop::stats
