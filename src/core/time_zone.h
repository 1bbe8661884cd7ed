#pragma once

#include <string_view>

#include "core/time.h"

namespace date {
class time_zone;
}

namespace quantloop {

// A zone of the system's IANA time-zone database (/usr/share/zoneinfo, read through Howard
// Hinnant's date/tz; GCC 12 has no std::chrono::tzdb). The database's explicit transitions end
// in 2037; later instants follow the zone's rules of 28 years earlier, when the weekdays of
// every date repeat (what the database's own footer rule says for every zone in use today).
// Cheap to copy; safe to use from several threads.
class TimeZone {
 public:
  // Throws Error naming `name` when the database has no such zone.
  static TimeZone locate(std::string_view name);
  // America/New_York: the exchange calendars' zone.
  static const TimeZone& new_york();

  std::string_view name() const;

  // Offset from UTC in seconds at instant `t`: local wall-clock time = t + offset.
  int utc_offset(UnixSeconds t) const;

  // The UTC instants at which the wall clock shows `local` (seconds since 1970-01-01 00:00 on
  // that clock). `count` is 1 normally, 2 in the repeated hour when clocks go back (earliest
  // and latest differ) and 0 in the hour skipped when they go forward (both are then the
  // instant of the jump).
  struct Instants {
    int count = 1;
    UnixSeconds earliest = 0;
    UnixSeconds latest = 0;
  };
  Instants to_utc(UnixSeconds local) const;

 private:
  explicit TimeZone(const date::time_zone* zone) : zone_(zone) {}
  const date::time_zone* zone_;
};

}  // namespace quantloop
