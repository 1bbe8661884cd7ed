#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/bar.h"

namespace quantloop::concepts {

// ICT ("smart money") concepts of one series, causal: everything at bar k is final once bar k
// has closed and depends on no later bar (issue 21's definitions, exact). Bars are complete,
// ascending; "bar" fields are positions in them.

struct ConceptOptions {
  int swing_length = 5;    // L: a swing needs L bars on each side; known L bars later
  double fvg_min_atr = 0;  // a fair value gap is kept when at least this many ATRs tall
  int max_age_bars = 100;  // gaps and blocks older than this are not active
};

// A swing high (kind +1) or low (-1) at `bar`, its price the bar's high or low.
struct Swing {
  std::size_t bar = 0;
  int kind = 0;
  double price = 0;
  std::size_t known_at = 0;  // bar + L
};

// A close beyond the last swing high (direction +1) or low (-1): a break of structure, or a
// change of character when it turns the trend.
struct StructureEvent {
  std::size_t bar = 0;
  bool change_of_character = false;  // CHOCH, else BOS
  int direction = 0;
  double level = 0;
  std::size_t swing_bar = 0;
};

// A wick beyond the last swing level that closed back inside it: liquidity taken. Direction -1
// for a high swept, +1 for a low.
struct Sweep {
  std::size_t bar = 0;
  int direction = 0;
  double level = 0;
  std::size_t swing_bar = 0;
};

// A fair value gap made at `bar` (the third candle), between bar - 2 and bar.
struct Gap {
  std::size_t bar = 0;
  int direction = 0;
  double top = 0, bottom = 0;
  std::optional<std::size_t> mitigated_at, filled_at;
};

// The last opposite candle before a structure event (at `bar`) on its swing: the block's zone.
struct OrderBlock {
  std::size_t bar = 0;  // the event that made it: known then
  int direction = 0;
  double top = 0, bottom = 0, volume = 0;
  std::size_t block_bar = 0;
  std::optional<double> strength;  // |close - the zone's middle| / ATR at `bar`
  std::optional<std::size_t> mitigated_at, invalidated_at;
};

// Everything known at one bar.
struct BarConcepts {
  int market_structure = 0;  // +1 bullish, -1 bearish, 0 ranging
  std::string session;       // "london+new_york", ..., "off_hours"
  std::optional<std::string> kill_zone;
  std::optional<double> session_high, session_low;
  std::optional<double> pdh, pdl, pwh, pwl, institutional_level;
  std::optional<double> atr;  // ATR(14), the unit of gaps' quality and of stops
  std::optional<double> rsi, volatility, price_position, volume_profile, order_flow_imbalance;
  std::optional<double> trend_strength;          // ADX(14)
  std::optional<std::string> volatility_regime;  // low | normal | high
  std::optional<std::string> market_regime;      // trending | volatile | ranging
  std::optional<int> liquidity_density;
  int active_fvgs = 0, active_order_blocks = 0;
};

struct Concepts {
  std::vector<Swing> swings;  // by bar, a high before a low at the same bar
  std::vector<StructureEvent> structure;
  std::vector<Sweep> sweeps;
  std::vector<Gap> fvgs;
  std::vector<OrderBlock> order_blocks;
  std::vector<BarConcepts> bars;  // one per bar
};

// The concepts of `bars` (ascending; a window of any length: too few bars give nulls).
Concepts compute_concepts(std::span<const Bar> bars, const ConceptOptions& options = {});
inline Concepts compute_concepts(const BarSeries& series, const ConceptOptions& options = {}) {
  return compute_concepts(std::span<const Bar>(series.bars), options);
}

// Definition 5: the first bar at which something made at `made` and ended (a gap filled, a
// block invalidated) at `ended` is no longer active; active at m when made <= m < this.
std::size_t active_until(std::size_t made, const std::optional<std::size_t>& ended,
                         int max_age_bars);
inline bool active_at(const Gap& g, std::size_t m, int max_age_bars) {
  return g.bar <= m && m < active_until(g.bar, g.filled_at, max_age_bars);
}
inline bool active_at(const OrderBlock& b, std::size_t m, int max_age_bars) {
  return b.bar <= m && m < active_until(b.bar, b.invalidated_at, max_age_bars);
}

// Definition 8's market regime from a bar's ADX and volatility regime: trending when ADX >= 25,
// else volatile when the volatility regime is high, else ranging; none without ADX.
std::optional<std::string> market_regime_of(const std::optional<double>& adx,
                                            const std::optional<std::string>& volatility_regime);

// "bullish", "bearish", "ranging".
std::string_view structure_name(int market_structure);

}  // namespace quantloop::concepts
