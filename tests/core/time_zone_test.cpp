#include "core/time_zone.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace quantloop {
namespace {

UnixSeconds at(const char* text) {
  return *parse_timestamp(text);
}

TEST(TimeZone, OffsetsFollowTheDatabase) {
  const TimeZone london = TimeZone::locate("Europe/London");
  EXPECT_EQ(london.name(), "Europe/London");
  EXPECT_EQ(london.utc_offset(at("2024-01-15 12:00:00")), 0);
  EXPECT_EQ(london.utc_offset(at("2024-07-15 12:00:00")), 3600);
  // 1968-1971: British Standard Time, UTC+1 all year; no rule of thumb knows that.
  EXPECT_EQ(london.utc_offset(at("1969-01-15 12:00:00")), 3600);
  EXPECT_EQ(TimeZone::locate("Asia/Kolkata").utc_offset(at("2024-01-15 12:00:00")), 19800);
  EXPECT_EQ(TimeZone::locate("UTC").utc_offset(at("2024-07-15 12:00:00")), 0);
}

TEST(TimeZone, UnknownZoneNamesTheInput) {
  try {
    TimeZone::locate("Mars/Olympus_Mons");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'Mars/Olympus_Mons'"), std::string::npos);
  }
}

TEST(TimeZone, LocalTimesInGapsAndRepeatedHours) {
  const TimeZone& ny = TimeZone::new_york();
  const auto plain = ny.to_utc(at("2024-06-03 09:30:00"));
  EXPECT_EQ(plain.count, 1);
  EXPECT_EQ(format_utc(plain.earliest), "2024-06-03 13:30:00");
  // 2024-03-10 02:30 does not exist in New York: clocks jump from 02:00 to 03:00 (07:00 UTC).
  const auto gap = ny.to_utc(at("2024-03-10 02:30:00"));
  EXPECT_EQ(gap.count, 0);
  EXPECT_EQ(format_utc(gap.earliest), "2024-03-10 07:00:00");
  // 2024-11-03 01:30 happens twice: first in daylight time, then in standard time.
  const auto repeated = ny.to_utc(at("2024-11-03 01:30:00"));
  EXPECT_EQ(repeated.count, 2);
  EXPECT_EQ(format_utc(repeated.earliest), "2024-11-03 05:30:00");
  EXPECT_EQ(format_utc(repeated.latest), "2024-11-03 06:30:00");
}

TEST(TimeZone, YearsAfterTheListedTransitionsKeepTheRules) {
  // US rules since 2007: second Sunday of March to first Sunday of November, at 02:00 local.
  const TimeZone& ny = TimeZone::new_york();
  EXPECT_EQ(ny.utc_offset(at("2045-03-12 06:59:59")), -5 * 3600);  // 12 March 2045 is a Sunday
  EXPECT_EQ(ny.utc_offset(at("2045-03-12 07:00:00")), -4 * 3600);
  EXPECT_EQ(ny.utc_offset(at("2045-11-05 05:59:59")), -4 * 3600);  // 5 November 2045, Sunday
  EXPECT_EQ(ny.utc_offset(at("2045-11-05 06:00:00")), -5 * 3600);
  EXPECT_EQ(ny.utc_offset(at("2100-07-01 12:00:00")), -4 * 3600);
  EXPECT_EQ(format_utc(ny.to_utc(at("2045-07-03 09:30:00")).earliest), "2045-07-03 13:30:00");
}

}  // namespace
}  // namespace quantloop
