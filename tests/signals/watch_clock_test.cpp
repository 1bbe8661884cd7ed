// When pairs watch runs: every 5 minutes of an NYSE session, close included, open excluded;
// nights, weekends, holidays, early closes and both daylight-saving regimes.
#include "signals/watch_clock.h"

#include <gtest/gtest.h>

namespace quantloop {
namespace {

UnixSeconds at(const char* text) {
  return *parse_timestamp(text);
}

std::string next(const char* after, int every = 300) {
  return format_iso8601(signals::next_watch_tick(at(after), every));
}

TEST(WatchClock, TicksOnTheClocksMultiplesInsideTheSession) {
  // Tuesday 2026-12-01, New York on EST (UTC-5): the session is 14:30-21:00 UTC.
  EXPECT_EQ(next("2026-12-01T15:02:00Z"), "2026-12-01T15:05:00Z");
  EXPECT_EQ(next("2026-12-01T15:05:00Z"), "2026-12-01T15:10:00Z");
  EXPECT_EQ(next("2026-12-01T14:30:00Z"), "2026-12-01T14:35:00Z");  // no bar complete at open
  EXPECT_EQ(next("2026-12-01T09:00:00Z"), "2026-12-01T14:35:00Z");
  EXPECT_EQ(next("2026-12-01T20:58:00Z"), "2026-12-01T21:00:00Z");  // the close runs
  EXPECT_EQ(next("2026-12-01T14:30:00Z", 3600), "2026-12-01T15:00:00Z");
}

TEST(WatchClock, SkipsNightsWeekendsHolidaysAndEarlyCloses) {
  EXPECT_EQ(next("2026-12-01T21:00:00Z"), "2026-12-02T14:35:00Z");
  EXPECT_EQ(next("2026-12-04T21:00:00Z"), "2026-12-07T14:35:00Z");  // Friday to Monday
  // Thanksgiving (Thursday 2026-11-26) is closed; the Friday after closes at 13:00.
  EXPECT_EQ(next("2026-11-25T21:00:00Z"), "2026-11-27T14:35:00Z");
  EXPECT_EQ(next("2026-11-27T17:58:00Z"), "2026-11-27T18:00:00Z");
  EXPECT_EQ(next("2026-11-27T18:00:00Z"), "2026-11-30T14:35:00Z");
  // Christmas Eve closes early, Christmas (a Friday) is a holiday.
  EXPECT_EQ(next("2026-12-24T18:00:00Z"), "2026-12-28T14:35:00Z");
}

TEST(WatchClock, FollowsNewYorksDaylightSaving) {
  // Daylight saving starts Sunday 2026-03-08: Friday's close is 21:00 UTC, Monday's open 13:30.
  EXPECT_EQ(next("2026-03-06T20:57:00Z"), "2026-03-06T21:00:00Z");
  EXPECT_EQ(next("2026-03-06T21:00:00Z"), "2026-03-09T13:35:00Z");
  EXPECT_EQ(next("2026-03-09T19:58:00Z"), "2026-03-09T20:00:00Z");
  EXPECT_EQ(next("2026-03-09T20:00:00Z"), "2026-03-10T13:35:00Z");
}

TEST(WatchClock, TradingHoursExcludeTheOpenAndIncludeTheClose) {
  EXPECT_FALSE(signals::in_watch_hours(at("2026-12-01T14:30:00Z")));
  EXPECT_TRUE(signals::in_watch_hours(at("2026-12-01T14:30:01Z")));
  EXPECT_TRUE(signals::in_watch_hours(at("2026-12-01T21:00:00Z")));
  EXPECT_FALSE(signals::in_watch_hours(at("2026-12-01T21:00:01Z")));
  EXPECT_FALSE(signals::in_watch_hours(at("2026-12-05T16:00:00Z")));  // Saturday
  EXPECT_FALSE(signals::in_watch_hours(at("2026-12-25T16:00:00Z")));  // Christmas
}

}  // namespace
}  // namespace quantloop
