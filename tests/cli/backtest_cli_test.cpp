// `quantloop backtest pairs` through the binary: the report, a grid's deflated Sharpe, the
// equity file, usage errors.
#include <gtest/gtest.h>

#include <cmath>
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
  // Stock days: the NYSE calendar's year.
  EXPECT_EQ(out["bars_per_year_from"], "calendar");
  EXPECT_GE(out["bars_per_year"].get<double>(), 250);
  EXPECT_LE(out["bars_per_year"].get<double>(), 253);

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

// Crypto trades every hour of the year: the Sharpe ratio of hourly bars is annualised with 8,760
// of them, as the report says, and --bars-per-year overrides it.
TEST(BacktestCli, TheSharpeRatioIsAnnualisedByTheIntervalAndTheCalendar) {
  testing::TempDir dir;
  const auto ingest = run_quantloop(
      {"ingest", "synthetic", "--symbols", "BTC-USD,ETH-USD", "--interval", "1h", "--days", "120",
       "--end", "2026-06-01", "--pair", "BTC-USD,ETH-USD", "--half-life", "5"},
      dir.path().string());
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  const std::vector<std::string> base{"backtest",   "pairs",
                                      "--pair",     "ETH-USD/BTC-USD",
                                      "--interval", "1h",
                                      "--from",     "2026-02-01",
                                      "--to",       "2026-06-01",
                                      "--entry",    "1",
                                      "--equity",   dir.file("equity.csv"),
                                      "--json"};
  const auto run = run_quantloop(base, dir.path().string());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto out = nlohmann::json::parse(run.out);
  EXPECT_EQ(out["bars_per_year"], 8760);
  EXPECT_EQ(out["bars_per_year_from"], "calendar");
  std::ifstream file(dir.file("equity.csv"));
  std::string line;
  std::getline(file, line);
  std::vector<double> pnl;
  while (std::getline(file, line)) {
    const auto last = line.rfind(',');
    const auto before = line.rfind(',', last - 1);
    pnl.push_back(std::stod(line.substr(before + 1, last - before - 1)));
  }
  ASSERT_GE(pnl.size(), 100u);
  double mean = 0, ss = 0;
  for (double p : pnl)
    mean += p / double(pnl.size());
  for (double p : pnl)
    ss += (p - mean) * (p - mean);
  const double sharpe = mean / std::sqrt(ss / double(pnl.size() - 1)) * std::sqrt(8760.0);
  EXPECT_NEAR(out["portfolio"]["sharpe"].get<double>(), sharpe, 1e-9 * std::abs(sharpe));
  auto given = base;
  given.insert(given.end(), {"--bars-per-year", "252"});
  const auto daily = nlohmann::json::parse(run_quantloop(given, dir.path().string()).out);
  EXPECT_EQ(daily["bars_per_year_from"], "--bars-per-year");
  EXPECT_NEAR(daily["portfolio"]["sharpe"].get<double>(), sharpe * std::sqrt(252.0 / 8760),
              1e-9 * std::abs(sharpe));
}

// --save keeps the report and the best set's equity; list pages newest first; show prints the
// report as it was and the equity that sums to the total PnL.
TEST(BacktestCli, SavedBacktestsAreListedAndShownAsTheyWere) {
  testing::TempDir dir;
  const auto ingest =
      run_quantloop({"ingest", "csv", shared_data("pairs/GLD.csv").string(),
                     shared_data("pairs/GDX.csv").string(), shared_data("pairs/KO.csv").string(),
                     shared_data("pairs/PEP.csv").string()},
                    dir.path().string());
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  const auto first = run_quantloop({"backtest", "pairs", "--pair", "GDX/GLD", "--from",
                                    "2015-01-01", "--to", "2019-12-31", "--save", "--json"},
                                   dir.path().string());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto printed = nlohmann::json::parse(first.out);
  const auto second =
      run_quantloop({"backtest", "pairs", "--pair", "GDX/GLD", "--pair", "KO/PEP", "--from",
                     "2015-01-01", "--to", "2019-12-31", "--entry", "1.5,2", "--save"},
                    dir.path().string());
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_TRUE(contains(second.out, "saved as backtest 2")) << second.out;

  const auto list = run_quantloop({"backtest", "list", "--json"}, dir.path().string());
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const auto listed = nlohmann::json::parse(list.out);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0]["id"], 2);
  EXPECT_EQ(listed[0]["subjects"], "GDX/GLD,KO/PEP");
  EXPECT_EQ(listed[0]["sets"], 2);
  EXPECT_FALSE(listed[0]["deflated_sharpe"].is_null());
  EXPECT_EQ(listed[1]["sharpe"], printed["portfolio"]["sharpe"]);
  EXPECT_TRUE(listed[1]["deflated_sharpe"].is_null());
  const auto page = nlohmann::json::parse(
      run_quantloop({"backtest", "list", "--json", "--before", "2"}, dir.path().string()).out);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0]["id"], 1);

  const auto show = run_quantloop({"backtest", "show", "1", "--json"}, dir.path().string());
  ASSERT_EQ(show.exit_code, 0) << show.err;
  auto shown = nlohmann::json::parse(show.out);
  const auto equity = shown["equity"];
  shown.erase("equity");
  shown.erase("id");
  auto expected = printed;
  expected.erase("saved_id");
  EXPECT_EQ(shown, expected);
  ASSERT_EQ(equity.size(), printed["portfolio"]["bars"].get<std::size_t>());
  EXPECT_NEAR(equity.back()["equity"].get<double>(),
              printed["portfolio"]["total_pnl"].get<double>(), 1e-9);
  // Two pairs: each pair's series and the portfolio's, whose positions are NULL.
  const auto two = nlohmann::json::parse(
      run_quantloop({"backtest", "show", "2", "--json"}, dir.path().string()).out);
  int portfolio = 0;
  for (const auto& p : two["equity"]) {
    if (p["series"] == "portfolio") {
      ++portfolio;
      EXPECT_TRUE(p["position"].is_null());
    }
  }
  EXPECT_EQ(portfolio, two["portfolio"]["bars"].get<int>());
  const auto table = run_quantloop({"backtest", "show", "2"}, dir.path().string());
  EXPECT_TRUE(contains(table.out, "│ KO/PEP")) << table.out;
  EXPECT_TRUE(contains(table.out, "deflated Sharpe ratio")) << table.out;
  const auto missing = run_quantloop({"backtest", "show", "9"}, dir.path().string());
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_TRUE(contains(missing.err, "no saved backtest 9")) << missing.err;
}

}  // namespace
}  // namespace quantloop
