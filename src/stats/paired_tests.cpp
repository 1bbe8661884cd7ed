#include "stats/paired_tests.h"

#include <algorithm>
#include <boost/math/special_functions/beta.hpp>
#include <cmath>

namespace quantloop::stats {

double mcnemar_exact_one_sided(std::size_t wins, std::size_t losses) {
  if (wins == 0) return 1.0;
  // P(X >= k) for X ~ Bin(n, p) is the regularized incomplete beta I_p(k, n - k + 1).
  return boost::math::ibeta(double(wins), double(losses) + 1.0, 0.5);
}

DieboldMarianoResult diebold_mariano(std::span<const double> d, int lag) {
  DieboldMarianoResult result;
  const std::size_t n = d.size();
  result.rows = n;
  if (n < 2) return result;
  if (lag < 0) lag = int(std::floor(4.0 * std::pow(double(n) / 100.0, 2.0 / 9.0)));
  lag = std::min(lag, int(n) - 1);
  result.lag = lag;
  double mean = 0.0;
  for (double v : d)
    mean += v;
  mean /= double(n);
  result.mean = mean;
  // Long-run variance of the sum: gamma_0 + 2 sum_j (1 - j / (lag + 1)) gamma_j, gammas as sums.
  auto autocovariance_sum = [&](int j) {
    double sum = 0.0;
    for (std::size_t t = std::size_t(j); t < n; ++t)
      sum += (d[t] - mean) * (d[t - j] - mean);
    return sum;
  };
  double long_run = autocovariance_sum(0);
  for (int j = 1; j <= lag; ++j)
    long_run += 2.0 * (1.0 - double(j) / double(lag + 1)) * autocovariance_sum(j);
  const double variance_of_mean = long_run / (double(n) * double(n));
  if (!(variance_of_mean > 0.0)) {
    if (mean > 0.0) result.statistic = HUGE_VAL, result.pvalue = 0.0;
    if (mean < 0.0) result.statistic = -HUGE_VAL;
    return result;
  }
  result.statistic = mean / std::sqrt(variance_of_mean);
  result.pvalue = 0.5 * std::erfc(result.statistic / std::sqrt(2.0));
  return result;
}

}  // namespace quantloop::stats
