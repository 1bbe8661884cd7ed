#include "core/interval.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace quantloop {
namespace {

TEST(Interval, ParsesNamesAndYahooAliases) {
  EXPECT_EQ(Interval::parse("1h").seconds(), 3600);
  EXPECT_EQ(Interval::parse("60m"), Interval::hour());
  EXPECT_EQ(Interval::parse("1d").name(), "1d");
  EXPECT_EQ(Interval::from_seconds(14400)->name(), "4h");
  EXPECT_FALSE(Interval::from_seconds(7200).has_value());
  EXPECT_TRUE(Interval::minute().intraday());
  EXPECT_FALSE(Interval::day().intraday());
}

TEST(Interval, UnknownNameListsTheAcceptedOnes) {
  try {
    Interval::parse("2h");
    FAIL() << "2h was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'2h'"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("1m, 5m"), std::string::npos);
  }
}

TEST(Range, CoversSpansWithYahooNames) {
  EXPECT_EQ(range_covering(3600), "1d");
  EXPECT_EQ(range_covering(30 * kSecondsPerDay), "1mo");
  EXPECT_EQ(range_covering(31 * kSecondsPerDay), "3mo");
  EXPECT_EQ(range_covering(5 * 365 * kSecondsPerDay), "5y");
  EXPECT_EQ(range_covering(40 * 365 * kSecondsPerDay), "max");
  EXPECT_EQ(range_seconds("2y"), 730 * kSecondsPerDay);
  EXPECT_THROW(range_seconds("3w"), Error);
}

}  // namespace
}  // namespace quantloop
