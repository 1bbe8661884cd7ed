// `quantloop stats`, end to end: series from files and from the store, JSON keys, errors.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace quantloop {
namespace {

using testing::bundled_data;
using testing::run_quantloop;
using testing::shared_data;
using testing::TempDir;

nlohmann::json json_of(const testing::ProcessResult& result) {
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return nlohmann::json::parse(result.out);
}

TEST(StatsCli, GarchOnAFileHasTheDocumentedKeysAndValues) {
  auto json = json_of(run_quantloop(
      {"stats", "garch", "--file", bundled_data("daily/sp500.csv.gz").string(), "--column",
       "Adj Close", "--returns", "simple", "--scale", "100", "--forecast", "5", "--json"}));
  for (const char* key : {"mu", "omega", "alpha", "beta", "mu_se", "omega_se", "alpha_se",
                          "beta_se", "loglik", "aic", "bic", "converged"}) {
    EXPECT_TRUE(json.contains(key)) << key;
  }
  EXPECT_NEAR(json["alpha"].get<double>(), 0.1022, 1e-4);
  EXPECT_NEAR(json["loglik"].get<double>(), -6936.72, 0.007);
  EXPECT_TRUE(json["converged"].get<bool>());
  EXPECT_EQ(json["variance_forecast"].size(), 5u);
  auto t = json_of(run_quantloop(
      {"stats", "garch", "--file", bundled_data("daily/sp500.csv.gz").string(), "--column",
       "adj_close", "--returns", "simple", "--scale", "100", "--dist", "t", "--json"}));
  EXPECT_GT(t["nu"].get<double>(), 4);
  EXPECT_TRUE(t.contains("nu_se"));
}

TEST(StatsCli, AdfAndLjungBoxAndArchLmOnAStoredSymbol) {
  TempDir dir;
  const std::string db = dir.file("q.db");
  ASSERT_EQ(
      run_quantloop({"--db", db, "ingest", "csv", bundled_data("daily/sp500.csv.gz").string()})
          .exit_code,
      0);
  auto adf = json_of(
      run_quantloop({"--db", db, "stats", "adf", "--symbol", "^GSPC", "--trend", "ct", "--json"}));
  for (const char* key : {"statistic", "pvalue", "crit_values", "usedlag", "nobs"})
    EXPECT_TRUE(adf.contains(key)) << key;
  EXPECT_TRUE(adf["crit_values"].contains("5%"));
  EXPECT_GT(adf["pvalue"].get<double>(), 0.05);  // index levels have a unit root
  auto lb = json_of(run_quantloop({"--db", db, "stats", "ljungbox", "--symbol", "^GSPC",
                                   "--returns", "log", "--lags", "10", "--json"}));
  EXPECT_EQ(lb["lags"], 10);
  EXPECT_LT(lb["pvalue"].get<double>(), 0.05);
  auto arch = json_of(run_quantloop(
      {"--db", db, "stats", "archlm", "--symbol", "^GSPC", "--returns", "log", "--json"}));
  EXPECT_LT(arch["pvalue"].get<double>(), 1e-10);  // volatility clusters
  auto table = run_quantloop({"--db", db, "stats", "adf", "--symbol", "^GSPC"});
  EXPECT_NE(table.out.find("critical values"), std::string::npos) << table.out;
}

TEST(StatsCli, CointOfTwoFilesAndCorrOfSeveral) {
  auto coint = json_of(
      run_quantloop({"stats", "coint", "--file", shared_data("pairs/GDX.csv").string(), "--file",
                     shared_data("pairs/GLD.csv").string(), "--column", "adj close", "--json"}));
  for (const char* key :
       {"statistic", "pvalue", "crit_values", "usedlag", "nobs", "hedge_ratio", "half_life"}) {
    EXPECT_TRUE(coint.contains(key)) << key;
  }
  auto corr =
      json_of(run_quantloop({"stats", "corr", "--file", bundled_data("daily/XOM_data.csv").string(),
                             "--file", bundled_data("daily/CVX_data.csv").string(), "--file",
                             bundled_data("daily/AAPL_data.csv").string(), "--json"}));
  EXPECT_EQ(corr["matrix"].size(), 3u);
  EXPECT_GT(corr["matrix"][0][1].get<double>(),
            corr["matrix"][0][2].get<double>());  // XOM~CVX > XOM~AAPL
}

TEST(StatsCli, BadRequestsAreOneLineErrors) {
  auto one =
      run_quantloop({"stats", "coint", "--file", bundled_data("daily/XOM_data.csv").string()});
  EXPECT_EQ(one.exit_code, 2);
  EXPECT_NE(one.err.find("--file: give 2 series"), std::string::npos) << one.err;
  auto column = run_quantloop(
      {"stats", "adf", "--file", bundled_data("daily/XOM_data.csv").string(), "--column", "vwap"});
  EXPECT_EQ(column.exit_code, 1);
  EXPECT_NE(column.err.find("no column 'vwap' (columns: 'Date', 'Open'"), std::string::npos)
      << column.err;
  auto no_adj =
      run_quantloop({"stats", "adf", "--file", bundled_data("intraday/AAPL_1h.csv").string(),
                     "--column", "adj close"});
  EXPECT_EQ(no_adj.exit_code, 1);
  EXPECT_NE(no_adj.err.find("has no adj close"), std::string::npos) << no_adj.err;
  TempDir dir;
  auto missing = run_quantloop({"--db", dir.file("none.db"), "stats", "adf", "--symbol", "AAPL"});
  EXPECT_EQ(missing.exit_code, 1);
}

}  // namespace
}  // namespace quantloop
