#pragma once

#include <optional>
#include <span>

#include "core/config.h"
#include "scanner/confluence.h"
#include "scanner/frame.h"
#include "store/scan_store.h"

namespace quantloop::scanner {

// The market_conditions row of a frame's last bar (an empty frame: only its keys).
MarketCondition market_condition(const Frame& frame);

// What the ml_features row needs beyond the frame: its confluence (the frame taken as the
// entry, with the bias frame) and the other symbols' frames at the same timeframe.
struct FeatureContext {
  ConfluenceChoice confluence;
  const Frame* reference = nullptr;     // scanner.reference_symbol's, if scanned
  std::span<const Frame* const> peers;  // scanner.sector's, the frame's own symbol excluded
};

// The ml_features row of a frame's last bar; signal fields left for the scan to fill.
MlFeatures ml_features(const Frame& frame, const FeatureContext& context);

// The Pearson correlation of the last `returns` log returns of two frames over the bar times
// both hold; null with fewer.
std::optional<double> log_return_correlation(const Frame& a, const Frame& b,
                                             std::size_t returns = 100);

}  // namespace quantloop::scanner
