#include "signals/watch_clock.h"

#include "core/calendar.h"

namespace quantloop::signals {

namespace {

CivilDate new_york_date(UnixSeconds t) {
  return civil_from_unix(t + new_york_utc_offset(t)).date;
}

}  // namespace

UnixSeconds next_watch_tick(UnixSeconds after, int every_seconds) {
  const UnixSeconds step = every_seconds;
  // New York's date at `after`, then each following date until a session ends after it.
  CivilDate date = new_york_date(after);
  for (int day = 0; day < 30; ++day, date = civil_from_days(days_from_civil(date) + 1)) {
    const auto session = session_on(AssetType::stock, date);
    if (!session || session->close <= after) continue;
    const UnixSeconds from = std::max(after, session->open);
    const UnixSeconds tick = (from / step + 1) * step;  // the first multiple after `from`
    if (tick <= session->close) return tick;
  }
  // Thirty days without a session do not happen on the NYSE calendar.
  return after + step;
}

bool in_watch_hours(UnixSeconds t) {
  const auto session = session_on(AssetType::stock, new_york_date(t));
  return session && session->open < t && t <= session->close;
}

}  // namespace quantloop::signals
