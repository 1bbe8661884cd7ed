#include "core/calendar.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "test_support.h"

namespace quantloop {
namespace {

using testing::bundled_data;
using testing::shared_data;

// Trading dates (first CSV column, YYYY-MM-DD) of a Yahoo daily file.
std::vector<CivilDate> dates_in(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::string line;
  std::getline(file, line);  // header
  std::vector<CivilDate> dates;
  while (std::getline(file, line)) {
    auto t = parse_timestamp(line.substr(0, 10));
    if (t) dates.push_back(civil_from_unix(*t).date);
  }
  return dates;
}

// The NYSE calendar must reproduce, day for day, the sessions in real exchange data.
void expect_calendar_matches(const std::filesystem::path& path) {
  const auto dates = dates_in(path);
  ASSERT_GT(dates.size(), 1000u);
  const std::set<CivilDate> traded(dates.begin(), dates.end());
  const auto expected = expected_bar_times(AssetType::stock, Interval::day(),
                                           days_from_civil(dates.front()) * kSecondsPerDay,
                                           days_from_civil(dates.back()) * kSecondsPerDay);
  std::set<CivilDate> calendar;
  for (UnixSeconds t : expected)
    calendar.insert(civil_from_unix(t).date);
  for (const auto& date : traded) {
    EXPECT_TRUE(calendar.count(date)) << format_date(date) << " traded but the calendar is closed";
  }
  for (const auto& date : calendar) {
    EXPECT_TRUE(traded.count(date)) << format_date(date) << " expected but not traded";
  }
}

TEST(Calendar, MatchesNyseSessionsOf2012To2017) {
  expect_calendar_matches(bundled_data("daily/AAPL_data.csv"));
}

TEST(Calendar, MatchesNyseSessionsOf1995To2014IncludingSpecialClosures) {
  // Covers 9/11 (four days), Reagan (2004), Ford (2007), Sandy (2012), observed holidays.
  expect_calendar_matches(shared_data("daily/orcl-1995-2014.txt"));
}

TEST(Calendar, NewYorkDaylightSavingRules) {
  // 2024: DST from 10 March 07:00 UTC to 3 November 06:00 UTC.
  EXPECT_EQ(new_york_utc_offset(*parse_timestamp("2024-03-10 06:59:59")), -5 * 3600);
  EXPECT_EQ(new_york_utc_offset(*parse_timestamp("2024-03-10 07:00:00")), -4 * 3600);
  EXPECT_EQ(new_york_utc_offset(*parse_timestamp("2024-11-03 05:59:59")), -4 * 3600);
  EXPECT_EQ(new_york_utc_offset(*parse_timestamp("2024-11-03 06:00:00")), -5 * 3600);
  // 2006 rules: first Sunday of April to last Sunday of October.
  EXPECT_EQ(new_york_utc_offset(*parse_timestamp("2006-04-02 07:00:00")), -4 * 3600);
  EXPECT_EQ(new_york_utc_offset(*parse_timestamp("2006-10-29 06:00:00")), -5 * 3600);
}

TEST(Calendar, StockSessionsInUtcAndEarlyCloses) {
  auto winter = session_on(AssetType::stock, {2024, 1, 2});
  ASSERT_TRUE(winter);
  EXPECT_EQ(format_utc(winter->open), "2024-01-02 14:30:00");
  EXPECT_EQ(format_utc(winter->close), "2024-01-02 21:00:00");
  auto summer = session_on(AssetType::stock, {2024, 7, 3});
  ASSERT_TRUE(summer);
  EXPECT_EQ(format_utc(summer->open), "2024-07-03 13:30:00");
  EXPECT_EQ(format_utc(summer->close), "2024-07-03 17:00:00");  // 13:00 early close
  EXPECT_TRUE(is_nyse_early_close({2024, 11, 29}));
  EXPECT_TRUE(is_nyse_early_close({2024, 12, 24}));
  EXPECT_FALSE(session_on(AssetType::stock, {2024, 12, 25}));
  EXPECT_FALSE(session_on(AssetType::stock, {2024, 6, 19}));  // Juneteenth
  EXPECT_TRUE(session_on(AssetType::stock, {2021, 6, 18}));   // before it was a holiday
}

TEST(Calendar, HourlyStockBarsStartAtTheOpeningBell) {
  const auto times =
      expected_bar_times(AssetType::stock, Interval::hour(), *parse_timestamp("2024-01-02"),
                         *parse_timestamp("2024-01-03"));
  ASSERT_EQ(times.size(), 7u);  // 09:30 ... 15:30 New York, as Yahoo stamps them
  EXPECT_EQ(format_utc(times.front()), "2024-01-02 14:30:00");
  EXPECT_EQ(format_utc(times.back()), "2024-01-02 20:30:00");
}

TEST(Calendar, ForexWeekAndCryptoAlwaysOpen) {
  const auto week = expected_bar_times(AssetType::forex, Interval::hour(),
                                       *parse_timestamp("2024-01-06"),   // Saturday
                                       *parse_timestamp("2024-01-13"));  // next Saturday
  ASSERT_EQ(week.size(), 120u);  // Sunday 22:00 to Friday 22:00 UTC in winter
  EXPECT_EQ(format_utc(week.front()), "2024-01-07 22:00:00");
  EXPECT_EQ(format_utc(week.back()), "2024-01-12 21:00:00");
  const auto crypto =
      expected_bar_times(AssetType::crypto, Interval::hour(), *parse_timestamp("2024-01-06"),
                         *parse_timestamp("2024-01-06 23:00"));
  EXPECT_EQ(crypto.size(), 24u);
}

}  // namespace
}  // namespace quantloop

namespace quantloop {
namespace {

// Each venue's session on its own wall clock: New York moves to summer time three weeks before
// London, so for those weeks 12:30 UTC is already New York's 08:30.
TEST(Calendar, MarketSessionsFollowEachVenuesClock) {
  const auto at = [](const char* text) { return market_sessions(*parse_timestamp(text)); };
  EXPECT_EQ(at("2019-01-15T12:30Z"), "london");           // New York 07:30 EST
  EXPECT_EQ(at("2019-03-12T12:30Z"), "london+new_york");  // New York 08:30 EDT, London GMT
  EXPECT_EQ(at("2019-07-15T07:30Z"), "asia+london");      // Tokyo 16:30, London 08:30 BST
  EXPECT_EQ(at("2019-01-15T01:00Z"), "asia");             // Tokyo 10:00
  EXPECT_EQ(at("2019-01-15T16:30Z"), "new_york");         // London's close is exclusive
  EXPECT_EQ(at("2019-01-15T22:30Z"), "off_hours");        // New York 17:30, Tokyo 07:30
}

TEST(Calendar, BarsPerYearCountTheVenuesCalendar) {
  const UnixSeconds end = *parse_timestamp("2020-01-01");  // the year 2019
  EXPECT_EQ(bars_per_year(AssetType::crypto, Interval::hour(), end), 8760);
  EXPECT_EQ(bars_per_year(AssetType::crypto, Interval::day(), end), 365);
  EXPECT_EQ(bars_per_year(AssetType::stock, Interval::day(), end), 252);  // NYSE in 2019
  // 09:30 to 16:00: 7 bars a day; 4 on the 3 early closes (July 3, November 29, December 24).
  EXPECT_EQ(bars_per_year(AssetType::stock, Interval::hour(), end), 7 * 249 + 4 * 3);
}

}  // namespace
}  // namespace quantloop
