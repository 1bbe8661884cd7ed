#include "stats/adf.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "reference.h"

namespace quantloop::stats {
namespace {

using testing::expect_close;
using testing::reference_json;
using testing::reference_series;

// Every (series, trend, lag rule) case statsmodels' adfuller computed, at 1e-8 relative.
TEST(Adf, MatchesStatsmodelsAdfullerInEveryCase) {
  int cases = 0;
  for (const auto& expected : reference_json("statsmodels").at("adf")) {
    const std::string name = expected.at("series");
    const std::vector<double> x = reference_series(name);
    AdfOptions options;
    options.trend = parse_trend(expected.at("regression").get<std::string>());
    options.autolag = parse_autolag(expected.at("autolag").get<std::string>());
    if (!expected.at("maxlag").is_null()) options.max_lag = expected.at("maxlag").get<int>();
    const std::string what = name + " " + expected.at("regression").get<std::string>() + " " +
                             expected.at("autolag").get<std::string>();
    const AdfResult result = adf(x, options);
    // adfuller's raw 1, t, t^2 columns are ill-conditioned on long series (condition number
    // ~1e9 at 5031 observations): its own rounding is ~1e-7 there (see the next test).
    const double tolerance = options.trend == Trend::ctt && x.size() > 1000 ? 1e-6 : 1e-8;
    EXPECT_EQ(result.used_lag, expected.at("usedlag").get<int>()) << what;
    EXPECT_EQ(result.nobs, expected.at("nobs").get<int>()) << what;
    expect_close(result.statistic, expected.at("statistic"), tolerance, 0, what + " statistic");
    expect_close(result.pvalue, expected.at("pvalue"), tolerance, 1e-15, what + " p-value");
    for (int i = 0; i < 3; ++i) {
      expect_close(result.crit_values[i], expected.at("crit_values")[i], 1e-10, 0,
                   what + " critical value");
    }
    if (!expected.at("icbest").is_null()) {
      ASSERT_TRUE(result.ic_best.has_value()) << what;
      expect_close(*result.ic_best, expected.at("icbest"), tolerance, 0, what + " best criterion");
    }
    ++cases;
  }
  EXPECT_EQ(cases, 80);
}

// Where adfuller is inexact, quantloop matches the same regression solved well-conditioned.
TEST(Adf, MatchesTheWellConditionedRegressionWhereAdfullerRoundsOff) {
  for (const auto& expected : reference_json("statsmodels").at("adf_well_conditioned")) {
    AdfOptions options;
    options.trend = parse_trend(expected.at("regression").get<std::string>());
    options.autolag = Autolag::none;
    options.max_lag = expected.at("lag").get<int>();
    const AdfResult result = adf(reference_series(expected.at("series")), options);
    expect_close(result.statistic, expected.at("statistic"), 1e-10, 0,
                 "well-conditioned statistic");
    EXPECT_GT(std::abs(result.statistic - expected.at("adfuller").get<double>()), 1e-8)
        << "adfuller is accurate here after all: tighten the tolerance above";
  }
}

TEST(Adf, DefaultLagIsSchwertsRule) {
  // 12 (nobs/100)^(1/4) = 12 (5031/100)^0.25 = 31.9 -> 32 lags searched on sp500_log.
  const auto x = reference_series("sp500_log");
  AdfOptions options;
  options.autolag = Autolag::none;
  EXPECT_EQ(adf(x, options).used_lag, 32);
}

TEST(Adf, RejectsInputsWithoutAnswer) {
  EXPECT_THROW(adf(std::vector<double>(100, 3.0)), Error);  // constant
  EXPECT_THROW(adf(std::vector<double>{1, 2, 3}), Error);   // too short
  std::vector<double> with_nan = reference_series("random_walk");
  with_nan[17] = std::nan("");
  EXPECT_THROW(adf(with_nan), Error);
  AdfOptions options;
  options.max_lag = 400;  // more than nobs/2 - 2
  EXPECT_THROW(adf(reference_series("random_walk"), options), Error);
}

}  // namespace
}  // namespace quantloop::stats
