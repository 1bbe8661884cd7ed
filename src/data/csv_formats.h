#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bar.h"
#include "data/sourced_bar.h"
#include "store/bar_store.h"

namespace quantloop {

// The bar file formats quantloop reads (examples in ../shared/data):
//  delimited           any headed table a spreadsheet, pandas or a vendor writes (see
//                      delimited_csv.h): columns found by name in any order, delimiters
//                      , ; tab |, quoted fields, every common date spelling, close-only and
//                      wide (one column per symbol) tables. Yahoo's CSV download is one.
//  yfinance            yfinance's 3-line header ("Price,Close,...", "Ticker,AAPL,...",
//                      "Datetime,,,"), timestamps with a UTC offset, any column order
//  cryptodatadownload  a banner line, then "date,symbol,open,...,volume_btc,volume", dates
//                      "YYYY-MM-DD hh-AM", newest first; volume is the base-currency volume
//  ninjatrader         headerless "yyyyMMdd HHmmss;open;high;low;close;volume", UTC, stamped
//                      at the bar's END (shifted to its start once the interval is known)
//  metatrader          headerless "YYYY-MM-DD HH:MM,open,high,low,close,volume" (or with "."
//                      in dates, or date and time in two fields), in the broker's clock; any
//                      headerless time-then-OHLCV file reads the same way, epochs (Binance's
//                      milliseconds or microseconds, Kraken's seconds) and extra trailing
//                      fields included
// Any of them may be gzip-compressed and have CRLF endings and a byte-order mark.
enum class CsvFormat { delimited, yfinance, cryptodatadownload, ninjatrader, metatrader };

std::string_view to_string(CsvFormat format);
// Accepts the names above ("yahoo" is delimited); throws Error naming the text otherwise.
CsvFormat parse_csv_format(std::string_view name);
std::string csv_format_names();

// How to read a file beyond what its content says.
struct CsvReadOptions {
  // Role -> header name (case-insensitive) or 1-based column number; roles: date, time, open,
  // high, low, close, adj_close, volume, symbol, interval. An empty name means "no such
  // column" (e.g. volume= for a volume column that should be ignored). Delimited files only.
  std::map<std::string, std::string> columns;
  // strftime-style format of the date column (%d/%m/%Y), for dates no rule can tell apart.
  std::optional<std::string> date_format;
};

// The roles --columns accepts, comma-separated, for messages.
std::string csv_column_roles();
// Throws Error naming the role when it is not one of csv_column_roles().
void check_csv_column_role(std::string_view role);

// Recognises the vendor formats from the first lines; everything else is delimited. Throws
// Error naming the file when it is empty.
CsvFormat detect_csv_format(std::string_view text, const std::string& path);

// One series a file holds: its symbol ("" when the file names none) and, when the file says so
// (an interval column, as `quantloop query export` writes), its interval.
struct FileSeries {
  std::string symbol;
  std::string interval;
  bool operator==(const FileSeries&) const = default;
};

struct ParsedCsv {
  std::vector<FileSeries> series;     // SourcedBar::symbol indexes this; at least one entry
  std::vector<SourcedBar> bars;       // file order
  std::vector<RejectedBar> rejected;  // lines that are not bars: why, where
  std::int64_t missing_rows = 0;      // rows with no values at all (pandas' NaN, Yahoo's null)
  bool stamps_mark_bar_end = false;
  // Whether times were written with no zone (wall-clock times, read as UTC unless the user
  // names their zone) and whether any carried one (an offset, Z, an epoch).
  bool naive_times = false;
  bool zoned_times = false;
};

// Parses `text` (which, like `path`, must outlive the result: bars point into both). Malformed
// lines are rejected with their line number and reason; a file whose columns or dates cannot be
// told apart (no date or price column, day/month order unknown) is an Error that names the
// file, what it saw and the flag that resolves it.
ParsedCsv parse_csv(std::string_view text, CsvFormat format, const std::string& path,
                    const CsvReadOptions& options = {});

}  // namespace quantloop
