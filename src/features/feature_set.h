#pragma once

#include <string>
#include <vector>

#include "core/bar.h"

namespace quantloop::features {

// The feature matrix of one bar series: one row per bar that has the full history every
// feature needs (warm-up rows are dropped, never filled), in time order. Row t uses bars at or
// before t only; the targets use bar t+1, and the last row (whose next bar is unknown) has none.
struct FeatureFrame {
  std::vector<std::string> names;  // column names, in kFeatureNames order
  std::vector<UnixSeconds> times;  // bar start of each row
  std::vector<double> values;      // rows x names.size(), row-major
  // Targets of each row: the next bar's log return, and its direction (1 up, 0 otherwise);
  // NaN and -1 for the last row of the series.
  std::vector<double> next_log_return;
  std::vector<int> next_direction;

  std::size_t rows() const { return times.size(); }
  std::size_t columns() const { return names.size(); }
  const double* row(std::size_t r) const { return values.data() + r * names.size(); }
};

// The names of the features, a versioned contract: a saved model records them, and loading a
// model whose names differ is an error.
const std::vector<std::string>& feature_names();
// Bars of history the slowest feature needs before its first value (SMA and EMA of 50).
int warm_up_bars();

// Returns (1, 5, 20 bars; simple and log); close / SMA - 1 and close / EMA - 1 (5, 10, 20, 50);
// RSI(14); MACD(12, 26, 9) line, signal and histogram divided by close; Bollinger %B and
// bandwidth (20, 2); ATR(14) / close; realized volatility (20); volume z-score (20); OBV change
// (5); hour of day and day of week as sin/cos; Asia (00-09 UTC), London (07-16 UTC) and New
// York (13-22 UTC) session flags; and the bar interval, log(seconds) / log(1 day).
FeatureFrame build_features(const BarSeries& series);

}  // namespace quantloop::features
