#include "concepts/concepts_json.h"

namespace quantloop::concepts {

using nlohmann::json;

namespace {

template <typename T>
json maybe(const std::optional<T>& value) {
  return value ? json(*value) : json();
}

}  // namespace

json to_json(const Concepts& c, const BarSeries& series) {
  const auto time = [&](std::size_t bar) { return format_iso8601(series.bars[bar].time); };
  const auto time_of = [&](const std::optional<std::size_t>& bar) {
    return bar ? json(time(*bar)) : json();
  };
  json out = {{"swings", json::array()}, {"structure", json::array()},    {"sweeps", json::array()},
              {"fvgs", json::array()},   {"order_blocks", json::array()}, {"bars", json::array()}};
  for (const Swing& s : c.swings) {
    out["swings"].push_back({{"time", time(s.bar)},
                             {"kind", s.kind > 0 ? "high" : "low"},
                             {"price", s.price},
                             {"known_at", time(s.known_at)}});
  }
  for (const StructureEvent& e : c.structure) {
    out["structure"].push_back({{"time", time(e.bar)},
                                {"kind", e.change_of_character ? "CHOCH" : "BOS"},
                                {"direction", e.direction},
                                {"level", e.level},
                                {"swing_time", time(e.swing_bar)}});
  }
  for (const Sweep& s : c.sweeps) {
    out["sweeps"].push_back({{"time", time(s.bar)},
                             {"direction", s.direction},
                             {"level", s.level},
                             {"swing_time", time(s.swing_bar)}});
  }
  for (const Gap& g : c.fvgs) {
    out["fvgs"].push_back({{"time", time(g.bar)},
                           {"direction", g.direction},
                           {"top", g.top},
                           {"bottom", g.bottom},
                           {"mitigated_at", time_of(g.mitigated_at)},
                           {"filled_at", time_of(g.filled_at)}});
  }
  for (const OrderBlock& b : c.order_blocks) {
    out["order_blocks"].push_back({{"time", time(b.bar)},
                                   {"direction", b.direction},
                                   {"top", b.top},
                                   {"bottom", b.bottom},
                                   {"volume", b.volume},
                                   {"bar_time", time(b.block_bar)},
                                   {"strength", maybe(b.strength)},
                                   {"mitigated_at", time_of(b.mitigated_at)},
                                   {"invalidated_at", time_of(b.invalidated_at)}});
  }
  for (std::size_t k = 0; k < c.bars.size(); ++k) {
    const BarConcepts& b = c.bars[k];
    out["bars"].push_back({{"time", time(k)},
                           {"market_structure", structure_name(b.market_structure)},
                           {"session", b.session},
                           {"kill_zone", maybe(b.kill_zone)},
                           {"session_high", maybe(b.session_high)},
                           {"session_low", maybe(b.session_low)},
                           {"pdh", maybe(b.pdh)},
                           {"pdl", maybe(b.pdl)},
                           {"pwh", maybe(b.pwh)},
                           {"pwl", maybe(b.pwl)},
                           {"institutional_level", maybe(b.institutional_level)},
                           {"rsi", maybe(b.rsi)},
                           {"volatility", maybe(b.volatility)},
                           {"price_position", maybe(b.price_position)},
                           {"volume_profile", maybe(b.volume_profile)},
                           {"order_flow_imbalance", maybe(b.order_flow_imbalance)},
                           {"trend_strength", maybe(b.trend_strength)},
                           {"market_regime", maybe(b.market_regime)},
                           {"liquidity_density", maybe(b.liquidity_density)},
                           {"active_fvgs", b.active_fvgs},
                           {"active_order_blocks", b.active_order_blocks}});
  }
  return out;
}

}  // namespace quantloop::concepts
