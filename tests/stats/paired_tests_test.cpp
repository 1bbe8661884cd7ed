#include "stats/paired_tests.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "reference.h"

namespace quantloop::stats {
namespace {

TEST(PairedTests, McNemarMatchesRBinomTest) {
  const auto& cases = testing::reference_json("paired_tests")["mcnemar_one_sided"];
  ASSERT_GE(cases.size(), 10u);
  for (const auto& c : cases) {
    const std::size_t wins = c["wins"], losses = c["losses"];
    testing::expect_close(mcnemar_exact_one_sided(wins, losses), c["pvalue"].get<double>(), 1e-10,
                          1e-300, fmt::format("wins {} losses {}", wins, losses));
  }
}

TEST(PairedTests, NoDiscordantRowsIsNoEvidence) {
  EXPECT_EQ(mcnemar_exact_one_sided(0, 0), 1.0);
  EXPECT_EQ(mcnemar_exact_one_sided(0, 12), 1.0);
  EXPECT_LT(mcnemar_exact_one_sided(12, 0), 0.001);
}

TEST(PairedTests, DieboldMarianoMatchesStatsmodelsHac) {
  const auto& cases = testing::reference_json("diebold_mariano")["cases"];
  ASSERT_GE(cases.size(), 8u);
  for (const auto& c : cases) {
    const std::vector<double> d = c["d"];
    const int lag = c["lag"];
    const auto result = diebold_mariano(d, lag);
    const std::string what = fmt::format("{} lag {}", c["name"].get<std::string>(), lag);
    EXPECT_EQ(result.rows, d.size()) << what;
    EXPECT_EQ(result.lag, lag) << what;
    testing::expect_close(result.mean, c["mean"].get<double>(), 1e-12, 1e-15, what);
    testing::expect_close(result.statistic, c["statistic"].get<double>(), 1e-9, 1e-12, what);
    testing::expect_close(result.pvalue, c["pvalue"].get<double>(), 1e-9, 1e-300, what);
  }
}

TEST(PairedTests, DieboldMarianoDefaultLagAndDegenerateInput) {
  std::vector<double> d(100, 0.0);
  for (std::size_t i = 0; i < d.size(); ++i)
    d[i] = (i % 3 == 0 ? 0.2 : -0.05);
  EXPECT_EQ(diebold_mariano(d).lag, 4);  // floor(4 (100/100)^(2/9))
  EXPECT_EQ(diebold_mariano(std::vector<double>{0.3}).pvalue, 1.0);
  EXPECT_EQ(diebold_mariano(std::vector<double>(50, 0.0)).pvalue, 1.0);
  EXPECT_EQ(diebold_mariano(std::vector<double>(50, 0.1)).pvalue, 0.0);
  EXPECT_EQ(diebold_mariano(std::vector<double>(50, -0.1)).pvalue, 1.0);
}

}  // namespace
}  // namespace quantloop::stats
