#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "core/cron.h"
#include "core/time_zone.h"

namespace quantloop::sched {

// The UTC instants at which a cron expression fires when its fields are read on a time zone's
// wall clock. Daylight saving: a wall-clock time the spring jump skips fires once, at the
// jump (several skipped times of one gap fire once together); a time the autumn repeat shows
// twice fires once, at its first occurrence. (systemd's OnCalendar skips the first and cron
// implementations differ on both; Prefect and Airflow have had duplicate and missed runs there.)
class FireTimes {
 public:
  FireTimes(CronExpression cron, TimeZone zone) : cron_(std::move(cron)), zone_(zone) {}

  // The first fire strictly after `after`; nullopt when none within eight years (an
  // expression such as "0 0 30 2 *" never fires).
  std::optional<UnixSeconds> next(UnixSeconds after) const;
  // The last fire at or before `at`; nullopt when none within eight years before.
  std::optional<UnixSeconds> previous(UnixSeconds at) const;
  // The fires in (after, until], in order, at most `limit` of them.
  std::vector<UnixSeconds> between(UnixSeconds after, UnixSeconds until, std::size_t limit) const;

  const CronExpression& cron() const { return cron_; }
  const TimeZone& zone() const { return zone_; }

 private:
  // The instant a matching wall-clock time (seconds since 1970 on that clock) fires at.
  UnixSeconds instant_of(UnixSeconds local) const;

  CronExpression cron_;
  TimeZone zone_;
};

}  // namespace quantloop::sched
