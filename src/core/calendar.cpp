#include "core/calendar.h"

#include <algorithm>
#include <array>

#include "core/time_zone.h"

namespace quantloop {

namespace {

constexpr int kMonday = 0;
constexpr int kThursday = 3;
constexpr int kFriday = 4;
constexpr int kSaturday = 5;
constexpr int kSunday = 6;

// The n-th (1-based) `wday` of a month; n = -1 gives the last one.
CivilDate nth_weekday(int year, int month, int wday, int n) {
  if (n > 0) {
    CivilDate first{year, month, 1};
    int offset = (wday - weekday(first) + 7) % 7;
    return {year, month, 1 + offset + 7 * (n - 1)};
  }
  std::int64_t last =
      days_from_civil(month == 12 ? CivilDate{year + 1, 1, 1} : CivilDate{year, month + 1, 1}) - 1;
  CivilDate last_date = civil_from_days(last);
  int back = (weekday(last_date) - wday + 7) % 7;
  return civil_from_days(last - back);
}

// Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
CivilDate easter_sunday(int year) {
  int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
  int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return {year, month, day};
}

CivilDate add_days(const CivilDate& date, int days) {
  return civil_from_days(days_from_civil(date) + days);
}

// A fixed-date holiday moved to Friday when on Saturday and to Monday when on Sunday.
CivilDate observed(const CivilDate& date) {
  int wd = weekday(date);
  if (wd == kSaturday) return add_days(date, -1);
  if (wd == kSunday) return add_days(date, 1);
  return date;
}

// Closures outside the holiday rules (national mourning, weather, 9/11).
constexpr std::array<CivilDate, 12> kSpecialClosures{{
    {1994, 4, 27},
    {2001, 9, 11},
    {2001, 9, 12},
    {2001, 9, 13},
    {2001, 9, 14},
    {2004, 6, 11},
    {2007, 1, 2},
    {2012, 10, 29},
    {2012, 10, 30},
    {2018, 12, 5},
    {2025, 1, 9},
    {1985, 9, 27},
}};

bool is_rule_holiday(const CivilDate& date) {
  const int y = date.year;
  // New Year's Day on a Saturday is not observed on the Friday before (NYSE rule).
  CivilDate new_year{y, 1, 1};
  if (weekday(new_year) == kSunday) new_year = {y, 1, 2};
  if (date == new_year) return true;
  if (y >= 1998 && date == nth_weekday(y, 1, kMonday, 3)) return true;  // Martin Luther King Jr.
  if (date == nth_weekday(y, 2, kMonday, 3)) return true;               // Washington's Birthday
  if (date == add_days(easter_sunday(y), -2)) return true;              // Good Friday
  if (date == nth_weekday(y, 5, kMonday, -1)) return true;              // Memorial Day
  if (y >= 2022 && date == observed({y, 6, 19})) return true;           // Juneteenth
  if (date == observed({y, 7, 4})) return true;                         // Independence Day
  if (date == nth_weekday(y, 9, kMonday, 1)) return true;               // Labor Day
  if (date == nth_weekday(y, 11, kThursday, 4)) return true;            // Thanksgiving
  if (date == observed({y, 12, 25})) return true;                       // Christmas
  return false;
}

UnixSeconds new_york_local_to_utc(const CivilDate& date, int hour, int minute) {
  // Sessions open and close outside the 02:00 switching hour, so the local time is unique.
  return TimeZone::new_york().to_utc(unix_from_civil({date, hour, minute, 0})).earliest;
}

}  // namespace

int new_york_utc_offset(UnixSeconds t) {
  return TimeZone::new_york().utc_offset(t);
}

bool is_nyse_holiday(const CivilDate& date) {
  if (std::find(kSpecialClosures.begin(), kSpecialClosures.end(), date) != kSpecialClosures.end()) {
    return true;
  }
  return is_rule_holiday(date);
}

bool is_nyse_early_close(const CivilDate& date) {
  if (!is_trading_day(AssetType::stock, date)) return false;
  const int y = date.year;
  if (date == add_days(nth_weekday(y, 11, kThursday, 4), 1)) return true;  // day after Thanksgiving
  if (date == CivilDate{y, 12, 24}) return true;                           // Christmas Eve
  // July 3rd when Independence Day is observed on July 4th itself (not moved to the 3rd).
  if (date == CivilDate{y, 7, 3} && weekday(CivilDate{y, 7, 4}) != kSaturday) return true;
  return false;
}

bool is_trading_day(AssetType type, const CivilDate& date) {
  const int wd = weekday(date);
  switch (type) {
    case AssetType::crypto:
      return true;
    case AssetType::forex:
      return wd <= kFriday;
    case AssetType::stock:
    case AssetType::index:
      return wd <= kFriday && !is_nyse_holiday(date);
  }
  return false;
}

std::optional<Session> session_on(AssetType type, const CivilDate& date) {
  if (!is_trading_day(type, date)) return std::nullopt;
  switch (type) {
    case AssetType::crypto: {
      UnixSeconds open = days_from_civil(date) * kSecondsPerDay;
      return Session{open, open + kSecondsPerDay};
    }
    case AssetType::forex: {
      // The FX trading day runs 17:00 to 17:00 New York time; Monday's opens Sunday evening.
      UnixSeconds close = new_york_local_to_utc(date, 17, 0);
      UnixSeconds open = new_york_local_to_utc(add_days(date, -1), 17, 0);
      return Session{open, close};
    }
    case AssetType::stock:
    case AssetType::index: {
      UnixSeconds open = new_york_local_to_utc(date, 9, 30);
      UnixSeconds close = new_york_local_to_utc(date, is_nyse_early_close(date) ? 13 : 16, 0);
      return Session{open, close};
    }
  }
  return std::nullopt;
}

std::vector<UnixSeconds> expected_bar_times(AssetType type, Interval interval, UnixSeconds from,
                                            UnixSeconds to) {
  std::vector<UnixSeconds> times;
  if (to < from) return times;
  const std::int64_t first_day = floor_to_day(from) / kSecondsPerDay - 1;
  const std::int64_t last_day = floor_to_day(to) / kSecondsPerDay + 1;
  if (!interval.intraday()) {
    const UnixSeconds step = interval.seconds();
    for (std::int64_t day = first_day; day <= last_day; ++day) {
      UnixSeconds t = day * kSecondsPerDay;
      if (t < from || t > to) continue;
      if (step > kSecondsPerDay && weekday(civil_from_days(day)) != kMonday) continue;
      if (step == kSecondsPerDay && !is_trading_day(type, civil_from_days(day))) continue;
      times.push_back(t);
    }
    return times;
  }
  if (type == AssetType::crypto) {
    const UnixSeconds step = interval.seconds();
    UnixSeconds t = (from + step - 1) / step * step;
    for (; t <= to; t += step)
      times.push_back(t);
    return times;
  }
  for (std::int64_t day = first_day; day <= last_day; ++day) {
    auto session = session_on(type, civil_from_days(day));
    if (!session) continue;
    // Stock bars start at the opening bell (09:30); FX bars sit on UTC multiples of the interval.
    const UnixSeconds step = interval.seconds();
    UnixSeconds first = session->open;
    if (type == AssetType::forex) first = (first + step - 1) / step * step;
    for (UnixSeconds t = first; t < session->close; t += step) {
      if (t >= from && t <= to) times.push_back(t);
    }
  }
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  return times;
}

std::vector<SessionSpan> active_sessions(UnixSeconds t) {
  struct Venue {
    const char* name;
    TimeZone zone;
    int open_minute, close_minute;  // local wall clock, minutes after midnight
  };
  static const std::array<Venue, 3> venues{{
      {"asia", TimeZone::locate("Asia/Tokyo"), 9 * 60, 18 * 60},
      {"london", TimeZone::locate("Europe/London"), 8 * 60, 16 * 60 + 30},
      {"new_york", TimeZone::new_york(), 8 * 60, 17 * 60},
  }};
  std::vector<SessionSpan> spans;
  for (const Venue& v : venues) {
    const UnixSeconds local = t + v.zone.utc_offset(t);
    const UnixSeconds into_day = (local % kSecondsPerDay + kSecondsPerDay) % kSecondsPerDay;
    const int minute = int(into_day / 60);
    if (minute < v.open_minute || minute >= v.close_minute) continue;
    // Opening times fall in no daylight-saving jump of these zones: one instant each.
    const UnixSeconds opened = local - into_day + UnixSeconds(v.open_minute) * 60;
    spans.push_back({v.name, v.zone.to_utc(opened).earliest});
  }
  return spans;
}

std::string market_sessions(UnixSeconds t) {
  std::string sessions;
  for (const SessionSpan& s : active_sessions(t)) {
    if (!sessions.empty()) sessions += '+';
    sessions += s.name;
  }
  return sessions.empty() ? "off_hours" : sessions;
}

double bars_per_year(AssetType type, Interval interval, UnixSeconds to) {
  return double(expected_bar_times(type, interval, to - 365 * kSecondsPerDay + 1, to).size());
}

}  // namespace quantloop
