#include "data/ingest.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "store/store.h"
#include "test_support.h"

namespace quantloop {
namespace {

using testing::bundled_data;
using testing::shared_data;
using testing::TempDir;
using testing::write_file;

class IngestTest : public ::testing::Test {
 protected:
  IngestTest() : store_(Store::open(dir_.file("q.db"))) {}

  IngestReport ingest(std::vector<std::string> paths, CsvIngestOptions options = {}) {
    return ingest_csv_files(*store_, config_, paths, options, now_utc());
  }
  std::int64_t rows(const std::string& table) {
    return std::get<std::int64_t>(store_->run_sql("SELECT COUNT(*) FROM " + table).rows[0][0]);
  }

  TempDir dir_;
  Config config_;
  std::unique_ptr<Store> store_;
};

TEST_F(IngestTest, BundledDailyStocksThenReingestIsANoOp) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(bundled_data("daily"))) {
    if (entry.path().string().ends_with("_data.csv")) files.push_back(entry.path().string());
  }
  ASSERT_EQ(files.size(), 14u);
  auto first = ingest(files);
  EXPECT_EQ(first.counts.inserted, 14 * 1260);
  EXPECT_EQ(first.counts.rejected, 0);
  EXPECT_EQ(first.series.size(), 14u);
  auto again = ingest(files);
  EXPECT_EQ(again.counts.inserted, 0);
  EXPECT_EQ(again.counts.updated, 0);
  EXPECT_EQ(again.counts.unchanged, 14 * 1260);
  EXPECT_EQ(rows("market_data"), 14 * 1260);
}

TEST_F(IngestTest, EveryRealFormatLandsWithSymbolIntervalAndUtcTimes) {
  auto report = ingest({bundled_data("intraday/nt-spy-minute-2011.csv").string(),
                        bundled_data("intraday/Coinbase_BTCUSD_1h.csv").string(),
                        bundled_data("intraday/AAPL_1h.csv").string(),
                        bundled_data("daily/sp500.csv.gz").string(),
                        shared_data("intraday/GBPUSD_H4.csv").string(),
                        shared_data("forex/EURUSD_D1.csv").string()});
  EXPECT_EQ(report.counts.rejected, 0);
  std::map<std::string, IngestedSeries> by_key;
  for (const auto& s : report.series)
    by_key[s.symbol + " " + s.interval] = s;
  ASSERT_EQ(by_key.size(), 6u);
  // NinjaTrader stamps bar ends: "20110103 090100" is the bar starting 09:00:00 UTC.
  EXPECT_EQ(format_utc(by_key.at("SPY 1m").first), "2011-01-03 09:00:00");
  EXPECT_EQ(by_key.at("SPY 1m").bars, 14180);
  // Newest-first, partly shuffled crypto file: sorted, complete.
  EXPECT_EQ(format_utc(by_key.at("BTC-USD 1h").first), "2017-07-01 11:00:00");
  EXPECT_EQ(format_utc(by_key.at("BTC-USD 1h").last), "2019-10-17 09:00:00");
  EXPECT_EQ(by_key.at("BTC-USD 1h").bars, 20111);
  EXPECT_EQ(format_utc(by_key.at("AAPL 1h").first), "2024-01-02 14:30:00");
  EXPECT_EQ(format_utc(by_key.at("^GSPC 1d").first), "1999-01-04 00:00:00");
  EXPECT_EQ(by_key.at("GBPUSD 4h").bars, 23316);
  EXPECT_EQ(by_key.at("EURUSD 1d").bars, 4523);
  const auto types = store_->run_sql(
      "SELECT symbol, MIN(asset_type), MIN(timeframe) FROM market_data GROUP BY symbol ORDER BY "
      "symbol");
  std::map<std::string, std::string> asset_type;
  for (const auto& row : types.rows)
    asset_type[std::get<std::string>(row[0])] = std::get<std::string>(row[1]);
  EXPECT_EQ(asset_type["BTC-USD"], "crypto");
  EXPECT_EQ(asset_type["EURUSD"], "forex");
  EXPECT_EQ(asset_type["^GSPC"], "index");
  EXPECT_EQ(asset_type["SPY"], "stock");
}

TEST_F(IngestTest, BadLinesAreRejectedAndKeptTheRestIsStored) {
  const std::string path = dir_.file("XYZ_data.csv");
  write_file(path,
             "Date,Open,High,Low,Close,Adj Close,Volume\n"
             "2024-01-02,10,11,9,10.5,10.5,1000\n"
             "2024-01-03,10,9,11,10.5,10.5,1000\n"  // high < low
             "2024-01-04,10,11,9,10.5,10.5,-1\n"    // negative volume
             "2024-01-05,10,11,9,10.5,10.5,1000\n"
             "2024-01-05,10,11,9,10.6,10.6,1000\n"  // conflicting duplicate
             "not a date,10,11,9,10.5,10.5,1000\n"
             "2024-01-08,10,11,9,10.5,10.5,1000\n");
  auto report = ingest({path});
  EXPECT_EQ(report.counts.inserted, 2);
  EXPECT_EQ(report.counts.rejected, 5);
  EXPECT_EQ(rows("rejected_bars"), 5);
  const auto reasons =
      store_->run_sql("SELECT line, symbol, reason FROM rejected_bars ORDER BY line");
  ASSERT_EQ(reasons.rows.size(), 5u);
  EXPECT_EQ(std::get<std::int64_t>(reasons.rows[0][0]), 3);
  EXPECT_EQ(std::get<std::string>(reasons.rows[0][1]), "XYZ");
  EXPECT_EQ(std::get<std::string>(reasons.rows[0][2]), "high 9 is below low 11");
  EXPECT_EQ(std::get<std::string>(reasons.rows[4][2]), "unparseable date 'not a date'");
}

TEST_F(IngestTest, AnUnreadableFileStoresNothingOfTheOthers) {
  const std::string good = bundled_data("daily/AAPL_data.csv").string();
  try {
    ingest({good, dir_.file("missing.csv")});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("missing.csv: cannot open"), std::string::npos)
        << e.what();
  }
  const std::string garbage = dir_.file("garbage.csv.gz");
  write_file(garbage, std::string("\x1f\x8b\x08\x00garbage", 12));
  EXPECT_THROW(ingest({good, garbage}), Error);
  EXPECT_EQ(rows("market_data"), 0);
}

TEST_F(IngestTest, UnknownSymbolOrIntervalAsksForTheFlag) {
  const std::string path = dir_.file("2024.csv");
  write_file(path,
             "2024-01-02 00:00,1,2,0.5,1.5,10\n2024-01-02 02:00,1,2,0.5,1.5,10\n2024-01-02 "
             "04:00,1,2,0.5,1.5,10\n");
  try {
    ingest({path});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("--symbol"), std::string::npos) << e.what();
  }
  CsvIngestOptions options;
  options.symbol = "eurusd";
  try {
    ingest({path}, options);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("7200 s apart"), std::string::npos) << e.what();
  }
  options.interval = Interval::hour();
  auto report = ingest({path}, options);
  EXPECT_EQ(report.series.at(0).symbol, "EURUSD");
  EXPECT_EQ(report.series.at(0).interval, "1h");
}

TEST_F(IngestTest, TwoFilesOfOneSeriesMergeAndConflictsBetweenThemAreRejected) {
  const std::string a = dir_.file("ABC_a.csv"), b = dir_.file("ABC_b.csv");
  write_file(
      a, "Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-03,1,2,0.5,1.5,10\n");
  write_file(
      b, "Date,Open,High,Low,Close,Volume\n2024-01-03,1,2,0.5,1.6,10\n2024-01-04,1,2,0.5,1.5,10\n");
  auto report = ingest({a, b});
  EXPECT_EQ(report.counts.inserted, 2);
  EXPECT_EQ(report.counts.rejected, 2);
}

}  // namespace
}  // namespace quantloop
