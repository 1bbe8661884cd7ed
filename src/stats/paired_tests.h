#pragma once

#include <cstddef>
#include <span>

namespace quantloop::stats {

// One-sided exact McNemar test that a classifier beats a baseline on the same rows. Only the
// rows where exactly one of them is right carry evidence: under "no edge", each is the
// classifier's win with probability 1/2, so the p-value is P(X >= wins) for X ~ Bin(wins +
// losses, 1/2) (R's binom.test(wins, wins + losses, alternative = "greater")). 1 when there
// are no such rows.
double mcnemar_exact_one_sided(std::size_t wins, std::size_t losses);

struct DieboldMarianoResult {
  double mean = 0.0;       // mean loss differential (positive: the first forecaster loses more)
  double statistic = 0.0;  // mean / its Newey-West standard error
  double pvalue = 1.0;     // one-sided P(Z > statistic): evidence the second forecaster is better
  int lag = 0;             // Bartlett truncation lag used
  std::size_t rows = 0;
};

// One-sided Diebold-Mariano test on per-row loss differentials d_t = loss_a - loss_b, with the
// Newey-West (Bartlett) long-run variance and no small-sample correction, as statsmodels'
// OLS(d ~ 1) with cov_type "HAC". lag < 0 picks floor(4 (n/100)^(2/9)). Fewer than 2 rows, or
// a zero variance with a zero mean, is no evidence (p-value 1).
DieboldMarianoResult diebold_mariano(std::span<const double> loss_difference, int lag = -1);

}  // namespace quantloop::stats
