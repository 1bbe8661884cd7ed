#include "data/quality_check.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "data/synthetic_market.h"

namespace quantloop {
namespace {

BarSeries synthetic_hourly(const std::string& symbol) {
  SyntheticOptions options;
  options.symbols = {symbol};
  options.end = *parse_timestamp("2024-03-28 23:00");
  options.start = options.end - 60 * kSecondsPerDay;
  return generate_market(options, Config{})[0];
}

TEST(QualityCheck, CompleteSeriesHasNoGaps) {
  const auto quality = check_series(synthetic_hourly("AAPL"));
  EXPECT_EQ(quality.missing_bars, 0);
  EXPECT_EQ(quality.off_calendar_bars, 0);
  EXPECT_EQ(quality.expected_bars, quality.bars);
  EXPECT_TRUE(quality.price_jumps.empty());
}

TEST(QualityCheck, FindsMissingRunsExtraBarsJumpsAndSpikes) {
  BarSeries series = synthetic_hourly("EURUSD");
  const UnixSeconds removed_from = series.bars[100].time;
  series.bars.erase(series.bars.begin() + 100, series.bars.begin() + 106);  // 6 bars gone
  series.bars[300].close *= 1.25;                                           // a bad print
  series.bars[301].open = series.bars[300].close;
  series.bars[400].volume *= 5000;
  const UnixSeconds spike_time = series.bars[400].time;
  // A Saturday bar, when the FX market is closed.
  Bar saturday = series.bars[10];
  saturday.time = *parse_timestamp("2024-03-02 12:00");
  series.bars.push_back(saturday);
  std::sort(series.bars.begin(), series.bars.end(),
            [](const Bar& x, const Bar& y) { return x.time < y.time; });

  const auto quality = check_series(series);
  EXPECT_EQ(quality.missing_bars, 6);
  ASSERT_FALSE(quality.longest_gaps.empty());
  EXPECT_EQ(quality.longest_gaps[0].from, removed_from);
  EXPECT_EQ(quality.longest_gaps[0].bars, 6);
  EXPECT_EQ(quality.off_calendar_bars, 1);
  ASSERT_FALSE(quality.price_jumps.empty());
  EXPECT_NEAR(std::abs(quality.price_jumps[0].value), std::log(1.25), 0.05);
  ASSERT_FALSE(quality.volume_spikes.empty());
  EXPECT_EQ(quality.volume_spikes[0].time, spike_time);
}

}  // namespace
}  // namespace quantloop
