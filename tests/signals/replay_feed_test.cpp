// Seed 004's data replayer on both backends: real symbols fed their own bars; a symbol without
// bars fed a proxy's, scaled to its reference price and marked; a symbol whose bars stop fed
// its real history then the proxy from its last close; clear errors; nothing past the clock;
// signals and trades made on a proxy's bars marked "proxy" in the store.
#include "signals/replay_feed.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "pairs/scan.h"
#include "planted_pair.h"
#include "signals/pair_signals.h"
#include "test_support.h"

namespace quantloop {
namespace {

using testing::Backend;

constexpr UnixSeconds kDay = kSecondsPerDay;

class ReplayFeedTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(testing::ingest_planted_pair(url_, dir_));
    store_ = Store::open(url_);
    config_.proxy = "CCC";
  }
  signals::ReplayFeed feed(const std::vector<std::string>& symbols) {
    return signals::ReplayFeed(*store_, symbols, Interval::day(), from_, to_, config_);
  }
  double close_at(const std::string& symbol, UnixSeconds t) {
    const auto bars = store_->read_bars(symbol, Interval::day(), t, t).bars;
    EXPECT_EQ(bars.size(), 1u) << symbol << " " << format_iso8601(t);
    return bars.empty() ? std::nan("") : bars[0].close;
  }

  testing::TempDir dir_;
  testing::BackendDatabase database_{GetParam(), dir_};
  std::string url_ = database_.url();
  std::unique_ptr<Store> store_;
  ReplayConfig config_;
  UnixSeconds from_ = *parse_timestamp("2026-06-01"), to_ = *parse_timestamp("2026-07-01");
};

TEST_P(ReplayFeedTest, RealSymbolsAreFedTheirOwnBarsInTimeOrder) {
  auto f = feed({"AAA", "BBB", "AAA"});
  ASSERT_EQ(f.sources().size(), 2u);
  EXPECT_TRUE(f.sources()[0].proxy.empty());
  std::size_t bars = 0;
  for (const auto& [close, fed] : f.steps()) {
    for (const auto& b : fed) {
      EXPECT_FALSE(b.proxy);
      EXPECT_EQ(b.bar.time + kDay, close);
      EXPECT_EQ(b.bar.close, close_at(b.symbol, b.bar.time));
      ++bars;
    }
  }
  EXPECT_EQ(bars, store_->read_bars("AAA", Interval::day(), from_, to_).bars.size() * 2);
  EXPECT_FALSE(f.is_proxy("AAA"));
}

TEST_P(ReplayFeedTest, ASymbolWithoutBarsIsFedTheProxyScaledToItsReferencePrice) {
  config_.reference_prices = {"GHOST=25"};
  auto f = feed({"AAA", "GHOST"});
  ASSERT_EQ(f.sources().size(), 2u);
  const auto& ghost = f.sources()[1];
  EXPECT_EQ(ghost.proxy, "CCC");
  EXPECT_TRUE(f.is_proxy("GHOST"));
  // The proxy's last close before the window is the reference price.
  const Bar before = store_->read_last_bars("CCC", Interval::day(), from_ - 1, 1).bars.at(0);
  EXPECT_NEAR(before.close * ghost.scale, 25.0, 1e-12);
  int proxied = 0;
  for (const auto& [close, fed] : f.steps()) {
    for (const auto& b : fed) {
      if (b.symbol != "GHOST") continue;
      EXPECT_TRUE(b.proxy);
      EXPECT_NEAR(b.bar.close, close_at("CCC", b.bar.time) * ghost.scale, 1e-9);
      ++proxied;
    }
  }
  EXPECT_GT(proxied, 15);
  // The signals' reads: the proxy's bars, scaled, before the window too (GHOST has none).
  const auto last = f.last_bars("GHOST", Interval::day(), from_ + 10 * kDay, 30);
  ASSERT_EQ(last.bars.size(), 30u);
  for (const Bar& b : last.bars)
    EXPECT_NEAR(b.close, close_at("CCC", b.time) * ghost.scale, 1e-9);
}

TEST_P(ReplayFeedTest, ASymbolWhoseBarsStopContinuesFromItsLastClose) {
  testing::execute_sql(
      url_, "DELETE FROM market_data WHERE symbol = 'BBB' AND date >= '" + format_utc(from_) + "'");
  auto f = feed({"AAA", "BBB"});
  const auto& bbb = f.sources()[1];
  ASSERT_EQ(bbb.proxy, "CCC");
  const Bar last_real = store_->read_last_bars("BBB", Interval::day(), from_ - 1, 1).bars.at(0);
  EXPECT_EQ(bbb.reference_price, last_real.close);
  const auto bars = f.last_bars("BBB", Interval::day(), from_ + 9 * kDay, 40);
  ASSERT_EQ(bars.bars.size(), 40u);
  int real = 0;
  for (const Bar& b : bars.bars) {
    if (b.time < from_) {
      EXPECT_EQ(b.close,
                store_->read_bars("BBB", Interval::day(), b.time, b.time).bars.at(0).close);
      ++real;
    } else {
      EXPECT_NEAR(b.close, close_at("CCC", b.time) * bbb.scale, 1e-9);
    }
  }
  EXPECT_GT(real, 0);
  EXPECT_LT(real, 40);
}

TEST_P(ReplayFeedTest, ErrorsNameTheSymbolAndWhatToSet) {
  try {
    feed({"GHOST"});
    FAIL() << "no reference price";
  } catch (const Error& e) {
    EXPECT_TRUE(testing::contains(e.what(), "GHOST")) << e.what();
    EXPECT_TRUE(testing::contains(e.what(), "replay.reference_prices")) << e.what();
  }
  config_.proxy = "NOPE";
  config_.reference_prices = {"GHOST=25"};
  try {
    feed({"GHOST"});
    FAIL() << "a proxy without bars";
  } catch (const Error& e) {
    EXPECT_TRUE(testing::contains(e.what(), "NOPE")) << e.what();
  }
}

TEST_P(ReplayFeedTest, ReadsNothingPastTheClock) {
  config_.reference_prices = {"GHOST=25"};
  const UnixSeconds clock = from_ + 12 * kDay;
  const auto before = feed({"GHOST"}).last_bars("GHOST", Interval::day(), clock, 20);
  for (const Bar& b : before.bars)
    EXPECT_LE(b.time, clock);
  testing::execute_sql(url_,
                       "UPDATE market_data SET close = close * 3 WHERE symbol = 'CCC' AND "
                       "date > '" +
                           format_utc(clock) + "'");
  const auto after = feed({"GHOST"}).last_bars("GHOST", Interval::day(), clock, 20);
  ASSERT_EQ(after.bars.size(), before.bars.size());
  for (std::size_t i = 0; i < after.bars.size(); ++i)
    EXPECT_EQ(after.bars[i].close, before.bars[i].close);
}

TEST_P(ReplayFeedTest, SignalsOnAProxysBarsAreMarkedProxy) {
  pairs::ScanRequest request;
  request.symbols = {"AAA", "BBB", "CCC"};
  request.as_of = from_;
  request.from = from_ - 365 * kDay;
  ASSERT_GE(pairs::run_scan(*store_, request).scan.selected, 1);
  testing::execute_sql(
      url_, "DELETE FROM market_data WHERE symbol = 'BBB' AND date >= '" + format_utc(from_) + "'");
  to_ = from_ + 120 * kDay;
  auto f = feed({"AAA", "BBB"});
  PairsConfig pairs;
  pairs.min_correlation = -1;  // no drift check: the proxy is not the pair's partner
  std::size_t made = 0;
  for (const auto& step : f.steps()) {
    const auto run = signals::run_pair_signals(*store_, pairs, step.first, &f);
    for (const auto& s : run.batch.signals) {
      EXPECT_EQ(s.data_source, "proxy") << s.signal_id;
      ++made;
    }
  }
  ASSERT_GE(made, 1u);
  const auto rows = store_->run_sql(
      "SELECT (SELECT COUNT(*) FROM signals WHERE data_source = 'proxy'), (SELECT COUNT(*) FROM "
      "signals), (SELECT COUNT(*) FROM trades WHERE data_source = 'proxy'), (SELECT COUNT(*) "
      "FROM trades)");
  EXPECT_EQ(rows.rows[0][0], rows.rows[0][1]);
  EXPECT_EQ(rows.rows[0][2], rows.rows[0][3]);
  EXPECT_EQ(std::get<std::int64_t>(rows.rows[0][1]), std::int64_t(made));
}

INSTANTIATE_TEST_SUITE_P(Backends, ReplayFeedTest,
                         ::testing::Values(Backend::sqlite, Backend::postgres),
                         testing::backend_name);

}  // namespace
}  // namespace quantloop
