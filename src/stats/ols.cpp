#include "stats/ols.h"

#include <fmt/format.h>

#include <Eigen/QR>
#include <cmath>
#include <numbers>

#include "core/error.h"
#include "stats/distributions.h"

namespace quantloop::stats {

namespace {

Eigen::ColPivHouseholderQR<Eigen::MatrixXd> factorise(const Eigen::Ref<const Eigen::MatrixXd>& X,
                                                      const Eigen::Ref<const Eigen::VectorXd>& y) {
  const int n = int(X.rows()), k = int(X.cols());
  if (y.size() != n)
    throw Error(fmt::format("OLS: {} observations of y but {} rows of X", y.size(), n));
  if (n <= k) throw Error(fmt::format("OLS: {} observations are too few for {} regressors", n, k));
  if (!X.allFinite() || !y.allFinite()) throw Error("OLS: the data contain NaN or infinite values");
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(X);
  qr.setThreshold(1e-12);
  if (qr.rank() < k) {
    throw Error(
        fmt::format("OLS: the {} regressors are perfectly collinear (rank {})", k, qr.rank()));
  }
  return qr;
}

}  // namespace

LeastSquares least_squares(const Eigen::Ref<const Eigen::MatrixXd>& X,
                           const Eigen::Ref<const Eigen::VectorXd>& y) {
  const auto qr = factorise(X, y);
  LeastSquares fit;
  fit.params = qr.solve(y);
  fit.resid = y - X * fit.params;
  fit.ssr = fit.resid.squaredNorm();
  return fit;
}

OlsResult ols(const Eigen::Ref<const Eigen::MatrixXd>& X,
              const Eigen::Ref<const Eigen::VectorXd>& y) {
  const int n = int(X.rows()), k = int(X.cols());
  const auto qr = factorise(X, y);
  OlsResult r;
  r.nobs = n;
  r.df_resid = n - k;
  r.params = qr.solve(y);
  r.resid = y - X * r.params;
  r.ssr = r.resid.squaredNorm();
  r.scale = r.ssr / r.df_resid;
  // (X'X)^-1 = P R^-1 R^-T P'
  const auto R = qr.matrixR().topLeftCorner(k, k).triangularView<Eigen::Upper>();
  Eigen::MatrixXd r_inverse = R.solve(Eigen::MatrixXd::Identity(k, k));
  Eigen::VectorXd diagonal = (r_inverse.rowwise().squaredNorm());
  Eigen::VectorXd unpermuted(k);
  for (int i = 0; i < k; ++i)
    unpermuted(qr.colsPermutation().indices()(i)) = diagonal(i);
  r.bse = (unpermuted * r.scale).cwiseSqrt();
  r.tvalues = r.params.cwiseQuotient(r.bse);
  r.pvalues.resize(k);
  for (int i = 0; i < k; ++i)
    r.pvalues(i) = t_two_sided_p(r.tvalues(i), r.df_resid);

  for (int j = 0; j < k && !r.has_constant; ++j) {
    r.has_constant = X.col(j).maxCoeff() == X.col(j).minCoeff() && X(0, j) != 0;
  }
  const double total = r.has_constant ? (y.array() - y.mean()).square().sum() : y.squaredNorm();
  r.rsquared = 1 - r.ssr / total;
  r.rsquared_adj = 1 - (n - (r.has_constant ? 1 : 0)) * (1 - r.rsquared) / r.df_resid;
  r.llf = -0.5 * n * (std::log(2 * std::numbers::pi) + std::log(r.ssr / n) + 1);
  r.aic = -2 * r.llf + 2 * k;
  r.bic = -2 * r.llf + std::log(double(n)) * k;
  return r;
}

}  // namespace quantloop::stats
