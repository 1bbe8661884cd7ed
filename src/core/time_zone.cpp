#include "core/time_zone.h"

#include <date/tz.h>
#include <fmt/format.h>

#include "core/error.h"

namespace quantloop {

namespace {

// 28 Gregorian years without a skipped leap day (1901-2099): weekdays and leap years repeat.
constexpr UnixSeconds kRepeatSeconds = (28 * 365 + 7) * kSecondsPerDay;
// 2038-01-01 00:00:00 UTC: the system database lists transitions up to 2037 only.
constexpr UnixSeconds kLastListedYearEnd = 2145916800;

// Shifts an instant past the listed transitions back by whole 28-year cycles.
UnixSeconds within_listed_years(UnixSeconds t, UnixSeconds& shift) {
  shift = 0;
  if (t >= kLastListedYearEnd)
    shift = ((t - kLastListedYearEnd) / kRepeatSeconds + 1) * kRepeatSeconds;
  return t - shift;
}

}  // namespace

TimeZone TimeZone::locate(std::string_view name) {
  try {
    return TimeZone(date::locate_zone(name));
  } catch (const std::exception&) {
    throw Error(
        fmt::format("unknown time zone '{}' (expected an IANA name such as "
                    "America/New_York, Europe/London or UTC)",
                    name));
  }
}

const TimeZone& TimeZone::new_york() {
  static const TimeZone zone = locate("America/New_York");
  return zone;
}

std::string_view TimeZone::name() const {
  return zone_->name();
}

int TimeZone::utc_offset(UnixSeconds t) const {
  UnixSeconds shift = 0;
  const UnixSeconds listed = within_listed_years(t, shift);
  return int(zone_->get_info(date::sys_seconds{std::chrono::seconds{listed}}).offset.count());
}

TimeZone::Instants TimeZone::to_utc(UnixSeconds local) const {
  UnixSeconds shift = 0;
  const UnixSeconds listed = within_listed_years(local, shift);
  const date::local_info info = zone_->get_info(date::local_seconds{std::chrono::seconds{listed}});
  Instants out;
  switch (info.result) {
    case date::local_info::unique:
      out.earliest = out.latest = listed - info.first.offset.count();
      break;
    case date::local_info::ambiguous:
      out.count = 2;
      out.earliest = listed - info.first.offset.count();
      out.latest = listed - info.second.offset.count();
      break;
    case date::local_info::nonexistent:
      out.count = 0;
      out.earliest = out.latest = info.second.begin.time_since_epoch().count();
      break;
  }
  out.earliest += shift;
  out.latest += shift;
  return out;
}

}  // namespace quantloop
