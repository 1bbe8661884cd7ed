// `quantloop backtest pairs` through the binary: the report, a grid's deflated Sharpe, the
// equity file, usage errors.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "test_support.h"

namespace quantloop {
namespace {

using testing::contains;
using testing::run_quantloop;
using testing::shared_data;

TEST(BacktestCli, PairsReportsTheGridsBestAndWritesItsEquity) {
  testing::TempDir dir;
  const auto ingest = run_quantloop({"ingest", "csv", shared_data("pairs/GLD.csv").string(),
                                     shared_data("pairs/GDX.csv").string()},
                                    dir.path().string());
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  const std::vector<std::string> base{"backtest", "pairs",      "--pair", "gdx/gld",
                                      "--from",   "2015-01-01", "--to",   "2019-12-31"};
  auto args = base;
  args.insert(args.end(), {"--entry", "1.5,2", "--window", "20,60", "--equity",
                           dir.file("equity.csv"), "--json"});
  const auto run = run_quantloop(args, dir.path().string());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto out = nlohmann::json::parse(run.out);
  EXPECT_EQ(out["sets"], 4);
  EXPECT_EQ(out["grid"].size(), 4u);
  ASSERT_EQ(out["pairs"].size(), 1u);
  EXPECT_EQ(out["pairs"][0]["pair"], "GDX/GLD");
  const double deflated = out["deflated_sharpe"];
  EXPECT_GT(deflated, 0);
  EXPECT_LT(deflated, 1);
  double best = -1e300;
  for (const auto& g : out["grid"]) {
    if (!g["portfolio"]["sharpe"].is_null())
      best = std::max(best, g["portfolio"]["sharpe"].get<double>());
  }
  EXPECT_EQ(out["portfolio"]["sharpe"].get<double>(), best);

  // The equity file: one row per traded bar of the best set, its last equity the total PnL.
  std::ifstream file(dir.file("equity.csv"));
  std::string line, last;
  std::getline(file, line);
  EXPECT_EQ(line, "date,position,pnl,equity");
  int rows = 0;
  while (std::getline(file, line)) {
    last = line;
    ++rows;
  }
  EXPECT_EQ(rows, out["portfolio"]["bars"].get<int>());
  const double equity = std::stod(last.substr(last.rfind(',') + 1));
  EXPECT_NEAR(equity, out["portfolio"]["total_pnl"].get<double>(), 1e-9);

  const auto table = run_quantloop(base, dir.path().string());
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_TRUE(contains(table.out, "common 1d bars from 2015-01-02")) << table.out;
  EXPECT_TRUE(contains(table.out, "│ portfolio │")) << table.out;

  auto inverted = base;
  inverted.insert(inverted.end(), {"--entry", "1", "--exit", "2"});
  const auto bad = run_quantloop(inverted, dir.path().string());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(contains(bad.err, "exit < entry < stop")) << bad.err;
  auto short_formation = base;
  short_formation.insert(short_formation.end(), {"--formation", "10", "--window", "20"});
  EXPECT_EQ(run_quantloop(short_formation, dir.path().string()).exit_code, 2);
  auto word = base;
  word.insert(word.end(), {"--entry", "two"});
  EXPECT_EQ(run_quantloop(word, dir.path().string()).exit_code, 2);
  const auto unknown = run_quantloop(
      {"backtest", "pairs", "--pair", "GDX/NOPE", "--from", "2015-01-01", "--to", "2019-12-31"},
      dir.path().string());
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_TRUE(contains(unknown.err, "NOPE: no 1d bars")) << unknown.err;
}

}  // namespace
}  // namespace quantloop
