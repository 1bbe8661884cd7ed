#pragma once

#include <span>
#include <vector>

namespace quantloop::stats {

struct LjungBoxRow {
  int lag = 0;
  double statistic = 0;
  double pvalue = 0;  // chi-squared with lag - model_df degrees of freedom; NaN when <= 0
};

// Ljung-Box Q(k) = n (n+2) sum_{j<=k} r_j^2 / (n - j) for k = 1..lags, with the sample
// autocorrelations r_j of the demeaned series (statsmodels' acorr_ljungbox). `lags` defaults
// to min(10, n/5). Throws Error for NaN/infinite values, a constant series, or lags >= n.
std::vector<LjungBoxRow> ljung_box(std::span<const double> x, int lags = 0, int model_df = 0);

struct ArchLmResult {
  double lm = 0;  // (nobs - ddof) R^2 of the auxiliary regression
  double lm_pvalue = 0;
  double f = 0;
  double f_pvalue = 0;
  int lags = 0;
};

// Engle's ARCH-LM test (statsmodels' het_arch): OLS of e_t^2 on a constant and e_{t-1}^2 ..
// e_{t-lags}^2. `lags` defaults to min(10, n/5). The residuals are used as given (not
// demeaned), as statsmodels does.
ArchLmResult arch_lm(std::span<const double> residuals, int lags = 0, int ddof = 0);

struct JarqueBeraResult {
  double statistic = 0;
  double pvalue = 0;
  double skew = 0;
  double kurtosis = 0;  // not excess: 3 for a normal distribution
};

// Jarque-Bera normality test with biased moment estimates (statsmodels' jarque_bera).
JarqueBeraResult jarque_bera(std::span<const double> x);

}  // namespace quantloop::stats
