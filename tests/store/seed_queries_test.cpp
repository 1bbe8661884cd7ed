// The example SQL of seeds 000 and 001, verbatim, against a database quantloop populated: a
// user of the prototype must be able to run them unchanged (DESIGN.md, data contract).
#include <gtest/gtest.h>

#include <cmath>

#include "store/store.h"
#include "test_support.h"

namespace quantloop {
namespace {

class SeedQueries : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = Store::open(dir_.file("training_data.db"));
    // 1h bars for the last 30 hours up to now, and older daily bars.
    const UnixSeconds now = now_utc() / 3600 * 3600;
    BarSeries hourly{"AAPL", AssetType::stock, Interval::hour(), {}};
    for (int i = 30; i >= 1; --i) {
      hourly.bars.push_back({now - i * 3600, 190, 191, 189, 190.5, 1e6, std::nan("")});
    }
    BarSeries daily{"EURUSD", AssetType::forex, Interval::day(), {}};
    for (int i = 0; i < 10; ++i) {
      daily.bars.push_back({*parse_timestamp("2024-01-01") + i * kSecondsPerDay, 1.1, 1.2, 1.0,
                            1.15, 5e4, std::nan("")});
    }
    SeriesWrite writes[] = {{&hourly, "1h"}, {&daily, "2y"}};
    store_->write_bars(writes, {}, now);

    const struct {
      const char* date;
      const char* mode;
      int hour;
      int rows;
    } runs[] = {{"2025-12-10 20:00", "full", 20, 10950},
                {"2025-12-11 12:00", "hourly", 12, 30},
                {"2025-12-11 13:00", "hourly", 13, 30},
                {"2025-12-11 14:00", "hourly", 14, 30},
                {"2025-12-12 14:00", "hourly", 14, 40}};
    for (const auto& r : runs) {
      store_->insert_training_run({0, *parse_timestamp(r.date), r.mode,
                                   std::string(r.mode) == "full" ? "2y" : "1h", r.hour, 15, r.rows,
                                   "success", 1.0, ""});
    }
    const struct {
      const char* symbol;
      const char* date;
      double accuracy;
      double loss;
      const char* mode;
    } models[] = {{"AAPL", "2025-12-10 20:30", 0.52, 0.69, "full"},
                  {"AAPL", "2025-12-11 14:05", 0.56, 0.68, "hourly"},
                  {"AAPL", "2025-12-11 13:05", 0.50, 0.70, "hourly"},
                  {"EURUSD", "2025-12-11 14:06", 0.61, 0.66, "hourly"}};
    for (const auto& m : models) {
      store_->insert_model_metadata({0, m.symbol, "gru", *parse_timestamp(m.date), m.accuracy,
                                     m.loss, 5, "models/x",
                                     std::string(m.mode) == "full" ? "2y" : "1h", m.mode, 14});
    }
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(SeedQueries, LatestModelForEachSymbol) {
  const auto result = store_->run_sql(R"(
SELECT symbol, MAX(training_date) as last_trained, 
       accuracy, timeframe, training_mode
FROM model_metadata
GROUP BY symbol
ORDER BY last_trained DESC;)");
  ASSERT_EQ(result.rows.size(), 2u);
  EXPECT_EQ(std::get<std::string>(result.rows[0][0]), "EURUSD");
  EXPECT_EQ(std::get<std::string>(result.rows[1][0]), "AAPL");
  EXPECT_EQ(std::get<std::string>(result.rows[1][1]), "2025-12-11 14:05:00");
  EXPECT_DOUBLE_EQ(std::get<double>(result.rows[1][2]), 0.56);  // the row of the MAX
}

TEST_F(SeedQueries, CompareHourlyVsFullTrainingPerformance) {
  const auto result = store_->run_sql(R"(
SELECT 
    symbol,
    training_mode,
    AVG(accuracy) as avg_accuracy,
    AVG(loss) as avg_loss,
    COUNT(*) as training_count
FROM model_metadata
GROUP BY symbol, training_mode;)");
  ASSERT_EQ(result.rows.size(), 3u);
  EXPECT_EQ(std::get<std::string>(result.rows[1][1]), "hourly");
  EXPECT_DOUBLE_EQ(std::get<double>(result.rows[1][2]), 0.53);
  EXPECT_EQ(std::get<std::int64_t>(result.rows[1][4]), 2);
}

TEST_F(SeedQueries, HourlyDataForTheLast24Hours) {
  const auto result = store_->run_sql(R"(
SELECT * FROM market_data
WHERE interval = '1h'
AND date >= datetime('now', '-24 hours')
ORDER BY date DESC;)");
  // Bars start 1..30 hours ago on the hour: those at most 24 hours old qualify.
  EXPECT_GE(result.rows.size(), 23u);
  EXPECT_LE(result.rows.size(), 24u);
  EXPECT_EQ(result.columns[1], "symbol");
}

TEST_F(SeedQueries, TrainingRunsByHour) {
  const auto result = store_->run_sql(R"(
SELECT 
    hour,
    COUNT(*) as run_count,
    AVG(rows_processed) as avg_rows
FROM training_runs
WHERE mode = 'hourly'
GROUP BY hour
ORDER BY hour;)");
  ASSERT_EQ(result.rows.size(), 3u);
  EXPECT_EQ(std::get<std::int64_t>(result.rows[2][0]), 14);
  EXPECT_EQ(std::get<std::int64_t>(result.rows[2][1]), 2);
  EXPECT_DOUBLE_EQ(std::get<double>(result.rows[2][2]), 35.0);
}

TEST_F(SeedQueries, Seed001PythonExamples) {
  const auto runs = store_->run_sql(R"(
    SELECT * FROM training_runs 
    ORDER BY run_date DESC LIMIT 10
)");
  ASSERT_EQ(runs.rows.size(), 5u);
  EXPECT_EQ(std::get<std::string>(runs.rows[0][1]), "2025-12-12 14:00:00");
  const auto perf = store_->run_sql(R"(
    SELECT symbol, timeframe, 
           AVG(accuracy) as avg_accuracy
    FROM model_metadata
    GROUP BY symbol, timeframe
)");
  EXPECT_EQ(perf.rows.size(), 3u);
}

}  // namespace
}  // namespace quantloop
