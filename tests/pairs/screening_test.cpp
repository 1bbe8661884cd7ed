// The funnel's gates on planted pairs: cointegrated pairs (a random walk and a copy of it with a
// stationary AR(1) spread) pass Engle-Granger nearly always; correlated but independent random
// walks (the spurious pairs correlation alone would pick) pass at about the test's size.
#include "pairs/screening.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/error.h"

namespace quantloop::pairs {
namespace {

// Two price paths of `n` bars: x a random walk; y = 20 + 1.5 x + spread with a stationary
// AR(1) spread (phi) when cointegrated, else a random walk whose steps correlate 0.9 with x's.
Eigen::MatrixXd planted(std::mt19937_64& random, int n, bool cointegrated, double phi = 0.7) {
  std::normal_distribution<double> normal(0, 1);
  Eigen::MatrixXd prices(n, 2);
  double x = 100, y_walk = 170, spread = 0;
  for (int t = 0; t < n; ++t) {
    const double common = normal(random), own = normal(random);
    x += common;
    spread = phi * spread + normal(random);
    y_walk += 1.5 * (0.9 * common + std::sqrt(1 - 0.81) * own);
    prices(t, 0) = x;
    prices(t, 1) = cointegrated ? 20 + 1.5 * x + spread : y_walk;
  }
  return prices;
}

TEST(Screening, PlantedPairsPassAndSpuriousOnesAtAboutTheTestsSize) {
  std::mt19937_64 random(20261201);
  ScreeningOptions options;
  options.min_correlation = -1;  // the Engle-Granger gate alone
  int cointegrated_passed = 0, spurious_passed = 0;
  constexpr int kTrials = 300;
  for (int trial = 0; trial < kTrials; ++trial) {
    const auto real = screen_pairs({"X", "Y"}, planted(random, 250, true), options);
    cointegrated_passed += real.passed_cointegration;
    const auto fake = screen_pairs({"X", "Y"}, planted(random, 250, false), options);
    spurious_passed += fake.passed_cointegration;
    if (trial == 0) {
      const PairCandidate& c = real.candidates[0];
      EXPECT_EQ(c.y, "Y") << "the planted direction";
      EXPECT_NEAR(c.hedge_ratio, 1.5, 0.05);
      EXPECT_NEAR(c.intercept, 20, 5);
      // AR(1) with phi 0.7: half-life -ln 2 / ln 0.7 = 1.94 bars.
      EXPECT_NEAR(c.half_life, 1.94, 0.6);
    }
  }
  EXPECT_GE(cointegrated_passed, kTrials * 95 / 100) << cointegrated_passed;
  // Binomial(300, 0.05): mean 15, sd 3.8; the direction chosen by the lower p of two tests
  // raises the size a little.
  EXPECT_LE(spurious_passed, 33) << spurious_passed;
  EXPECT_GE(spurious_passed, 3) << spurious_passed;
}

// The composite is the recorded components weighted 40/30/20/10, fit is BIC's posterior of the
// recorded BICs, diagnostics the share of the recorded tests passed, and a pair is selected
// exactly when its score passes the gate; a pair that stopped earlier has no score.
TEST(Screening, ScoresFollowFromTheirRecordedFiguresAndTheFunnelAddsUp) {
  std::mt19937_64 random(7);
  Eigen::MatrixXd prices(300, 4);
  prices.leftCols(2) = planted(random, 300, true, 0.5);
  prices.rightCols(2) = planted(random, 300, false);
  const auto s = screen_pairs({"A", "B", "C", "D"}, prices);
  EXPECT_EQ(s.pairs, 6);
  EXPECT_EQ(int(s.candidates.size()), 6);
  EXPECT_EQ(s.rows, 300);
  EXPECT_EQ(s.formation_rows, 240);
  EXPECT_GE(s.passed_correlation, s.passed_cointegration);
  EXPECT_GE(s.passed_cointegration, s.fitted_garch);
  EXPECT_GE(s.fitted_garch, s.selected);
  const ScreeningOptions options;
  int scored = 0;
  for (const auto& c : s.candidates) {
    const std::string pair = c.y + "/" + c.x;
    if (c.stage != "selected") {
      EXPECT_FALSE(c.reason.empty()) << pair;
    }
    if (c.stage != "selected" && c.stage != "score") {
      for (double score :
           {c.score, c.score_fit, c.score_volatility, c.score_trading, c.score_diagnostics})
        EXPECT_EQ(score, 0) << pair << " stopped at " << c.stage << " but has a score";
      continue;
    }
    ++scored;
    EXPECT_NEAR(c.score,
                0.4 * c.score_fit + 0.3 * c.score_volatility + 0.2 * c.score_trading +
                    0.1 * c.score_diagnostics,
                1e-12)
        << pair;
    EXPECT_NEAR(c.score_fit, 1 / (1 + std::exp(-(c.constant_bic - c.garch_bic) / 2)), 1e-12)
        << pair;
    const int passed =
        (c.ljung_box_pvalue > 0.05) + (c.arch_lm_pvalue > 0.05) + (c.adf_pvalue < 0.05);
    EXPECT_DOUBLE_EQ(c.score_diagnostics, passed / 3.0) << pair;
    EXPECT_EQ(c.stage == "selected", c.score > options.min_score) << pair;
  }
  EXPECT_GE(scored, 1);
  EXPECT_EQ(s.candidates[0].stage, "selected") << s.candidates[0].reason;
}

TEST(Screening, RefusesWhatCannotBeScreened) {
  std::mt19937_64 random(1);
  EXPECT_THROW(screen_pairs({"A"}, planted(random, 100, true)), Error);
  EXPECT_THROW(screen_pairs({"A", "B"}, planted(random, 30, true)), Error);
  Eigen::MatrixXd bad = planted(random, 100, true);
  bad(10, 1) = -1;
  try {
    screen_pairs({"A", "B"}, bad);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("B: price -1 at row 11"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace quantloop::pairs
