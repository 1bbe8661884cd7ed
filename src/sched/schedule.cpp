#include "sched/schedule.h"

#include <fmt/format.h>

#include <functional>

#include "core/command_line.h"

namespace quantloop::sched {

namespace {

// "a,b,c" of the values low..high a field matches, or "*" when it matches all of them.
std::string value_list(int low, int high, const std::function<bool(int)>& matches,
                       const char* format = "{}") {
  std::string list;
  bool all = true;
  for (int v = low; v <= high; ++v) {
    if (!matches(v)) {
      all = false;
      continue;
    }
    if (!list.empty()) list += ',';
    list += fmt::format(fmt::runtime(format), v);
  }
  return all ? "*" : list;
}

// crontab(5) reads '%' in a command as a newline.
std::string cron_escaped(const std::string& text) {
  std::string out;
  for (char c : text)
    out += c == '%' ? std::string("\\%") : std::string(1, c);
  return out;
}

}  // namespace

std::vector<Schedule> enabled_schedules(const Config& config) {
  std::vector<Schedule> schedules;
  for (const auto& settings : config.schedules) {
    if (!settings.enabled) continue;
    schedules.push_back({settings, FireTimes(CronExpression::parse(settings.cron),
                                             TimeZone::locate(settings.timezone))});
  }
  return schedules;
}

std::vector<std::string> on_calendar(const CronExpression& cron, std::string_view zone) {
  constexpr const char* kDayNames[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  const std::string minutes = value_list(
      0, 59, [&](int v) { return cron.matches_minute(v); }, "{:02}");
  const std::string hours = value_list(
      0, 23, [&](int v) { return cron.matches_hour(v); }, "{:02}");
  const std::string months = value_list(
      1, 12, [&](int v) { return cron.matches_month(v); }, "{:02}");
  const std::string days = value_list(
      1, 31, [&](int v) { return cron.matches_day_of_month(v); }, "{:02}");
  std::string weekdays;
  for (int d = 0; d < 7; ++d) {
    if (!cron.matches_weekday(d)) continue;
    if (!weekdays.empty()) weekdays += ',';
    weekdays += kDayNames[d];
  }
  auto line = [&](const std::string& weekday_part, const std::string& day_part) {
    return fmt::format("{}*-{}-{} {}:{}:00 {}", weekday_part.empty() ? "" : weekday_part + " ",
                       months, day_part, hours, minutes, zone);
  };
  if (cron.days_restricted() && cron.weekdays_restricted()) {
    return {line("", days), line(weekdays, "*")};
  }
  return {line(cron.weekdays_restricted() ? weekdays : "", days)};
}

std::string crontab_lines(const std::vector<Schedule>& schedules, const std::string& command,
                          const std::string& directory) {
  std::string out =
      "# quantloop's schedules as crontab(5) lines (quantloop schedule export --crontab).\n"
      "# CRON_TZ is honoured by cronie (Fedora, RHEL, Arch) and systemd-cron; Debian's cron\n"
      "# reads every line in the system's zone. cron runs nothing it missed while down\n"
      "# (catchup = none); flock -n skips a fire while the last run is under way.\n";
  for (const auto& schedule : schedules) {
    const auto& s = schedule.settings;
    const std::string lock = fmt::format("/tmp/quantloop-{}.lock", s.name);
    out += fmt::format("\n# {}: {} (catchup {}, overlap {})\nCRON_TZ={}\n", s.name, s.job,
                       s.catchup, s.overlap, s.timezone);
    out += cron_escaped(fmt::format(
        "{} cd {} && mkdir -p logs && flock {}{} {} {} >> logs/{}.log 2>&1\n", s.cron,
        shell_quoted(directory), s.overlap == "skip" ? "-n " : "", lock, command, s.job, s.name));
  }
  return out;
}

std::vector<UnitFile> systemd_units(const std::vector<Schedule>& schedules,
                                    const std::string& command, const std::string& directory) {
  std::vector<UnitFile> units;
  for (const auto& schedule : schedules) {
    const auto& s = schedule.settings;
    const std::string unit = fmt::format("quantloop-{}", s.name);
    std::string timer = fmt::format(
        "# quantloop schedule export --systemd. A wall-clock time the spring jump skips does\n"
        "# not fire under systemd (quantloop daemon runs it once after the jump).\n"
        "[Unit]\nDescription=quantloop schedule {}: {}\n\n[Timer]\n",
        s.name, s.job);
    for (const auto& calendar : on_calendar(schedule.fires.cron(), s.timezone))
      timer += fmt::format("OnCalendar={}\n", calendar);
    // Persistent= runs one missed fire after downtime: catchup = latest. "all" has no
    // systemd equivalent; one run is the nearest.
    timer += fmt::format("Persistent={}\nAccuracySec=1s\nUnit={}.service\n\n",
                         s.catchup == "none" ? "false" : "true", unit);
    timer += "[Install]\nWantedBy=timers.target\n";
    units.push_back({unit + ".timer", timer});
    // A oneshot service that is still running is not started again: overlap = skip.
    units.push_back({unit + ".service",
                     fmt::format("[Unit]\nDescription=quantloop {}: {}\n\n[Service]\nType=oneshot\n"
                                 "WorkingDirectory={}\nExecStart={} {}\n",
                                 s.name, s.job, directory, command, s.job)});
  }
  return units;
}

}  // namespace quantloop::sched
