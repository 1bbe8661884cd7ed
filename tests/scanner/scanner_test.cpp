// Seed 002's scanner on generated 1-minute bars: each stored row is the last bar of the
// concepts of its window (read or resampled, complete at the clock), nothing after the clock
// changes a scan, clocks are written once, failures are per symbol, and signals open paper
// trades whose outcomes reach ml_features.
#include "scanner/scanner.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "data/ingest.h"
#include "data/synthetic_market.h"
#include "scan_fixture.h"
#include "scanner/resample.h"
#include "seed002_queries.h"
#include "test_support.h"

namespace quantloop::scanner {
namespace {

using quantloop::testing::TempDir;

std::vector<ScanRow> rows_of(Store& store, UnixSeconds from, UnixSeconds to) {
  std::vector<ScanRow> rows;
  store.each_scan_row(from, to, "", [&](const ScanRow& r) { rows.push_back(r); });
  return rows;
}

// Everything a row holds, as text: rows of two databases compare equal or not.
std::string text_of(const ScanRow& r) {
  const auto o = [](const auto& v) {
    if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::optional<std::string>>) {
      return v ? *v : std::string("null");
    } else {
      return v ? fmt::format("{:.17g}", double(*v)) : std::string("null");
    }
  };
  const MarketCondition& c = r.condition;
  const MlFeatures& f = r.features;
  return fmt::format(
      "{} {} {} {} {} {} {} {} {} {} {} {} {} {} {} | {} {} {} {} {} {} {} {} {} {} {} {} {} {} "
      "{} {} {} {} {}",
      format_utc(r.clock), c.symbol, c.timeframe, o(c.price), o(c.volume), o(c.volatility),
      o(c.rsi), c.market_structure, c.liquidity_swept, c.order_blocks_count, c.fvg_count,
      o(c.session_high), o(c.session_low), o(c.institutional_level), f.confluence_factors,
      o(f.price_position), o(f.volume_profile), o(f.order_flow_imbalance),
      o(f.order_block_strength), o(f.fvg_quality_score), o(f.liquidity_density),
      o(f.market_structure_score), f.confluence_score, f.session_alignment, o(f.btc_correlation),
      o(f.sector_momentum), o(f.volatility_regime), o(f.trend_strength), f.signal_generated,
      f.signal_id, o(f.trade_outcome), o(f.time_to_outcome), o(f.r_multiple), "");
}

class ScannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = Store::open(dir_.file("q.db"));
    store_market(*store_);
  }
  // Scans `count` clocks 30 s apart from kFirstScan.
  std::vector<ScanResult> scan(Scanner& scanner, int count, UnixSeconds first = kFirstScan) {
    std::vector<ScanResult> results;
    for (int k = 0; k < count; ++k)
      results.push_back(scanner.scan(first + 30 * k));
    return results;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  Config config_ = scanner_config();
};

TEST_F(ScannerTest, EachRowIsTheLastBarOfTheConceptsOfItsWindow) {
  Scanner scanner(*store_, config_);
  const auto results = scan(scanner, 25);  // 12 minutes: new 1m and 5m bars, a new 15m one
  for (const auto& r : results) {
    ASSERT_TRUE(r.scan_id);
    EXPECT_TRUE(r.record.failures.empty()) << r.record.failures.front();
  }
  const concepts::ConceptOptions options;
  // The first scan (windows read whole) and the last (windows grown scan by scan).
  for (const UnixSeconds clock : {kFirstScan, kFirstScan + 30 * 24}) {
    const auto rows = rows_of(*store_, clock, clock);
    ASSERT_EQ(rows.size(), kSymbols.size() * 5);
    for (const ScanRow& row : rows) {
      const std::string where = row.condition.symbol + " " + row.condition.timeframe;
      SCOPED_TRACE(where);
      const Interval tf = Interval::parse(row.condition.timeframe);
      const auto window = expected_window(*store_, row.condition.symbol, tf, clock, 150);
      ASSERT_FALSE(window.empty());
      const auto want = concepts::compute_concepts(window, options).bars.back();
      const MarketCondition& c = row.condition;
      EXPECT_EQ(*c.price, window.back().close);
      EXPECT_DOUBLE_EQ(*c.volume, window.back().volume);
      EXPECT_EQ(c.market_structure, concepts::structure_name(want.market_structure));
      EXPECT_EQ(c.rsi, want.rsi);
      EXPECT_EQ(c.volatility, want.volatility);
      EXPECT_EQ(c.session_high, want.session_high);
      EXPECT_EQ(c.session_low, want.session_low);
      EXPECT_EQ(c.institutional_level, want.institutional_level);
      EXPECT_EQ(c.order_blocks_count, want.active_order_blocks);
      EXPECT_EQ(c.fvg_count, want.active_fvgs);
      const MlFeatures& f = row.features;
      EXPECT_EQ(f.price_position, want.price_position);
      EXPECT_EQ(f.volume_profile, want.volume_profile);
      EXPECT_EQ(f.order_flow_imbalance, want.order_flow_imbalance);
      EXPECT_EQ(f.liquidity_density, want.liquidity_density);
      EXPECT_EQ(f.volatility_regime, want.volatility_regime);
      EXPECT_EQ(f.trend_strength, want.trend_strength);
      EXPECT_FALSE(f.funding_rate);
      if (tf == Interval::minute() || tf == Interval::parse("5m")) {
        // 150 bars hold 100 returns: the reference correlates, the peers have momentum.
        ASSERT_TRUE(f.btc_correlation);
        if (c.symbol == "BTC-USD") {
          EXPECT_NEAR(*f.btc_correlation, 1, 1e-12);
        }
        EXPECT_TRUE(f.sector_momentum);
      }
      if (tf == Interval::parse("4h")) {
        EXPECT_FALSE(f.btc_correlation);       // 16 bars: no 100 returns
        EXPECT_FALSE(want.volatility_regime);  // nor 100 ATRs: nulls, not errors
      }
    }
  }
}

// The signals and trades of a database, as text: equal for equal contents.
std::string trades_text(const std::string& db) {
  return testing::sqlite_value(
      db,
      "SELECT COUNT(*) || ': ' || COALESCE(group_concat(line, ' / '), '') FROM (SELECT "
      "s.signal_id || ' ' || s.direction || ' ' || printf('%.12g', s.entry_price) || ' ' || "
      "printf('%.12g', s.stop_loss) || ' ' || t.status || ' ' || printf('%.12g', t.current_price) "
      "|| ' ' || printf('%.9f', t.pnl) || ' ' || COALESCE(t.marked_through, '') || ' ' || "
      "COALESCE(t.outcome, '') AS line FROM signals s JOIN trades t USING (signal_id) WHERE "
      "s.source = 'ict' ORDER BY s.signal_id)");
}

TEST_F(ScannerTest, NothingAfterTheClockChangesAScan) {
  config_.scanner.min_confluence = 0.45;  // signals and trades to compare
  config_.scanner.max_hold_bars = 12;
  TempDir other_dir;
  const std::string other_path = other_dir.file("q.db");
  auto other = Store::open(other_path);
  store_market(*other);
  const int scans = 120;  // an hour
  const UnixSeconds last = kFirstScan + 30 * (scans - 1);
  // Every bar complete after the last clock, moved: all of its prices, and the bar in progress
  // at it.
  testing::execute_sql(other_path,
                       fmt::format("UPDATE market_data SET open = open * 1.5, high = high * 1.6, "
                                   "low = low * 0.5, close = close * 0.6, volume = volume * 3 "
                                   "WHERE date >= '{}'",
                                   format_utc(last - 59)));
  Scanner a(*store_, config_), b(*other, config_);
  scan(a, scans);
  scan(b, scans);
  const auto ours = rows_of(*store_, kFirstScan, last);
  const auto theirs = rows_of(*other, kFirstScan, last);
  ASSERT_EQ(ours.size(), scans * kSymbols.size() * 5);
  ASSERT_EQ(ours.size(), theirs.size());
  for (std::size_t k = 0; k < ours.size(); ++k)
    EXPECT_EQ(text_of(ours[k]), text_of(theirs[k]));
  const std::string trades = trades_text(dir_.file("q.db"));
  EXPECT_EQ(trades, trades_text(other_path));
  EXPECT_NE(trades.rfind("0:", 0), 0u) << "no trade to compare";
  // And the change reaches the scan that may see it.
  a.scan(last + 60);
  b.scan(last + 60);
  const auto all_text = [&](Store& s) {
    std::string text;
    for (const auto& r : rows_of(s, last + 60, last + 60))
      text += text_of(r) + "\n";
    return text;
  };
  EXPECT_NE(all_text(*store_), all_text(*other));
}

TEST_F(ScannerTest, ScansGoForwardAndASecondScannerCannotWriteOnAStaleView) {
  Scanner first(*store_, config_), second(*store_, config_);
  ASSERT_TRUE(second.scan(kFirstScan).scan_id);
  ASSERT_TRUE(first.scan(kFirstScan + 30).scan_id);  // reads the store's last scan: current
  // `second` read its trades and signals before the scan at kFirstScan + 30 was recorded.
  try {
    second.scan(kFirstScan + 60);
    ADD_FAILURE() << "a stale scan was written";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("another scanner process recorded a scan at "
                                         "2024-03-06T09:01:00Z"),
              std::string::npos)
        << e.what();
  }
  // An older clock, past the scanner's own check: the store refuses it.
  ScanRecord older;
  older.clock = kFirstScan + 15;
  older.previous_clock = kFirstScan + 30;
  EXPECT_THROW(store_->record_scan(older), Error);
  EXPECT_EQ(testing::sqlite_value(dir_.file("q.db"), "SELECT COUNT(*) FROM scans"), "2");
  // The same clock again is a resumed run: nothing written, no error.
  ScanRecord same;
  same.clock = kFirstScan + 30;
  EXPECT_FALSE(store_->record_scan(same));
}

TEST_F(ScannerTest, ATradeClosedInTheScanThatOpensItKeepsItsOutcome) {
  ScanRecord record;
  record.clock = kFirstScan;
  TradingSignal signal;
  signal.signal_id = "ict-BTC-USD-5m-1-long";
  signal.symbol = "BTC-USD";
  signal.direction = "LONG";
  signal.entry_time = kFirstScan - 270;
  signal.source = "ict";
  record.signals.push_back(signal);
  PaperTrade trade;
  trade.signal_id = signal.signal_id;
  trade.symbol = "BTC-USD";
  trade.direction = 1;
  trade.status = "CLOSED";
  trade.outcome = "loss";
  trade.opened_at = kFirstScan - 270;
  trade.closed_at = trade.marked_through = kFirstScan - 90;
  trade.expires_at = kFirstScan + 3600;
  trade.interval = "1m";
  trade.source = "ict";
  record.opened.push_back(trade);
  ASSERT_TRUE(store_->record_scan(record));
  EXPECT_EQ(
      testing::sqlite_value(dir_.file("q.db"),
                            "SELECT status || ' ' || outcome || ' ' || closed_at FROM trades"),
      "CLOSED loss " + format_utc(kFirstScan - 90));
}

TEST_F(ScannerTest, AResumedRunWritesEachClockOnceAndTheSameRows) {
  {
    Scanner once(*store_, config_);
    scan(once, 12);
  }
  TempDir other_dir;
  auto other = Store::open(other_dir.file("q.db"));
  store_market(*other);
  {
    Scanner first(*other, config_);
    scan(first, 5);
  }
  Scanner resumed(*other, config_);  // a new process: windows read afresh
  const auto again = resumed.scan(kFirstScan + 30 * 4);
  EXPECT_FALSE(again.scan_id);  // recorded before: nothing written
  for (int k = 5; k < 12; ++k)
    ASSERT_TRUE(resumed.scan(kFirstScan + 30 * k).scan_id);
  const auto ours = rows_of(*store_, 0, kEndOfTime);
  const auto theirs = rows_of(*other, 0, kEndOfTime);
  ASSERT_EQ(ours.size(), theirs.size());
  for (std::size_t k = 0; k < ours.size(); ++k)
    EXPECT_EQ(text_of(ours[k]), text_of(theirs[k]));
  EXPECT_EQ(testing::sqlite_value(other_dir.file("q.db"), "SELECT COUNT(*) FROM scans"), "12");
  // A clock before the last recorded one is refused, writing nothing.
  EXPECT_THROW(resumed.scan(kFirstScan), Error);
}

TEST_F(ScannerTest, ASymbolWithoutBarsIsNamedAndTheOthersAreScanned) {
  config_.scanner.symbols.push_back("NOPE-USD");
  config_.scanner.timeframes.push_back("30m");
  Scanner scanner(*store_, config_);
  const auto r = scanner.scan(kFirstScan);
  ASSERT_TRUE(r.scan_id);
  EXPECT_EQ(r.record.symbols, 3);
  ASSERT_EQ(r.record.failures.size(), 1u);
  EXPECT_NE(r.record.failures[0].find("NOPE-USD: no bars stored"), std::string::npos)
      << r.record.failures[0];
  EXPECT_EQ(rows_of(*store_, kFirstScan, kFirstScan).size(), 3u * 6);
  const auto failures =
      nlohmann::json::parse(testing::sqlite_value(dir_.file("q.db"), "SELECT failures FROM scans"));
  EXPECT_EQ(failures.size(), 1u);
}

TEST_F(ScannerTest, AWindowTooShortGivesNulls) {
  config_.scanner.symbols = {"BTC-USD"};
  Scanner scanner(*store_, config_);
  // Twelve minutes of bars complete: no 5m RSI yet, no 1h bar at all.
  const auto r = scanner.scan(kDataStart + 12 * 60);
  ASSERT_TRUE(r.scan_id);
  for (const MarketCondition& c : r.record.conditions) {
    SCOPED_TRACE(c.timeframe);
    EXPECT_FALSE(c.rsi);
    if (c.timeframe == "1h" || c.timeframe == "4h") {
      EXPECT_FALSE(c.price);
    }
  }
  EXPECT_EQ(r.record.conditions.size(), 5u);
  EXPECT_TRUE(r.record.failures.empty());
}

TEST_F(ScannerTest, SignalsOpenPaperTradesWhoseOutcomesReachTheirFeatures) {
  // A lower bar than seed 002's 75 %, so that generated bars make a few signals a day.
  config_.scanner.min_confluence = 0.45;
  config_.scanner.max_hold_bars = 12;
  Scanner scanner(*store_, config_);
  int signals = 0;
  std::map<std::string, TradingSignal> made;
  for (UnixSeconds clock = kFirstScan; clock < kFirstScan + 6 * 3600; clock += 30) {
    const auto r = scanner.scan(clock);
    for (const auto& s : r.record.signals) {
      ++signals;
      EXPECT_TRUE(made.emplace(s.signal_id, s).second) << "made twice: " << s.signal_id;
      // Entry at the close of the last 5m bar complete at the clock.
      const Interval e = Interval::parse("5m");
      const auto window = expected_window(*store_, s.symbol, e, clock, 150);
      EXPECT_EQ(s.entry_time, window.back().time + 300);
      EXPECT_EQ(s.entry_price, window.back().close);
      const auto atr = concepts::compute_concepts(window).bars.back().atr;
      const int d = s.direction == "LONG" ? 1 : -1;
      EXPECT_NEAR(s.stop_loss, s.entry_price - d * 1.5 * *atr, 1e-9 * s.entry_price);
      EXPECT_NEAR(s.take_profit, s.entry_price + d * 3 * *atr, 1e-9 * s.entry_price);
      EXPECT_GE(s.confluence_score, 45 - 1e-9);
      EXPECT_EQ(s.source, "ict");
      EXPECT_FALSE(nlohmann::json::parse(s.ict_concepts).empty());
    }
  }
  ASSERT_GE(signals, 3) << "too few signals to check";
  const std::string db = dir_.file("q.db");
  EXPECT_EQ(testing::sqlite_value(db, "SELECT COUNT(*) FROM trades WHERE source = 'ict'"),
            std::to_string(signals));
  const int closed = std::stoi(testing::sqlite_value(
      db, "SELECT COUNT(*) FROM trades WHERE source = 'ict' AND status = 'CLOSED'"));
  EXPECT_GT(closed, 0);
  // Every closed trade's outcome is on the ml_features row of its signal, and only there.
  EXPECT_EQ(testing::sqlite_value(
                db,
                "SELECT COUNT(*) FROM ml_features f JOIN trades t ON t.signal_id = "
                "f.signal_id WHERE t.status = 'CLOSED' AND f.trade_outcome = t.outcome AND "
                "f.time_to_outcome = CAST(strftime('%s', t.closed_at) AS INTEGER) - "
                "CAST(strftime('%s', t.opened_at) AS INTEGER) AND f.signal_generated = 1"),
            std::to_string(closed));
  EXPECT_EQ(testing::sqlite_value(db,
                                  "SELECT COUNT(*) FROM ml_features WHERE trade_outcome IS "
                                  "NOT NULL"),
            std::to_string(closed));
  // 12 five-minute bars at most: none is still open an hour after its entry.
  EXPECT_EQ(
      testing::sqlite_value(db, fmt::format("SELECT COUNT(*) FROM trades WHERE status = 'OPEN' AND "
                                            "opened_at < '{}'",
                                            format_utc(kFirstScan + 6 * 3600 - 3600 - 30))),
      "0");
  // Pair signals never see the scanner's trades.
  EXPECT_TRUE(store_->open_trades().empty());
}

// Seed 002's two queries, verbatim but for the dates, on the scanner's signals and trades, on
// both backends.
class ScannerSeedQueries : public ::testing::TestWithParam<testing::Backend> {};

TEST_P(ScannerSeedQueries, RunOnTheScannersSignalsAndTrades) {
  TempDir dir;
  testing::BackendDatabase database(GetParam(), dir);
  auto store = Store::open(database.url());
  store_market(*store);
  Config config = scanner_config();
  config.scanner.min_confluence = 0.45;
  Scanner scanner(*store, config);
  int signals = 0;
  for (UnixSeconds clock = kFirstScan; clock < kFirstScan + 3 * 3600; clock += 60)
    signals += int(scanner.scan(clock).record.signals.size());
  ASSERT_GE(signals, 1);
  const auto by_date = store->run_sql(testing::seed002_signals_by_date("2024-03-01", "2024-03-31"));
  ASSERT_EQ(by_date.rows.size(), 1u);
  EXPECT_EQ(std::get<std::int64_t>(by_date.rows[0][3]), signals);
  EXPECT_GE(std::get<double>(by_date.rows[0][2]), 45 - 1e-9);
  const auto by_session = store->run_sql(testing::kSeed002SignalsBySessionAndRegime);
  std::int64_t joined = 0;
  for (const auto& row : by_session.rows)
    joined += std::get<std::int64_t>(row[2]);
  EXPECT_EQ(joined, signals);
}

INSTANTIATE_TEST_SUITE_P(Backends, ScannerSeedQueries,
                         ::testing::Values(testing::Backend::sqlite, testing::Backend::postgres),
                         testing::backend_name);

TEST(ScannerConfig, AnEntryTimeframeThatIsNotScannedIsRefused) {
  TempDir dir;
  auto store = Store::open(dir.file("q.db"));
  Config config = scanner_config();
  config.scanner.entry_timeframe = "30m";
  try {
    Scanner scanner(*store, config);
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("scanner.entry_timeframe 30m"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace quantloop::scanner
