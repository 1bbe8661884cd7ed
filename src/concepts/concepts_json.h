#pragma once

#include <nlohmann/json.hpp>

#include "concepts/concepts.h"

namespace quantloop::concepts {

// `quantloop concepts --json`: one object with arrays swings {time, kind high|low, price,
// known_at}, structure {time, kind BOS|CHOCH, direction, level, swing_time}, sweeps {time,
// direction, level, swing_time}, fvgs {time, direction, top, bottom, mitigated_at, filled_at},
// order_blocks {time, direction, top, bottom, volume, bar_time, strength, mitigated_at,
// invalidated_at} and bars {time, market_structure, session, kill_zone, session_high,
// session_low, pdh, pdl, pwh, pwl, institutional_level, rsi, volatility, price_position,
// volume_profile, order_flow_imbalance, trend_strength, market_regime, liquidity_density,
// active_fvgs, active_order_blocks}. Times ISO 8601 UTC; null where undefined.
nlohmann::json to_json(const Concepts& concepts, const BarSeries& series);

}  // namespace quantloop::concepts
