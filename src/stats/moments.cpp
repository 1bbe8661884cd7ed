#include "stats/moments.h"

#include <cmath>
#include <limits>

namespace quantloop::stats {

double mean(std::span<const double> v) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0;
  for (double x : v)
    sum += x;
  return sum / double(v.size());
}

MeanSd mean_sd(std::span<const double> v) {
  const double m = mean(v);
  if (v.size() < 2) return {m, std::numeric_limits<double>::quiet_NaN()};
  double ss = 0;
  for (double x : v)
    ss += (x - m) * (x - m);
  return {m, std::sqrt(ss / double(v.size() - 1))};
}

double sample_sd(std::span<const double> v) {
  return mean_sd(v).sd;
}

double pearson(std::span<const double> a, std::span<const double> b) {
  const double ma = mean(a), mb = mean(b);
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t k = 0; k < a.size() && k < b.size(); ++k) {
    sab += (a[k] - ma) * (b[k] - mb);
    saa += (a[k] - ma) * (a[k] - ma);
    sbb += (b[k] - mb) * (b[k] - mb);
  }
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace quantloop::stats
