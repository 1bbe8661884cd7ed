#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "core/bar.h"
#include "core/time.h"

namespace quantloop::stats {

enum class Returns { none, simple, log };

// Accepts "none", "simple", "log"; throws Error otherwise.
Returns parse_returns(std::string_view text);

// Returns of a price series (one fewer value), multiplied by `scale` (100 for percent, as the
// arch package's GARCH examples use). Returns::none scales the series itself. Throws Error
// for non-positive prices where a log is needed.
std::vector<double> transform(std::span<const double> prices, Returns returns, double scale = 1.0);

// Two series joined on equal timestamps (inner join; each input ascending). Pairs where
// either value is NaN are dropped.
struct AlignedPair {
  std::vector<UnixSeconds> times;
  std::vector<double> first;
  std::vector<double> second;
};
AlignedPair align(std::span<const UnixSeconds> times_a, std::span<const double> a,
                  std::span<const UnixSeconds> times_b, std::span<const double> b);
// The closes of two bar series on the times both have: the one join of a pair's bars.
AlignedPair align_closes(std::span<const Bar> a, std::span<const Bar> b);

}  // namespace quantloop::stats
