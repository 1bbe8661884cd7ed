#include "stats/diagnostics.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "reference.h"

namespace quantloop::stats {
namespace {

using testing::expect_close;
using testing::reference_json;
using testing::reference_series;

TEST(LjungBox, MatchesStatsmodels) {
  int cases = 0;
  for (const auto& expected : reference_json("statsmodels").at("ljungbox")) {
    const std::string name = expected.at("series");
    const auto rows =
        ljung_box(reference_series(name), expected.at("lags"), expected.at("model_df"));
    ASSERT_EQ(rows.size(), expected.at("statistic").size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      EXPECT_EQ(rows[i].lag, int(i) + 1);
      expect_close(rows[i].statistic, expected.at("statistic")[i], 1e-8, 0, name + " Q");
      const auto& p = expected.at("pvalue")[i];
      if (p.is_null()) {
        EXPECT_TRUE(std::isnan(rows[i].pvalue));
      } else {
        expect_close(rows[i].pvalue, p, 1e-8, 1e-300, name + " p");
      }
    }
    ++cases;
  }
  EXPECT_EQ(cases, 6);
}

TEST(ArchLm, MatchesStatsmodelsHetArch) {
  for (const auto& expected : reference_json("statsmodels").at("archlm")) {
    const std::string name = expected.at("series");
    const auto result = arch_lm(reference_series(name), expected.at("nlags"));
    expect_close(result.lm, expected.at("lm"), 1e-8, 0, name + " LM");
    expect_close(result.lm_pvalue, expected.at("lm_pvalue"), 1e-8, 1e-300, name + " LM p");
    expect_close(result.f, expected.at("f"), 1e-8, 0, name + " F");
    expect_close(result.f_pvalue, expected.at("f_pvalue"), 1e-8, 1e-300, name + " F p");
  }
}

TEST(JarqueBera, MatchesStatsmodels) {
  for (const auto& expected : reference_json("statsmodels").at("jarque_bera")) {
    const std::string name = expected.at("series");
    const auto result = jarque_bera(reference_series(name));
    expect_close(result.statistic, expected.at("statistic"), 1e-8, 0, name + " JB");
    expect_close(result.pvalue, expected.at("pvalue"), 1e-8, 1e-300, name + " JB p");
    expect_close(result.skew, expected.at("skew"), 1e-8, 1e-12, name + " skew");
    expect_close(result.kurtosis, expected.at("kurtosis"), 1e-8, 0, name + " kurtosis");
  }
}

TEST(Diagnostics, ArchEffectsAreFoundWhereTheyAreAndNotInWhiteNoise) {
  EXPECT_LT(arch_lm(reference_series("arch"), 5).lm_pvalue, 1e-6);
  EXPECT_GT(arch_lm(reference_series("white"), 5).lm_pvalue, 0.01);
}

TEST(Diagnostics, RejectBadInput) {
  EXPECT_THROW(ljung_box(std::vector<double>(50, 1.0)), Error);
  EXPECT_THROW(ljung_box(reference_series("white"), 700), Error);
  EXPECT_THROW(arch_lm(std::vector<double>{1, 2, 3, 4, 5}, 3), Error);
  EXPECT_THROW(jarque_bera(std::vector<double>{1, std::nan(""), 3}), Error);
}

}  // namespace
}  // namespace quantloop::stats
