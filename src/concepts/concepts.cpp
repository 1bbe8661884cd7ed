#include "concepts/concepts.h"

#include <algorithm>
#include <cmath>

#include "concepts/steps.h"
#include "features/indicators.h"

namespace quantloop::concepts {

std::string_view structure_name(int market_structure) {
  return market_structure > 0 ? "bullish" : market_structure < 0 ? "bearish" : "ranging";
}

std::optional<std::string> market_regime_of(const std::optional<double>& adx,
                                            const std::optional<std::string>& volatility_regime) {
  if (!adx) return std::nullopt;
  if (*adx >= 25) return "trending";
  return volatility_regime && *volatility_regime == "high" ? "volatile" : "ranging";
}

std::size_t active_until(std::size_t made, const std::optional<std::size_t>& ended,
                         int max_age_bars) {
  const std::size_t aged = made + std::size_t(std::max(max_age_bars, 0)) + 1;
  return ended ? std::min(aged, *ended) : aged;
}

Concepts compute_concepts(std::span<const Bar> bars, const ConceptOptions& options) {
  const std::size_t n = bars.size();
  std::vector<UnixSeconds> times(n);
  std::vector<double> open(n), high(n), low(n), close(n), volume(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Bar& b = bars[i];
    times[i] = b.time;
    open[i] = b.open;
    high[i] = b.high;
    low[i] = b.low;
    close[i] = b.close;
    volume[i] = std::isnan(b.volume) ? 0 : b.volume;
  }
  const int L = options.swing_length;
  const auto atr = features::atr(high, low, close, 14);
  Concepts c;
  c.swings = find_swings(high, low, L);
  StructureWalk walk = walk_structure(high, low, close, c.swings, L);
  c.structure = std::move(walk.events);
  c.sweeps = std::move(walk.sweeps);
  c.fvgs = find_gaps(high, low, atr, options.fvg_min_atr);
  c.order_blocks = find_order_blocks(open, high, low, close, volume, atr, c.structure);
  c.bars.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    c.bars[k].market_structure = walk.trend[k];
    if (!std::isnan(atr[k])) c.bars[k].atr = atr[k];
  }
  session_context(times, high, low, c.bars);
  previous_periods(times, high, low, close, c.bars);
  rolling_context(open, high, low, close, volume, atr, c.swings, L, c.bars);
  // Definition 5: active at m when made at or before m, at most max_age_bars before, and not
  // filled (a gap) or invalidated (a block) by m: a difference of running counts.
  const std::size_t age = std::size_t(std::max(options.max_age_bars, 0));
  std::vector<int> gap_delta(n + age + 2, 0), block_delta(n + age + 2, 0);
  const auto add = [&](std::vector<int>& delta, std::size_t made,
                       const std::optional<std::size_t>& ended) {
    const std::size_t until = active_until(made, ended, options.max_age_bars);
    if (until <= made) return;
    ++delta[made];
    --delta[until];
  };
  for (const Gap& g : c.fvgs)
    add(gap_delta, g.bar, g.filled_at);
  for (const OrderBlock& b : c.order_blocks)
    add(block_delta, b.bar, b.invalidated_at);
  int gaps = 0, blocks = 0;
  for (std::size_t m = 0; m < n; ++m) {
    gaps += gap_delta[m];
    blocks += block_delta[m];
    c.bars[m].active_fvgs = gaps;
    c.bars[m].active_order_blocks = blocks;
  }
  return c;
}

}  // namespace quantloop::concepts
