#include "stats/paired_tests.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace quantloop::stats
