#include "stats/coint.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "reference.h"

namespace quantloop::stats {
namespace {

using testing::expect_close;
using testing::reference_json;
using testing::reference_pair;

// Real pairs (GDX/GLD, KO/PEP) and synthetic ones, three trends: statsmodels' coint at 1e-8.
TEST(Coint, MatchesStatsmodelsCointInEveryCase) {
  int cases = 0;
  for (const auto& expected : reference_json("statsmodels").at("coint")) {
    const std::string pair_name = expected.at("pair");
    const auto [y, x] = reference_pair(pair_name);
    ASSERT_EQ(int(y.size()), expected.at("nobs").get<int>()) << pair_name << ": the same sample";
    CointOptions options;
    options.trend = parse_trend(expected.at("trend").get<std::string>());
    const std::string what = pair_name + " " + expected.at("trend").get<std::string>();
    const CointResult result = coint(y, x, options);
    expect_close(result.statistic, expected.at("statistic"), 1e-8, 0, what + " statistic");
    expect_close(result.pvalue, expected.at("pvalue"), 1e-8, 1e-15, what + " p-value");
    for (int i = 0; i < 3; ++i) {
      const auto& crit = expected.at("crit_values")[i];
      if (crit.is_null() || std::isnan(crit.get<double>())) {
        EXPECT_TRUE(std::isnan(result.crit_values[i])) << what;
      } else {
        expect_close(result.crit_values[i], crit, 1e-10, 0, what + " critical value");
      }
    }
    expect_close(result.hedge_ratio, expected.at("hedge_ratio"), 1e-8, 0, what + " hedge ratio");
    if (expected.at("half_life").is_null()) {
      EXPECT_TRUE(std::isinf(result.half_life)) << what;
    } else {
      expect_close(result.half_life, expected.at("half_life"), 1e-8, 0, what + " half-life");
    }
    ++cases;
  }
  EXPECT_EQ(cases, 15);
}

TEST(Coint, SeparatesACointegratedPairFromIndependentWalks) {
  const auto [y, x] = reference_pair("synthetic_coint");
  EXPECT_LT(coint(y, x).pvalue, 0.01);
  const auto [y2, x2] = reference_pair("synthetic_independent");
  EXPECT_GT(coint(y2, x2).pvalue, 0.1);
}

TEST(Coint, PerfectlyCollinearSeriesAreFlaggedNotFailed) {
  std::vector<double> x = reference_pair("synthetic_coint").second, y;
  for (double v : x)
    y.push_back(2 * v + 1);
  const CointResult result = coint(y, x);
  EXPECT_TRUE(result.collinear);
  EXPECT_TRUE(std::isinf(result.statistic));
  EXPECT_EQ(result.pvalue, 0.0);
}

TEST(Coint, RejectsMismatchedOrBadInput) {
  std::vector<double> x = reference_pair("synthetic_coint").second;
  std::vector<double> shorter(x.begin(), x.end() - 1);
  EXPECT_THROW(coint(shorter, x), Error);
  EXPECT_THROW(coint(std::vector<double>(x.size(), 1.0), x), Error);
}

}  // namespace
}  // namespace quantloop::stats
