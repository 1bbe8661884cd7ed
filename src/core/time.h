#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace quantloop {

// A point in time as whole seconds since 1970-01-01 00:00:00 UTC. Every timestamp quantloop
// stores or exchanges is UTC; local exchange time only appears inside calendar.h.
using UnixSeconds = std::int64_t;

constexpr UnixSeconds kSecondsPerMinute = 60;
constexpr UnixSeconds kSecondsPerHour = 3600;
constexpr UnixSeconds kSecondsPerDay = 86400;
// A clock later than any bar, scan or model: "as things stand, whatever is recorded".
constexpr UnixSeconds kEndOfTime = 253402300799;  // 9999-12-31 23:59:59 UTC

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1-12
  int day = 1;    // 1-31
  auto operator<=>(const CivilDate&) const = default;
};

struct CivilTime {
  CivilDate date;
  int hour = 0;    // 0-23
  int minute = 0;  // 0-59
  int second = 0;  // 0-59
};

// Days since 1970-01-01 for a proleptic Gregorian date, and back.
std::int64_t days_from_civil(const CivilDate& date);
CivilDate civil_from_days(std::int64_t days);

UnixSeconds unix_from_civil(const CivilTime& time);
CivilTime civil_from_unix(UnixSeconds t);

// 0 = Monday ... 6 = Sunday.
int weekday(const CivilDate& date);
int weekday_of(UnixSeconds t);
int hour_of(UnixSeconds t);

// Start of the UTC day containing t.
UnixSeconds floor_to_day(UnixSeconds t);

// "YYYY-MM-DD HH:MM:SS", the storage format of market_data.date in SQLite.
std::string format_utc(UnixSeconds t);
// The same 19 characters written to `out` without allocating (a hot path of ingest).
void write_utc(UnixSeconds t, char* out);
// "YYYY-MM-DD".
std::string format_date(const CivilDate& date);
// "YYYY-MM-DDTHH:MM:SSZ" (ISO 8601), for JSON output.
std::string format_iso8601(UnixSeconds t);

// Parses "YYYY-MM-DD", "YYYY-MM-DD HH:MM", "YYYY-MM-DD HH:MM:SS", with 'T' allowed as the
// separator, optional fractional seconds, and an optional "Z" or "+HH:MM"/"-HH:MM" offset
// (applied, so the result is UTC). Returns nullopt for anything else or an invalid date.
std::optional<UnixSeconds> parse_timestamp(std::string_view text);

// The current time from the system clock, truncated to seconds.
UnixSeconds now_utc();

}  // namespace quantloop
