#include "registry/promotion_rule.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "stats/paired_tests.h"
#include "stats/performance.h"

namespace quantloop::registry {
namespace {

// Rows where the challenger says `challenger_right` of the time the right direction with
// confidence 0.6 and the champion always says 0.5.
PairedRows rows_of(std::size_t n, double challenger_right, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  PairedRows rows;
  for (std::size_t i = 0; i < n; ++i) {
    const int outcome = u(rng) < 0.5 ? 1 : 0;
    const bool right = u(rng) < challenger_right;
    rows.times.push_back(UnixSeconds(1'700'000'000 + 3600 * i));
    rows.outcome.push_back(outcome);
    rows.challenger.push_back((outcome == 1) == right ? 0.6 : 0.4);
    rows.champion.push_back(0.5);
    rows.next_log_return.push_back((outcome == 1 ? 1 : -1) * 0.01 * (0.5 + u(rng)));
  }
  return rows;
}

TEST(PromotionRule, FewRowsDeferAndTheDecisionSaysWhy) {
  const auto j = judge(PromotionRule{}, rows_of(29, 0.9, 1));
  EXPECT_EQ(j.decision, "deferred");
  EXPECT_EQ(j.rows, 29u);
  EXPECT_NE(j.reason.find("fewer than 30"), std::string::npos) << j.reason;
}

TEST(PromotionRule, AClearlyBetterChallengerIsPromotedAWorseOneKept) {
  const auto better = judge(PromotionRule{}, rows_of(200, 0.75, 2));
  EXPECT_EQ(better.decision, "promoted") << better.reason;
  EXPECT_LT(better.challenger_value, better.champion_value);
  EXPECT_LT(better.pvalue, 0.10);
  const auto worse = judge(PromotionRule{}, rows_of(200, 0.3, 3));
  EXPECT_EQ(worse.decision, "kept");
  EXPECT_NE(worse.reason.find("not better"), std::string::npos) << worse.reason;
  EXPECT_GT(worse.pvalue, 0.5);
}

TEST(PromotionRule, TheValuesAreMeanLogLossesAndThePValueDieboldMariano) {
  const PairedRows rows = rows_of(120, 0.6, 4);
  const auto j = judge(PromotionRule{}, rows);
  double challenger = 0, champion = 0;
  std::vector<double> d;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double a = log_loss(rows.challenger[i], rows.outcome[i]);
    const double b = log_loss(rows.champion[i], rows.outcome[i]);
    challenger += a / double(rows.size());
    champion += b / double(rows.size());
    d.push_back(b - a);
  }
  EXPECT_NEAR(j.challenger_value, challenger, 1e-12);
  EXPECT_NEAR(j.champion_value, champion, 1e-12);
  EXPECT_NEAR(j.champion_value, std::log(2.0), 1e-12);
  EXPECT_DOUBLE_EQ(j.pvalue, stats::diebold_mariano(d).pvalue);
  EXPECT_DOUBLE_EQ(j.statistic, stats::diebold_mariano(d).statistic);
}

TEST(PromotionRule, SharpeComparesTradingThePredictedDirectionAfterCosts) {
  PromotionRule rule;
  rule.metric = "sharpe";
  const PairedRows rows = rows_of(250, 0.7, 5);
  const auto j = judge(rule, rows);
  EXPECT_EQ(j.decision, "promoted") << j.reason;
  EXPECT_GT(j.challenger_value, 0);
  EXPECT_GT(j.challenger_value, j.champion_value);
  // Costs high enough to eat every edge of a strategy that changes position this often.
  rule.cost_bps = 500;
  const auto costly = judge(rule, rows);
  EXPECT_EQ(costly.decision, "kept") << costly.reason;
  EXPECT_LT(costly.challenger_value, 0);
}

// Seed 002's continuous-learning rule: redeploy only when the backtest's Sharpe improves. A
// challenger surer on the many small moves (a far better log loss) but wrong on the few large
// ones trades worse: promotion.metric = "sharpe" keeps the champion, "log_loss" would not.
TEST(PromotionRule, SharpeKeepsABetterCalibratedChallengerThatTradesWorse) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> u(0, 1);
  PairedRows rows;
  for (std::size_t i = 0; i < 400; ++i) {
    const bool large = i % 10 == 0;
    const int outcome = u(rng) < 0.5 ? 1 : 0;
    const double sign = outcome == 1 ? 1 : -1;
    rows.times.push_back(UnixSeconds(1'700'000'000 + 86400 * i));
    rows.outcome.push_back(outcome);
    rows.next_log_return.push_back(sign * (large ? 0.05 : 0.001));
    const double right_challenger = large ? 0.45 : 0.9;  // wrong side on the large moves
    const double right_champion = large ? 0.55 : 0.51;
    rows.challenger.push_back(outcome == 1 ? right_challenger : 1 - right_challenger);
    rows.champion.push_back(outcome == 1 ? right_champion : 1 - right_champion);
  }
  PromotionRule by_loss;
  const auto loss = judge(by_loss, rows);
  EXPECT_EQ(loss.decision, "promoted") << loss.reason;
  PromotionRule by_sharpe;
  by_sharpe.metric = "sharpe";
  by_sharpe.cost_bps = 0;
  const auto sharpe = judge(by_sharpe, rows);
  EXPECT_EQ(sharpe.decision, "kept") << sharpe.reason;
  EXPECT_LT(sharpe.challenger_value, sharpe.champion_value);
  // The value judged is the backtester's Sharpe of the strategy's returns, annualised by the
  // rows' frequency (one per day: 365.25 a year).
  std::vector<double> champion_returns;
  for (std::size_t i = 0; i < rows.size(); ++i)
    champion_returns.push_back((rows.champion[i] > 0.5 ? 1 : -1) * rows.next_log_return[i]);
  EXPECT_NEAR(sharpe.champion_value, stats::sharpe_ratio(champion_returns, 365.25), 1e-9);
}

// A series that brings its own per-row returns (the scanner's signal quality: each signal's R
// where a model keeps it, 0 where it skips it) is judged by the Sharpe ratio of those, not of
// trading its probabilities as directions.
TEST(PromotionRule, SharpeJudgesTheReturnsASeriesBrings) {
  std::mt19937 rng(12);
  std::uniform_real_distribution<double> u(0, 1);
  PairedRows rows;
  for (std::size_t i = 0; i < 200; ++i) {
    const bool win = u(rng) < 0.4;
    const double r = win ? 2.0 : -1.0;
    rows.times.push_back(UnixSeconds(1'700'000'000 + 3600 * i));
    rows.outcome.push_back(win);
    rows.next_log_return.push_back(std::nan(""));
    // The challenger skips most losers, the champion keeps everything.
    const bool keep = win || u(rng) < 0.3;
    rows.challenger.push_back(keep ? 0.8 : 0.1);
    rows.champion.push_back(0.4);
    rows.challenger_return.push_back(keep ? r : 0.0);
    rows.champion_return.push_back(r);
  }
  PromotionRule rule;
  rule.metric = "sharpe";
  const auto j = judge(rule, rows);
  EXPECT_EQ(j.decision, "promoted") << j.reason;
  const double per_year =
      double(rows.size() - 1) * 365.25 * 86400 / double(rows.times.back() - rows.times.front());
  EXPECT_NEAR(j.challenger_value, stats::sharpe_ratio(rows.challenger_return, per_year), 1e-9);
  EXPECT_NEAR(j.champion_value, stats::sharpe_ratio(rows.champion_return, per_year), 1e-9);
  // Swapped, the champion's returns win: the judgement follows the returns given.
  std::swap(rows.challenger_return, rows.champion_return);
  EXPECT_EQ(judge(rule, rows).decision, "kept");
  EXPECT_EQ(evidence_json(rows)["challenger_return"].size(), rows.size());
}

TEST(PromotionRule, LogLossClipsCertainty) {
  EXPECT_NEAR(log_loss(0.0, 1), -std::log(1e-7), 1e-9);
  EXPECT_NEAR(log_loss(1.0, 0), -std::log(1e-7), 1e-6);
  EXPECT_NEAR(log_loss(0.8, 1), -std::log(0.8), 1e-12);
  EXPECT_NEAR(log_loss(0.8, 0), -std::log(0.2), 1e-12);
}

TEST(PromotionRule, EvidenceHoldsEveryRow) {
  const PairedRows rows = rows_of(3, 0.5, 6);
  const auto json = evidence_json(rows);
  ASSERT_EQ(json["times"].size(), 3u);
  EXPECT_EQ(json["times"][0], "2023-11-14 22:13:20");
  EXPECT_EQ(json["outcome"].size(), 3u);
  EXPECT_EQ(json["challenger_prob_up"][1].get<double>(), rows.challenger[1]);
}

}  // namespace
}  // namespace quantloop::registry
