#include "data/bar_validation.h"

#include <gtest/gtest.h>

#include <cmath>

namespace quantloop {
namespace {

const UnixSeconds kNow = *parse_timestamp("2024-06-01");

SourcedBar sourced(const char* date, double open, double high, double low, double close,
                   double volume, std::int64_t line) {
  return {{*parse_timestamp(date), open, high, low, close, volume, std::nan("")},
          line,
          0,
          "raw",
          "f.csv"};
}

std::string reason_for(SourcedBar bar) {
  auto result = validate_bars({bar}, "X", Interval::day(), kNow);
  EXPECT_TRUE(result.bars.empty());
  return result.rejected.empty() ? "" : result.rejected[0].reason;
}

TEST(BarValidation, RejectsEachKindOfBadBarWithItsReason) {
  EXPECT_EQ(reason_for(sourced("2024-01-02", 0, 2, 0.5, 1, 10, 2)),
            "open 0 is not a positive price");
  EXPECT_EQ(reason_for(sourced("2024-01-02", 1, 2, -1, 1, 10, 2)),
            "low -1 is not a positive price");
  EXPECT_EQ(reason_for(sourced("2024-01-02", 1, 2, 0.5, std::nan(""), 10, 2)),
            "close nan is not a positive price");
  EXPECT_EQ(reason_for(sourced("2024-01-02", 1, 0.5, 0.9, 0.7, 10, 2)),
            "high 0.5 is below low 0.9");
  EXPECT_EQ(reason_for(sourced("2024-01-02", 2.5, 2, 0.5, 1, 10, 2)),
            "open 2.5 is outside the bar's range [low 0.5, high 2]");
  EXPECT_EQ(reason_for(sourced("2024-01-02", 1, 2, 0.5, 1, -5, 2)), "volume -5 is negative");
  EXPECT_EQ(reason_for(sourced("2024-01-02", 1, 2, 0.5, 1, INFINITY, 2)),
            "volume inf is not a number");
  EXPECT_EQ(reason_for(sourced("2025-01-02", 1, 2, 0.5, 1, 5, 2)),
            "time 2025-01-02 00:00:00 is in the future");
}

TEST(BarValidation, RejectionNamesSourceLineSymbolAndInterval) {
  auto result = validate_bars({sourced("2024-01-02", 1, 0.5, 0.9, 0.7, 10, 42)}, "AAPL",
                              Interval::hour(), kNow);
  ASSERT_EQ(result.rejected.size(), 1u);
  EXPECT_EQ(result.rejected[0].source, "f.csv");
  EXPECT_EQ(result.rejected[0].line, 42);
  EXPECT_EQ(result.rejected[0].symbol, "AAPL");
  EXPECT_EQ(result.rejected[0].interval, "1h");
  EXPECT_EQ(result.rejected[0].raw, "raw");
}

TEST(BarValidation, SortsDescendingAndShuffledInput) {
  auto result = validate_bars(
      {sourced("2024-01-04", 1, 2, 0.5, 1, 1, 2), sourced("2024-01-02", 1, 2, 0.5, 1, 1, 3),
       sourced("2024-01-05", 1, 2, 0.5, 1, 1, 4), sourced("2024-01-03", 1, 2, 0.5, 1, 1, 5)},
      "X", Interval::day(), kNow);
  ASSERT_EQ(result.bars.size(), 4u);
  for (std::size_t i = 1; i < result.bars.size(); ++i)
    EXPECT_LT(result.bars[i - 1].time, result.bars[i].time);
  EXPECT_TRUE(result.rejected.empty());
}

TEST(BarValidation, ExactDuplicatesAreKeptOnceConflictsAreAllRejected) {
  auto result = validate_bars(
      {sourced("2024-01-02", 1, 2, 0.5, 1, 1, 2), sourced("2024-01-02", 1, 2, 0.5, 1, 1, 3),
       sourced("2024-01-03", 1, 2, 0.5, 1, 1, 4), sourced("2024-01-03", 1, 2, 0.5, 1.5, 1, 9)},
      "X", Interval::day(), kNow);
  ASSERT_EQ(result.bars.size(), 1u);
  EXPECT_EQ(result.bars[0].time, parse_timestamp("2024-01-02"));
  EXPECT_EQ(result.duplicates, 1);
  ASSERT_EQ(result.rejected.size(), 2u);
  EXPECT_EQ(result.rejected[0].line, 4);
  EXPECT_EQ(result.rejected[0].reason,
            "conflicting bars for 2024-01-03 00:00:00: f.csv:9 has other values");
  EXPECT_EQ(result.rejected[1].reason,
            "conflicting bars for 2024-01-03 00:00:00: f.csv:4 has other values");
}

TEST(BarValidation, ToleratesFloatNoiseAtTheRangeEdges) {
  // A close above the high by float32 rounding is the same price, not a bad bar.
  auto result =
      validate_bars({sourced("2024-01-02", 186.0, 186.19, 185.5, 186.19 * (1 + 1e-12), 1, 2)}, "X",
                    Interval::day(), kNow);
  EXPECT_EQ(result.bars.size(), 1u);
}

}  // namespace
}  // namespace quantloop
