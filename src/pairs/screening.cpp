#include "pairs/screening.h"

#include <fmt/format.h>

#include <cmath>

#include "core/error.h"
#include "core/parallel.h"
#include "stats/adf.h"
#include "stats/coint.h"
#include "stats/correlation.h"
#include "stats/diagnostics.h"
#include "stats/distributions.h"
#include "stats/garch.h"
#include "stats/moments.h"

namespace quantloop::pairs {

namespace {

constexpr double kLog2Pi = 1.8378770664093453;

double logistic(double x) {
  return 1 / (1 + std::exp(-x));
}

std::vector<double> column(const Eigen::MatrixXd& m, Eigen::Index c, int rows) {
  std::vector<double> out(static_cast<std::size_t>(rows));
  for (int r = 0; r < rows; ++r)
    out[std::size_t(r)] = m(r, c);
  return out;
}

// Gaussian log-likelihood of changes d given variances.
double gaussian_loglik(const std::vector<double>& d, double mu, const std::vector<double>& var) {
  double ll = 0;
  for (std::size_t i = 0; i < d.size(); ++i)
    ll -= 0.5 * (kLog2Pi + std::log(var[i]) + (d[i] - mu) * (d[i] - mu) / var[i]);
  return ll;
}

// The z-score strategy on the holdout's spread: per-bar PnL in units of the formation's spread
// deviation, the position decided at a bar's close and held over the next bar.
std::vector<double> strategy_pnl(const std::vector<double>& spread, double mean, double sd,
                                 const ScreeningOptions& options) {
  std::vector<double> pnl;
  int position = 0;
  for (std::size_t t = 1; t < spread.size(); ++t) {
    pnl.push_back(position * (spread[t] - spread[t - 1]) / sd);
    const double z = (spread[t] - mean) / sd;
    if (t + 1 == spread.size()) {
      position = 0;
    } else if (position == 0 && std::abs(z) > options.entry_z) {
      position = z > 0 ? -1 : 1;
    } else if (position != 0 && std::abs(z) < options.exit_z) {
      position = 0;
    }
  }
  return pnl;
}

// Steps 4-6 for a cointegrated pair. The spread model: its change regressed on its lagged
// level (the mean reversion that makes a pair tradable), the residuals a GARCH(1,1).
void score(PairCandidate& c, const std::vector<double>& y, const std::vector<double>& x,
           int formation, const ScreeningOptions& options) {
  const int rows = int(y.size());
  std::vector<double> spread(static_cast<std::size_t>(rows));
  for (int r = 0; r < rows; ++r)
    spread[std::size_t(r)] = y[std::size_t(r)] - c.intercept - c.hedge_ratio * x[std::size_t(r)];
  const std::vector<double> formation_spread(spread.begin(), spread.begin() + formation);
  c.spread_mean = stats::mean(formation_spread);
  c.spread_sd = stats::sample_sd(formation_spread);
  // Mean reversion on the formation part: d_t = a + b s_{t-1} + u_t.
  const std::size_t n_fit = std::size_t(formation - 1);
  const stats::Reversion reversion = stats::fit_reversion(formation_spread);
  c.reversion_intercept = reversion.intercept;
  c.reversion_slope = reversion.slope;
  const std::vector<double> residuals = stats::reversion_residuals(spread, reversion);
  std::vector<double> changes;
  for (int r = 1; r < rows; ++r)
    changes.push_back(spread[std::size_t(r)] - spread[std::size_t(r - 1)]);
  const std::vector<double> fit_changes(changes.begin(), changes.begin() + long(n_fit));
  const std::vector<double> fit_residuals(residuals.begin(), residuals.begin() + long(n_fit));
  const std::vector<double> holdout_residuals(residuals.begin() + long(n_fit), residuals.end());

  stats::GarchFit fit;
  try {
    fit = stats::fit_garch(fit_residuals);
  } catch (const Error& e) {
    c.stage = "garch";
    c.reason = fmt::format("GARCH(1,1) cannot be fitted: {}", e.what());
    return;
  }
  // A spread without GARCH effects has a flat likelihood in beta (alpha near 0), where the
  // strict first-order test can fail: its best point is still the fit, and the score's
  // components say what it is worth.
  if (!std::isfinite(fit.loglik)) {
    c.stage = "garch";
    c.reason = "GARCH(1,1) has no finite likelihood: " + fit.message;
    return;
  }
  const stats::GarchParameters& p = fit.params;
  c.garch_mu = p.mu;
  c.garch_omega = p.omega;
  c.garch_alpha = p.alpha;
  c.garch_beta = p.beta;
  // The spread model's BIC (the GARCH's, plus a and b) against a random walk with a constant
  // variance (mean and variance by maximum likelihood) on the same changes.
  const double n = double(n_fit);
  c.garch_bic = fit.bic + 2 * std::log(n);
  const double mu0 = stats::mean(fit_changes);
  double var0 = 0;
  for (double d : fit_changes)
    var0 += (d - mu0) * (d - mu0) / n;
  c.constant_bic =
      -2 * gaussian_loglik(fit_changes, mu0, std::vector<double>(n_fit, var0)) + 2 * std::log(n);
  c.score_fit = logistic((c.constant_bic - c.garch_bic) / 2);

  // The holdout's residuals filtered with the formation's parameters: each bar's variance
  // forecast is made the bar before, from what was known then; against the formation
  // residuals' constant variance.
  std::vector<double> forecasts =
      stats::garch_variance_path(p, holdout_residuals, stats::forecast_variance(fit, 1)[0]);
  c.next_variance = forecasts.back();
  forecasts.pop_back();
  const double residual_mean = stats::mean(fit_residuals);
  double residual_var = 0;
  for (double u : fit_residuals)
    residual_var += (u - residual_mean) * (u - residual_mean) / n;
  c.score_volatility =
      logistic(gaussian_loglik(holdout_residuals, p.mu, forecasts) -
               gaussian_loglik(holdout_residuals, residual_mean,
                               std::vector<double>(holdout_residuals.size(), residual_var)));

  const std::vector<double> holdout_spread(spread.begin() + (formation - 1), spread.end());
  const std::vector<double> pnl = strategy_pnl(holdout_spread, c.spread_mean, c.spread_sd, options);
  const double pnl_sd = stats::sample_sd(pnl);
  c.score_trading =
      pnl_sd > 0 ? stats::normal_cdf(stats::mean(pnl) / pnl_sd * std::sqrt(double(pnl.size())))
                 : 0.5;

  std::vector<double> standardized;
  for (std::size_t i = 0; i < fit.residuals.size(); ++i)
    standardized.push_back(fit.residuals[i] / std::sqrt(fit.conditional_variance[i]));
  c.ljung_box_pvalue = stats::ljung_box(standardized, 10).back().pvalue;
  c.arch_lm_pvalue = stats::arch_lm(standardized, 5).lm_pvalue;
  try {
    c.adf_pvalue = stats::adf(formation_spread).pvalue;
  } catch (const Error&) {
    c.adf_pvalue = 1;
  }
  c.score_diagnostics =
      ((c.ljung_box_pvalue > 0.05) + (c.arch_lm_pvalue > 0.05) + (c.adf_pvalue < 0.05)) / 3.0;
  c.score = 0.4 * c.score_fit + 0.3 * c.score_volatility + 0.2 * c.score_trading +
            0.1 * c.score_diagnostics;
  if (c.score > options.min_score) {
    c.stage = "selected";
  } else {
    c.stage = "score";
    c.reason = fmt::format("composite score {:.3f} <= {}", c.score, options.min_score);
  }
}

// Steps 3-6 for a pair that passed the correlation gate.
void test_pair(PairCandidate& c, const std::vector<double>& a, const std::vector<double>& b,
               int formation, const ScreeningOptions& options) {
  const std::span<const double> fa(a.data(), std::size_t(formation)),
      fb(b.data(), std::size_t(formation));
  stats::CointResult forward, backward;
  try {
    forward = stats::coint(fa, fb);
    backward = stats::coint(fb, fa);
  } catch (const Error& e) {
    c.stage = "cointegration";
    c.reason = e.what();
    return;
  }
  c.pvalue_forward = forward.pvalue;
  c.pvalue_backward = backward.pvalue;
  const bool swap = backward.pvalue < forward.pvalue;
  const stats::CointResult& best = swap ? backward : forward;
  if (swap) std::swap(c.y, c.x);
  c.coint_statistic = best.statistic;
  c.coint_pvalue = best.pvalue;
  c.hedge_ratio = best.hedge_ratio;
  c.intercept = best.intercept;
  c.half_life = best.half_life;
  if (!(best.pvalue < options.max_coint_pvalue) || best.collinear) {
    c.stage = "cointegration";
    c.reason = best.collinear ? "the two series are collinear: the test says nothing"
                              : fmt::format("Engle-Granger p {:.4f} >= {}", best.pvalue,
                                            options.max_coint_pvalue);
    return;
  }
  score(c, swap ? b : a, swap ? a : b, formation, options);
}

}  // namespace

Screening screen_pairs(const std::vector<std::string>& names, const Eigen::MatrixXd& prices,
                       const ScreeningOptions& options) {
  if (Eigen::Index(names.size()) != prices.cols()) {
    throw Error(fmt::format("{} names for {} price columns", names.size(), prices.cols()));
  }
  Screening out;
  out.rows = int(prices.rows());
  out.formation_rows = int(std::floor(out.rows * (1 - options.holdout_fraction)));
  if (out.formation_rows < 30 || out.rows - out.formation_rows < 5) {
    throw Error(fmt::format(
        "{} common bars: a scan needs at least 30 to form pairs on and 5 more to score them",
        out.rows));
  }
  for (Eigen::Index c = 0; c < prices.cols(); ++c) {
    for (Eigen::Index r = 0; r < prices.rows(); ++r) {
      if (!std::isfinite(prices(r, c)) || prices(r, c) <= 0) {
        throw Error(fmt::format("{}: price {} at row {} is not a positive number", names[c],
                                prices(r, c), r + 1));
      }
    }
  }
  const int formation = out.formation_rows;
  Eigen::MatrixXd basis = prices.topRows(formation);
  if (options.correlate_returns) {
    basis = (prices.topRows(formation).bottomRows(formation - 1).array().log() -
             prices.topRows(formation - 1).array().log())
                .matrix();
  }
  const Eigen::MatrixXd correlation = stats::correlation_matrix(basis);
  // The correlation gate for every pair, then the tests of the survivors on every core: each
  // pair's work is independent, and the funnel is counted afterwards in pair order.
  std::vector<std::pair<Eigen::Index, Eigen::Index>> correlated;
  for (Eigen::Index i = 0; i < prices.cols(); ++i) {
    for (Eigen::Index j = i + 1; j < prices.cols(); ++j) {
      PairCandidate c;
      c.y = names[std::size_t(i)];
      c.x = names[std::size_t(j)];
      c.correlation = correlation(i, j);
      if (c.correlation >= options.min_correlation) {
        correlated.emplace_back(i, j);
      } else {
        c.reason = fmt::format("correlation {:.3f} < {}", c.correlation, options.min_correlation);
      }
      out.candidates.push_back(std::move(c));
    }
  }
  const auto index_of = [&](Eigen::Index i, Eigen::Index j) {
    const Eigen::Index k = prices.cols();
    return std::size_t(i * k - i * (i + 1) / 2 + (j - i - 1));
  };
  parallel_for(correlated.size(), [&](std::size_t n) {
    const auto [i, j] = correlated[n];
    test_pair(out.candidates[index_of(i, j)], column(prices, i, out.rows),
              column(prices, j, out.rows), formation, options);
  });
  out.pairs = int(out.candidates.size());
  for (const PairCandidate& c : out.candidates) {
    out.passed_correlation += c.stage != "correlation";
    out.passed_cointegration += c.stage == "garch" || c.stage == "score" || c.stage == "selected";
    out.fitted_garch += c.stage == "score" || c.stage == "selected";
    out.selected += c.stage == "selected";
  }
  return out;
}

}  // namespace quantloop::pairs
