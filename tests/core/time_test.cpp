#include "core/time.h"

#include <gtest/gtest.h>

namespace quantloop {
namespace {

TEST(Time, CivilRoundTripAcrossCenturiesAndLeapDays) {
  for (CivilDate date : {CivilDate{1970, 1, 1}, CivilDate{2000, 2, 29}, CivilDate{1900, 3, 1},
                         CivilDate{2024, 12, 31}, CivilDate{1962, 1, 2}, CivilDate{2100, 2, 28}}) {
    EXPECT_EQ(civil_from_days(days_from_civil(date)), date);
  }
  EXPECT_EQ(days_from_civil({1970, 1, 1}), 0);
  EXPECT_EQ(days_from_civil({1969, 12, 31}), -1);
}

TEST(Time, FormatsStorageText) {
  EXPECT_EQ(format_utc(0), "1970-01-01 00:00:00");
  EXPECT_EQ(format_utc(1512518400), "2017-12-06 00:00:00");
  EXPECT_EQ(format_utc(-1), "1969-12-31 23:59:59");
  EXPECT_EQ(format_iso8601(1512518400 + 3723), "2017-12-06T01:02:03Z");
}

TEST(Time, ParsesTheSpellingsItPromises) {
  EXPECT_EQ(parse_timestamp("2017-12-06"), 1512518400);
  EXPECT_EQ(parse_timestamp("2017-12-06 01:02"), 1512518400 + 3720);
  EXPECT_EQ(parse_timestamp("2017-12-06T01:02:03Z"), 1512518400 + 3723);
  EXPECT_EQ(parse_timestamp("2024-01-02 14:30:00+00:00"), parse_timestamp("2024-01-02 14:30"));
  EXPECT_EQ(parse_timestamp("2024-01-02 09:30:00-05:00"), parse_timestamp("2024-01-02 14:30"));
  EXPECT_EQ(parse_timestamp("2024-01-02 14:30:00.123"), parse_timestamp("2024-01-02 14:30"));
}

TEST(Time, RejectsMalformedAndImpossibleDates) {
  for (const char* text : {"", "2017-13-01", "2017-02-30", "2017-12-6", "2017-12-06 25:00",
                           "2017-12-06 10:61", "2017-12-06x", "hello", "2017/12/06"}) {
    EXPECT_FALSE(parse_timestamp(text).has_value()) << text;
  }
}

TEST(Time, WeekdayAndHour) {
  EXPECT_EQ(weekday({2017, 12, 6}), 2);  // a Wednesday
  EXPECT_EQ(weekday({1970, 1, 1}), 3);   // a Thursday
  EXPECT_EQ(hour_of(*parse_timestamp("2024-01-02 14:30")), 14);
  EXPECT_EQ(floor_to_day(*parse_timestamp("2024-01-02 14:30")), *parse_timestamp("2024-01-02"));
}

}  // namespace
}  // namespace quantloop
