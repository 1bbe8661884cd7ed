#include "data/written_time.h"

#include <gtest/gtest.h>

namespace quantloop {
namespace {

// The instant a spelling reads as, month-first where the order is open.
std::optional<UnixSeconds> read(std::string_view date, std::string_view time_of_day = {}) {
  auto written = read_written_time(date, time_of_day);
  if (!written) return std::nullopt;
  return seconds_of(*written, DayOrder::month_first);
}

UnixSeconds at(const char* text) {
  return *parse_timestamp(text);
}

TEST(WrittenTime, EverySpellingOfADate) {
  for (const char* text : {"2020-03-04", "2020/03/04", "2020.03.04", "20200304", "2020-3-4",
                           "Mar 4, 2020", "March 4 2020", "4 Mar 2020", "04-Mar-2020",
                           "4 march, 2020", "2020-Mar-04", "\"2020-03-04\"", " 2020-03-04 "}) {
    EXPECT_EQ(read(text), at("2020-03-04")) << text;
  }
}

TEST(WrittenTime, TimesOfDayAndZones) {
  EXPECT_EQ(read("2020-03-04 14:30"), at("2020-03-04 14:30"));
  EXPECT_EQ(read("2020-03-04T14:30:05"), at("2020-03-04 14:30:05"));
  EXPECT_EQ(read("2020-03-04 14:30:05.999"), at("2020-03-04 14:30:05"));
  EXPECT_EQ(read("2020-03-04T14:30:05.123456789Z"), at("2020-03-04 14:30:05"));
  EXPECT_EQ(read("2020-03-04 14:30:00+05:30"), at("2020-03-04 09:00"));
  EXPECT_EQ(read("2020-03-04T14:30-0400"), at("2020-03-04 18:30"));
  EXPECT_EQ(read("2020-03-04 14:30:00+00"), at("2020-03-04 14:30"));
  EXPECT_EQ(read("2020-03-04 14:30 UTC"), at("2020-03-04 14:30"));
  EXPECT_EQ(read("20110103 090100"), at("2011-01-03 09:01"));
  EXPECT_EQ(read("20110103 09:01:00"), at("2011-01-03 09:01"));
  EXPECT_EQ(read("2019-10-17 09-AM"), at("2019-10-17 09:00"));
  EXPECT_EQ(read("2019-10-17 12-AM"), at("2019-10-17 00:00"));
  EXPECT_EQ(read("2019-10-17 12-PM"), at("2019-10-17 12:00"));
  EXPECT_EQ(read("3/4/2020 2:30 PM"), at("2020-03-04 14:30"));
  EXPECT_EQ(read("2021.06.15", "08:00"), at("2021-06-15 08:00"));
  EXPECT_EQ(read("20210615", "080000"), at("2021-06-15 08:00"));
  EXPECT_FALSE(read_written_time("2020-03-04 14:30")->zoned);
  EXPECT_TRUE(read_written_time("2020-03-04 14:30Z")->zoned);
  EXPECT_TRUE(read_written_time("2020-03-04 14:30-05:00")->zoned);
}

TEST(WrittenTime, EpochsByMagnitude) {
  EXPECT_EQ(read("1583332200"), at("2020-03-04 14:30"));
  EXPECT_EQ(read("1583332200000"), at("2020-03-04 14:30"));
  EXPECT_EQ(read("1583332200.75"), at("2020-03-04 14:30"));
  EXPECT_EQ(read("1583332200000000"), at("2020-03-04 14:30"));     // microseconds (Binance)
  EXPECT_EQ(read("1583332200000000000"), at("2020-03-04 14:30"));  // nanoseconds
  EXPECT_TRUE(read_written_time("1583332200")->zoned);
  EXPECT_FALSE(read("12345"));  // no date
}

TEST(WrittenTime, SpreadsheetSerialDates) {
  EXPECT_EQ(read("43894"), at("2020-03-04"));  // Excel's 1900 system
  EXPECT_EQ(read("43894.6041666667"), at("2020-03-04 14:30"));
  EXPECT_FALSE(read_written_time("43894")->zoned);
}

TEST(WrittenTime, RejectsImpossibleValues) {
  for (const char* text :
       {"", "2020-13-04", "2020-02-30", "2/30/2020", "13/13/2020", "1/4/99", "20110230 090100",
        "20110103 250100", "2019-10-17 13-PM", "2019-10-17 00-AM", "2020-03-04 14",
        "2020-03-04 14:30 EST", "2020-03-04x", "Smarch 4, 2020", "yesterday"}) {
    EXPECT_FALSE(read(text)) << text;
  }
}

TEST(WrittenTime, DayOrderIsTheColumnsToDecide) {
  const auto ambiguous = *read_written_time("03/04/2020");
  EXPECT_FALSE(ambiguous.day_order_known);
  EXPECT_EQ(seconds_of(ambiguous, DayOrder::month_first), at("2020-03-04"));
  EXPECT_EQ(seconds_of(ambiguous, DayOrder::day_first), at("2020-04-03"));
  EXPECT_TRUE(read_written_time("04/04/2020")->day_order_known);

  DayOrderEvidence undecided;
  undecided.add(ambiguous);
  EXPECT_FALSE(decide_day_order(undecided));
  DayOrderEvidence day_first = undecided;
  day_first.add(*read_written_time("25.03.2020"));
  EXPECT_EQ(decide_day_order(day_first), DayOrder::day_first);
  DayOrderEvidence month_first = undecided;
  month_first.add(*read_written_time("3-25-2020"));
  EXPECT_EQ(decide_day_order(month_first), DayOrder::month_first);
  DayOrderEvidence contradictory = day_first;
  contradictory.add(*read_written_time("3/25/2020"));
  EXPECT_FALSE(decide_day_order(contradictory));
  EXPECT_EQ(decide_day_order(DayOrderEvidence{}), DayOrder::month_first);  // nothing to decide
}

TEST(WrittenTime, ExplicitFormats) {
  auto written = read_written_time_as("03/04/2020", "%d/%m/%Y");
  ASSERT_TRUE(written);
  EXPECT_EQ(seconds_of(*written, DayOrder::month_first), at("2020-04-03"));
  written = read_written_time_as("04.03.2020 14:30 +0100", "%d.%m.%Y %H:%M %z");
  ASSERT_TRUE(written);
  EXPECT_TRUE(written->zoned);
  EXPECT_EQ(seconds_of(*written, DayOrder::month_first), at("2020-03-04 13:30"));
  EXPECT_FALSE(read_written_time_as("2020-03-04", "%d/%m/%Y"));
  EXPECT_FALSE(read_written_time_as("03/04/2020 junk", "%d/%m/%Y"));
}

}  // namespace
}  // namespace quantloop
