#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.h"
#include "store/store_slice.h"

namespace quantloop {

// A backtest kept with --save (issue 12's backtests page): what was asked, the headline
// figures, and the whole JSON report as the command printed it.
struct SavedBacktest {
  std::int64_t id = 0;   // assigned by the store
  std::string kind;      // pairs
  std::string subjects;  // the pairs, "Y/X,Y/X"
  std::string interval;
  UnixSeconds from = 0, to = 0, created_at = 0;
  int parameter_sets = 0;
  double sharpe = std::numeric_limits<double>::quiet_NaN();  // the best set's portfolio
  double total_pnl = std::numeric_limits<double>::quiet_NaN();
  double deflated_sharpe = std::numeric_limits<double>::quiet_NaN();  // NaN for one set
  std::string report_json;
};

// One bar of a saved backtest's best set: a pair's or the portfolio's (series "portfolio",
// no position).
struct EquityPoint {
  std::string series;
  UnixSeconds time = 0;
  std::optional<int> position;
  double pnl = 0, equity = 0;
};

// Saved backtests (backtests, backtest_equity).
// One slice of the Store (store.h): a layer that needs only these takes a BacktestStore&.
class BacktestStore : public virtual StoreSlice {
 public:
  // Saves a backtest and its equity series in one transaction; returns its id.
  virtual std::int64_t record_backtest(const SavedBacktest& backtest,
                                       std::span<const EquityPoint> equity) = 0;
  // Saved backtests, newest first, at most `limit` of those with an id below `before_id` (0:
  // from the newest), report_json left empty: a page of a list.
  virtual std::vector<SavedBacktest> saved_backtests(int limit, std::int64_t before_id) = 0;
  // One saved backtest, its report included, and its equity series by series and time.
  virtual std::optional<SavedBacktest> saved_backtest(std::int64_t id) = 0;
  virtual std::vector<EquityPoint> backtest_equity(std::int64_t id) = 0;
};

}  // namespace quantloop
