#include <cmath>

#include "concepts/steps.h"

namespace quantloop::concepts {

std::vector<OrderBlock> find_order_blocks(std::span<const double> open,
                                          std::span<const double> high, std::span<const double> low,
                                          std::span<const double> close,
                                          std::span<const double> volume,
                                          std::span<const double> atr,
                                          std::span<const StructureEvent> events) {
  std::vector<OrderBlock> blocks;
  const std::size_t n = close.size();
  for (const StructureEvent& e : events) {
    // The last opposite candle between the swing and the event.
    std::optional<std::size_t> j;
    for (std::size_t b = e.bar; b-- > e.swing_bar;) {
      if (e.direction > 0 ? close[b] < open[b] : close[b] > open[b]) {
        j = b;
        break;
      }
    }
    if (!j) continue;
    OrderBlock block{e.bar, e.direction,  high[*j],     low[*j],     volume[*j],
                     *j,    std::nullopt, std::nullopt, std::nullopt};
    if (!std::isnan(atr[e.bar]))
      block.strength = std::abs(close[e.bar] - (low[*j] + high[*j]) / 2) / atr[e.bar];
    for (std::size_t m = e.bar + 1; m < n && !(block.mitigated_at && block.invalidated_at); ++m) {
      if (!block.mitigated_at && (e.direction > 0 ? low[m] <= block.top : high[m] >= block.bottom))
        block.mitigated_at = m;
      if (!block.invalidated_at &&
          (e.direction > 0 ? close[m] < block.bottom : close[m] > block.top))
        block.invalidated_at = m;
    }
    blocks.push_back(block);
  }
  return blocks;
}

}  // namespace quantloop::concepts
