#include "stats/mackinnon.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"

namespace quantloop::stats {
namespace {

TEST(MacKinnon, AsymptoticCriticalValuesAreThePublishedOnes) {
  // MacKinnon (2010) table 2, constant, one series: -3.43035, -2.86154, -2.56677.
  const auto c = mackinnon_critical_values(Trend::c, 1);
  EXPECT_EQ(c[0], -3.43035);
  EXPECT_EQ(c[1], -2.86154);
  EXPECT_EQ(c[2], -2.56677);
  const auto ct2 = mackinnon_critical_values(Trend::ct, 2);
  EXPECT_EQ(ct2[0], -4.32762);
}

TEST(MacKinnon, FiniteSampleCriticalValuesUseTheResponseSurface) {
  // b0 + b1/T + b2/T^2 + b3/T^3 at T = 100 for c, N = 1, 5 %.
  const double expected = -2.86154 - 2.8903 / 100 - 4.234 / 1e4 - 40.040 / 1e6;
  EXPECT_NEAR(mackinnon_critical_values(Trend::c, 1, 100.0)[1], expected, 1e-12);
}

TEST(MacKinnon, PValuesAreMonotoneAndClampedOutsideTheTables) {
  EXPECT_EQ(mackinnon_p_value(5.0, Trend::c, 1), 1.0);
  EXPECT_EQ(mackinnon_p_value(-30.0, Trend::c, 1), 0.0);
  double previous = 0;
  for (double tau = -6; tau <= 2; tau += 0.25) {
    const double p = mackinnon_p_value(tau, Trend::ct, 2);
    EXPECT_GE(p, previous);
    previous = p;
  }
  // Near the 5 % critical value, the p-value is near 5 %.
  EXPECT_NEAR(mackinnon_p_value(-2.86154, Trend::c, 1), 0.05, 0.005);
}

TEST(MacKinnon, OutOfRangeSeriesCountsAreErrors) {
  EXPECT_THROW(mackinnon_p_value(-2, Trend::c, 7), Error);
  EXPECT_THROW(mackinnon_critical_values(Trend::c, 13), Error);
  EXPECT_TRUE(std::isnan(mackinnon_critical_values(Trend::n, 2)[0]));
}

}  // namespace
}  // namespace quantloop::stats
