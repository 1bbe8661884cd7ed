#include "data/synthetic_market.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "core/calendar.h"
#include "data/bar_validation.h"

namespace quantloop {
namespace {

SyntheticOptions options_for(std::vector<std::string> symbols, Interval interval, int days) {
  SyntheticOptions options;
  options.symbols = std::move(symbols);
  options.interval = interval;
  options.end = *parse_timestamp("2024-06-28 23:00");
  options.start = options.end - days * kSecondsPerDay;
  return options;
}

TEST(SyntheticMarket, SameSeedSameBarsWhateverTheOtherSymbols) {
  Config config;
  auto one = generate_market(options_for({"AAPL"}, Interval::hour(), 20), config);
  auto many =
      generate_market(options_for({"MSFT", "AAPL", "EURUSD"}, Interval::hour(), 20), config);
  ASSERT_EQ(one[0].bars.size(), many[1].bars.size());
  for (std::size_t i = 0; i < one[0].bars.size(); ++i)
    EXPECT_TRUE(one[0].bars[i].same_values(many[1].bars[i]));
  auto other_seed = options_for({"AAPL"}, Interval::hour(), 20);
  other_seed.seed = 7;
  EXPECT_NE(generate_market(other_seed, config)[0].bars[5].close, one[0].bars[5].close);
}

TEST(SyntheticMarket, BarsFollowTheVenueCalendarAndPassValidation) {
  Config config;
  const auto options = options_for({"AAPL", "EURUSD", "BTC-USD"}, Interval::hour(), 30);
  for (const BarSeries& series : generate_market(options, config)) {
    const auto expected =
        expected_bar_times(series.asset_type, Interval::hour(), options.start, options.end);
    ASSERT_EQ(series.bars.size(), expected.size()) << series.symbol;
    std::vector<SourcedBar> sourced;
    for (std::size_t i = 0; i < series.bars.size(); ++i) {
      EXPECT_EQ(series.bars[i].time, expected[i]);
      sourced.push_back({series.bars[i], 0, 0, "", ""});
    }
    const auto valid = validate_bars(sourced, series.symbol, Interval::hour(), options.end);
    EXPECT_TRUE(valid.rejected.empty()) << series.symbol << ": " << valid.rejected.front().reason;
  }
}

TEST(SyntheticMarket, VolatilityClustersAsGarchImplies) {
  Config config;
  const auto series = generate_market(options_for({"BTC-USD"}, Interval::hour(), 400), config)[0];
  std::vector<double> squared;
  for (std::size_t i = 1; i < series.bars.size(); ++i) {
    const double r = std::log(series.bars[i].close / series.bars[i - 1].close);
    squared.push_back(r * r);
  }
  const double mean = std::accumulate(squared.begin(), squared.end(), 0.0) / squared.size();
  double lag1 = 0, variance = 0;
  for (std::size_t i = 0; i < squared.size(); ++i) {
    variance += (squared[i] - mean) * (squared[i] - mean);
    if (i) lag1 += (squared[i] - mean) * (squared[i - 1] - mean);
  }
  EXPECT_GT(lag1 / variance, 0.05);  // squared returns are autocorrelated
}

TEST(SyntheticMarket, CointegratedPairHasTheHedgeRatioItWasGiven) {
  Config config;
  // Two years of hourly crypto: enough independent spread observations that the OLS slope's
  // standard error is well under the tolerance.
  auto options = options_for({"BTC-USD", "ETH-USD"}, Interval::hour(), 730);
  options.cointegrated_pair = {"BTC-USD", "ETH-USD"};
  options.hedge_ratio = 1.8;
  options.spread_half_life_bars = 10;
  const auto market = generate_market(options, config);
  ASSERT_EQ(market.size(), 2u);
  const auto& a = market[0].bars;
  const auto& b = market[1].bars;
  ASSERT_EQ(a.size(), b.size());
  // OLS of B's close on A's close recovers the hedge ratio.
  double mean_a = 0, mean_b = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    mean_a += a[i].close;
    mean_b += b[i].close;
  }
  mean_a /= a.size();
  mean_b /= b.size();
  double covariance = 0, variance = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    covariance += (a[i].close - mean_a) * (b[i].close - mean_b);
    variance += (a[i].close - mean_a) * (a[i].close - mean_a);
  }
  EXPECT_NEAR(covariance / variance, 1.8, 0.02);
}

}  // namespace
}  // namespace quantloop
