#include "stats/adf.h"

#include <Eigen/Core>
#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <numbers>

#include "core/error.h"
#include "stats/mackinnon.h"
#include "stats/series_checks.h"

namespace quantloop::stats {

namespace {

// statsmodels' t-stat lag rule: stop at the longest lag with |t| >= z(0.95).
constexpr double kSignificantT = 1.6448536269514722;

// The ADF design for `lags` lagged differences over the last `rows` differences: columns
// [deterministic terms..., d(t-1), ..., d(t-lags), level(t-1)], y = d(t) in the last column.
// The trend is rescaled (t/rows): the same column space as statsmodels' 1, 2, ..., so the
// same fit, but better conditioned.
Eigen::MatrixXd design(std::span<const double> x, const std::vector<double>& diff, int lags,
                       int rows, Trend trend) {
  const int deterministic = trend_columns(trend);
  Eigen::MatrixXd m(rows, deterministic + lags + 2);
  const int first = int(diff.size()) - rows;  // index in diff of the first regressand
  for (int r = 0; r < rows; ++r) {
    const int t = first + r;
    int c = 0;
    if (trend != Trend::n) m(r, c++) = 1.0;
    const double s = double(r + 1) / rows;
    if (trend == Trend::ct || trend == Trend::ctt) m(r, c++) = s;
    if (trend == Trend::ctt) m(r, c++) = s * s;
    for (int lag = 1; lag <= lags; ++lag) m(r, c++) = diff[t - lag];
    m(r, c++) = x[t];  // the level before the difference diff[t] = x[t+1] - x[t]
    m(r, c) = diff[t];
  }
  return m;
}

// R of the QR of [X | y]: for the regression of y on the first p columns of X the residual
// sum of squares is the squared norm of R's last column below row p, and the coefficient of
// column p-1 has t = R(p-1, y) sign(R(p-1, p-1)) / sigma. One factorisation serves every
// nested candidate regression.
struct NestedFits {
  Eigen::MatrixXd r;
  int rows;
  int y_col;

  explicit NestedFits(const Eigen::MatrixXd& augmented)
      : rows(int(augmented.rows())), y_col(int(augmented.cols()) - 1) {
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(augmented);
    r = qr.matrixQR().topRows(augmented.cols()).triangularView<Eigen::Upper>();
  }
  double ssr(int p) const { return r.col(y_col).segment(p, y_col + 1 - p).squaredNorm(); }
  double last_t(int p) const {
    const double sigma = std::sqrt(ssr(p) / (rows - p));
    const double diagonal = r(p - 1, p - 1);
    if (diagonal == 0) throw Error("ADF: regressors are perfectly collinear");
    return r(p - 1, y_col) * (diagonal > 0 ? 1 : -1) / sigma;
  }
  double llf(int p) const {
    return -0.5 * rows * (std::log(2 * std::numbers::pi) + std::log(ssr(p) / rows) + 1);
  }
};

}  // namespace

Autolag parse_autolag(std::string_view text) {
  if (text == "aic" || text == "AIC") return Autolag::aic;
  if (text == "bic" || text == "BIC") return Autolag::bic;
  if (text == "t-stat" || text == "tstat") return Autolag::t_stat;
  if (text == "none") return Autolag::none;
  throw Error(fmt::format("unknown lag selection '{}' (expected aic, bic, t-stat or none)", text));
}

AdfResult adf(std::span<const double> x, const AdfOptions& options) {
  check_series(x, "ADF", 4);
  const int n = int(x.size());
  const int deterministic = trend_columns(options.trend);
  const int lag_cap = n / 2 - deterministic - 1;
  int max_lag;
  if (options.max_lag) {
    max_lag = *options.max_lag;
    if (max_lag < 0 || max_lag > lag_cap) {
      throw Error(fmt::format("ADF: max lag {} must be between 0 and nobs/2 - 1 - trend terms = {}",
                              max_lag, lag_cap));
    }
  } else {
    max_lag = std::min(lag_cap, int(std::ceil(12.0 * std::pow(n / 100.0, 0.25))));
    if (max_lag < 0) {
      throw Error(fmt::format("ADF: {} observations are too few for trend '{}'", n,
                              to_string(options.trend)));
    }
  }
  std::vector<double> diff(n - 1);
  for (int i = 0; i + 1 < n; ++i) diff[i] = x[i + 1] - x[i];

  AdfResult result;
  int used_lag = max_lag;
  if (options.autolag != Autolag::none) {
    // statsmodels orders the candidates' columns [trend, level, lag 1..k]; any order of the
    // same columns gives the same fits, so ours ends with the level, the lags nested before.
    const int rows = n - 1 - max_lag;
    Eigen::MatrixXd m = design(x, diff, max_lag, rows, options.trend);
    // Candidate with k lags: trend columns, lags 1..k, level. Reorder so each candidate is a
    // prefix: [trend, level, lag 1, ..., lag max].
    Eigen::MatrixXd reordered(rows, m.cols());
    reordered.leftCols(deterministic) = m.leftCols(deterministic);
    reordered.col(deterministic) = m.col(deterministic + max_lag);
    reordered.middleCols(deterministic + 1, max_lag) = m.middleCols(deterministic, max_lag);
    reordered.rightCols(1) = m.rightCols(1);
    const NestedFits fits(reordered);
    const int first = deterministic + 1;  // columns of the candidate without lags
    double best = 0;
    int best_columns = first;
    if (options.autolag == Autolag::t_stat) {
      best_columns = first + max_lag;
      for (int p = first + max_lag; p >= first; --p) {
        best = std::abs(fits.last_t(p));
        best_columns = p;
        if (best >= kSignificantT) break;
      }
    } else {
      for (int p = first; p <= first + max_lag; ++p) {
        const double penalty = options.autolag == Autolag::aic ? 2.0 * p : std::log(double(rows)) * p;
        const double ic = -2 * fits.llf(p) + penalty;
        if (p == first || ic < best) {
          best = ic;
          best_columns = p;
        }
      }
    }
    result.ic_best = best;
    used_lag = best_columns - first;
  }

  const int rows = n - 1 - used_lag;
  const NestedFits final_fit(design(x, diff, used_lag, rows, options.trend));
  const int columns = deterministic + used_lag + 1;
  result.statistic = final_fit.last_t(columns);
  result.used_lag = used_lag;
  result.nobs = rows;
  result.pvalue = mackinnon_p_value(result.statistic, options.trend, 1);
  result.crit_values = mackinnon_critical_values(options.trend, 1, double(rows));
  return result;
}

}  // namespace quantloop::stats
