#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/config.h"
#include "signals/bar_feed.h"
#include "store/store.h"

namespace quantloop::signals {

// How a replayed symbol is fed: its own bars, or (seed 004's decision 10) the proxy's bars
// times `scale`, from `proxy_from` on (the replay's start for a symbol with earlier bars of
// its own, which stay real; the beginning for a symbol without any).
struct FeedSource {
  std::string symbol;
  std::string proxy;  // empty: the symbol's own bars
  double scale = 1;
  double reference_price = 0;  // the symbol's price the proxy was scaled to
  UnixSeconds proxy_from = 0;
};

struct FedBar {
  std::string symbol;
  Bar bar;
  bool proxy = false;
};

// Seed 004's data replayer: the stored bars of `symbols` in [from, to], in time order, as a
// live feed. A symbol without a bar in that window gets the proxy's (config.proxy) scaled so
// that the proxy's last close before the window (else its first in it) equals the symbol's
// reference price: config.reference_prices, else the symbol's last stored close before the
// window. The scale holds for the whole replay, so the proxy's returns are kept.
class ReplayFeed final : public BarFeed {
 public:
  // Throws Error naming the symbol and the reason when a symbol cannot be fed: the proxy has
  // no bar in the window, or there is no reference price.
  ReplayFeed(Store& store, const std::vector<std::string>& symbols, Interval interval,
             UnixSeconds from, UnixSeconds to, const ReplayConfig& config);

  const std::vector<FeedSource>& sources() const { return sources_; }
  // Each bar close in the window, in time order, with the bars that closed then.
  const std::map<UnixSeconds, std::vector<FedBar>>& steps() const { return steps_; }

  BarSeries last_bars(const std::string& symbol, Interval interval, UnixSeconds last_start,
                      std::size_t count) override;
  bool is_proxy(const std::string& symbol) const override;

 private:
  Store& store_;
  std::vector<FeedSource> sources_;
  std::map<UnixSeconds, std::vector<FedBar>> steps_;
};

}  // namespace quantloop::signals
