#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/bar.h"
#include "core/config.h"

namespace quantloop {

struct SyntheticOptions {
  std::vector<std::string> symbols;
  Interval interval = Interval::hour();
  UnixSeconds start = 0;  // bars start at or after start ...
  UnixSeconds end = 0;    // ... and at or before end
  std::uint64_t seed = 42;
  // When set, the second symbol's close is hedge_ratio * first's close + intercept + an AR(1)
  // spread with the given half-life: cointegrated with a known hedge ratio.
  std::optional<std::pair<std::string, std::string>> cointegrated_pair;
  double hedge_ratio = 1.5;
  double spread_half_life_bars = 20;
  // Autocorrelation of successive bar returns (AR(1) shocks, in [0, 1)): 0 is a market whose
  // direction nothing predicts; above it, the last return predicts the next one's sign.
  double return_autocorrelation = 0;
};

// A seeded, reproducible market: per symbol a geometric random walk whose volatility follows
// GARCH(1,1) (alpha 0.08, beta 0.90) around an annual level typical of its class (stocks 30 %,
// indices 18 %, forex 8 %, crypto 65 %), scaled by intraday seasonality (stocks: U-shaped over
// the session; forex: London and New York hours; crypto: mild), with overnight gaps for stocks
// and volume that rises with volatility. Bars exist only where the venue's calendar has them
// (calendar.h). The same seed and symbol always give the same bars, whatever the other symbols.
std::vector<BarSeries> generate_market(const SyntheticOptions& options, const Config& config);

}  // namespace quantloop
