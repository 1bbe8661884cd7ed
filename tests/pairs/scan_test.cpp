// The pair scan (seed 004's daily identification) on both backends: every number of a scan of
// real pairs against statsmodels on the same rows (tests/pairs/reference), the funnel under the
// default gates, a planted cointegrated pair selected and made active, nothing read after the
// scan's clock, and symbols without bars reported.
#include "pairs/scan.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "test_support.h"

namespace quantloop {
namespace {

using testing::shared_data;

using testing::Backend;

class PairScanTest : public ::testing::TestWithParam<Backend> {
 protected:
  void ingest(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", url_, "--quiet", "ingest"});
    const auto result = testing::run_quantloop(args, dir_.path().string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }
  void ingest_real_pairs() {
    ingest({"csv", shared_data("pairs/GLD.csv").string(), shared_data("pairs/GDX.csv").string(),
            shared_data("pairs/KO.csv").string(), shared_data("pairs/PEP.csv").string()});
  }
  pairs::ScanRequest real_request() const {
    pairs::ScanRequest request;
    request.symbols = {"GLD", "GDX", "KO", "PEP"};
    request.as_of = *parse_timestamp("2019-07-13");
    request.from = request.as_of - 365 * kSecondsPerDay;
    return request;
  }
  std::int64_t count(const std::string& table) {
    const auto rows = Store::open(url_)->run_sql("SELECT COUNT(*) FROM " + table);
    return std::get<std::int64_t>(rows.rows.at(0).at(0));
  }

  testing::TempDir dir_;
  testing::BackendDatabase database_{GetParam(), dir_};
  std::string url_ = database_.url();
};

void expect_close(double actual, double expected, const std::string& what) {
  EXPECT_NEAR(actual, expected, 1e-7 * std::max(1.0, std::abs(expected))) << what;
}

TEST_P(PairScanTest, EveryFigureEqualsStatsmodelsOnRealPairs) {
  ingest_real_pairs();
  std::ifstream file(PAIRS_REFERENCE);
  const auto reference = nlohmann::json::parse(file);
  auto store = Store::open(url_);
  auto request = real_request();
  request.screening.min_correlation = -1;  // every pair through every stage
  request.screening.max_coint_pvalue = 1;
  const auto result = pairs::run_scan(*store, request);
  EXPECT_EQ(result.scan.rows, reference["rows"]);
  EXPECT_EQ(result.scan.formation_rows, reference["formation_rows"]);
  EXPECT_EQ(format_utc(result.scan.data_start).substr(0, 10), reference["data_start"]);
  EXPECT_EQ(format_utc(result.scan.data_end).substr(0, 10), reference["data_end"]);
  ASSERT_EQ(result.screening.candidates.size(), reference["pairs"].size());
  for (std::size_t i = 0; i < reference["pairs"].size(); ++i) {
    const auto& want = reference["pairs"][i];
    const PairCandidate& got = result.screening.candidates[i];
    const std::string pair =
        want["first"].get<std::string>() + "/" + want["second"].get<std::string>();
    EXPECT_EQ(got.y, want["y"]) << pair << ": the direction";
    EXPECT_EQ(got.x, want["x"]) << pair;
    for (const auto& [key, value] :
         std::vector<std::pair<std::string, double>>{{"correlation", got.correlation},
                                                     {"pvalue_forward", got.pvalue_forward},
                                                     {"pvalue_backward", got.pvalue_backward},
                                                     {"coint_statistic", got.coint_statistic},
                                                     {"coint_pvalue", got.coint_pvalue},
                                                     {"intercept", got.intercept},
                                                     {"hedge_ratio", got.hedge_ratio},
                                                     {"half_life", got.half_life},
                                                     {"adf_pvalue", got.adf_pvalue}}) {
      expect_close(value, want[key].get<double>(), pair + " " + key);
    }
    EXPECT_NE(got.stage, "correlation") << pair;
    // The score is its recorded components' weighted sum, as stored and read back.
    EXPECT_NEAR(got.score,
                0.4 * got.score_fit + 0.3 * got.score_volatility + 0.2 * got.score_trading +
                    0.1 * got.score_diagnostics,
                1e-12)
        << pair;
  }
  // Under the default gates: the funnel the reference's gates give, nothing active.
  const auto gated = pairs::run_scan(*store, real_request());
  EXPECT_EQ(gated.scan.pairs, reference["funnel"]["pairs"]);
  EXPECT_EQ(gated.scan.passed_correlation, reference["funnel"]["correlation"]);
  EXPECT_EQ(gated.scan.passed_cointegration, reference["funnel"]["cointegration"]);
  EXPECT_EQ(gated.scan.selected, 0);
  EXPECT_EQ(count("pair_scans"), 2);
  EXPECT_EQ(count("pair_candidates"), 12);
  EXPECT_EQ(count("active_pairs"), 0);
}

TEST_P(PairScanTest, APlantedPairIsSelectedAndReplacesTheActiveSet) {
  ingest({"synthetic", "--symbols", "AAA,BBB,CCC", "--interval", "1d", "--days", "800", "--end",
          "2026-11-20", "--pair", "AAA,BBB", "--hedge-ratio", "1.5", "--half-life", "3"});
  auto store = Store::open(url_);
  pairs::ScanRequest request;
  request.symbols = {"AAA", "BBB", "CCC"};
  request.as_of = *parse_timestamp("2026-11-21");
  request.from = request.as_of - 730 * kSecondsPerDay;
  const auto result = pairs::run_scan(*store, request);
  const PairCandidate* planted = nullptr;
  for (const auto& c : result.screening.candidates) {
    if ((c.y == "BBB" && c.x == "AAA")) planted = &c;
  }
  ASSERT_NE(planted, nullptr) << "the planted direction (BBB = 1.5 AAA + spread) was not chosen";
  EXPECT_EQ(planted->stage, "selected") << planted->reason;
  EXPECT_NEAR(planted->hedge_ratio, 1.5, 0.1);
  EXPECT_LT(planted->coint_pvalue, 1e-4);
  EXPECT_GT(planted->score, 0.7);
  EXPECT_GT(planted->half_life, 1);
  EXPECT_LT(planted->half_life, 10);
  EXPECT_EQ(count("active_pairs"), result.scan.selected);
  const auto active = store->run_sql("SELECT symbol_y, symbol_x FROM active_pairs");
  ASSERT_GE(active.rows.size(), 1u);
  // A scan of other symbols replaces the set, in its transaction.
  request.symbols = {"AAA", "CCC"};
  const auto other = pairs::run_scan(*store, request);
  EXPECT_EQ(count("active_pairs"), other.scan.selected);
  EXPECT_EQ(store->run_sql("SELECT COUNT(*) FROM active_pairs WHERE symbol_y = 'BBB'").rows[0][0],
            Value{std::int64_t{0}});
}

TEST_P(PairScanTest, NothingAfterTheClockIsRead) {
  ingest({"synthetic", "--symbols", "AAA,BBB", "--interval", "1d", "--days", "500", "--end",
          "2026-11-20", "--pair", "AAA,BBB", "--half-life", "3"});
  pairs::ScanRequest request;
  request.symbols = {"AAA", "BBB"};
  request.as_of = *parse_timestamp("2026-06-01");
  request.from = request.as_of - 300 * kSecondsPerDay;
  request.screening.min_correlation = -1;  // through every stage, whatever the window says
  request.screening.max_coint_pvalue = 1;
  const auto before = pairs::run_scan(*Store::open(url_), request);
  // The future changes: every bar from the clock on (the bar dated the clock's day starts at
  // the clock, so it is not complete then) is doubled.
  const auto perturb = [&](const std::string& where) {
    const std::string sql =
        "UPDATE market_data SET close = close * 2, open = open * 2, high = high * 2, "
        "low = low * 2 WHERE " +
        where;
    testing::execute_sql(url_, sql);
  };
  perturb("date >= '2026-06-01'");
  const auto after = pairs::run_scan(*Store::open(url_), request);
  ASSERT_EQ(before.screening.candidates.size(), after.screening.candidates.size());
  EXPECT_EQ(before.scan.data_end, after.scan.data_end);
  EXPECT_LT(before.scan.data_end, request.as_of - kSecondsPerDay + 1);
  const auto& a = before.screening.candidates[0];
  const auto& b = after.screening.candidates[0];
  EXPECT_EQ(a.stage, b.stage);
  EXPECT_EQ(a.hedge_ratio, b.hedge_ratio);
  EXPECT_EQ(a.coint_pvalue, b.coint_pvalue);
  EXPECT_EQ(a.garch_beta, b.garch_beta);
  EXPECT_EQ(a.next_variance, b.next_variance);
  EXPECT_EQ(a.score, b.score);
  // The check can fail: the same change to the last bar before the clock (Friday 29 May, in
  // the holdout) moves what the holdout gives.
  perturb("date >= '2026-05-29' AND date < '2026-05-30'");
  const auto inside = pairs::run_scan(*Store::open(url_), request);
  EXPECT_EQ(inside.scan.data_end, before.scan.data_end);
  EXPECT_NE(inside.screening.candidates[0].next_variance, a.next_variance);
}

// What a scan recorded reads back whole: the scan (pairs recent) and a pair's candidates in
// either direction (pairs show).
TEST_P(PairScanTest, ScansAndAPairsHistoryReadBack) {
  ingest_real_pairs();
  auto store = Store::open(url_);
  auto request = real_request();
  request.symbols = {"GLD", "GDX", "NOPE"};
  request.screening.min_correlation = -1;
  request.screening.max_coint_pvalue = 1;
  const auto first = pairs::run_scan(*store, request);
  request.as_of += kSecondsPerDay;
  const auto second = pairs::run_scan(*store, request);
  const auto scans = store->pair_scans(request.as_of - 2 * kSecondsPerDay);
  ASSERT_EQ(scans.size(), 2u);
  EXPECT_EQ(scans[0].id, second.scan.id);  // newest first
  EXPECT_EQ(scans[1].as_of, first.scan.as_of);
  EXPECT_EQ(scans[1].symbols, first.scan.symbols);
  EXPECT_EQ(scans[1].skipped, first.scan.skipped);
  EXPECT_EQ(scans[1].rows, first.scan.rows);
  EXPECT_EQ(scans[1].data_end, first.scan.data_end);
  EXPECT_EQ(scans[1].passed_cointegration, first.scan.passed_cointegration);
  EXPECT_EQ(scans[1].options, first.scan.options);
  EXPECT_TRUE(store->pair_scans(request.as_of + 1).empty());

  const auto history = store->pair_history("GLD", "GDX", 10);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].first, second.scan.as_of);
  const PairCandidate& want = first.screening.candidates[0];
  const PairCandidate& got = history[1].second;
  EXPECT_EQ(got.y, want.y);
  EXPECT_EQ(got.stage, want.stage);
  EXPECT_EQ(got.reason, want.reason);
  for (const auto& [a, b] :
       std::vector<std::pair<double, double>>{{got.correlation, want.correlation},
                                              {got.coint_pvalue, want.coint_pvalue},
                                              {got.hedge_ratio, want.hedge_ratio},
                                              {got.half_life, want.half_life},
                                              {got.garch_beta, want.garch_beta},
                                              {got.next_variance, want.next_variance},
                                              {got.adf_pvalue, want.adf_pvalue},
                                              {got.score_trading, want.score_trading},
                                              {got.score, want.score}}) {
    EXPECT_NEAR(a, b, 1e-12 * std::max(1.0, std::abs(b)));
  }
  EXPECT_EQ(store->pair_history("GDX", "GLD", 1).size(), 1u) << "either direction, limited";
  EXPECT_TRUE(store->pair_history("GLD", "KO", 10).empty());
}

TEST_P(PairScanTest, SymbolsWithoutBarsAreReportedAndTooFewAreAnError) {
  ingest_real_pairs();
  auto store = Store::open(url_);
  auto request = real_request();
  request.symbols = {"GLD", "GDX", "NOPE"};
  const auto result = pairs::run_scan(*store, request);
  ASSERT_EQ(result.scan.skipped.size(), 1u);
  EXPECT_EQ(result.scan.skipped[0].first, "NOPE");
  EXPECT_NE(result.scan.skipped[0].second.find("no 1d bars"), std::string::npos);
  EXPECT_EQ(result.scan.pairs, 1);
  request.symbols = {"GLD", "NOPE"};
  try {
    pairs::run_scan(*store, request);
    FAIL() << "a scan of one symbol ran";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("NOPE"), std::string::npos) << e.what();
  }
  request.symbols = {"GLD", "GDX"};
  request.from = request.as_of - 20 * kSecondsPerDay;
  EXPECT_THROW(pairs::run_scan(*store, request), Error);  // 13 bars are too few
  EXPECT_EQ(count("pair_scans"), 1) << "a failed scan recorded something";
}

INSTANTIATE_TEST_SUITE_P(Backends, PairScanTest,
                         ::testing::Values(Backend::sqlite, Backend::postgres),
                         testing::backend_name);

}  // namespace
}  // namespace quantloop
