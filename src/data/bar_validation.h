#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/bar.h"
#include "data/sourced_bar.h"
#include "store/bar_store.h"

namespace quantloop {

struct ValidatedBars {
  std::vector<Bar> bars;  // strictly ascending in time
  std::vector<RejectedBar> rejected;
  std::int64_t duplicates = 0;  // exact repeats of a bar, dropped
};

// Checks the bars of one series and puts them in time order. A bar is rejected, with its
// source, line and reason, when a price is not a positive finite number, high < low, open or
// close lies outside [low, high], volume is negative or not finite, or its time is after
// `now` plus one day. Input out of time order is sorted. Bars with the same time and the same
// values are kept once; bars with the same time and different values are all rejected,
// since nothing tells which one is right.
ValidatedBars validate_bars(std::vector<SourcedBar> bars, std::string_view symbol,
                            Interval interval, UnixSeconds now);

}  // namespace quantloop
