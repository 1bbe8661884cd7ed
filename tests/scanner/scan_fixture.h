#pragma once
// The scanner tests' market: three generated crypto symbols of 1-minute bars over three days, the
// scanner's configuration for them, and the window a scan must read, made without the scanner.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "core/config.h"
#include "data/ingest.h"
#include "data/synthetic_market.h"
#include "store/store.h"

namespace quantloop::scanner {

inline const UnixSeconds kDataStart = *parse_timestamp("2024-03-04 00:00");  // a Monday
inline const UnixSeconds kDataEnd = *parse_timestamp("2024-03-06 23:59");
inline const UnixSeconds kFirstScan = *parse_timestamp("2024-03-06 09:00:30");
inline const std::vector<std::string> kSymbols{"BTC-USD", "ETH-USD", "SOL-USD"};

inline Config scanner_config() {
  Config config;
  config.scanner.symbols = kSymbols;
  config.scanner.sector = kSymbols;
  config.scanner.reference_symbol = "BTC-USD";
  config.scanner.lookback_bars = 150;
  return config;
}

inline void store_market(Store& store, std::uint64_t seed = 7) {
  SyntheticOptions options;
  options.symbols = kSymbols;
  options.interval = Interval::minute();
  options.start = kDataStart;
  options.end = kDataEnd;
  options.seed = seed;
  ingest_series(store, generate_market(options, Config{}), "1d", kDataStart);
}

// The window a scan at `clock` must read, made here without the scanner: the 1-minute bars
// complete at the clock, bucketed by a plain map, the last `lookback` complete buckets.
inline std::vector<Bar> expected_window(Store& store, const std::string& symbol, Interval tf,
                                        UnixSeconds clock, std::size_t lookback) {
  const auto fine = store.read_bars(symbol, Interval::minute(), 0, clock - 60).bars;
  std::map<UnixSeconds, Bar> buckets;
  for (const Bar& b : fine) {
    const UnixSeconds key = b.time - b.time % tf.seconds();
    auto [it, fresh] = buckets.try_emplace(key, b);
    if (fresh) {
      it->second.time = key;
      continue;
    }
    it->second.high = std::max(it->second.high, b.high);
    it->second.low = std::min(it->second.low, b.low);
    it->second.close = b.close;
    it->second.volume += b.volume;
  }
  std::vector<Bar> window;
  for (const auto& [key, b] : buckets) {
    if (key + tf.seconds() <= clock) window.push_back(b);
  }
  if (window.size() > lookback) window.erase(window.begin(), window.end() - lookback);
  return window;
}

}  // namespace quantloop::scanner
