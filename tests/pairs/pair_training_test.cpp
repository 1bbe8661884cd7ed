// Seed 004's GRU per pair and its performance history: the spread features and their target,
// a classifier that predicts again from what is stored, and a training run on both backends
// (model_performance, pair_classifiers, model_rankings, model_trends, pair_models) that reads
// nothing after its clock.
#include "pairs/pair_training.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/error.h"
#include "models/metrics.h"
#include "pairs/pair_classifier.h"
#include "pairs/scan.h"
#include "test_support.h"

namespace quantloop {
namespace {

// A cointegrated pair: x a random walk, y = 2 + 1.5 x + an AR(1) spread (phi 0.8).
struct SyntheticPair {
  std::vector<UnixSeconds> times;
  std::vector<double> y, x;
};

SyntheticPair synthetic_pair(std::size_t rows, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::normal_distribution<double> noise;
  SyntheticPair p;
  double x = 100, spread = 0;
  for (std::size_t t = 0; t < rows; ++t) {
    x += noise(random);
    spread = 0.8 * spread + noise(random);
    p.times.push_back(UnixSeconds(1'600'000'000 + std::int64_t(t) * kSecondsPerDay));
    p.x.push_back(x);
    p.y.push_back(2 + 1.5 * x + spread);
  }
  return p;
}

TEST(SpreadFeatures, TheTargetSaysWhetherZHalvesAndNoFeatureReadsAhead) {
  const SyntheticPair p = synthetic_pair(300, 1);
  const pairs::SpreadModel model = pairs::fit_spread_model(p.y, p.x, 200);
  EXPECT_NEAR(model.hedge_ratio, 1.5, 0.1);
  pairs::SpreadFeatureOptions options;
  const auto frame = pairs::spread_features(p.times, p.y, p.x, model, options);
  const int warm = pairs::spread_warm_up(options);
  ASSERT_EQ(frame.rows(), 300u - std::size_t(warm));
  EXPECT_EQ(frame.times.front(), p.times[std::size_t(warm)]);
  // The target, recomputed from the z-score column: |z| at most half of today's within 5 bars.
  const std::size_t columns = frame.columns();
  int positives = 0;
  for (std::size_t r = 0; r < frame.rows(); ++r) {
    if (r + 5 >= frame.rows()) {
      EXPECT_EQ(frame.next_direction[r], -1) << r;
      continue;
    }
    bool reverts = false;
    for (std::size_t k = 1; k <= 5; ++k) {
      reverts = reverts || std::abs(frame.values[(r + k) * columns]) <=
                               0.5 * std::abs(frame.values[r * columns]);
    }
    EXPECT_EQ(frame.next_direction[r], reverts ? 1 : 0) << r;
    positives += reverts;
  }
  EXPECT_GT(positives, 20);
  EXPECT_LT(positives, int(frame.rows()) - 20);
  // Prices after row 250 change: features of rows up to 250 do not, the target near them does.
  SyntheticPair changed = p;
  for (std::size_t t = 251; t < changed.y.size(); ++t)
    changed.y[t] += 30;
  const auto after = pairs::spread_features(changed.times, changed.y, changed.x, model, options);
  const std::size_t last_unchanged = 250 - std::size_t(warm);
  for (std::size_t r = 0; r <= last_unchanged; ++r) {
    for (std::size_t c = 0; c < columns; ++c)
      ASSERT_EQ(frame.values[r * columns + c], after.values[r * columns + c]) << r << " " << c;
  }
  EXPECT_NE(frame.values[(last_unchanged + 1) * columns],
            after.values[(last_unchanged + 1) * columns]);
}

pairs::PairClassifierOptions small_grid() {
  pairs::PairClassifierOptions o;
  o.hidden_sizes = {4, 8};
  o.learning_rates = {3e-3};
  o.sequence_lengths = {5, 10};
  o.epochs = 8;
  return o;
}

// What the store keeps of a classifier (its settings and weights) predicts its test rows again:
// the F1, precision, recall and loss recomputed from those predictions equal the recorded ones,
// and always-revert's F1 is 2p / (1 + p) of the same rows.
TEST(PairClassifier, WhatIsStoredPredictsTheTestRowsAgain) {
  const SyntheticPair p = synthetic_pair(420, 7);
  const auto options = small_grid();
  const pairs::PairClassifier c = pairs::train_pair_classifier(p.times, p.y, p.x, options);
  const PairModelPerformance& m = c.performance;
  EXPECT_EQ(m.configs_tried, 4);
  EXPECT_GT(m.test_rows, 40);
  EXPECT_GT(m.train_rows, 2 * m.test_rows);
  EXPECT_NEAR(m.hedge_ratio, 1.5, 0.1);
  const auto reparsed = nlohmann::json::parse(c.settings.dump());
  const std::size_t horizon = std::size_t(options.features.horizon);
  const auto probabilities = pairs::predict_reversion(reparsed, c.weights, p.times, p.y, p.x,
                                                      std::size_t(m.test_rows) + horizon);
  ASSERT_EQ(probabilities.size(), std::size_t(m.test_rows) + horizon);
  // The labels from the stored spread model: the test rows are the last samples, before the
  // last `horizon` rows whose target is unknown.
  pairs::SpreadModel spread;
  spread.intercept = reparsed["spread"]["intercept"];
  spread.hedge_ratio = reparsed["spread"]["hedge_ratio"];
  spread.garch_mu = reparsed["spread"]["garch_mu"];
  spread.garch_omega = reparsed["spread"]["garch_omega"];
  spread.garch_alpha = reparsed["spread"]["garch_alpha"];
  spread.garch_beta = reparsed["spread"]["garch_beta"];
  spread.start_variance = reparsed["spread"]["start_variance"];
  const auto frame = pairs::spread_features(p.times, p.y, p.x, spread, options.features);
  std::vector<float> labels;
  for (std::size_t r = frame.rows() - horizon - std::size_t(m.test_rows);
       r < frame.rows() - horizon; ++r) {
    labels.push_back(float(frame.next_direction[r]));
  }
  const std::vector<double> test(probabilities.begin(),
                                 probabilities.begin() + std::ptrdiff_t(m.test_rows));
  const models::Evaluation again = models::evaluate(test, labels, true);
  EXPECT_NEAR(again.f1, m.f1, 1e-12);
  EXPECT_NEAR(again.precision, m.precision, 1e-12);
  EXPECT_NEAR(again.recall, m.recall, 1e-12);
  EXPECT_NEAR(again.accuracy, m.accuracy, 1e-12);
  EXPECT_NEAR(again.loss, m.loss, 1e-6);
  double positives = 0;
  for (float l : labels)
    positives += l;
  const double rate = positives / double(labels.size());
  EXPECT_NEAR(m.test_positive_rate, rate, 1e-12);
  EXPECT_NEAR(m.baseline_f1, 2 * rate / (1 + rate), 1e-12);
}

TEST(PairClassifier, RefusesTooFewBars) {
  const SyntheticPair p = synthetic_pair(40, 3);
  EXPECT_THROW(pairs::train_pair_classifier(p.times, p.y, p.x, small_grid()), Error);
}

using testing::Backend;

class PairTrainingTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    const auto result = testing::run_quantloop(
        {"--db", url_, "--quiet", "ingest", "synthetic", "--symbols", "AAA,BBB,CCC", "--interval",
         "1d", "--days", "800", "--end", "2026-11-20", "--pair", "AAA,BBB", "--half-life", "3"},
        dir_.path().string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }
  pairs::ScanResult scan(const std::string& as_of) {
    pairs::ScanRequest request;
    request.symbols = {"AAA", "BBB", "CCC"};
    request.as_of = *parse_timestamp(as_of);
    request.from = request.as_of - 365 * kSecondsPerDay;
    request.screening.min_correlation = -1;  // every pair trains
    return pairs::run_scan(*Store::open(url_), request);
  }
  pairs::PairTrainingResult train(const std::string& as_of) {
    pairs::PairTrainingRequest request;
    request.as_of = *parse_timestamp(as_of);
    request.lookback_days = 500;
    request.classifier = small_grid();
    return pairs::run_pair_training(*Store::open(url_), request);
  }
  std::string sql(const std::string& query) {
    const auto rows = Store::open(url_)->run_sql(query);
    const Value& v = rows.rows.at(0).at(0);
    if (auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    if (auto* s = std::get_if<std::string>(&v)) return *s;
    return "?";
  }
  void perturb(const std::string& where) {
    const std::string statement =
        "UPDATE market_data SET close = close * 2, open = open * 2, high = high * 2, "
        "low = low * 2 WHERE " +
        where;
    testing::execute_sql(url_, statement);
  }

  testing::TempDir dir_;
  testing::BackendDatabase database_{GetParam(), dir_};
  std::string url_ = database_.url();
};

TEST_P(PairTrainingTest, ARunRecordsEveryPairAndRanksThem) {
  const auto scanned = scan("2026-11-21");
  ASSERT_EQ(scanned.scan.passed_correlation, 3);
  const auto run = train("2026-11-21");
  EXPECT_EQ(run.status, "success");
  ASSERT_EQ(run.trained.size(), 3u);
  EXPECT_EQ(run.scan.id, scanned.scan.id);
  EXPECT_EQ(sql(fmt::format("SELECT mode FROM training_runs WHERE id = {}", run.run_id)), "pairs");
  EXPECT_EQ(sql(fmt::format("SELECT status FROM training_runs WHERE id = {}", run.run_id)),
            "success");
  EXPECT_EQ(sql(fmt::format("SELECT COUNT(*) FROM training_run_symbols WHERE run_id = {} AND "
                            "status = 'success'",
                            run.run_id)),
            "3");
  EXPECT_EQ(sql("SELECT COUNT(*) FROM model_performance"), "3");
  EXPECT_EQ(sql("SELECT COUNT(*) FROM pair_classifiers"), "3");
  EXPECT_EQ(sql("SELECT model_run_id FROM model_performance WHERE symbol_y = 'BBB'"),
            fmt::format("run-{}-BBB-AAA", run.run_id));
  // The stored weights predict: what `pairs signals` will read.
  auto store = Store::open(url_);
  const auto stored = store->pair_classifier(run.trained[0].id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(nlohmann::json::parse(stored->first)["horizon"], 5);
  EXPECT_FALSE(stored->second.empty());
  // The ranking by F1 is the latest update; every trained pair has its 7- and 30-day F1 trend.
  const auto rankings = store->current_pair_rankings();
  ASSERT_EQ(rankings.size(), 3u);
  for (std::size_t i = 0; i < rankings.size(); ++i) {
    EXPECT_EQ(rankings[i].rank_f1, int(i) + 1);
    if (i > 0) {
      EXPECT_GE(rankings[i - 1].f1, rankings[i].f1);
    }
    EXPECT_GT(rankings[i].performance_id, 0);
    EXPECT_GT(rankings[i].rank_score, 0);
  }
  EXPECT_EQ(sql("SELECT COUNT(*) FROM model_trends WHERE metric = 'f1_score'"), "6");
  const auto trends = store->pair_trends("AAA", "BBB");
  ASSERT_EQ(trends.size(), 4u);  // composite and F1, 7 and 30 days
  EXPECT_EQ(trends[2].metric, "f1_score");
  EXPECT_EQ(trends[2].observations, 1);
  EXPECT_TRUE(std::isnan(trends[2].slope_per_day));
}

TEST_P(PairTrainingTest, BarsAfterTheClockChangeNothing) {
  scan("2026-06-01");
  const auto before = train("2026-06-01");
  ASSERT_EQ(before.trained.size(), 3u);
  perturb("date >= '2026-06-01'");
  const auto after = train("2026-06-01");
  ASSERT_EQ(after.trained.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(before.trained[i].y, after.trained[i].y);
    EXPECT_EQ(before.trained[i].data_end, after.trained[i].data_end);
    EXPECT_EQ(before.trained[i].hedge_ratio, after.trained[i].hedge_ratio);
    EXPECT_EQ(before.trained[i].f1, after.trained[i].f1);
    EXPECT_EQ(before.trained[i].loss, after.trained[i].loss);
  }
  EXPECT_LT(before.trained[0].data_end, *parse_timestamp("2026-06-01"));
  // The check can fail: the same change to the month before the clock moves the test rows.
  perturb("date >= '2026-05-01' AND date < '2026-05-30'");
  const auto inside = train("2026-06-01");
  EXPECT_NE(inside.trained[0].loss, before.trained[0].loss);
}

// pair_models keeps one version per pair and day; a scoring trend's slope is per day.
TEST_P(PairTrainingTest, SpreadModelsHaveOneVersionPerDayAndScoresATrend) {
  const auto first = scan("2026-11-19");
  scan("2026-11-19 12:00:00");  // the same day: its version is updated, not added
  const auto next = scan("2026-11-20");
  auto store = Store::open(url_);
  const auto versions = store->pair_model_versions("AAA", "BBB");
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].version, 2);
  EXPECT_EQ(versions[0].model_day, "2026-11-20");
  EXPECT_EQ(versions[1].version, 1);
  EXPECT_EQ(versions[1].model_day, "2026-11-19");
  EXPECT_NE(versions[1].scan_id, first.scan.id);  // the later scan of that day
  for (const auto& c : next.screening.candidates) {
    if (c.y != "BBB" || c.x != "AAA") continue;
    EXPECT_EQ(versions[0].hedge_ratio, c.hedge_ratio);
    EXPECT_EQ(versions[0].garch_beta, c.garch_beta);
    EXPECT_EQ(versions[0].score, c.score);
  }
  EXPECT_EQ(versions[0].data_start, next.scan.data_start);
  EXPECT_LT(versions[0].data_end, next.scan.data_end);  // the formation part's end
  double scores[3] = {0, 0, 0};
  int k = 0;
  for (const auto& s : store->passed_pair_scores(0, *parse_timestamp("2027-01-01"))) {
    if (s.y == "BBB" && s.x == "AAA") scores[k++] = s.score;
  }
  ASSERT_EQ(k, 3);
  for (const auto& t : store->pair_trends("BBB", "AAA")) {
    if (t.metric != "composite_score") continue;
    EXPECT_EQ(t.observations, 3);
    EXPECT_NEAR(t.average, (scores[0] + scores[1] + scores[2]) / 3, 1e-12);
    // Least squares over days -1, -0.5 and 0 before the last scan (their mean -0.5).
    const double mean_s = t.average;
    const double sxy =
        (-0.5) * (scores[0] - mean_s) + 0 * (scores[1] - mean_s) + 0.5 * (scores[2] - mean_s);
    EXPECT_NEAR(t.slope_per_day, sxy / 0.5, 1e-9);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, PairTrainingTest,
                         ::testing::Values(Backend::sqlite, Backend::postgres),
                         testing::backend_name);

}  // namespace
}  // namespace quantloop
