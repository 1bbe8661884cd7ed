#include "sched/fire_times.h"

namespace quantloop::sched {

namespace {

constexpr std::int64_t kHorizonDays = 8 * 366;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace

UnixSeconds FireTimes::instant_of(UnixSeconds local) const {
  // earliest: the first occurrence of a repeated time, the jump for a skipped one.
  return zone_.to_utc(local).earliest;
}

std::optional<UnixSeconds> FireTimes::next(UnixSeconds after) const {
  // Wall-clock order is UTC order (earliest occurrences, gaps at their jump), so the first
  // matching wall-clock time whose instant lies after `after` is the answer. Start a day
  // early: the wall clock of `after` may be the second pass of a repeated hour.
  const std::int64_t first_day = floor_div(after + zone_.utc_offset(after), kSecondsPerDay) - 1;
  for (std::int64_t day = first_day; day < first_day + kHorizonDays; ++day) {
    if (!cron_.matches_day(civil_from_days(day))) continue;
    for (int hour = 0; hour < 24; ++hour) {
      if (!cron_.matches_hour(hour)) continue;
      for (int minute = 0; minute < 60; ++minute) {
        if (!cron_.matches_minute(minute)) continue;
        const UnixSeconds t =
            instant_of(day * kSecondsPerDay + hour * kSecondsPerHour + minute * kSecondsPerMinute);
        if (t > after) return t;
      }
    }
  }
  return std::nullopt;
}

std::optional<UnixSeconds> FireTimes::previous(UnixSeconds at) const {
  const std::int64_t last_day = floor_div(at + zone_.utc_offset(at), kSecondsPerDay) + 1;
  for (std::int64_t day = last_day; day > last_day - kHorizonDays; --day) {
    if (!cron_.matches_day(civil_from_days(day))) continue;
    for (int hour = 23; hour >= 0; --hour) {
      if (!cron_.matches_hour(hour)) continue;
      for (int minute = 59; minute >= 0; --minute) {
        if (!cron_.matches_minute(minute)) continue;
        const UnixSeconds t =
            instant_of(day * kSecondsPerDay + hour * kSecondsPerHour + minute * kSecondsPerMinute);
        if (t <= at) return t;
      }
    }
  }
  return std::nullopt;
}

std::vector<UnixSeconds> FireTimes::between(UnixSeconds after, UnixSeconds until,
                                            std::size_t limit) const {
  std::vector<UnixSeconds> fires;
  for (auto t = next(after); t && *t <= until && fires.size() < limit; t = next(*t))
    fires.push_back(*t);
  return fires;
}

}  // namespace quantloop::sched
