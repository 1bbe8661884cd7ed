#pragma once

#include <cstddef>

namespace quantloop::stats {

// One-sided exact McNemar test that a classifier beats a baseline on the same rows. Only the
// rows where exactly one of them is right carry evidence: under "no edge", each is the
// classifier's win with probability 1/2, so the p-value is P(X >= wins) for X ~ Bin(wins +
// losses, 1/2) (R's binom.test(wins, wins + losses, alternative = "greater")). 1 when there
// are no such rows.
double mcnemar_exact_one_sided(std::size_t wins, std::size_t losses);

}  // namespace quantloop::stats
