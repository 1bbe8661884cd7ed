#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace quantloop {

// A date and time as a bar file writes it, before the file's day/month order is known.
//
// Spellings read (case-insensitive where letters appear):
//   dates     2020-03-04, 2020/03/04, 2020.03.04, 20200304, 3/4/2020, 03.04.2020, 03-04-2020,
//             Mar 4, 2020, March 4 2020, 4 Mar 2020, 04-Mar-2020
//   times     after ' ' or 'T': 14:30, 14:30:05, 14:30:05.123, 143005, 2:30 PM, 09-AM
//   zones     Z, +05:30, -0400, +01, UTC, GMT (converted to UTC)
//   epochs    seconds since 1970 (9 digits or more), milliseconds from 1e11, microseconds
//             from 1e14, nanoseconds from 1e17
//   serials   a spreadsheet's date number, 20000 to 80000 (1954 to 2119), days since 1899-12-30
// "3/4/2020" is 3 April or 4 March: day_order_known is false until decide_day_order() has seen
// the whole column. Two-digit years are not read: 1/4/99 is no guess quantloop makes.
struct WrittenTime {
  int year = 1970;
  int month = 1;  // when !day_order_known: the first number as written
  int day = 1;    // when !day_order_known: the second number as written
  int seconds_of_day = 0;
  int offset_seconds = 0;  // the written UTC offset (local = UTC + offset)
  bool zoned = false;      // an offset, Z or an epoch: the instant is absolute
  bool has_time = false;   // a time of day was written
  bool day_order_known = true;
};

// Reads `date` (which may hold the time too) and, from a separate column, `time_of_day`.
std::optional<WrittenTime> read_written_time(std::string_view date,
                                             std::string_view time_of_day = {});

// Reads with a strftime-style format (%Y %m %d %H %M %S %b %p %z ...), for files whose dates no
// rule can tell apart. Whole-text match only.
std::optional<WrittenTime> read_written_time_as(std::string_view text, const std::string& format);

enum class DayOrder { month_first, day_first };

// The seconds of `written` on its own clock (UTC when zoned; the file's wall clock otherwise),
// or nothing for an impossible date (31 April).
std::optional<UnixSeconds> seconds_of(const WrittenTime& written, DayOrder order);

// Decides the day/month order of a column from the largest numbers seen in each position of
// the dates whose order is unknown. Returns nothing when the column cannot tell (every date
// reads both ways) or contradicts itself.
struct DayOrderEvidence {
  int largest_first = 0;
  int largest_second = 0;
  bool any_differ = false;  // some date whose two numbers differ (else the order is moot)
  void add(const WrittenTime& written);
};
std::optional<DayOrder> decide_day_order(const DayOrderEvidence& evidence);

}  // namespace quantloop
