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

// Pearson's correlation of two series of the same length: NaN under two values or when either
// is constant.
double pearson(std::span<const double> a, std::span<const double> b);

}  // namespace quantloop::stats
