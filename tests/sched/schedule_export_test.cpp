#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <memory>

#include "sched/schedule.h"

namespace quantloop::sched {
namespace {

Schedule schedule(const char* name, const char* cron, const char* zone, const char* job,
                  const char* catchup = "latest", const char* overlap = "skip") {
  NamedSchedule s;
  s.name = name;
  s.cron = cron;
  s.timezone = zone;
  s.job = job;
  s.catchup = catchup;
  s.overlap = overlap;
  return {s, FireTimes(CronExpression::parse(cron), TimeZone::locate(zone))};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The instants `systemd-analyze calendar` gives for an OnCalendar value after `base`.
std::vector<UnixSeconds> systemd_elapses(const std::string& calendar, UnixSeconds base, int n) {
  const std::string command = "TZ=UTC systemd-analyze calendar --iterations=" + std::to_string(n) +
                              " --base-time='" + format_utc(base) + " UTC' '" + calendar + "' 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::vector<UnixSeconds> out;
  std::array<char, 512> line{};
  while (pipe && fgets(line.data(), int(line.size()), pipe.get())) {
    const std::string text(line.data());
    const auto colon = text.find(": ");
    if (!contains(text, "Next elapse:") && !contains(text, "Iter. #")) continue;
    // "    Next elapse: Sat 2027-03-13 07:30:00 UTC"
    const std::string when = text.substr(colon + 2 + 4, 19);
    if (auto t = parse_timestamp(when)) out.push_back(*t);
  }
  return out;
}

TEST(ScheduleExport, OnCalendarFiresWhenTheCronExpressionDoes) {
  ASSERT_EQ(std::system("systemd-analyze --version >/dev/null 2>&1"), 0)
      << "systemd-analyze (Debian package systemd) is needed to check the systemd units";
  const UnixSeconds base = *parse_timestamp("2027-01-01T00:00Z");
  const std::vector<std::pair<const char*, const char*>> cases{
      {"0 9-19 * * *", "UTC"},
      {"0 20 * * *", "UTC"},
      {"*/15 * * * 1-5", "UTC"},
      {"0 6 * * 1-5", "America/New_York"},
      {"30 2 1,15 * MON", "UTC"},
      {"0 0 29 2 *", "UTC"},
      {"5 4 * * SUN", "Europe/London"},
      {"0 0 1 */3 *", "Australia/Sydney"},
      {"@weekly", "UTC"},
      {"10-40/10 8 * JAN,jul *", "Asia/Tokyo"},
  };
  for (const auto& [cron, zone] : cases) {
    const auto s = schedule("x", cron, zone, "run");
    // The union of the OnCalendar lines' elapses is the cron expression's fires.
    std::vector<UnixSeconds> systemd;
    for (const auto& calendar : on_calendar(s.fires.cron(), zone)) {
      const auto some = systemd_elapses(calendar, base, 12);
      ASSERT_FALSE(some.empty()) << calendar;
      systemd.insert(systemd.end(), some.begin(), some.end());
    }
    std::sort(systemd.begin(), systemd.end());
    systemd.erase(std::unique(systemd.begin(), systemd.end()), systemd.end());
    systemd.resize(std::min<std::size_t>(systemd.size(), 12));
    const auto ours = s.fires.between(base, base + 50LL * 366 * 86400, systemd.size());
    EXPECT_EQ(ours, systemd) << cron << " in " << zone;
  }
}

TEST(ScheduleExport, OnCalendarOfBothDayFieldsIsTwoLines) {
  const auto either = on_calendar(CronExpression::parse("30 2 1,15 * MON"), "UTC");
  ASSERT_EQ(either.size(), 2u);
  EXPECT_EQ(either[0], "*-*-01,15 02:30:00 UTC");
  EXPECT_EQ(either[1], "Mon *-*-* 02:30:00 UTC");
  EXPECT_EQ(on_calendar(CronExpression::parse("0 9-11 * * *"), "America/New_York"),
            (std::vector<std::string>{"*-*-* 09,10,11:00:00 America/New_York"}));
}

TEST(ScheduleExport, CrontabLines) {
  const std::string text = crontab_lines({schedule("hourly", "0 9-19 * * *", "UTC", "run"),
                                          schedule("pairs", "0 6 * * 1-5", "America/New_York",
                                                   "pairs scan --as-of 100%", "none", "queue")},
                                         "/opt/quantloop --config /etc/q.toml", "/srv/it's here");
  EXPECT_TRUE(contains(text,
                       "CRON_TZ=UTC\n0 9-19 * * * cd '/srv/it'\\''s here' && mkdir -p logs "
                       "&& flock -n /tmp/quantloop-hourly.lock /opt/quantloop --config "
                       "/etc/q.toml run >> logs/hourly.log 2>&1\n"))
      << text;
  // queue: flock waits; '%' escaped, since cron reads it as a newline.
  EXPECT_TRUE(contains(text, "CRON_TZ=America/New_York\n0 6 * * 1-5 cd"));
  EXPECT_TRUE(contains(text, "flock /tmp/quantloop-pairs.lock"));
  EXPECT_TRUE(contains(text, "pairs scan --as-of 100\\% >> logs/pairs.log")) << text;
}

TEST(ScheduleExport, SystemdUnits) {
  const auto units =
      systemd_units({schedule("full", "0 20 * * *", "UTC", "run"),
                     schedule("pairs", "0 6 * * 1-5", "America/New_York", "pairs scan", "none")},
                    "/opt/quantloop", "/srv/q");
  ASSERT_EQ(units.size(), 4u);
  EXPECT_EQ(units[0].name, "quantloop-full.timer");
  EXPECT_TRUE(contains(units[0].text, "OnCalendar=*-*-* 20:00:00 UTC\n"));
  EXPECT_TRUE(contains(units[0].text, "Persistent=true\n"));
  EXPECT_TRUE(contains(units[0].text, "Unit=quantloop-full.service\n"));
  EXPECT_EQ(units[1].name, "quantloop-full.service");
  EXPECT_TRUE(contains(units[1].text,
                       "Type=oneshot\nWorkingDirectory=/srv/q\n"
                       "ExecStart=/opt/quantloop run\n"));
  EXPECT_TRUE(contains(units[2].text,
                       "OnCalendar=Mon,Tue,Wed,Thu,Fri *-*-* 06:00:00 "
                       "America/New_York\n"));
  EXPECT_TRUE(contains(units[2].text, "Persistent=false\n"));
}

}  // namespace
}  // namespace quantloop::sched
