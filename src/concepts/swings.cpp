#include <algorithm>

#include "concepts/steps.h"

namespace quantloop::concepts {

std::vector<Swing> find_swings(std::span<const double> high, std::span<const double> low, int L) {
  std::vector<Swing> swings;
  const std::size_t n = high.size(), l = std::size_t(std::max(L, 1));
  for (std::size_t p = l; p + l < n; ++p) {
    const auto before = [&](std::span<const double> x) { return x.subspan(p - l, l); };
    const auto after = [&](std::span<const double> x) { return x.subspan(p + 1, l); };
    if (high[p] > *std::max_element(before(high).begin(), before(high).end()) &&
        high[p] >= *std::max_element(after(high).begin(), after(high).end())) {
      swings.push_back({p, +1, high[p], p + l});
    }
    if (low[p] < *std::min_element(before(low).begin(), before(low).end()) &&
        low[p] <= *std::min_element(after(low).begin(), after(low).end())) {
      swings.push_back({p, -1, low[p], p + l});
    }
  }
  return swings;
}

}  // namespace quantloop::concepts
