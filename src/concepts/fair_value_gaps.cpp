#include <cmath>

#include "concepts/steps.h"

namespace quantloop::concepts {

std::vector<Gap> find_gaps(std::span<const double> high, std::span<const double> low,
                           std::span<const double> atr, double min_atr) {
  std::vector<Gap> gaps;
  const std::size_t n = high.size();
  for (std::size_t i = 2; i < n; ++i) {
    Gap g{i, 0, 0, 0, std::nullopt, std::nullopt};
    if (low[i] > high[i - 2]) {
      g.direction = +1;
      g.top = low[i];
      g.bottom = high[i - 2];
    } else if (high[i] < low[i - 2]) {
      g.direction = -1;
      g.top = low[i - 2];
      g.bottom = high[i];
    } else {
      continue;
    }
    const double a = std::isnan(atr[i]) ? 0 : atr[i];
    if (!(g.top - g.bottom >= min_atr * a)) continue;
    for (std::size_t k = i + 1; k < n && !g.filled_at; ++k) {
      const bool reached = g.direction > 0 ? low[k] <= g.top : high[k] >= g.bottom;
      const bool through = g.direction > 0 ? low[k] <= g.bottom : high[k] >= g.top;
      if (reached && !g.mitigated_at) g.mitigated_at = k;
      if (through) g.filled_at = k;
    }
    gaps.push_back(g);
  }
  return gaps;
}

}  // namespace quantloop::concepts
