#pragma once

#include <span>

namespace quantloop::stats {

// The mean of `v`: NaN when empty.
double mean(std::span<const double> v);
// The sample standard deviation (n - 1 in the denominator): NaN under two values.
double sample_sd(std::span<const double> v);

struct MeanSd {
  double mean = 0;
  double sd = 0;
};
// Both, in two passes over `v`.
MeanSd mean_sd(std::span<const double> v);

}  // namespace quantloop::stats
