#pragma once

#include <string>
#include <vector>

#include "core/config.h"
#include "sched/fire_times.h"

namespace quantloop::sched {

// A configured `[schedule.NAME]` with its cron expression read in its zone.
struct Schedule {
  NamedSchedule settings;
  FireTimes fires;
};

// The enabled schedules of a configuration, in the order they were defined (load_config has
// checked them).
std::vector<Schedule> enabled_schedules(const Config& config);

// How a schedule is written for crontab(5) and for systemd timers, for people who prefer
// their own scheduler. `command` is how to invoke quantloop (its path, and --config or --db
// when those were given); `directory` is where it runs.
std::string crontab_lines(const std::vector<Schedule>& schedules, const std::string& command,
                          const std::string& directory);

struct UnitFile {
  std::string name;  // quantloop-NAME.timer or quantloop-NAME.service
  std::string text;
};
std::vector<UnitFile> systemd_units(const std::vector<Schedule>& schedules,
                                    const std::string& command, const std::string& directory);

// The systemd OnCalendar= values equivalent to a cron expression in a zone: one, or two when
// both day fields are restricted (cron matches either; OnCalendar would need both).
std::vector<std::string> on_calendar(const CronExpression& cron, std::string_view zone);

}  // namespace quantloop::sched
