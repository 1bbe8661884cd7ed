// The reference pairs strategy against an independent pandas implementation of its text
// (tests/backtest/reference, with the script that made the values) on real pairs: every bar's
// position and PnL and every metric, to 1e-9; and the grid's best set and deflated Sharpe.
#include "backtest/pair_backtest.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "store/store.h"
#include "test_support.h"

namespace quantloop {
namespace {

using nlohmann::json;
using testing::shared_data;

json reference() {
  std::ifstream in(BACKTEST_REFERENCE);
  return json::parse(in);
}

backtest::PairStrategy strategy_of(const json& p) {
  backtest::PairStrategy s;
  s.formation = p["formation"];
  s.trading = p["trading"];
  s.window = p["window"];
  s.entry = p["entry"];
  s.exit = p["exit"];
  s.stop = p["stop"];
  s.cost_bps = p["cost_bps"];
  s.static_zscore = p["zscore"] == "static";
  return s;
}

void expect_near(double actual, const json& expected, const std::string& what) {
  if (expected.is_null()) {
    EXPECT_TRUE(std::isnan(actual)) << what << ": " << actual;
    return;
  }
  const double e = expected.get<double>();
  EXPECT_NEAR(actual, e, 1e-9 * std::max(1.0, std::abs(e))) << what;
}

void expect_metrics(const backtest::BacktestMetrics& m, const json& r, const std::string& what) {
  EXPECT_EQ(m.bars, r["bars"].get<int>()) << what;
  expect_near(m.total_pnl, r["total_pnl"], what + " total_pnl");
  expect_near(m.sharpe, r["sharpe"], what + " sharpe");
  expect_near(m.sortino, r["sortino"], what + " sortino");
  expect_near(m.max_drawdown, r["max_drawdown"], what + " max_drawdown");
  EXPECT_EQ(m.max_drawdown_bars, r["max_drawdown_bars"].get<int>()) << what;
  expect_near(m.calmar, r["calmar"], what + " calmar");
  EXPECT_EQ(m.trades, r["trades"].get<int>()) << what;
  expect_near(m.win_rate, r["win_rate"], what + " win_rate");
  expect_near(m.profit_factor, r["profit_factor"], what + " profit_factor");
  expect_near(m.exposure, r["exposure"], what + " exposure");
  expect_near(m.turnover, r["turnover"], what + " turnover");
  expect_near(m.costs, r["costs"], what + " costs");
}

class PairBacktestTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir;
    const auto result = testing::run_quantloop(
        {"ingest", "csv", shared_data("pairs/GLD.csv").string(),
         shared_data("pairs/GDX.csv").string(), shared_data("pairs/KO.csv").string(),
         shared_data("pairs/PEP.csv").string()},
        dir_->path().string());
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  backtest::PairBacktestReport run(const std::vector<backtest::PairStrategy>& grid) {
    backtest::PairBacktestRequest request;
    request.pairs = {{"GDX", "GLD"}, {"PEP", "KO"}};
    request.from = *parse_timestamp(ref_["from"].get<std::string>());
    request.to = *parse_timestamp(ref_["to"].get<std::string>());
    request.grid = grid;
    return backtest::run_pair_backtest(*Store::open(dir_->file("quantloop.db")), request);
  }

  static testing::TempDir* dir_;
  json ref_ = reference();
};

testing::TempDir* PairBacktestTest::dir_ = nullptr;

TEST_F(PairBacktestTest, EveryBarAndMetricEqualsPandas) {
  int stops_seen = 0;
  for (const json& c : ref_["cases"]) {
    const auto strategy = strategy_of(c["params"]);
    const auto report = run({strategy});
    ASSERT_EQ(report.times.size(), ref_["dates"].size());
    EXPECT_EQ(format_utc(report.times.front()).substr(0, 10), ref_["dates"].front());
    EXPECT_EQ(format_utc(report.times.back()).substr(0, 10), ref_["dates"].back());
    const auto& outcome = report.grid.at(0);
    for (std::size_t k = 0; k < 2; ++k) {
      const json& r = c["pairs"][k];
      const std::string what = r["pair"].get<std::string>() + " " + c["params"].dump();
      const auto& path = report.best_paths[k];
      const std::size_t first = std::size_t(strategy.formation);
      ASSERT_EQ(path.pnl.size() - first, r["pnl"].size());
      for (std::size_t i = 0; i < r["pnl"].size(); ++i) {
        ASSERT_EQ(path.position[first + i], r["position"][i].get<int>()) << what << " bar " << i;
        ASSERT_NEAR(path.pnl[first + i], r["pnl"][i].get<double>(), 1e-9) << what << " bar " << i;
        stops_seen += std::abs(path.zscore[first + i]) > strategy.stop;
      }
      expect_metrics(outcome.pairs[k].metrics, r["metrics"], what);
    }
    expect_metrics(outcome.portfolio, c["portfolio"], "portfolio " + c["params"].dump());
  }
  EXPECT_GT(stops_seen, 0) << "the cases never reach a stop: the stop rule went untested";
}

TEST_F(PairBacktestTest, TheGridsBestAndItsDeflatedSharpeEqualPandas) {
  std::vector<backtest::PairStrategy> grid;
  for (const json& p : ref_["grid"]["params"])
    grid.push_back(strategy_of(p));
  const auto report = run(grid);
  ASSERT_EQ(report.grid.size(), grid.size());
  for (std::size_t i = 0; i < grid.size(); ++i)
    expect_near(report.grid[i].portfolio.sharpe, ref_["grid"]["sharpes"][i], "sharpe of set");
  EXPECT_EQ(report.best, ref_["grid"]["best"].get<std::size_t>());
  expect_near(report.deflated_sharpe, ref_["grid"]["deflated_sharpe"], "deflated sharpe");
  EXPECT_GT(report.deflated_sharpe, 0);
  EXPECT_LT(report.deflated_sharpe, 1);
}

TEST_F(PairBacktestTest, RefusesWhatCannotBeBacktested) {
  backtest::PairStrategy bad;
  bad.formation = 10;
  bad.window = 20;
  EXPECT_THROW(run({bad}), Error);
  backtest::PairStrategy long_formation;
  long_formation.formation = 5000;
  EXPECT_THROW(run({long_formation}), Error);
  backtest::PairBacktestRequest request;
  request.pairs = {{"GDX", "NOPE"}};
  request.from = *parse_timestamp("2015-01-01");
  request.to = *parse_timestamp("2019-12-31");
  request.grid = {backtest::PairStrategy{}};
  try {
    backtest::run_pair_backtest(*Store::open(dir_->file("quantloop.db")), request);
    FAIL() << "a symbol without bars was backtested";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("NOPE: no 1d bars"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace quantloop
