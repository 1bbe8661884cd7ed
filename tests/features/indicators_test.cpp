#include "features/indicators.h"

#include <gtest/gtest.h>

#include <cmath>

namespace quantloop::features {
namespace {

// Hand-checked small cases of each definition.
TEST(Indicators, SmaAndSmaSeededEma) {
  const std::vector<double> x{1, 2, 3, 4, 5, 6};
  const auto s = sma(x, 3);
  EXPECT_TRUE(std::isnan(s[1]));
  EXPECT_DOUBLE_EQ(s[2], 2);
  EXPECT_DOUBLE_EQ(s[5], 5);
  const auto e = ema(x, 3);
  EXPECT_TRUE(std::isnan(e[1]));
  EXPECT_DOUBLE_EQ(e[2], 2);            // seeded with SMA(1, 2, 3)
  EXPECT_DOUBLE_EQ(e[3], 2 + 0.5 * 2);  // k = 2 / 4
  EXPECT_DOUBLE_EQ(e[4], 3 + 0.5 * 2);
}

TEST(Indicators, WilderRsi) {
  // Changes +1, -1 alternating: average gain = average loss -> RSI 50.
  std::vector<double> x{10};
  for (int i = 0; i < 30; ++i)
    x.push_back(x.back() + (i % 2 ? -1 : 1));
  const auto r = rsi(x, 14);
  EXPECT_TRUE(std::isnan(r[13]));
  EXPECT_NEAR(r[14], 50, 1e-12);
  // Only gains: 100.
  std::vector<double> up(20);
  for (int i = 0; i < 20; ++i)
    up[i] = i + 1;
  EXPECT_DOUBLE_EQ(rsi(up, 14)[19], 100);
}

TEST(Indicators, AtrUsesTrueRange) {
  const std::vector<double> high{10, 12, 11, 15}, low{9, 10, 8, 13}, close{9.5, 11, 10, 14};
  // True ranges from bar 1: max(2, 2.5, 0.5) = 2.5; max(3, 0, 3) = 3; max(2, 5, 3) = 5.
  const auto a = atr(high, low, close, 2);
  EXPECT_DOUBLE_EQ(a[2], (2.5 + 3) / 2);
  EXPECT_DOUBLE_EQ(a[3], ((2.75) * 1 + 5) / 2);
}

TEST(Indicators, BollingerOnAConstantWindowIsUndefinedNotInfinite) {
  const std::vector<double> flat(25, 7.0);
  const auto b = bollinger(flat, 20, 2);
  EXPECT_TRUE(std::isnan(b.percent_b[24]));
  EXPECT_DOUBLE_EQ(b.bandwidth[24], 0);
}

TEST(Indicators, ObvChangeAndVolumeZscoreWithoutVolumeAreZero) {
  const std::vector<double> close{1, 2, 3, 2, 3, 4, 5}, volume(7, 0.0);
  EXPECT_EQ(obv_change(close, volume, 5)[6], 0);
  EXPECT_EQ(rolling_zscore(volume, 5)[6], 0);
  const std::vector<double> traded{1, 1, 1, 1, 1, 1, 1};
  EXPECT_DOUBLE_EQ(obv_change(close, traded, 5)[6], (1 - 1 + 1 + 1 + 1) / 5.0);
}

}  // namespace
}  // namespace quantloop::features
