#pragma once

#include <Eigen/Core>

namespace quantloop::stats {

// Ordinary least squares of y on the columns of X (include a column of ones for an intercept),
// with statsmodels' definitions: scale = ssr / df_resid, bse = sqrt(diag(scale (X'X)^-1)),
// llf the Gaussian log-likelihood at sigma^2 = ssr / nobs, aic = -2 llf + 2k,
// bic = -2 llf + k log(nobs), and R^2 centred when X has a constant column, uncentred
// otherwise. Solved by Householder QR with column pivoting.
struct OlsResult {
  Eigen::VectorXd params;
  Eigen::VectorXd bse;
  Eigen::VectorXd tvalues;
  Eigen::VectorXd pvalues;  // two-sided, Student t with df_resid degrees of freedom
  Eigen::VectorXd resid;
  double ssr = 0;
  double scale = 0;
  double rsquared = 0;
  double rsquared_adj = 0;
  double llf = 0;
  double aic = 0;
  double bic = 0;
  int nobs = 0;
  int df_resid = 0;
  bool has_constant = false;
};

// The coefficients and residuals alone, for callers that need no inference (the
// cointegrating regression of a pair scan). Same checks and errors as ols().
struct LeastSquares {
  Eigen::VectorXd params;
  Eigen::VectorXd resid;
  double ssr = 0;
};
LeastSquares least_squares(const Eigen::Ref<const Eigen::MatrixXd>& X,
                           const Eigen::Ref<const Eigen::VectorXd>& y);

// Throws Error for fewer rows than columns, non-finite values, or perfectly collinear
// columns (rank-deficient X), naming which.
OlsResult ols(const Eigen::Ref<const Eigen::MatrixXd>& X,
              const Eigen::Ref<const Eigen::VectorXd>& y);

}  // namespace quantloop::stats
