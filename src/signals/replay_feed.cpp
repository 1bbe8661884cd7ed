#include "signals/replay_feed.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "core/error.h"

namespace quantloop::signals {

namespace {

constexpr UnixSeconds kBeginning = std::numeric_limits<UnixSeconds>::min();

Bar scaled(Bar bar, double scale) {
  bar.open *= scale;
  bar.high *= scale;
  bar.low *= scale;
  bar.close *= scale;
  return bar;
}

}  // namespace

ReplayFeed::ReplayFeed(Store& store, const std::vector<std::string>& symbols, Interval interval,
                       UnixSeconds from, UnixSeconds to, const ReplayConfig& config)
    : store_(store) {
  const std::string window = fmt::format("{} bar from {} to {}", interval.name(),
                                         format_iso8601(from), format_iso8601(to));
  for (const std::string& symbol : symbols) {
    if (std::any_of(sources_.begin(), sources_.end(),
                    [&](const FeedSource& s) { return s.symbol == symbol; })) {
      continue;
    }
    FeedSource source{symbol};
    BarSeries bars = store.read_bars(symbol, interval, from, to);
    if (bars.bars.empty()) {
      if (symbol == config.proxy) {
        throw Error(fmt::format("replay: {} has no {}, and it is the proxy (replay.proxy)", symbol,
                                window));
      }
      bars = store.read_bars(config.proxy, interval, from, to);
      if (bars.bars.empty()) {
        throw Error(fmt::format("replay: {} has no {}, and neither has its proxy {} (replay.proxy)",
                                symbol, window, config.proxy));
      }
      const BarSeries own_before = store.read_last_bars(symbol, interval, from - 1, 1);
      const BarSeries proxy_before = store.read_last_bars(config.proxy, interval, from - 1, 1);
      const auto configured = config.reference_price(symbol);
      if (!configured && own_before.bars.empty()) {
        throw Error(fmt::format(
            "replay: {} has no {} bar stored, so its proxy {} cannot be scaled to its price: set "
            "replay.reference_prices = [\"{}=PRICE\"]",
            symbol, interval.name(), config.proxy, symbol));
      }
      source.proxy = config.proxy;
      source.reference_price = configured ? *configured : own_before.bars.back().close;
      const double anchor =
          proxy_before.bars.empty() ? bars.bars.front().close : proxy_before.bars.back().close;
      source.scale = source.reference_price / anchor;
      source.proxy_from = own_before.bars.empty() ? kBeginning : from;
    }
    for (const Bar& bar : bars.bars) {
      steps_[bar.time + interval.seconds()].push_back(
          {symbol, source.proxy.empty() ? bar : scaled(bar, source.scale), !source.proxy.empty()});
    }
    sources_.push_back(std::move(source));
  }
}

bool ReplayFeed::is_proxy(const std::string& symbol) const {
  for (const FeedSource& s : sources_) {
    if (s.symbol == symbol) return !s.proxy.empty();
  }
  return false;
}

BarSeries ReplayFeed::last_bars(const std::string& symbol, Interval interval,
                                UnixSeconds last_start, std::size_t count) {
  const auto source = std::find_if(sources_.begin(), sources_.end(),
                                   [&](const FeedSource& s) { return s.symbol == symbol; });
  if (source == sources_.end() || source->proxy.empty()) {
    return store_.read_last_bars(symbol, interval, last_start, count);
  }
  BarSeries out;
  if (source->proxy_from != kBeginning) {
    out = store_.read_last_bars(symbol, interval, std::min(last_start, source->proxy_from - 1),
                                count);
  }
  out.symbol = symbol;
  out.interval = interval;
  if (last_start >= source->proxy_from) {
    for (const Bar& bar : store_.read_last_bars(source->proxy, interval, last_start, count).bars) {
      if (bar.time >= source->proxy_from) out.bars.push_back(scaled(bar, source->scale));
    }
  }
  if (out.bars.size() > count) out.bars.erase(out.bars.begin(), out.bars.end() - long(count));
  return out;
}

}  // namespace quantloop::signals
