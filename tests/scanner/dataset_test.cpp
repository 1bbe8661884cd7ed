// Seed 002's get_ml_training_data (scanner dataset): one row per scan and symbol with every
// timeframe's stored rows side by side, the entry timeframe's targets, and the regime 12 entry
// bars later computed here from the bars, without the scanner.
#include "scanner/dataset.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "concepts/concepts.h"
#include "scan_fixture.h"
#include "scanner/scanner.h"
#include "test_support.h"

namespace quantloop::scanner {
namespace {

using quantloop::testing::TempDir;

constexpr int kScans = 150;  // 75 minutes at 30 s: more than the 60-minute regime horizon
const UnixSeconds kLastScan = kFirstScan + 30 * (kScans - 1);

Value cell(const std::optional<double>& v) {
  return v ? Value(*v) : Value();
}
Value cell(const std::optional<std::string>& v) {
  return v ? Value(*v) : Value();
}

class DatasetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = Store::open(dir_.file("q.db"));
    store_market(*store_);
    Scanner scanner(*store_, config_);
    for (int k = 0; k < kScans; ++k)
      ASSERT_TRUE(scanner.scan(kFirstScan + 30 * k).scan_id);
    columns_ = dataset_columns(config_.scanner);
    for (std::size_t i = 0; i < columns_.size(); ++i)
      column_.emplace(columns_[i], i);
  }
  std::vector<std::vector<Value>> dataset(DatasetQuery query) {
    std::vector<std::vector<Value>> rows;
    each_dataset_row(*store_, config_.scanner, query, [&](std::span<const Value> row) {
      rows.emplace_back(row.begin(), row.end());
    });
    return rows;
  }
  const Value& at(const std::vector<Value>& row, const std::string& column) {
    return row.at(column_.at(column));
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  Config config_ = scanner_config();
  std::vector<std::string> columns_;
  std::map<std::string, std::size_t> column_;
};

TEST_F(DatasetTest, OneRowPerScanAndSymbolWithEveryTimeframeSideBySide) {
  ASSERT_GE(columns_.size(), 50u);
  const auto rows = dataset({kFirstScan, kLastScan, ""});
  ASSERT_EQ(rows.size(), std::size_t(kScans) * kSymbols.size());

  std::map<std::tuple<std::string, std::string, std::string>, ScanRow> stored;
  store_->each_scan_row(kFirstScan, kLastScan, "", [&](const ScanRow& r) {
    stored.emplace(std::tuple(format_iso8601(r.clock), r.condition.symbol, r.condition.timeframe),
                   r);
  });
  std::string previous_clock;
  std::size_t next_symbol = 0;
  for (const auto& row : rows) {
    const auto clock = std::get<std::string>(at(row, "clock"));
    const auto symbol = std::get<std::string>(at(row, "symbol"));
    if (clock != previous_clock) next_symbol = 0;
    ASSERT_EQ(symbol, kSymbols[next_symbol++]) << clock;  // by clock, then symbol
    previous_clock = clock;
    for (const auto& tf : config_.scanner.timeframes) {
      SCOPED_TRACE(clock + " " + symbol + " " + tf);
      const ScanRow& r = stored.at({clock, symbol, tf});
      EXPECT_EQ(at(row, "scan_id"), Value(r.scan_id));
      EXPECT_EQ(at(row, tf + "_price"), cell(r.condition.price));
      EXPECT_EQ(at(row, tf + "_rsi"), cell(r.condition.rsi));
      EXPECT_EQ(at(row, tf + "_market_structure"), Value(r.condition.market_structure));
      EXPECT_EQ(at(row, tf + "_fvg_count"), Value(std::int64_t(r.condition.fvg_count)));
      EXPECT_EQ(at(row, tf + "_price_position"), cell(r.features.price_position));
      EXPECT_EQ(at(row, tf + "_fvg_quality_score"), cell(r.features.fvg_quality_score));
      EXPECT_EQ(at(row, tf + "_btc_correlation"), cell(r.features.btc_correlation));
      EXPECT_EQ(at(row, tf + "_trend_strength"), cell(r.features.trend_strength));
      EXPECT_EQ(at(row, tf + "_volatility_regime"), cell(r.features.volatility_regime));
    }
    const ScanRow& entry = stored.at({clock, symbol, config_.scanner.entry_timeframe});
    EXPECT_EQ(at(row, "signal_generated"), Value(std::int64_t(entry.features.signal_generated)));
    EXPECT_EQ(at(row, "trade_outcome"), cell(entry.features.trade_outcome));
  }
}

TEST_F(DatasetTest, EachTimeframesRegimeIsThatOfTheConceptsOfItsWindow) {
  const auto rows = dataset({kFirstScan, kFirstScan, ""});
  ASSERT_EQ(rows.size(), kSymbols.size());
  std::set<std::string> regimes;
  for (const auto& row : rows) {
    const auto symbol = std::get<std::string>(at(row, "symbol"));
    for (const auto& tf : config_.scanner.timeframes) {
      const auto window = expected_window(*store_, symbol, Interval::parse(tf), kFirstScan, 150);
      const auto regime = concepts::compute_concepts(window).bars.back().market_regime;
      EXPECT_EQ(at(row, tf + "_market_regime"), cell(regime)) << symbol << " " << tf;
      if (regime) regimes.insert(*regime);
    }
  }
  EXPECT_GE(regimes.size(), 2u);  // the comparison distinguishes regimes
}

TEST_F(DatasetTest, TheFutureRegimeIsTheEntryRegimeTwelveEntryBarsLater) {
  // After the 30-second scans, a scan every 5 minutes until 18:00, so that regimes change; rows
  // through 17:30, their targets from the scans up to an hour after each (none after 17:00).
  Scanner scanner(*store_, config_);
  const UnixSeconds last = *parse_timestamp("2024-03-06 18:00");
  for (UnixSeconds clock = kLastScan + 300; clock <= last; clock += 300)
    ASSERT_TRUE(scanner.scan(clock).scan_id);
  const UnixSeconds to = *parse_timestamp("2024-03-06 17:30");
  const auto rows = dataset({kFirstScan, to, ""});
  ASSERT_EQ(rows.size(), std::size_t(kScans + (to - kLastScan) / 300) * kSymbols.size());
  const UnixSeconds e = 300;                                      // the entry timeframe, 5m
  std::map<std::pair<std::string, UnixSeconds>, Value> expected;  // by symbol and scan clock
  int known = 0, unknown = 0, changed = 0;
  for (const auto& row : rows) {
    const auto symbol = std::get<std::string>(at(row, "symbol"));
    const UnixSeconds clock = *parse_timestamp(std::get<std::string>(at(row, "clock")));
    // The entry bar complete at the clock opens at bucket - e; twelve bars later, the first
    // scan whose last complete entry bar is that one is at bucket + 12 e.
    const UnixSeconds later = clock - clock % e + 12 * e;
    const Value& target = at(row, "future_market_regime");
    if (later > last) {
      EXPECT_EQ(target, Value()) << symbol << " " << clock;  // no scan has seen it yet
      ++unknown;
      continue;
    }
    auto [it, fresh] = expected.try_emplace({symbol, later});
    if (fresh) {
      const auto window = expected_window(*store_, symbol, Interval::parse("5m"), later, 150);
      it->second = cell(concepts::compute_concepts(window).bars.back().market_regime);
    }
    EXPECT_EQ(target, it->second) << symbol << " " << clock;
    ++known;
    changed += target != at(row, "5m_market_regime");
  }
  EXPECT_GT(known, 0);
  EXPECT_GT(unknown, 0);
  EXPECT_GT(changed, 0);  // the target is not the row's own regime
}

TEST_F(DatasetTest, OneSymbolsRowsAreThoseOfAllSymbols) {
  const auto all = dataset({kFirstScan, kLastScan, ""});
  const auto one = dataset({kFirstScan, kLastScan, "ETH-USD"});
  std::vector<std::vector<Value>> expected;
  for (const auto& row : all)
    if (at(row, "symbol") == Value(std::string("ETH-USD"))) expected.push_back(row);
  EXPECT_EQ(one, expected);
  EXPECT_EQ(one.size(), std::size_t(kScans));
  EXPECT_TRUE(dataset({kFirstScan - 3600, kFirstScan - 1, ""}).empty());
}

TEST_F(DatasetTest, ATimeframeNamedTwiceIsOneBlockOfColumns) {
  ScannerConfig config = config_.scanner;
  config.timeframes = {"1m", "5m", "15m", "60m", "1h", "4h"};
  const auto columns = dataset_columns(config);
  EXPECT_EQ(std::count(columns.begin(), columns.end(), "1h_price"), 1);
  EXPECT_EQ(columns, dataset_columns(config_.scanner));
  std::vector<std::vector<Value>> rows;
  each_dataset_row(*store_, config, {kFirstScan, kFirstScan, ""},
                   [&](std::span<const Value> row) { rows.emplace_back(row.begin(), row.end()); });
  ASSERT_EQ(rows.size(), kSymbols.size());
  EXPECT_NE(at(rows[0], "1h_price"), Value());
}

}  // namespace
}  // namespace quantloop::scanner
