#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace quantloop::stats {

// GARCH(1,1): y_t = mu + e_t, e_t = sigma_t z_t, sigma_t^2 = omega + alpha e_{t-1}^2 +
// beta sigma_{t-1}^2, with z_t standard normal or standardised Student t (nu > 2 degrees of
// freedom), estimated by maximum likelihood subject to omega > 0, alpha, beta >= 0,
// alpha + beta < 1.

enum class GarchMean { constant, zero };
enum class GarchDistribution { normal, student_t };

// How the variance recursion starts, i.e. what stands for e_{-1}^2 and sigma_{-1}^2:
//  backcast            the arch package's: a 0.94-weighted average of the first 75 squared
//                      residuals about the sample mean, fixed for the fit;
//  mean_squared_error  fGarch's default ("mci"): the mean of e_t^2 at the current mu.
// Both converge to the same parameters on long series; log-likelihoods differ slightly.
enum class VarianceStart { backcast, mean_squared_error };

struct GarchOptions {
  GarchMean mean = GarchMean::constant;
  GarchDistribution distribution = GarchDistribution::normal;
  VarianceStart start = VarianceStart::backcast;
  int max_evaluations = 2000;
};

struct GarchParameters {
  double mu = 0;
  double omega = 0;
  double alpha = 0;
  double beta = 0;
  double nu = std::numeric_limits<double>::infinity();  // Student t only
};

struct GarchFit {
  GarchParameters params;
  GarchParameters std_errors;  // robust (Bollerslev-Wooldridge sandwich), as arch's default
  GarchParameters classical_std_errors;  // inverse Hessian
  double loglik = 0;
  double aic = 0;  // -2 loglik + 2 k
  double bic = 0;  // -2 loglik + k log n
  int nobs = 0;
  int parameters = 0;
  int evaluations = 0;
  // True when the optimiser stopped at a point where the gradient vanishes in every free
  // direction; false fits are returned, not hidden, with `message` saying why.
  bool converged = false;
  std::string message;
  std::vector<double> conditional_variance;  // sigma_t^2
  std::vector<double> residuals;             // e_t
};

// Throws Error for fewer than 20 observations, NaN or infinite values, or a constant series.
GarchFit fit_garch(std::span<const double> y, const GarchOptions& options = {});

// Log-likelihood of `params` on y under the options (for checks against other packages).
double garch_loglik(std::span<const double> y, const GarchParameters& params,
                    const GarchOptions& options = {});

// The model's conditional variances along `residuals` with fixed parameters (no fit): v[0] =
// `initial_variance`, the variance of residuals[0]; v[t+1] = omega + alpha (residuals[t] - mu)^2
// + beta v[t]. residuals.size() + 1 values: the last is the forecast for the period after them.
// The one recursion every filter of a fitted spread model uses (screening's holdout, the pair
// signals' carry from the scan, the dashboard's band, a pair GRU's inputs).
std::vector<double> garch_variance_path(const GarchParameters& params,
                                        std::span<const double> residuals, double initial_variance);

// The long-run variance omega / (1 - alpha - beta); NaN unless omega > 0 and alpha + beta < 1.
double unconditional_variance(const GarchParameters& params);

// Variance forecasts for the next `horizon` periods after the sample:
// sigma^2_{T+1} = omega + alpha e_T^2 + beta sigma_T^2, then
// sigma^2_{T+h} = omega + (alpha + beta) sigma^2_{T+h-1}.
std::vector<double> forecast_variance(const GarchFit& fit, int horizon);

// n draws of y from the model, after `burn_in` discarded draws started at the unconditional
// variance; reproducible for a seed.
std::vector<double> simulate_garch(const GarchParameters& params, GarchDistribution distribution,
                                   int n, std::uint64_t seed, int burn_in = 500);

}  // namespace quantloop::stats
