#include "stats/garch.h"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <boost/math/special_functions/digamma.hpp>
#include <cmath>
#include <nlopt.hpp>
#include <numbers>
#include <random>

#include "core/error.h"
#include "core/random.h"
#include "stats/moments.h"
#include "stats/series_checks.h"

namespace quantloop::stats {

namespace {

const double kLog2Pi = std::log(2 * std::numbers::pi);
constexpr double kMaxPersistence = 1 - 1e-6;

// Positions of the parameters in the vector the optimiser sees (-1: not estimated).
struct Layout {
  int mu = -1, omega = 0, alpha = 1, beta = 2, nu = -1, size = 3;
};

Layout layout_for(const GarchOptions& options) {
  Layout l;
  int next = 0;
  if (options.mean == GarchMean::constant) l.mu = next++;
  l.omega = next++;
  l.alpha = next++;
  l.beta = next++;
  if (options.distribution == GarchDistribution::student_t) l.nu = next++;
  l.size = next;
  return l;
}

// arch's backcast: 0.94-weighted mean of the first min(75, n) squared residuals.
double arch_backcast(std::span<const double> residuals) {
  const std::size_t tau = std::min<std::size_t>(75, residuals.size());
  double weighted = 0, total = 0, w = 1;
  for (std::size_t i = 0; i < tau; ++i) {
    weighted += w * residuals[i] * residuals[i];
    total += w;
    w *= 0.94;
  }
  return weighted / total;
}

// The log-likelihood with its exact gradient, by differentiating the variance recursion along
// with it (four running derivatives), and optionally the per-observation scores.
class Likelihood {
 public:
  Likelihood(std::span<const double> y, const GarchOptions& options)
      : y_(y), options_(options), layout_(layout_for(options)) {
    const double mean = options.mean == GarchMean::constant ? stats::mean(y) : 0.0;
    std::vector<double> residuals(y.begin(), y.end());
    for (double& e : residuals)
      e -= mean;
    backcast_ = arch_backcast(residuals);
  }

  const Layout& layout() const { return layout_; }

  GarchParameters unpack(const double* theta) const {
    GarchParameters p;
    p.mu = layout_.mu >= 0 ? theta[layout_.mu] : 0.0;
    p.omega = theta[layout_.omega];
    p.alpha = theta[layout_.alpha];
    p.beta = theta[layout_.beta];
    if (layout_.nu >= 0) p.nu = theta[layout_.nu];
    return p;
  }

  // The log-likelihood, and its gradient when `gradient` is not null. The variance recursion
  // runs first; logs and per-observation terms are then computed over whole arrays (SIMD); the
  // gradient comes from one backward (adjoint) recursion, lambda_t = dl_t/dsigma2_t +
  // beta lambda_{t+1}, instead of four forward derivative recursions. Returns -infinity where
  // the variance leaves (0, inf).
  double evaluate(const double* theta, double* gradient) const {
    const GarchParameters p = unpack(theta);
    const Eigen::Index n = Eigen::Index(y_.size());
    Buffers& b = buffers();
    b.resize(n);
    const auto [start, start_dmu] = variance_start(p);
    for (Eigen::Index t = 0; t < n; ++t)
      b.e[t] = y_[t] - p.mu;
    // The recursion sigma2(t+1) = omega + alpha e(t)^2 + beta sigma2(t), two steps at a time:
    // sigma2(t+2) = omega (1 + beta) + alpha e(t+1)^2 + alpha beta e(t)^2 + beta^2 sigma2(t)
    // halves the chain of dependent operations that bounds its speed.
    const double beta2 = p.beta * p.beta, omega2 = p.omega * (1 + p.beta),
                 alpha_beta = p.alpha * p.beta;
    double sigma2 = p.omega + (p.alpha + p.beta) * start;
    Eigen::Index t = 0;
    for (; t + 1 < n; t += 2) {
      const double e0 = b.e[t] * b.e[t], e1 = b.e[t + 1] * b.e[t + 1];
      b.sigma2[t] = sigma2;
      b.sigma2[t + 1] = p.omega + p.alpha * e0 + p.beta * sigma2;
      sigma2 = (omega2 + p.alpha * e1 + alpha_beta * e0) + beta2 * sigma2;
    }
    if (t < n) b.sigma2[t] = sigma2;
    if (!(b.sigma2 > 0).all() || !b.sigma2.isFinite().all()) {
      return -std::numeric_limits<double>::infinity();
    }
    const bool student = layout_.nu >= 0;
    double loglik;
    b.inverse = b.sigma2.inverse();      // one division per observation, reused below
    b.ratio = b.e.square() * b.inverse;  // e^2 / sigma^2
    if (!student) {
      loglik = -0.5 * (double(n) * kLog2Pi + b.sigma2.log().sum() + b.ratio.sum());
      if (!gradient) return loglik;
      b.dl_dsigma2 = 0.5 * (b.ratio - 1) * b.inverse;
      b.dl_dmu = b.e * b.inverse;
    } else {
      const double nu = p.nu;
      b.q = b.ratio / (nu - 2);
      const double constant = std::lgamma((nu + 1) / 2) - std::lgamma(nu / 2) -
                              0.5 * std::log(std::numbers::pi * (nu - 2));
      loglik = double(n) * constant - 0.5 * b.sigma2.log().sum() - (nu + 1) / 2 * b.q.log1p().sum();
      if (!gradient) return loglik;
      b.dl_dsigma2 = (-0.5 + (nu + 1) / 2 * b.q / (1 + b.q)) * b.inverse;
      b.dl_dmu = (nu + 1) / (nu - 2) * b.e * b.inverse / (1 + b.q);
      const double d_constant = 0.5 * boost::math::digamma((nu + 1) / 2) -
                                0.5 * boost::math::digamma(nu / 2) - 0.5 / (nu - 2);
      gradient[layout_.nu] = double(n) * d_constant - 0.5 * b.q.log1p().sum() +
                             (nu + 1) / 2 * (b.q / ((nu - 2) * (1 + b.q))).sum();
    }
    // Backward pass: lambda_t, the total effect of sigma2_t on the log-likelihood, and the
    // direct effect of each parameter on sigma2_t (t >= 1: e_{t-1}^2, sigma2_{t-1}, -2 alpha
    // e_{t-1}). lambda(t) = a(t) + beta lambda(t+1), two steps at a time like the forward
    // recursion.
    double lambda = 0, d_omega = 0, d_alpha = 0, d_beta = 0, d_mu = 0;
    auto accumulate = [&](Eigen::Index t, double l) {
      const double e_previous = b.e[t - 1];
      d_omega += l;
      d_alpha += l * e_previous * e_previous;
      d_beta += l * b.sigma2[t - 1];
      d_mu -= l * 2 * p.alpha * e_previous;
    };
    t = n - 1;
    for (; t >= 2; t -= 2) {
      const double a1 = b.dl_dsigma2[t], a0 = b.dl_dsigma2[t - 1];
      const double lambda1 = a1 + p.beta * lambda;
      lambda = (a0 + p.beta * a1) + beta2 * lambda;
      accumulate(t, lambda1);
      accumulate(t - 1, lambda);
    }
    for (; t >= 1; --t) {
      lambda = b.dl_dsigma2[t] + p.beta * lambda;
      accumulate(t, lambda);
    }
    lambda = b.dl_dsigma2[0] + p.beta * lambda;  // sigma2_0 = omega + (alpha + beta) start
    gradient[layout_.omega] = d_omega + lambda;
    gradient[layout_.alpha] = d_alpha + lambda * start;
    gradient[layout_.beta] = d_beta + lambda * start;
    if (layout_.mu >= 0)
      gradient[layout_.mu] = d_mu + lambda * (p.alpha + p.beta) * start_dmu + b.dl_dmu.sum();
    return loglik;
  }

  // Per-observation scores (n x k, row-major), the conditional variances and the residuals, by
  // forward derivative recursions: what the robust standard errors need, once per fit.
  void observations(const double* theta, std::vector<double>& scores, std::vector<double>& variance,
                    std::vector<double>& residuals) const {
    const GarchParameters p = unpack(theta);
    const int k = layout_.size;
    const std::size_t n = y_.size();
    const bool student = layout_.nu >= 0;
    const auto [start, start_dmu] = variance_start(p);
    double sigma2 = p.omega + (p.alpha + p.beta) * start;
    // d sigma^2 / d (mu, omega, alpha, beta)
    double d_mu = (p.alpha + p.beta) * start_dmu, d_omega = 1, d_alpha = start, d_beta = start;
    double d_constant_nu = 0;
    if (student) {
      d_constant_nu = 0.5 * boost::math::digamma((p.nu + 1) / 2) -
                      0.5 * boost::math::digamma(p.nu / 2) - 0.5 / (p.nu - 2);
    }
    scores.assign(n * k, 0.0);
    variance.resize(n);
    residuals.resize(n);
    for (std::size_t t = 0; t < n; ++t) {
      const double e = y_[t] - p.mu;
      double dl_dsigma2, dl_dmu_direct, dl_dnu = 0;
      if (!student) {
        dl_dsigma2 = -0.5 / sigma2 + 0.5 * e * e / (sigma2 * sigma2);
        dl_dmu_direct = e / sigma2;
      } else {
        const double q = e * e / (sigma2 * (p.nu - 2));
        dl_dsigma2 = -0.5 / sigma2 + (p.nu + 1) / 2 * q / (1 + q) / sigma2;
        dl_dmu_direct = (p.nu + 1) * e / (sigma2 * (p.nu - 2) * (1 + q));
        dl_dnu = d_constant_nu - 0.5 * std::log1p(q) + (p.nu + 1) / 2 * q / ((p.nu - 2) * (1 + q));
      }
      double* row = scores.data() + t * k;
      if (layout_.mu >= 0) row[layout_.mu] = dl_dsigma2 * d_mu + dl_dmu_direct;
      row[layout_.omega] = dl_dsigma2 * d_omega;
      row[layout_.alpha] = dl_dsigma2 * d_alpha;
      row[layout_.beta] = dl_dsigma2 * d_beta;
      if (student) row[layout_.nu] = dl_dnu;
      variance[t] = sigma2;
      residuals[t] = e;
      d_mu = -2 * p.alpha * e + p.beta * d_mu;
      d_omega = 1 + p.beta * d_omega;
      d_alpha = e * e + p.beta * d_alpha;
      d_beta = sigma2 + p.beta * d_beta;
      sigma2 = p.omega + p.alpha * e * e + p.beta * sigma2;
    }
  }

 private:
  // Arrays reused across evaluations on a thread (an optimisation evaluates dozens of times).
  struct Buffers {
    Eigen::ArrayXd e, sigma2, inverse, ratio, q, dl_dsigma2, dl_dmu;
    void resize(Eigen::Index n) {
      for (Eigen::ArrayXd* a : {&e, &sigma2, &inverse, &ratio, &q, &dl_dsigma2, &dl_dmu}) {
        if (a->size() != n) a->resize(n);
      }
    }
  };
  static Buffers& buffers() {
    thread_local Buffers b;
    return b;
  }

  // What stands for e_{-1}^2 and sigma^2_{-1}, and its derivative in mu.
  std::pair<double, double> variance_start(const GarchParameters& p) const {
    if (options_.start == VarianceStart::backcast) return {backcast_, 0.0};
    double sum_e = 0, sum_e2 = 0;
    for (double v : y_) {
      const double e = v - p.mu;
      sum_e += e;
      sum_e2 += e * e;
    }
    const double n = double(y_.size());
    return {sum_e2 / n, -2 * sum_e / n};
  }

  std::span<const double> y_;
  GarchOptions options_;
  Layout layout_;
  double backcast_ = 0;
};

// What the optimiser sees: the negative mean log-likelihood of scaled parameters
// (theta = x * scale), so that every coordinate is of order one.
struct Problem {
  const Likelihood* likelihood;
  std::vector<double> scale;
  int evaluations = 0;
};

double objective(unsigned k, const double* x, double* grad, void* data) {
  auto* problem = static_cast<Problem*>(data);
  ++problem->evaluations;
  std::vector<double> theta(k), g(k);
  for (unsigned i = 0; i < k; ++i)
    theta[i] = x[i] * problem->scale[i];
  double ll = problem->likelihood->evaluate(theta.data(), grad ? g.data() : nullptr);
  if (!std::isfinite(ll)) {
    if (grad) std::fill(grad, grad + k, 0.0);
    return 1e300;
  }
  if (grad) {
    for (unsigned i = 0; i < k; ++i)
      grad[i] = -g[i] * problem->scale[i];
  }
  return -ll;
}

double persistence(unsigned k, const double* x, double* grad, void* data) {
  auto* problem = static_cast<Problem*>(data);
  const Layout& l = problem->likelihood->layout();
  if (grad) {
    std::fill(grad, grad + k, 0.0);
    grad[l.alpha] = problem->scale[l.alpha];
    grad[l.beta] = problem->scale[l.beta];
  }
  return x[l.alpha] * problem->scale[l.alpha] + x[l.beta] * problem->scale[l.beta] -
         kMaxPersistence;
}

struct Optimum {
  std::vector<double> theta;
  double loglik = -std::numeric_limits<double>::infinity();
  int evaluations = 0;
  std::string message;
  bool optimiser_succeeded = false;
};

Optimum optimise(const Likelihood& likelihood, const std::vector<double>& start,
                 const std::vector<double>& lower, const std::vector<double>& upper,
                 const std::vector<double>& scale, int max_evaluations) {
  const unsigned k = unsigned(start.size());
  Problem problem{&likelihood, scale};
  nlopt::opt opt(nlopt::LD_SLSQP, k);
  std::vector<double> x(k), lb(k), ub(k);
  for (unsigned i = 0; i < k; ++i) {
    x[i] = start[i] / scale[i];
    lb[i] = lower[i] / scale[i];
    ub[i] = upper[i] / scale[i];
  }
  opt.set_lower_bounds(lb);
  opt.set_upper_bounds(ub);
  opt.set_min_objective(objective, &problem);
  opt.add_inequality_constraint(persistence, &problem, 1e-12);
  opt.set_ftol_rel(1e-13);
  opt.set_xtol_rel(1e-10);
  opt.set_maxeval(max_evaluations);
  Optimum result;
  double minimum = 0;
  try {
    const nlopt::result code = opt.optimize(x, minimum);
    result.optimiser_succeeded = code > 0;
    result.message =
        code == nlopt::MAXEVAL_REACHED ? "evaluation limit reached" : "optimiser converged";
  } catch (const nlopt::roundoff_limited&) {
    // The objective cannot improve at double precision: a stop at the optimum, usually.
    result.optimiser_succeeded = true;
    result.message = "optimiser stopped at the limit of floating-point precision";
  } catch (const std::exception& e) {
    result.message = std::string("optimiser failed: ") + e.what();
  }
  result.theta.resize(k);
  for (unsigned i = 0; i < k; ++i)
    result.theta[i] = x[i] * scale[i];
  result.loglik = likelihood.evaluate(result.theta.data(), nullptr);
  result.evaluations = problem.evaluations;
  return result;
}

double excess_kurtosis_start(std::span<const double> y, double mean, double variance) {
  double m4 = 0;
  for (double v : y)
    m4 += std::pow(v - mean, 4);
  const double kurtosis = m4 / double(y.size()) / (variance * variance);
  // arch's starting value for Student's nu, from the sample kurtosis.
  return std::max(kurtosis > 3.75 ? (4 * kurtosis - 6) / (kurtosis - 3) : 12.0, 4.0);
}

}  // namespace

double garch_loglik(std::span<const double> y, const GarchParameters& params,
                    const GarchOptions& options) {
  check_series(y, "GARCH", 20);
  const Likelihood likelihood(y, options);
  const Layout& l = likelihood.layout();
  std::vector<double> theta(l.size);
  if (l.mu >= 0) theta[l.mu] = params.mu;
  theta[l.omega] = params.omega;
  theta[l.alpha] = params.alpha;
  theta[l.beta] = params.beta;
  if (l.nu >= 0) theta[l.nu] = params.nu;
  return likelihood.evaluate(theta.data(), nullptr);
}

GarchFit fit_garch(std::span<const double> y, const GarchOptions& options) {
  check_series(y, "GARCH", 20);
  const Likelihood likelihood(y, options);
  const Layout& l = likelihood.layout();
  const int k = l.size;
  const double n = double(y.size());
  const double mean = stats::mean(y);
  const double centre = options.mean == GarchMean::constant ? mean : 0.0;
  double variance = 0, mean_abs2 = 0;
  for (double v : y) {
    variance += (v - mean) * (v - mean);
    mean_abs2 += (v - centre) * (v - centre);
  }
  variance /= n;
  mean_abs2 /= n;
  const double sd = std::sqrt(variance);

  // Bounds as arch sets them, and a scale per parameter so the optimiser sees order-one values.
  std::vector<double> lower(k), upper(k), scale(k, 1.0);
  if (l.mu >= 0) {
    lower[l.mu] = mean - 10 * sd - std::abs(mean);
    upper[l.mu] = mean + 10 * sd + std::abs(mean);
    scale[l.mu] = sd;
  }
  lower[l.omega] = 1e-8 * mean_abs2;
  upper[l.omega] = 10 * mean_abs2;
  scale[l.omega] = mean_abs2;
  lower[l.alpha] = 0;
  upper[l.alpha] = 1;
  lower[l.beta] = 0;
  upper[l.beta] = 1;
  if (l.nu >= 0) {
    lower[l.nu] = 2.05;
    upper[l.nu] = 500;
    scale[l.nu] = 10;
  }

  // arch's grid of starting values; the optimiser starts from the best few of them.
  std::vector<std::pair<double, std::vector<double>>> starts;
  for (double alpha : {0.01, 0.05, 0.1, 0.2}) {
    for (double persistence : {0.5, 0.7, 0.9, 0.98}) {
      std::vector<double> theta(k);
      if (l.mu >= 0) theta[l.mu] = mean;
      theta[l.omega] = variance * (1 - persistence);
      theta[l.alpha] = alpha;
      theta[l.beta] = persistence - alpha;
      if (l.nu >= 0) theta[l.nu] = excess_kurtosis_start(y, mean, variance);
      starts.emplace_back(likelihood.evaluate(theta.data(), nullptr), theta);
    }
  }
  std::sort(starts.begin(), starts.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });

  // One start normally suffices. A fit that lands on beta = 0, or does not converge, is
  // re-run from the next starts and the best likelihood kept: a local optimum at beta = 0 is
  // how some GARCH fitters silently fail.
  Optimum best;
  int evaluations = 0;
  for (std::size_t attempt = 0; attempt < 3 && attempt < starts.size(); ++attempt) {
    Optimum candidate =
        optimise(likelihood, starts[attempt].second, lower, upper, scale, options.max_evaluations);
    evaluations += candidate.evaluations;
    if (candidate.loglik > best.loglik) best = std::move(candidate);
    if (best.optimiser_succeeded && best.theta[l.beta] > 0.01) break;
  }

  GarchFit fit;
  fit.params = likelihood.unpack(best.theta.data());
  fit.nobs = int(y.size());
  fit.parameters = k;
  fit.evaluations = evaluations;
  std::vector<double> scores, gradient(k);
  fit.loglik = likelihood.evaluate(best.theta.data(), gradient.data());
  likelihood.observations(best.theta.data(), scores, fit.conditional_variance, fit.residuals);
  fit.aic = -2 * fit.loglik + 2 * k;
  fit.bic = -2 * fit.loglik + k * std::log(n);

  // First-order conditions: each free coordinate's mean score vanishes (scaled units).
  bool stationary = best.optimiser_succeeded && std::isfinite(fit.loglik);
  const bool persistence_binding = fit.params.alpha + fit.params.beta > kMaxPersistence - 1e-7;
  for (int i = 0; i < k && stationary; ++i) {
    const bool at_lower = best.theta[i] <= lower[i] + 1e-9 * scale[i];
    const bool at_upper = best.theta[i] >= upper[i] - 1e-9 * scale[i];
    const double slope = gradient[i] * scale[i] / n;
    if ((at_lower && slope <= 0) || (at_upper && slope >= 0)) continue;
    if (persistence_binding && (i == l.alpha || i == l.beta)) continue;
    if (std::abs(slope) > 1e-4) stationary = false;
  }
  fit.converged = stationary;
  fit.message = stationary ? best.message
                           : (best.optimiser_succeeded
                                  ? "the gradient does not vanish at the optimiser's stop"
                                  : best.message);

  // Standard errors: Hessian by central differences of the analytic gradient.
  Eigen::MatrixXd hessian(k, k);
  for (int j = 0; j < k; ++j) {
    const double h = 1e-5 * std::max(std::abs(best.theta[j]), scale[j] * 1e-2);
    std::vector<double> plus = best.theta, minus = best.theta, g_plus(k), g_minus(k);
    plus[j] += h;
    minus[j] -= h;
    likelihood.evaluate(plus.data(), g_plus.data());
    likelihood.evaluate(minus.data(), g_minus.data());
    for (int i = 0; i < k; ++i)
      hessian(i, j) = -(g_plus[i] - g_minus[i]) / (2 * h);
  }
  hessian = (hessian + hessian.transpose()) / 2;
  Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>
      score_matrix(scores.data(), Eigen::Index(y.size()), k);
  const Eigen::MatrixXd centred = score_matrix.rowwise() - score_matrix.colwise().mean();
  const Eigen::MatrixXd score_cov = centred.transpose() * centred / (n - 1);
  const Eigen::MatrixXd average_hessian_inverse = (hessian / n).inverse();
  const Eigen::MatrixXd robust = average_hessian_inverse * score_cov * average_hessian_inverse / n;
  const Eigen::MatrixXd classical = average_hessian_inverse / n;
  auto pack = [&](const Eigen::MatrixXd& cov) {
    std::vector<double> se(k);
    for (int i = 0; i < k; ++i)
      se[i] = cov(i, i) > 0 ? std::sqrt(cov(i, i)) : std::nan("");
    GarchParameters p = likelihood.unpack(se.data());
    if (l.mu < 0) p.mu = std::nan("");
    if (l.nu < 0) p.nu = std::nan("");
    return p;
  };
  fit.std_errors = pack(robust);
  fit.classical_std_errors = pack(classical);
  return fit;
}

std::vector<double> garch_variance_path(const GarchParameters& p, std::span<const double> residuals,
                                        double initial_variance) {
  std::vector<double> v(residuals.size() + 1);
  v[0] = initial_variance;
  for (std::size_t t = 0; t < residuals.size(); ++t) {
    const double e = residuals[t] - p.mu;
    v[t + 1] = p.omega + p.alpha * e * e + p.beta * v[t];
  }
  return v;
}

double unconditional_variance(const GarchParameters& p) {
  const double persistence = p.alpha + p.beta;
  return p.omega > 0 && persistence < 1 ? p.omega / (1 - persistence)
                                        : std::numeric_limits<double>::quiet_NaN();
}

std::vector<double> forecast_variance(const GarchFit& fit, int horizon) {
  if (fit.conditional_variance.empty()) throw Error("GARCH forecast: the fit has no data");
  if (horizon < 1)
    throw Error(fmt::format("GARCH forecast: horizon {} must be at least 1", horizon));
  const auto& p = fit.params;
  const double e = fit.residuals.back();
  std::vector<double> forecast(horizon);
  forecast[0] = p.omega + p.alpha * e * e + p.beta * fit.conditional_variance.back();
  for (int h = 1; h < horizon; ++h)
    forecast[h] = p.omega + (p.alpha + p.beta) * forecast[h - 1];
  return forecast;
}

std::vector<double> simulate_garch(const GarchParameters& params, GarchDistribution distribution,
                                   int n, std::uint64_t seed, int burn_in) {
  if (!(params.omega > 0) || params.alpha < 0 || params.beta < 0 ||
      params.alpha + params.beta >= 1) {
    throw Error("GARCH simulation needs omega > 0, alpha, beta >= 0 and alpha + beta < 1");
  }
  if (distribution == GarchDistribution::student_t && !(params.nu > 2)) {
    throw Error("GARCH simulation with Student t needs nu > 2");
  }
  NormalGenerator normal(seed);
  std::chi_squared_distribution<double> chi_squared(
      distribution == GarchDistribution::student_t ? params.nu : 1.0);
  auto innovation = [&] {
    const double z = normal();
    if (distribution == GarchDistribution::normal) return z;
    // A t variate rescaled to unit variance.
    return z / std::sqrt(chi_squared(normal.engine()) / params.nu) *
           std::sqrt((params.nu - 2) / params.nu);
  };
  double sigma2 = params.omega / (1 - params.alpha - params.beta);
  std::vector<double> y;
  y.reserve(n);
  for (int t = 0; t < burn_in + n; ++t) {
    const double e = std::sqrt(sigma2) * innovation();
    if (t >= burn_in) y.push_back(params.mu + e);
    sigma2 = params.omega + params.alpha * e * e + params.beta * sigma2;
  }
  return y;
}

}  // namespace quantloop::stats
