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

#include "core/bar.h"
#include "core/interval.h"
#include "core/time.h"
#include "store/result_table.h"
#include "store/store_slice.h"

namespace quantloop {

// Bars of one series to write to market_data, with the seeds' `timeframe` label for them
// (the look-back they were fetched with: '1h', '2y', ...).
struct SeriesWrite {
  const BarSeries* series = nullptr;
  std::string timeframe;
};

// Input that never reached market_data, kept in rejected_bars with its reason.
struct RejectedBar {
  std::string source;     // file path or URL
  std::int64_t line = 0;  // 1-based line in the source; 0 when the source is not line-based
  std::string symbol;     // as far as known
  std::string interval;   // as far as known
  std::string raw;        // the offending input, verbatim (truncated to 500 bytes)
  std::string reason;
};

// What a write did to market_data. Rows whose key existed with other values are updated
// (a provider revising a bar, e.g. a partial intraday bar); identical rows are unchanged.
struct WriteCounts {
  std::int64_t inserted = 0;
  std::int64_t updated = 0;
  std::int64_t unchanged = 0;
  std::int64_t rejected = 0;
};

// One (symbol, interval) series present in market_data.
struct SeriesSummary {
  std::string symbol;
  std::string asset_type;
  std::string interval;
  std::int64_t bars = 0;
  UnixSeconds first = 0;
  UnixSeconds last = 0;
};

// market_data and rejected_bars: the bars every layer reads, written by ingest.
// One slice of the Store (store.h): a layer that needs only these takes a BarStore&.
class BarStore : public virtual StoreSlice {
 public:
  // Writes the bars of every series (keyed by symbol, interval, date) and the rejections in
  // one transaction. `fetch_time` fills market_data.fetch_date.
  virtual WriteCounts write_bars(std::span<const SeriesWrite> series,
                                 std::span<const RejectedBar> rejected, UnixSeconds fetch_time) = 0;
  // Bars of one series with from <= time <= to, ascending. Empty series when there are none.
  virtual BarSeries read_bars(std::string_view symbol, Interval interval, UnixSeconds from,
                              UnixSeconds to) = 0;
  // The last `count` bars at or before `to`, ascending: what a prediction needs, in one
  // indexed read however long the stored history.
  virtual BarSeries read_last_bars(std::string_view symbol, Interval interval, UnixSeconds to,
                                   std::size_t count) = 0;
  virtual std::vector<SeriesSummary> list_series() = 0;
  virtual ResultTable recent_bars(std::string_view symbol, Interval interval,
                                  UnixSeconds since) = 0;
};

}  // namespace quantloop
