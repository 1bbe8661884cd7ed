#pragma once

#include <string>

#include "core/bar.h"
#include "core/interval.h"
#include "core/time.h"

namespace quantloop::signals {

// Where pair signals read bars: the store, or a replay that stands a proxy in for symbols
// without data (replay_feed.h).
class BarFeed {
 public:
  virtual ~BarFeed() = default;
  // The last `count` bars of `symbol` starting at or before `last_start`, oldest first.
  virtual BarSeries last_bars(const std::string& symbol, Interval interval, UnixSeconds last_start,
                              std::size_t count) = 0;
  // Whether any of `symbol`'s bars are a stand-in's.
  virtual bool is_proxy(const std::string& symbol) const = 0;
};

}  // namespace quantloop::signals
