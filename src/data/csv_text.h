#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace quantloop {

// Iterates the lines of a text: LF or CRLF endings, a final line without newline, a UTF-8
// byte-order mark at the start. Line numbers are 1-based.
class LineReader {
 public:
  explicit LineReader(std::string_view text);
  // The next line without its ending; false at the end of the text.
  bool next(std::string_view& line);
  std::int64_t line_number() const { return line_number_; }

 private:
  std::string_view text_;
  std::size_t position_ = 0;
  std::int64_t line_number_ = 0;
};

// Splits on `delimiter` into `fields` (reused); no quoting (no market data format needs it).
void split_fields(std::string_view line, char delimiter, std::vector<std::string_view>& fields);

std::string_view trim(std::string_view text);

// A decimal or scientific number ("nan", "inf" and empty fields are nullopt: a bar with them
// is malformed, not a number).
std::optional<double> parse_number(std::string_view text);

// Dates and times in the spellings of the formats quantloop reads. All return UTC seconds.
// "2017-12-06", "2017-12-06 14:30[:00][+00:00]", "1/4/1999" (M/D/YYYY).
std::optional<UnixSeconds> parse_flexible_date(std::string_view text);
// "20110103 090100" (NinjaTrader).
std::optional<UnixSeconds> parse_compact_timestamp(std::string_view text);
// "2019-10-17 09-AM" (CryptoDataDownload's 12-hour clock).
std::optional<UnixSeconds> parse_hour_am_pm(std::string_view text);
// "2021-06-15 08:00" or "2021.06.15 08:00" (MetaTrader).
std::optional<UnixSeconds> parse_metatrader_timestamp(std::string_view text);

}  // namespace quantloop
