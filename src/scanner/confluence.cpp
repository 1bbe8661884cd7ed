#include "scanner/confluence.h"

#include <algorithm>
#include <cmath>

namespace quantloop::scanner {

namespace {

template <class Event>
bool recent(const std::vector<Event>& events, int direction, const Frame& f) {
  const std::size_t first = f.first_recent();
  return std::any_of(events.begin(), events.end(),
                     [&](const Event& e) { return e.direction == direction && e.bar >= first; });
}

bool close_inside_block(int direction, const Frame& f, double close) {
  if (f.empty()) return false;
  const auto& blocks = f.concepts->order_blocks;
  return std::any_of(blocks.begin(), blocks.end(), [&](const concepts::OrderBlock& b) {
    return b.direction == direction && concepts::active_at(b, f.last(), f.max_age_bars) &&
           close >= b.bottom && close <= b.top;
  });
}

}  // namespace

Confluence confluence(int direction, const Frame& entry, const Frame& bias,
                      const ScannerWeights& weights) {
  Confluence c{direction, 0, {}};
  if (entry.empty()) return c;
  const auto hold = [&](const char* name, double weight) {
    c.score += weight;
    c.factors.emplace_back(name);
  };
  const double close = entry.bars.back().close;
  if (!bias.empty() && bias.now().market_structure == direction) hold("bias", weights.bias);
  if (recent(entry.concepts->structure, direction, entry)) hold("structure", weights.structure);
  if (close_inside_block(direction, entry, close) || close_inside_block(direction, bias, close))
    hold("order_block", weights.order_block);
  if (const auto atr = entry.now().atr) {
    const auto& gaps = entry.concepts->fvgs;
    if (std::any_of(gaps.begin(), gaps.end(), [&](const concepts::Gap& g) {
          const double distance = close > g.top      ? close - g.top
                                  : close < g.bottom ? g.bottom - close
                                                     : 0;
          return g.direction == direction &&
                 concepts::active_at(g, entry.last(), entry.max_age_bars) && distance <= *atr;
        }))
      hold("fvg", weights.fvg);
  }
  if (recent(entry.concepts->sweeps, direction, entry)) hold("sweep", weights.sweep);
  if (entry.now().kill_zone) hold("kill_zone", weights.kill_zone);
  return c;
}

ConfluenceChoice choose_confluence(const Frame& entry, const Frame& bias,
                                   const ScannerWeights& weights) {
  Confluence up = confluence(+1, entry, bias, weights);
  Confluence down = confluence(-1, entry, bias, weights);
  // Sums of the same weights in another order may differ in the last bit: equal is equal.
  const double lead = up.score - down.score;
  if (std::abs(lead) < 1e-12) return {Confluence{0, up.score, up.factors}, 0};
  return lead > 0 ? ConfluenceChoice{std::move(up), lead}
                  : ConfluenceChoice{std::move(down), -lead};
}

}  // namespace quantloop::scanner
