#include "stats/performance.h"

#include <cmath>
#include <limits>

#include "stats/moments.h"

namespace quantloop::stats {

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

}  // namespace

double sharpe_ratio(std::span<const double> returns, double periods_per_year) {
  if (returns.size() < 2) return kNan;
  const auto [mean, sd] = mean_sd(returns);
  return sd > 0 ? mean / sd * std::sqrt(periods_per_year) : kNan;
}

double sortino_ratio(std::span<const double> returns, double periods_per_year) {
  const std::size_t n = returns.size();
  if (n < 2) return kNan;
  double downside = 0;
  for (double r : returns)
    downside += r < 0 ? r * r : 0.0;
  const double down = std::sqrt(downside / double(n - 1));
  return down > 0 ? mean(returns) / down * std::sqrt(periods_per_year) : kNan;
}

}  // namespace quantloop::stats
