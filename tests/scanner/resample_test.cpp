// Resampling the finest stored bars into a scanner timeframe: UTC-aligned buckets, a bar only
// once complete, the same bars whether fed at once or a few at a time.
#include "scanner/resample.h"

#include <gtest/gtest.h>

#include <map>

#include "core/config.h"
#include "data/synthetic_market.h"

namespace quantloop::scanner {
namespace {

Bar bar(const char* t, double o, double h, double l, double c, double v) {
  return Bar{*parse_timestamp(t), o, h, l, c, v, c};
}

TEST(Resample, AggregatesUtcAlignedBucketsOnlyOnceComplete) {
  const std::vector<Bar> fine{
      bar("2024-03-04 09:55", 10, 11, 9, 10.5, 1),  // the 09:45 bucket (15m)
      bar("2024-03-04 10:00", 10.5, 12, 10, 11, 2), bar("2024-03-04 10:05", 11, 13, 10.5, 12, 3),
      bar("2024-03-04 10:10", 12, 12.5, 8, 9, 4), bar("2024-03-04 10:15", 9, 9.5, 8.5, 9.2, 5)};
  const Interval m15 = Interval::parse("15m");
  const auto bars =
      resample(fine, Interval::parse("5m"), m15, *parse_timestamp("2024-03-04 10:15"));
  ASSERT_EQ(bars.size(), 2u);  // the 10:15 bucket is not complete until 10:30
  EXPECT_EQ(bars[0].time, *parse_timestamp("2024-03-04 09:45"));
  EXPECT_EQ(bars[0].open, 10);
  EXPECT_EQ(bars[0].volume, 1);
  EXPECT_EQ(bars[1].time, *parse_timestamp("2024-03-04 10:00"));
  EXPECT_EQ(bars[1].open, 10.5);
  EXPECT_EQ(bars[1].high, 13);
  EXPECT_EQ(bars[1].low, 8);
  EXPECT_EQ(bars[1].close, 9);
  EXPECT_EQ(bars[1].volume, 9);
  EXPECT_EQ(
      resample(fine, Interval::parse("5m"), m15, *parse_timestamp("2024-03-04 10:14:59")).size(),
      1u);
}

TEST(Resample, WeeksStartOnMondayAndDaysAtMidnightUtc) {
  EXPECT_EQ(bucket_start(*parse_timestamp("2024-03-07 13:00"), Interval::parse("1wk")),
            *parse_timestamp("2024-03-04 00:00"));
  EXPECT_EQ(bucket_start(*parse_timestamp("2024-03-04 00:00"), Interval::parse("1wk")),
            *parse_timestamp("2024-03-04 00:00"));
  EXPECT_EQ(bucket_start(*parse_timestamp("2024-03-07 13:00"), Interval::day()),
            *parse_timestamp("2024-03-07 00:00"));
  EXPECT_EQ(bucket_start(*parse_timestamp("2024-03-07 13:59"), Interval::parse("4h")),
            *parse_timestamp("2024-03-07 12:00"));
}

// Against a plain map from bucket to bar, on a generated day of 1-minute bars with the venue's
// gaps (a stock: sessions only), fed a few bars and a clock at a time.
TEST(Resample, FedPieceByPieceEqualsAPlainAggregation) {
  SyntheticOptions options;
  options.symbols = {"AAPL"};
  options.interval = Interval::minute();
  options.start = *parse_timestamp("2024-03-04");
  options.end = *parse_timestamp("2024-03-08");
  const auto fine = generate_market(options, Config{}).at(0).bars;
  ASSERT_GT(fine.size(), 1000u);
  for (const char* name : {"5m", "15m", "1h", "4h", "1d"}) {
    SCOPED_TRACE(name);
    const Interval coarse = Interval::parse(name);
    std::map<UnixSeconds, Bar> plain;
    for (const Bar& b : fine) {
      const UnixSeconds key = b.time - b.time % coarse.seconds();
      auto [it, fresh] = plain.try_emplace(key, b);
      Bar& agg = it->second;
      if (fresh) {
        agg.time = key;
        continue;
      }
      agg.high = std::max(agg.high, b.high);
      agg.low = std::min(agg.low, b.low);
      agg.close = b.close;
      agg.volume += b.volume;
    }
    Resampler resampler(coarse, Interval::minute());
    std::vector<Bar> fed;
    for (std::size_t i = 0; i < fine.size(); i += 7) {
      const std::size_t end = std::min(fine.size(), i + 7);
      resampler.add(std::span(fine).subspan(i, end - i));
      const auto complete = resampler.take_complete(fine[end - 1].time + 60, kEndOfTime);
      fed.insert(fed.end(), complete.begin(), complete.end());
    }
    const UnixSeconds clock = fine.back().time + 60;
    std::vector<Bar> want;
    for (const auto& [key, b] : plain) {
      if (key + coarse.seconds() <= clock) want.push_back(b);
    }
    ASSERT_EQ(fed.size(), want.size());
    for (std::size_t k = 0; k < want.size(); ++k) {
      EXPECT_EQ(fed[k].time, want[k].time) << k;
      EXPECT_EQ(fed[k].open, want[k].open) << k;
      EXPECT_EQ(fed[k].high, want[k].high) << k;
      EXPECT_EQ(fed[k].low, want[k].low) << k;
      EXPECT_EQ(fed[k].close, want[k].close) << k;
      EXPECT_DOUBLE_EQ(fed[k].volume, want[k].volume) << k;
    }
  }
}

}  // namespace
}  // namespace quantloop::scanner
