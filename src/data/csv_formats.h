#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/bar.h"
#include "data/sourced_bar.h"
#include "store/records.h"

namespace quantloop {

// The bar file formats quantloop reads (examples in ../shared/data):
//  yahoo               headed CSV "Date,Open,High,Low,Close[,Adj Close],Volume[,Name]"; columns
//                      found by name; dates YYYY-MM-DD or M/D/YYYY; a Name/Symbol column may
//                      hold several symbols
//  yfinance            yfinance's 3-line header ("Price,Close,...", "Ticker,AAPL,...",
//                      "Datetime,,,"), timestamps with a UTC offset, any column order
//  cryptodatadownload  a banner line, then "date,symbol,open,...,volume_btc,volume", dates
//                      "YYYY-MM-DD hh-AM", newest first; volume is the base-currency volume
//  ninjatrader         headerless "yyyyMMdd HHmmss;open;high;low;close;volume", UTC, stamped
//                      at the bar's END (shifted to its start once the interval is known)
//  metatrader          headerless "YYYY-MM-DD HH:MM,open,high,low,close,volume" (or with "."
//                      in dates, or date and time in two fields)
// Any of them may be gzip-compressed and have CRLF endings.
enum class CsvFormat { yahoo, yfinance, cryptodatadownload, ninjatrader, metatrader };

std::string_view to_string(CsvFormat format);
// Throws Error naming the text and the known formats.
CsvFormat parse_csv_format(std::string_view name);
std::string csv_format_names();

// Recognises the format from the first lines; throws Error naming the file, quoting its first
// line and suggesting --format when it cannot.
CsvFormat detect_csv_format(std::string_view text, const std::string& path);

struct ParsedCsv {
  // Symbols the file names (a Name column, a Ticker row); one empty entry when it names none.
  std::vector<std::string> symbols;
  std::vector<SourcedBar> bars;       // file order
  std::vector<RejectedBar> rejected;  // lines that are not bars: why, where
  bool stamps_mark_bar_end = false;
};

// Parses `text` (which, like `path`, must outlive the result: bars point into both). Malformed lines are
// rejected with their line number and reason; a missing required column is an Error.
ParsedCsv parse_csv(std::string_view text, CsvFormat format, const std::string& path);

}  // namespace quantloop
