#include "concepts/steps.h"

namespace quantloop::concepts {

namespace {

// The last known swing on one side, and what has happened to it.
struct Level {
  double price = 0;
  std::size_t bar = 0;
  bool broken = false, swept = false;
};

}  // namespace

StructureWalk walk_structure(std::span<const double> high, std::span<const double> low,
                             std::span<const double> close, std::span<const Swing> swings, int L) {
  StructureWalk walk;
  const std::size_t n = close.size();
  walk.trend.assign(n, 0);
  std::optional<Level> last_high, last_low;
  int trend = 0;
  std::size_t next_swing = 0;  // swings are by bar: the first not yet known
  for (std::size_t k = 0; k < n; ++k) {
    // a, b: a close beyond the level breaks it; against the trend it changes the character.
    if (last_high && !last_high->broken && close[k] > last_high->price) {
      walk.events.push_back({k, trend == -1, +1, last_high->price, last_high->bar});
      trend = +1;
      last_high->broken = true;
    }
    if (last_low && !last_low->broken && close[k] < last_low->price) {
      walk.events.push_back({k, trend == +1, -1, last_low->price, last_low->bar});
      trend = -1;
      last_low->broken = true;
    }
    walk.trend[k] = trend;
    // c: a wick beyond it that closes back inside takes the liquidity once.
    if (last_high && !last_high->broken && !last_high->swept && high[k] > last_high->price &&
        close[k] <= last_high->price) {
      walk.sweeps.push_back({k, -1, last_high->price, last_high->bar});
      last_high->swept = true;
    }
    if (last_low && !last_low->broken && !last_low->swept && low[k] < last_low->price &&
        close[k] >= last_low->price) {
      walk.sweeps.push_back({k, +1, last_low->price, last_low->bar});
      last_low->swept = true;
    }
    // d: the swings that become known at k replace the levels.
    for (; next_swing < swings.size() && swings[next_swing].bar + std::size_t(L) <= k;
         ++next_swing) {
      const Swing& s = swings[next_swing];
      if (s.bar + std::size_t(L) != k) continue;
      (s.kind > 0 ? last_high : last_low) = Level{s.price, s.bar};
    }
  }
  return walk;
}

}  // namespace quantloop::concepts
