#include "sched/fire_times.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace quantloop::sched {
namespace {

UnixSeconds utc(const char* text) {
  return *parse_timestamp(text);
}

FireTimes fires(const char* cron, const char* zone) {
  return FireTimes(CronExpression::parse(cron), TimeZone::locate(zone));
}

std::vector<std::string> iso(const std::vector<UnixSeconds>& times) {
  std::vector<std::string> out;
  for (auto t : times)
    out.push_back(format_iso8601(t));
  return out;
}

// croniter's wall-clock walk, converted to UTC by zoneinfo (tests/sched/reference/).
TEST(FireTimes, EqualCroniterAndZoneinfo) {
  std::ifstream file(quantloop::testing::source_dir() /
                     "tests/sched/reference/croniter_fires.json");
  const auto cases = nlohmann::json::parse(file);
  ASSERT_GE(cases.size(), 10u);
  for (const auto& c : cases) {
    const std::string cron = c["cron"];
    const std::string zone = c["timezone"];
    const auto expected = c["fires"].get<std::vector<std::string>>();
    const FireTimes f = fires(cron.c_str(), zone.c_str());
    const auto got =
        f.between(utc(std::string(c["after"]).c_str()), utc("2040-01-01T00:00Z"), expected.size());
    EXPECT_EQ(iso(got), expected) << cron << " in " << zone;
    // And backwards: each fire's previous fire is the one before it.
    for (std::size_t i = 1; i < got.size(); ++i) {
      EXPECT_EQ(f.previous(got[i] - 1), got[i - 1]) << cron << " in " << zone;
      EXPECT_EQ(f.previous(got[i]), got[i]) << cron << " in " << zone;
    }
  }
}

TEST(FireTimes, SpringForwardGapFiresOnceAfterTheJump) {
  // New York, 2027-03-14: 02:00 EST jumps to 03:00 EDT (07:00Z).
  EXPECT_EQ(iso(fires("30 2 * * *", "America/New_York")
                    .between(utc("2027-03-13T00:00Z"), utc("2027-03-16T00:00Z"), 10)),
            (std::vector<std::string>{"2027-03-13T07:30:00Z", "2027-03-14T07:00:00Z",
                                      "2027-03-15T06:30:00Z"}));
  // Every quarter hour of the skipped hour, and 03:00 itself, are one fire at the jump.
  EXPECT_EQ(iso(fires("*/15 2-3 * * *", "America/New_York")
                    .between(utc("2027-03-14T06:00Z"), utc("2027-03-14T08:00Z"), 10)),
            (std::vector<std::string>{"2027-03-14T07:00:00Z", "2027-03-14T07:15:00Z",
                                      "2027-03-14T07:30:00Z", "2027-03-14T07:45:00Z"}));
  // An hourly schedule loses nothing and doubles nothing on that day.
  const auto hourly = fires("0 * * * *", "America/New_York")
                          .between(utc("2027-03-14T05:00Z"), utc("2027-03-14T09:00Z"), 10);
  EXPECT_EQ(iso(hourly),
            (std::vector<std::string>{"2027-03-14T06:00:00Z", "2027-03-14T07:00:00Z",
                                      "2027-03-14T08:00:00Z", "2027-03-14T09:00:00Z"}));
}

TEST(FireTimes, AutumnRepeatFiresOnce) {
  // New York, 2027-11-07: 02:00 EDT falls back to 01:00 EST; 01:30 is 05:30Z and 06:30Z.
  EXPECT_EQ(iso(fires("30 1 * * *", "America/New_York")
                    .between(utc("2027-11-06T00:00Z"), utc("2027-11-09T00:00Z"), 10)),
            (std::vector<std::string>{"2027-11-06T05:30:00Z", "2027-11-07T05:30:00Z",
                                      "2027-11-08T06:30:00Z"}));
  // Asked during the second pass of the hour, the next fire is not the repeat.
  EXPECT_EQ(fires("45 1 * * *", "America/New_York").next(utc("2027-11-07T06:10Z")),
            utc("2027-11-08T06:45Z"));
  // London, 2027-10-31: the hourly schedule fires at 01:00 BST and next at 02:00 GMT.
  EXPECT_EQ(iso(fires("0 * * * *", "Europe/London")
                    .between(utc("2027-10-30T23:30Z"), utc("2027-10-31T02:30Z"), 10)),
            (std::vector<std::string>{"2027-10-31T00:00:00Z", "2027-10-31T02:00:00Z"}));
}

TEST(FireTimes, NeverAndFarFires) {
  EXPECT_FALSE(fires("0 0 30 2 *", "UTC").next(utc("2026-12-01T00:00Z")));
  EXPECT_FALSE(fires("0 0 31 4 *", "UTC").previous(utc("2026-12-01T00:00Z")));
  EXPECT_EQ(fires("0 0 29 2 *", "UTC").previous(utc("2031-01-01T00:00Z")),
            utc("2028-02-29T00:00Z"));
  // Strictly after: a fire at the instant asked about is not the next one.
  EXPECT_EQ(fires("0 20 * * *", "UTC").next(utc("2026-12-01T20:00Z")), utc("2026-12-02T20:00Z"));
}

}  // namespace
}  // namespace quantloop::sched
