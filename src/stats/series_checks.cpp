#include "stats/series_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace quantloop::stats {

void check_series(std::span<const double> x, std::string_view what, std::size_t minimum) {
  if (x.size() < minimum) {
    throw Error(fmt::format("{}: {} observations are too few (at least {} needed)", what, x.size(),
                            minimum));
  }
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i])) {
      throw Error(fmt::format("{}: value {} (index {}) is not a finite number", what, x[i], i));
    }
  }
  const auto [low, high] = std::minmax_element(x.begin(), x.end());
  if (*low == *high) throw Error(fmt::format("{}: the series is constant", what));
}

}  // namespace quantloop::stats
