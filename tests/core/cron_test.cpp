#include "core/cron.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace quantloop {
namespace {

std::vector<int> minutes_of(const CronExpression& cron) {
  std::vector<int> out;
  for (int m = 0; m < 60; ++m)
    if (cron.matches_minute(m)) out.push_back(m);
  return out;
}

std::vector<int> hours_of(const CronExpression& cron) {
  std::vector<int> out;
  for (int h = 0; h < 24; ++h)
    if (cron.matches_hour(h)) out.push_back(h);
  return out;
}

TEST(CronExpression, ListsRangesAndSteps) {
  const auto cron = CronExpression::parse("0,30 9-11,14 * * *");
  EXPECT_EQ(minutes_of(cron), (std::vector<int>{0, 30}));
  EXPECT_EQ(hours_of(cron), (std::vector<int>{9, 10, 11, 14}));
  EXPECT_EQ(minutes_of(CronExpression::parse("*/20 * * * *")), (std::vector<int>{0, 20, 40}));
  EXPECT_EQ(minutes_of(CronExpression::parse("10-40/15 * * * *")), (std::vector<int>{10, 25, 40}));
  // "5/20" is 5-59/20, as Vixie cron reads it.
  EXPECT_EQ(minutes_of(CronExpression::parse("5/20 * * * *")), (std::vector<int>{5, 25, 45}));
  EXPECT_EQ(hours_of(CronExpression::parse("0 */6 * * *")), (std::vector<int>{0, 6, 12, 18}));
}

TEST(CronExpression, NamesAndSundayAsSeven) {
  const auto cron = CronExpression::parse("0 0 * jan,JUL mon-fri");
  EXPECT_TRUE(cron.matches_month(1));
  EXPECT_TRUE(cron.matches_month(7));
  EXPECT_FALSE(cron.matches_month(2));
  EXPECT_TRUE(cron.matches_day({2027, 1, 4}));   // a Monday
  EXPECT_FALSE(cron.matches_day({2027, 1, 3}));  // a Sunday
  EXPECT_FALSE(cron.matches_day({2027, 2, 1}));  // February
  for (const char* sunday : {"0 0 * * 0", "0 0 * * 7", "0 0 * * SUN", "0 0 * * sun"}) {
    const auto c = CronExpression::parse(sunday);
    EXPECT_TRUE(c.matches_day({2027, 1, 3})) << sunday;
    EXPECT_FALSE(c.matches_day({2027, 1, 4})) << sunday;
  }
}

TEST(CronExpression, BothDayFieldsRestrictedMatchEither) {
  // Vixie cron: the 1st and 15th of the month, and every Monday.
  const auto cron = CronExpression::parse("30 2 1,15 * MON");
  EXPECT_TRUE(cron.matches_day({2027, 1, 1}));   // a Friday, the 1st
  EXPECT_TRUE(cron.matches_day({2027, 1, 4}));   // a Monday
  EXPECT_FALSE(cron.matches_day({2027, 1, 5}));  // neither
  // One of them `*` (or `*/n`): both must match.
  const auto weekdays = CronExpression::parse("0 0 */2 * MON");
  EXPECT_FALSE(weekdays.matches_day({2027, 1, 1}));  // the 1st, a Friday
  EXPECT_TRUE(weekdays.matches_day({2027, 1, 11}));  // the 11th, a Monday
  EXPECT_FALSE(weekdays.matches_day({2027, 1, 4}));  // the 4th, a Monday
}

TEST(CronExpression, Macros) {
  EXPECT_EQ(hours_of(CronExpression::parse("@daily")), (std::vector<int>{0}));
  EXPECT_EQ(hours_of(CronExpression::parse("@hourly")).size(), 24u);
  EXPECT_TRUE(CronExpression::parse("@weekly").matches_day({2027, 1, 3}));
  EXPECT_FALSE(CronExpression::parse("@weekly").matches_day({2027, 1, 4}));
  EXPECT_TRUE(CronExpression::parse("@yearly").matches_day({2027, 1, 1}));
  EXPECT_FALSE(CronExpression::parse("@monthly").matches_day({2027, 1, 2}));
}

TEST(CronExpression, ErrorsNameTheFieldAndTheReason) {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"0 24 * * *", "hour: 24 is out of range 0-23"},
      {"60 * * * *", "minute: 60 is out of range 0-59"},
      {"0 0 0 * *", "day of month: 0 is out of range 1-31"},
      {"0 0 * 13 *", "month: 13 is out of range 1-12"},
      {"0 0 * * 8", "day of week: 8 is out of range 0-7"},
      {"0 0 * * FUN", "day of week: 'FUN' is not a number or a name"},
      {"0 12-9 * * *", "hour: range 12-9 runs backwards"},
      {"*/0 * * * *", "minute: step '0' is not a positive number"},
      {"0 1,,2 * * *", "hour: an empty list item"},
      {"0 9 * *", "4 fields, expected 5"},
      {"0 9 * * * *", "6 fields, expected 5"},
      {"@often", "unknown macro"},
      {"", "0 fields, expected 5"},
  };
  for (const auto& c : cases) {
    try {
      CronExpression::parse(c.text);
      ADD_FAILURE() << c.text << " was accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos)
          << c.text << ": " << e.what();
      EXPECT_NE(std::string(e.what()).find(std::string("'") + c.text + "'"), std::string::npos)
          << e.what();
    }
  }
}

}  // namespace
}  // namespace quantloop
