#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/interval.h"
#include "data/sourced_bar.h"

namespace quantloop {

// The symbol a file name suggests, in canonical spelling: "AAPL_data.csv" -> AAPL,
// "orcl-1995-2014.txt" -> ORCL, "nt-spy-minute-2011.csv" -> SPY, "EURUSD_D1.csv" -> EURUSD,
// "sp500.csv.gz" -> ^GSPC, "BTC-USD.csv" -> BTC-USD, "VOW3.DE.csv" -> VOW3.DE. Nothing when no part
// of the name looks like a symbol.
std::optional<std::string> symbol_from_file_name(std::string_view path);

// The most common spacing between consecutive distinct bar times, in seconds (0 for fewer
// than two distinct times). Weekend and overnight gaps are rarer than the bar spacing itself,
// so this is the interval even for sparse or session-only data.
UnixSeconds modal_spacing(std::span<const SourcedBar> bars);

// The interval of the bars: their modal spacing when it is one; otherwise, for bars all stamped
// at 00:00 UTC (dates), daily, or weekly when every spacing is whole weeks: a short daily file
// has more weekend gaps than consecutive days. Nothing when neither applies.
std::optional<Interval> infer_interval(std::span<const SourcedBar> bars);

}  // namespace quantloop
