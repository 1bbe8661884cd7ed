// `quantloop ingest csv` with the files users bring, and with quantloop's own exports.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace quantloop {
namespace {

using testing::bundled_data;
using testing::contains;
using testing::PostgresDatabase;
using testing::run_quantloop;
using testing::TempDir;
using testing::write_file;

class IngestCliTest : public ::testing::Test {
 protected:
  testing::ProcessResult quantloop(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return run_quantloop(args, dir_.path().string());
  }
  nlohmann::json ingest_json(const std::string& file) {
    auto result = quantloop({"ingest", "csv", file, "--json"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return nlohmann::json::parse(result.out);
  }

  // Stores daily stocks with adjusted closes, hourly crypto with fractional volumes and a
  // minute feed; then what `query export` and `sql --csv` write must re-ingest as unchanged.
  void expect_exports_reingest_unchanged() {
    ASSERT_EQ(quantloop({"ingest", "csv", bundled_data("daily/AAPL_data.csv").string()}).exit_code,
              0);
    ASSERT_EQ(quantloop({"ingest", "synthetic", "--symbols", "BTC-USD,EURUSD", "--interval", "1h",
                         "--days", "20", "--end", "2024-03-01"})
                  .exit_code,
              0);
    ASSERT_EQ(quantloop({"ingest", "synthetic", "--symbols", "BTC-USD", "--interval", "1m",
                         "--days", "2", "--end", "2024-03-01"})
                  .exit_code,
              0);
    auto stats = nlohmann::json::parse(quantloop({"query", "stats", "--json"}).out);
    const std::int64_t bars = stats["tables"]["market_data"];
    ASSERT_GT(bars, 4000);

    const std::string exported = dir_.file("market_data.csv");
    ASSERT_EQ(
        quantloop({"query", "export", "--table", "market_data", "--output", exported}).exit_code,
        0);
    auto again = ingest_json(exported);
    EXPECT_EQ(again["inserted"], 0);
    EXPECT_EQ(again["updated"], 0);
    EXPECT_EQ(again["rejected"], 0);
    EXPECT_EQ(again["unchanged"], bars);

    auto sql = quantloop({"sql", "SELECT * FROM market_data", "--csv"});
    ASSERT_EQ(sql.exit_code, 0) << sql.err;
    write_file(dir_.file("selected.csv"), sql.out);
    auto selected = ingest_json(dir_.file("selected.csv"));
    EXPECT_EQ(selected["inserted"], 0);
    EXPECT_EQ(selected["updated"], 0);
    EXPECT_EQ(selected["unchanged"], bars);
    auto after = nlohmann::json::parse(quantloop({"query", "stats", "--json"}).out);
    EXPECT_EQ(after["tables"]["market_data"], bars);
  }

  TempDir dir_;
  std::string db_ = dir_.file("q.db");
};

TEST_F(IngestCliTest, ExportsReingestAsUnchangedOnSqlite) {
  expect_exports_reingest_unchanged();
}

TEST_F(IngestCliTest, ExportsReingestAsUnchangedOnPostgres) {
  PostgresDatabase database;
  db_ = database.url();
  expect_exports_reingest_unchanged();
}

TEST_F(IngestCliTest, APandasExportAndACompactDatedFileNeedNoFlag) {
  // df.to_csv(): the index (dates) under an empty header cell.
  write_file(dir_.file("aapl_prices.csv"),
             ",Open,High,Low,Close,Volume\n2020-01-02,74.06,75.15,73.8,75.09,135480400\n"
             "2020-01-03,74.29,75.14,74.13,74.36,146322800\n");
  auto pandas =
      quantloop({"ingest", "csv", dir_.file("aapl_prices.csv"), "--symbol", "AAPL", "--json"});
  ASSERT_EQ(pandas.exit_code, 0) << pandas.err;
  EXPECT_EQ(nlohmann::json::parse(pandas.out)["inserted"], 2);
  // Abbreviated names in an unusual order, YYYYMMDD dates.
  write_file(dir_.file("MSFT.csv"),
             "dt,v,c,o,h,l\n20200102,22622100,160.62,158.78,160.73,158.33\n"
             "20200103,21116200,158.62,158.32,159.95,158.06\n");
  auto compact = quantloop({"ingest", "csv", dir_.file("MSFT.csv"), "--json"});
  ASSERT_EQ(compact.exit_code, 0) << compact.err;
  auto json = nlohmann::json::parse(compact.out);
  EXPECT_EQ(json["inserted"], 2);
  EXPECT_EQ(json["rejected"], 0);
  EXPECT_EQ(json["series"][0]["symbol"], "MSFT");
  auto close = quantloop({"sql",
                          "SELECT close FROM market_data WHERE symbol = 'MSFT' AND "
                          "date = '2020-01-03 00:00:00'",
                          "--csv"});
  EXPECT_EQ(close.out, "close\n158.62\n");
}

TEST_F(IngestCliTest, BadFlagValuesAreUsageErrorsNamingTheFlag) {
  const std::string file = bundled_data("daily/AAPL_data.csv").string();
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"--columns", "price=Close"}, "--columns"},
      {{"--columns", "close"}, "--columns"},
      {{"--tz", "Mars/Olympus"}, "--tz"},
      {{"--date-format", "dd/mm/yyyy"}, "--date-format"},
      {{"--format", "excel"}, "--format"},
      {{"--interval", "7m"}, "--interval"}};
  for (const auto& [flags, flag] : cases) {
    std::vector<std::string> args{"ingest", "csv", file};
    args.insert(args.end(), flags.begin(), flags.end());
    auto result = quantloop(args);
    EXPECT_EQ(result.exit_code, 2) << flag << ": " << result.err;
    EXPECT_TRUE(contains(result.err, flag)) << result.err;
  }
  EXPECT_FALSE(std::filesystem::exists(db_));
}

TEST_F(IngestCliTest, StatsTakeAnyNumericColumnOfAFile) {
  write_file(dir_.file("spread.csv"), [] {
    std::string text = "Date,spread\n";
    double value = 0;
    for (int day = 1; day <= 28; ++day) {
      value = 0.5 * value + (day % 3 == 0 ? -0.8 : 0.45);  // mean-reverting, negative at times
      text += fmt::format("2021-02-{:02d},{}\n", day, value);
    }
    return text;
  }());
  auto adf = quantloop({"stats", "adf", "--file", dir_.file("spread.csv"), "--column", "spread",
                        "--json", "--max-lag", "1"});
  ASSERT_EQ(adf.exit_code, 0) << adf.err;
  auto json = nlohmann::json::parse(adf.out);
  EXPECT_EQ(json["series"], "spread.csv spread");
  EXPECT_EQ(json["nobs"], 26);
}

}  // namespace
}  // namespace quantloop
