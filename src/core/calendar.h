#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/asset_type.h"
#include "core/interval.h"
#include "core/time.h"

namespace quantloop {

// Trading calendars, all in UTC:
//  - stock, index: NYSE regular session 09:30-16:00 New York time (13:00 on early-close days),
//    NYSE holidays and special closures since 1990;
//  - forex: the FX week, Sunday 17:00 to Friday 17:00 New York time, no holidays;
//  - crypto: always open.
// Intraday bars of a session start at its open and every interval after it; daily bars are
// stamped 00:00 UTC of the trading date (forex: Monday-Friday).

struct Session {
  UnixSeconds open = 0;   // first second of trading
  UnixSeconds close = 0;  // first second after trading
};

// New York's offset from UTC in seconds at instant t (-18000 in winter, -14400 in summer), from
// the system's time-zone database (TimeZone::new_york()).
int new_york_utc_offset(UnixSeconds t);

bool is_nyse_holiday(const CivilDate& date);
bool is_nyse_early_close(const CivilDate& date);

// Whether the venue of `type` trades on the (New York) date; forex Monday-Friday.
bool is_trading_day(AssetType type, const CivilDate& date);

// The regular session that opens on `date` (New York calendar date), if any. Crypto has one
// session per UTC day, forex one per weekday running from 17:00 the day before.
std::optional<Session> session_on(AssetType type, const CivilDate& date);

// Start times of the bars a complete series of this venue and interval has in [from, to].
std::vector<UnixSeconds> expected_bar_times(AssetType type, Interval interval, UnixSeconds from,
                                            UnixSeconds to);

// A trading session under way at an instant, and when its current occurrence began.
struct SessionSpan {
  std::string_view name;  // asia | london | new_york
  UnixSeconds started = 0;
};
// The trading sessions under way at `t` by their own wall clocks (daylight saving from the IANA
// database; start inclusive, end exclusive): asia = Asia/Tokyo 09:00-18:00, london =
// Europe/London 08:00-16:30, new_york = America/New_York 08:00-17:00, in that order.
std::vector<SessionSpan> active_sessions(UnixSeconds t);
// Those under way joined by "+" in that order ("london+new_york"), else "off_hours".
std::string market_sessions(UnixSeconds t);

// The bars of this venue and interval in the 365 days up to `to`: what annualises a per-bar
// figure (about 252 for stock days, 1,764 for stock hours, 365 for crypto days, 8,760 for
// crypto hours).
double bars_per_year(AssetType type, Interval interval, UnixSeconds to);

}  // namespace quantloop
