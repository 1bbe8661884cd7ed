// Pair signals and paper trades (seed 004's model 2 into seed 002's signals and trades) on both
// backends: a planted pair replayed day by day opens and closes trades whose PnL is the spread's
// move, seed 002's two queries run verbatim, the limits refuse with a reason, a drifting pair is
// deactivated, and bars after the clock change nothing.
#include "signals/pair_signals.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "core/error.h"
#include "pairs/scan.h"
#include "planted_pair.h"
#include "test_support.h"

namespace quantloop {
namespace {

using testing::Backend;

class PairSignalsTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(testing::ingest_planted_pair(url_, dir_));
    pairs::ScanRequest request;
    request.symbols = {"AAA", "BBB", "CCC"};
    request.as_of = *parse_timestamp("2026-06-01");
    request.from = request.as_of - 365 * kSecondsPerDay;
    const auto scan = pairs::run_scan(*Store::open(url_), request);
    ASSERT_GE(scan.scan.selected, 1);
    config_.min_correlation = 0.5;
  }
  // Signals at every day's close from `first` for `days` days.
  std::vector<signals::SignalsRun> replay(const std::string& first, int days) {
    std::vector<signals::SignalsRun> runs;
    auto store = Store::open(url_);
    for (int d = 0; d < days; ++d) {
      runs.push_back(
          signals::run_pair_signals(*store, config_, *parse_timestamp(first) + d * kSecondsPerDay));
    }
    return runs;
  }
  std::string cell(const std::string& sql, std::size_t column = 0) {
    const auto rows = Store::open(url_)->run_sql(sql);
    const Value& v = rows.rows.at(0).at(column);
    if (auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    if (auto* s = std::get_if<std::string>(&v)) return *s;
    if (auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
    return "NULL";
  }
  void perturb(const std::string& where) {
    const std::string statement =
        "UPDATE market_data SET close = close * 3 WHERE symbol = 'BBB' AND " + where;
    testing::execute_sql(url_, statement);
  }

  testing::TempDir dir_;
  testing::BackendDatabase database_{GetParam(), dir_};
  std::string url_ = database_.url();
  PairsConfig config_;
};

TEST_P(PairSignalsTest, AReplayOpensAndClosesTradesOnTheSpreadsMoves) {
  const auto runs = replay("2026-06-02", 120);
  std::map<std::string, TradingSignal> entries;
  int executed = 0, closed = 0;
  for (const auto& run : runs) {
    for (const auto& s : run.batch.signals) {
      if (s.status == "EXECUTED") {
        ++executed;
        entries[s.signal_id] = s;
        EXPECT_GT(std::abs(s.zscore), config_.entry_z);
        EXPECT_LE(std::abs(s.zscore), config_.stop_z);
        EXPECT_EQ(s.direction, s.zscore > 0 ? "SHORT_SPREAD" : "LONG_SPREAD");
        // Sized so that the stop loses risk_per_pair.
        EXPECT_NEAR(s.quantity * std::abs(s.entry_price - s.stop_loss), config_.risk_per_pair,
                    1e-6 * config_.risk_per_pair);
      }
    }
    for (const auto& t : run.batch.updated) {
      if (t.status != "CLOSED") continue;
      ++closed;
      EXPECT_NEAR(t.pnl, t.direction * t.quantity * (t.current_price - t.entry_price),
                  1e-9 * std::max(1.0, std::abs(t.pnl)));
      EXPECT_EQ(entries.count(t.signal_id), 1u) << t.signal_id;
      EXPECT_FALSE(t.exit_signal_id.empty());
    }
  }
  ASSERT_GE(executed, 1);
  ASSERT_GE(closed, 1);
  EXPECT_EQ(cell("SELECT COUNT(*) FROM trades WHERE trade_type = 'PAPER'"),
            std::to_string(executed));
  EXPECT_EQ(cell("SELECT COUNT(*) FROM trades WHERE status = 'CLOSED' AND closed_at IS NOT NULL"),
            std::to_string(closed));
  // Bars from the store: nothing is marked a proxy's.
  EXPECT_EQ(cell("SELECT COUNT(*) FROM signals WHERE data_source <> 'real'"), "0");
  EXPECT_EQ(cell("SELECT COUNT(*) FROM trades WHERE data_source <> 'real'"), "0");

  // Seed 002's two queries, verbatim but for the dates.
  const auto by_date = Store::open(url_)->run_sql(
      "SELECT\n    DATE(entry_time) as trading_date,\n    COUNT(*) as signals_count,\n"
      "    AVG(confluence_score) as avg_quality,\n"
      "    SUM(CASE WHEN status = 'EXECUTED' THEN 1 ELSE 0 END) as executed_signals\n"
      "FROM signals\nWHERE entry_time BETWEEN '2026-06-01' AND '2026-12-31'\n"
      "GROUP BY DATE(entry_time)\nORDER BY trading_date;");
  std::int64_t executed_by_date = 0;
  for (const auto& row : by_date.rows)
    executed_by_date += std::get<std::int64_t>(row[3]);
  EXPECT_EQ(executed_by_date, executed);
  const auto by_session = Store::open(url_)->run_sql(
      "SELECT\n    session,\n    market_regime,\n    COUNT(*) as signals,\n"
      "    AVG(confluence_score) as quality,\n    AVG(pnl) as avg_pnl\n"
      "FROM signals s\nJOIN trades t ON s.signal_id = t.signal_id\n"
      "GROUP BY session, market_regime\nORDER BY avg_pnl DESC;");
  std::int64_t joined = 0;
  for (const auto& row : by_session.rows)
    joined += std::get<std::int64_t>(row[2]);
  EXPECT_EQ(joined, executed);
}

TEST_P(PairSignalsTest, LimitsRefuseWithTheirReasonAndDriftDeactivates) {
  config_.max_open_pairs = 0;
  const auto refused = replay("2026-06-02", 60);
  int refusals = 0;
  for (const auto& run : refused) {
    for (const auto& s : run.batch.signals) {
      EXPECT_EQ(s.status, "REFUSED");
      EXPECT_NE(s.reason.find("pairs.max_open_pairs"), std::string::npos) << s.reason;
      ++refusals;
    }
    EXPECT_TRUE(run.batch.opened.empty());
  }
  EXPECT_GE(refusals, 1);
  EXPECT_EQ(cell("SELECT COUNT(*) FROM trades"), "0");

  config_.min_correlation = 0.99999;
  const auto drift = replay("2026-08-01", 1);
  EXPECT_FALSE(drift[0].batch.deactivated.empty());
  EXPECT_EQ(cell("SELECT COUNT(*) FROM active_pairs"), "0");
  EXPECT_THROW(replay("2026-08-02", 1), Error);  // nothing active, nothing open
}

// A run whose signals were made before (a retried job, a period replayed twice) writes nothing.
TEST_P(PairSignalsTest, SignalsMadeBeforeAreRefusedWhole) {
  const auto runs = replay("2026-06-02", 120);
  const SignalsBatch* made = nullptr;
  for (const auto& run : runs) {
    if (!run.batch.opened.empty()) {
      made = &run.batch;
      break;
    }
  }
  ASSERT_NE(made, nullptr);
  const std::string signals = cell("SELECT COUNT(*) FROM signals");
  const std::string trades = cell("SELECT COUNT(*) FROM trades");
  try {
    Store::open(url_)->record_signals(*made);
    FAIL() << "the same signals were recorded twice";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("ran already; nothing written"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(cell("SELECT COUNT(*) FROM signals"), signals);
  EXPECT_EQ(cell("SELECT COUNT(*) FROM trades"), trades);
}

TEST_P(PairSignalsTest, BarsAfterTheClockChangeNothing) {
  perturb("date >= '2026-09-01'");
  const auto runs = replay("2026-06-02", 90);  // closes up to 2026-08-30
  int signals = 0;
  for (const auto& run : runs)
    signals += int(run.batch.signals.size());
  // The same days on the unperturbed bars, in a second database built the same way.
  testing::TempDir other;
  const auto ingest =
      testing::run_quantloop({"--db", other.file("b.db"), "--quiet", "ingest", "synthetic",
                              "--symbols", "AAA,BBB,CCC", "--interval", "1d", "--days", "800",
                              "--end", "2026-11-20", "--pair", "AAA,BBB", "--half-life", "3"},
                             other.path().string());
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  auto store = Store::open(other.file("b.db"));
  pairs::ScanRequest request;
  request.symbols = {"AAA", "BBB", "CCC"};
  request.as_of = *parse_timestamp("2026-06-01");
  request.from = request.as_of - 365 * kSecondsPerDay;
  pairs::run_scan(*store, request);
  int again = 0;
  for (int d = 0; d < 90; ++d) {
    const auto run = signals::run_pair_signals(*store, config_,
                                               *parse_timestamp("2026-06-02") + d * kSecondsPerDay);
    for (std::size_t k = 0; k < run.batch.signals.size(); ++k, ++again) {
      ASSERT_LT(std::size_t(d), runs.size());
      ASSERT_LT(k, runs[std::size_t(d)].batch.signals.size());
      const auto& a = runs[std::size_t(d)].batch.signals[k];
      EXPECT_EQ(a.signal_id, run.batch.signals[k].signal_id);
      EXPECT_EQ(a.zscore, run.batch.signals[k].zscore);
      EXPECT_EQ(a.quantity, run.batch.signals[k].quantity);
    }
  }
  EXPECT_EQ(again, signals);
  EXPECT_GE(signals, 1) << "no signal in the window: the check compared nothing";
}

// The GARCH forecast the stops and sizes use is the scan's, carried through every bar between
// the scan and the clock with the scan's parameters and the spread's reversion regression.
TEST_P(PairSignalsTest, TheGarchForecastIsCarriedBarByBarFromTheScan) {
  auto store = Store::open(url_);
  const auto active = store->active_pairs();
  ASSERT_FALSE(active.empty());
  const ActivePair pair = active.front();
  const PairCandidate& c = pair.candidate;
  ASSERT_TRUE(std::isfinite(c.reversion_intercept) && std::isfinite(c.reversion_slope));
  ASSERT_GT(pair.scan_data_end, 0);
  ASSERT_LT(pair.scan_data_end, pair.scan_as_of);
  std::set<double> sigmas;
  for (const auto& run : replay("2026-06-02", 90)) {
    for (const auto& s : run.batch.signals) {
      if (!std::isfinite(s.garch_sigma)) continue;
      // The bars run_pair_signals read: the last 120 common closes before the signal's clock.
      const UnixSeconds last_start = s.entry_time - kSecondsPerDay;
      const auto ys = store->read_last_bars(c.y, Interval::day(), last_start, 120).bars;
      const auto xs = store->read_last_bars(c.x, Interval::day(), last_start, 120).bars;
      ASSERT_EQ(ys.size(), xs.size());
      double variance = c.next_variance;
      for (std::size_t k = 1; k < ys.size(); ++k) {
        ASSERT_EQ(ys[k].time, xs[k].time);
        if (ys[k].time <= pair.scan_data_end) continue;
        const double now = ys[k].close - c.intercept - c.hedge_ratio * xs[k].close;
        const double before = ys[k - 1].close - c.intercept - c.hedge_ratio * xs[k - 1].close;
        const double e =
            now - before - c.reversion_intercept - c.reversion_slope * before - c.garch_mu;
        variance = c.garch_omega + c.garch_alpha * e * e + c.garch_beta * variance;
      }
      EXPECT_NEAR(s.garch_sigma, std::sqrt(variance), 1e-12 * std::sqrt(variance)) << s.signal_id;
      sigmas.insert(s.garch_sigma);
    }
  }
  EXPECT_GE(sigmas.size(), 2u) << "the forecast moves with the bars";
}

INSTANTIATE_TEST_SUITE_P(Backends, PairSignalsTest,
                         ::testing::Values(Backend::sqlite, Backend::postgres),
                         testing::backend_name);

}  // namespace
}  // namespace quantloop
