#pragma once
// The steps compute_concepts (concepts.h) runs, one file each; internal to src/concepts.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "concepts/concepts.h"

namespace quantloop::concepts {

// Definition 1: swing highs and lows, by bar.
std::vector<Swing> find_swings(std::span<const double> high, std::span<const double> low, int L);

// Definition 2: one pass over the bars with the last known swing high and low.
struct StructureWalk {
  std::vector<StructureEvent> events;
  std::vector<Sweep> sweeps;
  std::vector<int> trend;  // market_structure of each bar
};
StructureWalk walk_structure(std::span<const double> high, std::span<const double> low,
                             std::span<const double> close, std::span<const Swing> swings, int L);

// Definition 3: fair value gaps kept at fvg_min_atr ATRs (an undefined ATR counts as 0).
std::vector<Gap> find_gaps(std::span<const double> high, std::span<const double> low,
                           std::span<const double> atr, double min_atr);

// Definition 4: each structure event's order block.
std::vector<OrderBlock> find_order_blocks(std::span<const double> open,
                                          std::span<const double> high, std::span<const double> low,
                                          std::span<const double> close,
                                          std::span<const double> volume,
                                          std::span<const double> atr,
                                          std::span<const StructureEvent> events);

// Definition 6: the ICT kill zone of an instant on New York's clock, if any.
std::optional<std::string> kill_zone(UnixSeconds t);
// Definition 6: each bar's session name and the high and low since the latest-started active
// session's current occurrence began (null off hours).
void session_context(std::span<const UnixSeconds> times, std::span<const double> high,
                     std::span<const double> low, std::vector<BarConcepts>& bars);

// Definition 7: pdh, pdl, pwh, pwl and the institutional level of each bar.
void previous_periods(std::span<const UnixSeconds> times, std::span<const double> high,
                      std::span<const double> low, std::span<const double> close,
                      std::vector<BarConcepts>& bars);

// Definition 8: the rolling context of each bar (volatility ... liquidity density).
void rolling_context(std::span<const double> open, std::span<const double> high,
                     std::span<const double> low, std::span<const double> close,
                     std::span<const double> volume, std::span<const double> atr,
                     std::span<const Swing> swings, int L, std::vector<BarConcepts>& bars);

}  // namespace quantloop::concepts
