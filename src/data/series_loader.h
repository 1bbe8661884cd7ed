#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/bar.h"
#include "core/interval.h"
#include "core/time.h"
#include "store/bar_store.h"

namespace quantloop {

// One column of a bar series with its times: the input of the statistics commands.
struct TimedColumn {
  std::string name;  // "AAPL close", "GLD.csv adj close"
  std::vector<UnixSeconds> times;
  std::vector<double> values;
};

enum class BarField { open, high, low, close, adj_close, volume };

// Accepts open, high, low, close, volume and adj close / adj_close / "Adj Close" (any case);
// throws Error listing them otherwise.
BarField parse_bar_field(std::string_view name);
std::string_view to_string(BarField field);

// The field of every stored bar of symbol at interval. Throws Error when there are none, or
// when the field is adj_close and some bars lack it.
TimedColumn load_stored_column(BarStore& store, std::string_view symbol, Interval interval,
                               BarField field);

// A column of a file, sorted by time. An OHLCV name (parse_bar_field) reads that field of every
// bar of a file of any format ingest reads (one symbol per file), skipping the bars ingest
// would reject. Any other name is a numeric column of a delimited file, found by its header
// (a spread or a return: negative values are fine; empty cells are skipped). Throws Error for
// an unreadable file, a column the file does not have, or two values at one time.
TimedColumn load_file_column(const std::string& path, std::string_view column);

// The bars of a file of any format ingest reads (one symbol per file), as ingest would keep them
// (rejected bars left out), ascending; the interval is the bars' most common spacing. Throws
// Error for an unreadable file or one without a valid bar.
BarSeries load_file_bars(const std::string& path);

// Columns inner-joined on their times: only times every column has.
std::vector<TimedColumn> align_columns(const std::vector<TimedColumn>& columns);

}  // namespace quantloop
