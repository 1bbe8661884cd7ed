#include "stats/performance.h"

#include <cmath>
#include <limits>

namespace quantloop::stats {

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

double mean_of(std::span<const double> v) {
  double sum = 0;
  for (double x : v)
    sum += x;
  return sum / double(v.size());
}

}  // namespace

double sharpe_ratio(std::span<const double> returns, double periods_per_year) {
  const std::size_t n = returns.size();
  if (n < 2) return kNan;
  const double mean = mean_of(returns);
  double ss = 0;
  for (double r : returns)
    ss += (r - mean) * (r - mean);
  const double sd = std::sqrt(ss / double(n - 1));
  return sd > 0 ? mean / sd * std::sqrt(periods_per_year) : kNan;
}

double sortino_ratio(std::span<const double> returns, double periods_per_year) {
  const std::size_t n = returns.size();
  if (n < 2) return kNan;
  double downside = 0;
  for (double r : returns)
    downside += r < 0 ? r * r : 0.0;
  const double down = std::sqrt(downside / double(n - 1));
  return down > 0 ? mean_of(returns) / down * std::sqrt(periods_per_year) : kNan;
}

}  // namespace quantloop::stats
