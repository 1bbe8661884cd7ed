#pragma once

#include <string>
#include <vector>

#include "core/asset_type.h"
#include "core/interval.h"
#include "core/time.h"

namespace quantloop {

// One OHLCV bar. `time` is the bar's start in UTC (daily bars: 00:00 of the trading date).
// Volume is a double because crypto volumes are fractional; stocks and forex hold integers.
// `adj_close` is the split- and dividend-adjusted close where the source provides one, NaN
// otherwise.
struct Bar {
  UnixSeconds time = 0;
  double open = 0;
  double high = 0;
  double low = 0;
  double close = 0;
  double volume = 0;
  double adj_close = 0;

  bool same_values(const Bar& other) const;
};

// The bars of one symbol at one interval, strictly ascending in time.
struct BarSeries {
  std::string symbol;
  AssetType asset_type = AssetType::stock;
  Interval interval = Interval::day();
  std::vector<Bar> bars;
};

}  // namespace quantloop
