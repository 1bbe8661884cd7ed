#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "data/csv_formats.h"

namespace quantloop {

// The reader of headed, delimited bar tables: what pandas' to_csv, spreadsheets and most
// vendors write.
//
// - The header is the first line (of the first 30) that names a time column and a value
//   column. Names match case-insensitively, ignoring spaces, punctuation and <>:
//     time    date, dt, datetime, timestamp, time, day, dtyyyymmdd, gmt time, local time, open
//     time,
//             or an empty first cell (a pandas index) when no other column is a time; a "time"
//             column beside a date column holds the time of day
//     open    open, o, op;  high: high, h, hi;  low: low, l, lo
//     close   close, c, cl, price, last, close/last;  adj close: adj close, adjusted close
//     volume  volume, v, vol (then a base-currency volume such as "volume btc", then tick volume)
//     symbol  symbol, ticker, name;  interval: interval (as `quantloop query export` writes)
//   Any order; other columns are ignored. Delimiters , ; tab | (the header's most frequent).
// - Close only (no open, high, low): open = high = low = close; no volume column: volume 0.
//   No price column at all: every other numeric column is one symbol's close (a wide table,
//   e.g. pandas' prices.to_csv() with a column per ticker).
// - Numbers may carry a currency sign ($1,234.50), thousands separators, a decimal comma in
//   ;-separated files, and volumes a K/M/B suffix. An empty, null, NaN or "-" cell is missing:
//   a row missing every price is skipped and counted (missing_rows), one missing some is
//   rejected.
// - Times: every spelling of written_time.h; the day/month order of 3/4/2020 is decided by the
//   whole column and an undecidable column is an Error naming --date-format.
void parse_delimited(std::string_view text, const std::string& path, const CsvReadOptions& options,
                     bool cryptodatadownload, ParsedCsv& out);

// One numeric column of a delimited file, found by its header name as above (exact names
// first), with the file's times: e.g. a spread or a return, which may be negative. Rows whose
// cell is missing are skipped; malformed ones are listed in `rejected`.
struct NamedColumn {
  std::string header;  // as the file writes it
  std::vector<UnixSeconds> times;
  std::vector<double> values;
  std::vector<RejectedBar> rejected;
};
NamedColumn read_named_column(std::string_view text, const std::string& path,
                              std::string_view column, const CsvReadOptions& options = {});

}  // namespace quantloop
