#pragma once

#include <functional>
#include <limits>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/interval.h"
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
//
// What was known at `known_at` (a run's clock): scans after it do not exist, so a future regime
// whose scan comes later is null, and a trade outcome is null unless the row's clock plus its
// time to outcome is at or before it (the trade had closed; the entry is at or before the row's
// clock, so this never reads a later close); an outcome without its time is not known then.
struct DatasetQuery {
  UnixSeconds from = 0, to = 0;  // scan clocks, inclusive
  std::string symbol;            // "" for all
  UnixSeconds known_at = std::numeric_limits<UnixSeconds>::max();
};

// The bars after a row's entry bar whose regime is its future_market_regime.
inline constexpr int kRegimeHorizonBars = 12;

// When a row's future_market_regime is known at the latest: the end of the entry bucket
// kRegimeHorizonBars after the row's, in which the scan that gives it falls.
UnixSeconds regime_known_by(UnixSeconds row_clock, Interval entry);

// The configured timeframes once each, by canonical name ("60m" is "1h"), in order.
std::vector<std::string> dataset_timeframes(const ScannerConfig& config);

// The dataset's columns, in order.
std::vector<std::string> dataset_columns(const ScannerConfig& config);

// Lays one scan's rows of one symbol side by side as the dataset's cells (the future regime
// null): how a stored scan becomes a dataset row, and how the scanner scores the scan it makes.
class RowLayout {
 public:
  explicit RowLayout(const ScannerConfig& config);
  std::size_t width() const { return width_; }
  // Cells of a new row: every cell null but the scan, clock and symbol.
  std::vector<Value> begin(std::int64_t scan_id, UnixSeconds clock,
                           const std::string& symbol) const;
  // Fills the timeframe's cells of one stored row (and the targets for the entry timeframe); a
  // timeframe no longer configured is ignored. False for it.
  bool add(std::vector<Value>& cells, const ScanRow& row) const;
  // Nulls the trade's outcome, time to outcome and R: not known yet.
  void forget_trade_outcome(std::vector<Value>& cells) const;

 private:
  std::string entry_;
  std::map<std::string, std::size_t, std::less<>> timeframe_index_;
  std::size_t width_ = 0, targets_at_ = 0;
};

// Streams the rows (cells in dataset_columns' order) by clock, then symbol. Reads the scans up to
// `to` plus the regime horizon, for the targets.
void each_dataset_row(ScanStore& store, const ScannerConfig& config, const DatasetQuery& query,
                      const std::function<void(std::span<const Value>)>& on_row);

}  // namespace quantloop::scanner
