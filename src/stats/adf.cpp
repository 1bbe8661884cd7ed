#include "stats/adf.h"

#include <fmt/format.h>

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/error.h"
#include "stats/mackinnon.h"
#include "stats/series_checks.h"

namespace quantloop::stats {

namespace {

// statsmodels' t-stat lag rule: stop at the longest lag with |t| >= z(0.95).
constexpr double kSignificantT = 1.6448536269514722;

// Buffers reused across calls on a thread: a pair scan runs thousands of ADF regressions, and
// fresh ~100 KB matrices each time cost more in page faults than the arithmetic.
struct Workspace {
  std::vector<double> diff;
  std::vector<double> design;
};
thread_local Workspace workspace;

// The ADF design for `lags` lagged differences over the last `rows` differences, with each
// candidate regression a prefix of its columns: [deterministic terms..., level(t-1),
// d(t-1), ..., d(t-lags), d(t)]; the last column is the regressand. The trend is rescaled
// (t/rows): the same column space as statsmodels' 1, 2, ..., so the same fit, better
// conditioned.
Eigen::Map<Eigen::MatrixXd> design(std::span<const double> x, const std::vector<double>& diff,
                                   int lags, int rows, Trend trend) {
  const int columns = trend_columns(trend) + lags + 2;
  workspace.design.resize(std::size_t(rows) * columns);
  Eigen::Map<Eigen::MatrixXd> m(workspace.design.data(), rows, columns);
  const int first = int(diff.size()) - rows;  // index in diff of the first regressand
  int c = 0;
  for (int r = 0; r < rows; ++r) {
    const double s = double(r + 1) / rows;
    c = 0;
    if (trend != Trend::n) m(r, c++) = 1.0;
    if (trend == Trend::ct || trend == Trend::ctt) m(r, c++) = s;
    if (trend == Trend::ctt) m(r, c++) = s * s;
  }
  for (int r = 0; r < rows; ++r)
    m(r, c) = x[first + r];  // the level before d(t) = x(t+1) - x(t)
  for (int lag = 1; lag <= lags; ++lag) {
    for (int r = 0; r < rows; ++r)
      m(r, c + lag) = diff[first + r - lag];
  }
  for (int r = 0; r < rows; ++r)
    m(r, columns - 1) = diff[first + r];
  return m;
}

// All nested regressions of the last column on the leading columns, from one factorisation:
// with R the Cholesky factor of the (column-equilibrated) Gram matrix of [X | y], the
// residual sum of squares of y on the first p columns is the squared norm of R's last column
// below row p, and the coefficient of column p-1 has t = R(p-1, y) / sigma. The Gram matrix
// is one small matrix product; equilibration keeps its conditioning near that of X's
// correlation structure, so statistics agree with QR to ~1e-12.
class NestedFits {
 public:
  explicit NestedFits(const Eigen::Map<Eigen::MatrixXd>& augmented)
      : rows_(int(augmented.rows())), y_(int(augmented.cols()) - 1) {
    const int k = int(augmented.cols());
    Eigen::MatrixXd gram(k, k);
    gram.setZero();
    gram.selfadjointView<Eigen::Lower>().rankUpdate(augmented.transpose());
    const Eigen::VectorXd scale = gram.diagonal().cwiseSqrt();
    if ((scale.array() == 0).any()) throw Error("ADF: a regressor is zero throughout");
    y_scale_squared_ = gram(y_, y_);
    const Eigen::VectorXd inverse_scale = scale.cwiseInverse();
    gram = gram.selfadjointView<Eigen::Lower>();
    gram = inverse_scale.asDiagonal() * gram * inverse_scale.asDiagonal();
    Eigen::LLT<Eigen::MatrixXd> cholesky(gram);
    if (cholesky.info() != Eigen::Success) throw Error("ADF: regressors are perfectly collinear");
    r_ = cholesky.matrixU();
  }
  double ssr(int p) const {
    return r_.col(y_).segment(p, y_ + 1 - p).squaredNorm() * y_scale_squared_;
  }
  double last_t(int p) const {
    const double scaled_ssr = r_.col(y_).segment(p, y_ + 1 - p).squaredNorm();
    if (r_(p - 1, p - 1) <= 1e-13) throw Error("ADF: regressors are perfectly collinear");
    return r_(p - 1, y_) / std::sqrt(scaled_ssr / (rows_ - p));
  }
  double llf(int p) const {
    return -0.5 * rows_ * (std::log(2 * std::numbers::pi) + std::log(ssr(p) / rows_) + 1);
  }
  // The t-value of coefficient j in the regression on the first p columns: beta = R_p^-1 r_y
  // and var(beta_j) = sigma^2 |row j of R_p^-1|^2 (column scaling cancels in the ratio).
  double t_value(int p, int j) const {
    const auto r_p = r_.topLeftCorner(p, p).triangularView<Eigen::Upper>();
    const Eigen::VectorXd beta = r_p.solve(r_.col(y_).head(p));
    const Eigen::MatrixXd inverse = r_p.solve(Eigen::MatrixXd::Identity(p, p));
    const double sigma2 = r_.col(y_).segment(p, y_ + 1 - p).squaredNorm() / (rows_ - p);
    return beta(j) / std::sqrt(sigma2 * inverse.row(j).squaredNorm());
  }

 private:
  int rows_;
  int y_;
  double y_scale_squared_ = 1;
  Eigen::MatrixXd r_;
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
  std::vector<double>& diff = workspace.diff;
  diff.resize(n - 1);
  for (int i = 0; i + 1 < n; ++i)
    diff[i] = x[i + 1] - x[i];

  AdfResult result;
  int used_lag = max_lag;
  if (options.autolag != Autolag::none) {
    // Candidates on the same rows: trend terms, the level, then 0..max_lag lags (statsmodels'
    // column order, so each candidate is a prefix of the design).
    const int rows = n - 1 - max_lag;
    const NestedFits fits(design(x, diff, max_lag, rows, options.trend));
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
        const double penalty =
            options.autolag == Autolag::aic ? 2.0 * p : std::log(double(rows)) * p;
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
  result.statistic = final_fit.t_value(deterministic + 1 + used_lag, deterministic);  // the level
  result.used_lag = used_lag;
  result.nobs = rows;
  result.pvalue = mackinnon_p_value(result.statistic, options.trend, 1);
  result.crit_values = mackinnon_critical_values(options.trend, 1, double(rows));
  return result;
}

}  // namespace quantloop::stats
