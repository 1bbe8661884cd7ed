#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "data/yahoo_chart.h"
#include "data/yahoo_ingest.h"
#include "store/store.h"
#include "test_support.h"
#include "yahoo_replay_server.h"

namespace quantloop {
namespace {

using testing::TempDir;
using testing::YahooReplayServer;

class YahooTest : public ::testing::Test {
 protected:
  YahooTest() : store_(Store::open(dir_.file("q.db"))) {
    config_.yahoo.base_url = server_.base_url();
    config_.yahoo.requests_per_second = 1000;
    config_.yahoo.backoff_initial_seconds = 0.001;
    config_.yahoo.timeout_seconds = 5;
  }

  IngestReport fetch(std::vector<std::string> symbols, Interval interval = Interval::hour(),
                     std::string range = "1mo", UnixSeconds now = now_utc()) {
    return ingest_yahoo(*store_, config_, {symbols, interval, range}, now,
                        [this](double seconds) { waits_.push_back(seconds); });
  }

  YahooReplayServer server_;
  TempDir dir_;
  Config config_;
  std::unique_ptr<Store> store_;
  std::vector<double> waits_;
};

TEST_F(YahooTest, HourlyBarsWithNullRowsSkipped) {
  auto report = fetch({"AAPL"});
  EXPECT_TRUE(report.failed.empty());
  EXPECT_EQ(report.missing_rows, 1);
  EXPECT_EQ(report.counts.inserted, 13);
  const auto bars = store_->read_bars("AAPL", Interval::hour(), 0, now_utc()).bars;
  ASSERT_EQ(bars.size(), 13u);
  EXPECT_EQ(format_utc(bars.front().time), "2024-01-02 14:30:00");
  EXPECT_EQ(bars.front().open, 187.80099487304688);  // the bundled file's values, exactly
  const auto timeframe = store_->run_sql("SELECT DISTINCT timeframe FROM market_data");
  EXPECT_EQ(std::get<std::string>(timeframe.rows.at(0).at(0)), "1mo");
}

TEST_F(YahooTest, ARevisedBarIsUpdatedTheRestUnchanged) {
  fetch({"AAPL"});
  server_.revise_last_bar = true;
  auto report = fetch({"AAPL"});
  EXPECT_EQ(report.counts.inserted, 0);
  EXPECT_EQ(report.counts.updated, 1);
  EXPECT_EQ(report.counts.unchanged, 12);
}

// Yahoo answers with the bar under way as if it were complete. It is stored only once complete,
// and an outcome comes only from a complete bar: a partial bar, then its final version, then a
// revision of it, each with the close on another side of the bar before.
TEST_F(YahooTest, APartialBarIsNotStoredAndOutcomesFollowTheFinalBar) {
  const UnixSeconds last = *parse_timestamp("2024-01-03 20:30:00");  // the fixture's last bar
  server_.last_close_move = 0.01;                                    // under way: up so far
  auto report = fetch({"AAPL"}, Interval::hour(), "1mo", last + 30 * kSecondsPerMinute);
  EXPECT_EQ(report.in_progress, 1);
  EXPECT_EQ(report.counts.inserted, 12);
  auto bars = store_->read_bars("AAPL", Interval::hour(), 0, last + kSecondsPerDay).bars;
  ASSERT_EQ(bars.size(), 12u);
  EXPECT_LT(bars.back().time, last);
  // A champion's prediction for the bar under way, made on the last complete one.
  const PredictionRow made{0, "AAPL", "1h", 1, "champion", bars.back().time, 0.7, last, 0, -1};
  store_->insert_predictions(std::span(&made, 1));
  const auto outcome = [&] { return store_->predictions("AAPL", "1h", 1, 1, false).at(0).outcome; };
  EXPECT_EQ(outcome(), -1);
  server_.last_close_move = -0.01;  // the final bar closed down
  report = fetch({"AAPL"}, Interval::hour(), "1mo", last + kSecondsPerHour);
  EXPECT_EQ(report.in_progress, 0);
  EXPECT_EQ(report.counts.inserted, 1);
  EXPECT_EQ(outcome(), 0);
  EXPECT_EQ(store_->predictions("AAPL", "1h", 1, 1, false).at(0).target, last);
  server_.last_close_move = 0.02;  // Yahoo revises it: up after all
  report = fetch({"AAPL"}, Interval::hour(), "1mo", last + 2 * kSecondsPerHour);
  EXPECT_EQ(report.counts.updated, 1);
  EXPECT_EQ(outcome(), 1);
}

TEST_F(YahooTest, DailyBarsAreKeyedByTheExchangeDate) {
  auto report = fetch({"AAPL"}, Interval::day(), "2y");
  ASSERT_EQ(report.counts.inserted, 2);
  const auto bars = store_->read_bars("AAPL", Interval::day(), 0, now_utc()).bars;
  EXPECT_EQ(format_utc(bars[0].time), "2024-01-02 00:00:00");
  EXPECT_EQ(bars[0].adj_close, 184.53);
}

TEST_F(YahooTest, ForexSymbolsMapToYahoosSpelling) {
  auto report = fetch({"EURUSD"});
  EXPECT_EQ(server_.requests("EURUSD=X"), 1);
  EXPECT_EQ(report.counts.inserted, 6);
  const auto bars = store_->read_bars("EURUSD", Interval::hour(), 0, now_utc());
  EXPECT_EQ(bars.asset_type, AssetType::forex);
  EXPECT_EQ(bars.bars.at(0).volume, 0);
}

TEST_F(YahooTest, RetriesRateLimitsWithBackoff) {
  auto report = fetch({"FLAKY"});
  EXPECT_TRUE(report.failed.empty());
  EXPECT_EQ(server_.requests("FLAKY"), 3);
  EXPECT_EQ(waits_.size(), 2u);
  EXPECT_EQ(report.counts.inserted, 13);
}

TEST_F(YahooTest, FailedSymbolsAreReportedAndTheOthersStored) {
  config_.yahoo.max_retries = 2;
  auto report = fetch({"AAPL", "NOPE", "DOWN"});
  ASSERT_EQ(report.failed.size(), 2u);
  EXPECT_EQ(report.failed[0].symbol, "NOPE");
  EXPECT_NE(report.failed[0].reason.find("Not Found: No data found, symbol may be delisted"),
            std::string::npos)
      << report.failed[0].reason;
  EXPECT_EQ(server_.requests("NOPE"), 1);  // a 404 is an answer, not retried
  EXPECT_EQ(report.failed[1].symbol, "DOWN");
  EXPECT_NE(report.failed[1].reason.find("HTTP 503"), std::string::npos) << report.failed[1].reason;
  EXPECT_EQ(server_.requests("DOWN"), 3);
  EXPECT_EQ(report.counts.inserted, 13);
}

TEST_F(YahooTest, TimeoutsAreTransportErrors) {
  config_.yahoo.timeout_seconds = 0.3;
  config_.yahoo.max_retries = 1;
  auto report = fetch({"SLOW"});
  ASSERT_EQ(report.failed.size(), 1u);
  EXPECT_NE(report.failed[0].reason.find("timed out"), std::string::npos)
      << report.failed[0].reason;
}

TEST_F(YahooTest, RequestsYahooWouldRefuseFailBeforeFetching) {
  EXPECT_THROW(fetch({"AAPL"}, Interval::minute(), "1mo"), Error);
  EXPECT_THROW(fetch({"AAPL"}, Interval::parse("4h"), "1mo"), Error);
  EXPECT_THROW(fetch({"AAPL"}, Interval::hour(), "5y"), Error);
  EXPECT_EQ(server_.requests("AAPL"), 0);
}

TEST(YahooChart, NonJsonErrorBodyIsQuoted) {
  try {
    parse_yahoo_chart("<html>Bad Gateway</html>", 502, "http://x/chart", Interval::hour());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(
        std::string(e.what()).find("HTTP 502: not a Yahoo chart response: '<html>Bad Gateway"),
        std::string::npos)
        << e.what();
  }
}

TEST(YahooChart, SymbolsAndUrls) {
  EXPECT_EQ(yahoo_symbol("EURUSD", AssetType::forex), "EURUSD=X");
  EXPECT_EQ(yahoo_symbol("^GSPC", AssetType::index), "^GSPC");
  EXPECT_EQ(yahoo_chart_url("https://q/", "^GSPC", Interval::day(), "2y"),
            "https://q/v8/finance/chart/%5EGSPC?interval=1d&range=2y&includePrePost=false");
}

}  // namespace
}  // namespace quantloop
