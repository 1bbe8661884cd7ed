#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/time.h"
#include "store/result_table.h"
#include "store/scan_store.h"

namespace quantloop::scanner {

// Seed 002's get_ml_training_data: one row per scan and symbol, every configured timeframe's
// market_conditions and ml_features side by side (`<timeframe>_<column>`), then the targets of
// the entry timeframe's row: the signal and its trade's outcome (filled once the trade closed),
// and future_market_regime, the entry timeframe's market regime 12 of its bars of time later:
// that of the first scan of the symbol in the entry bucket 12 buckets after the row's (for a
// market open around the clock, the scan whose last complete entry bar is 12 bars after the
// row's); null when no scan of the symbol falls in that bucket (yet).
struct DatasetQuery {
  UnixSeconds from = 0, to = 0;  // scan clocks, inclusive
  std::string symbol;            // "" for all
};

// The bars after a row's entry bar whose regime is its future_market_regime.
inline constexpr int kRegimeHorizonBars = 12;

// The configured timeframes once each, by canonical name ("60m" is "1h"), in order.
std::vector<std::string> dataset_timeframes(const ScannerConfig& config);

// The dataset's columns, in order.
std::vector<std::string> dataset_columns(const ScannerConfig& config);

// Streams the rows (cells in dataset_columns' order) by clock, then symbol. Reads the scans up to
// `to` plus the regime horizon, for the targets.
void each_dataset_row(ScanStore& store, const ScannerConfig& config, const DatasetQuery& query,
                      const std::function<void(std::span<const Value>)>& on_row);

}  // namespace quantloop::scanner
