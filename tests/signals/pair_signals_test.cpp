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
#include "seed002_queries.h"
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

// A scan of the planted market at `as_of` over the year before it.
void scan_at(Store& store, const std::string& as_of) {
  pairs::ScanRequest request;
  request.symbols = {"AAA", "BBB", "CCC"};
  request.as_of = *parse_timestamp(as_of);
  request.from = request.as_of - 365 * kSecondsPerDay;
  ASSERT_GE(pairs::run_scan(store, request).scan.selected, 1);
}

// Signals at every day's close from `first` for `days` days on `store`, as one list.
std::vector<TradingSignal> signals_of(Store& store, const PairsConfig& config,
                                      const std::string& first, int days) {
  std::vector<TradingSignal> out;
  for (int d = 0; d < days; ++d) {
    const auto run =
        signals::run_pair_signals(store, config, *parse_timestamp(first) + d * kSecondsPerDay);
    out.insert(out.end(), run.batch.signals.begin(), run.batch.signals.end());
  }
  return out;
}

void expect_same_signals(const std::vector<TradingSignal>& a, const std::vector<TradingSignal>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(a[k].signal_id, b[k].signal_id);
    EXPECT_EQ(a[k].hedge_ratio, b[k].hedge_ratio);
    EXPECT_EQ(a[k].zscore, b[k].zscore);
    EXPECT_EQ(a[k].quantity, b[k].quantity);
    EXPECT_EQ(a[k].status, b[k].status);
  }
}

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
  const auto by_date =
      Store::open(url_)->run_sql(testing::seed002_signals_by_date("2026-06-01", "2026-12-31"));
  std::int64_t executed_by_date = 0;
  for (const auto& row : by_date.rows)
    executed_by_date += std::get<std::int64_t>(row[3]);
  EXPECT_EQ(executed_by_date, executed);
  const auto by_session = Store::open(url_)->run_sql(testing::kSeed002SignalsBySessionAndRegime);
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

// A run trades the scan in force at its clock: the latest scan whose clock is at or before it,
// whatever order the scans were recorded in. Before the first scan there is nothing to trade.
TEST_P(PairSignalsTest, ARunTradesTheScanInForceAtItsClockInEitherOrder) {
  config_.entry_z = 1.0;  // signals on most days: more to compare
  auto store = Store::open(url_);
  EXPECT_THROW(signals::run_pair_signals(*store, config_, *parse_timestamp("2026-03-01T20:00Z")),
               Error);
  ASSERT_NO_FATAL_FAILURE(scan_at(*store, "2026-03-01"));  // recorded after June's
  const double march_hedge =
      store->active_pairs(*parse_timestamp("2026-03-02")).at(0).candidate.hedge_ratio;
  const double june_hedge =
      store->active_pairs(*parse_timestamp("2026-06-02")).at(0).candidate.hedge_ratio;
  ASSERT_NE(march_hedge, june_hedge);
  const auto spring = signals_of(*store, config_, "2026-03-02", 80);
  const auto summer = signals_of(*store, config_, "2026-06-02", 40);
  ASSERT_GE(spring.size(), 1u);
  ASSERT_GE(summer.size(), 1u);
  // Entries take the scan in force; an exit keeps the spread its trade was opened on.
  for (const auto& s : spring)
    EXPECT_EQ(s.hedge_ratio, march_hedge) << s.signal_id;
  for (const auto& s : summer) {
    if (s.direction != "EXIT") {
      EXPECT_EQ(s.hedge_ratio, june_hedge) << s.signal_id;
    }
  }

  // The other order: March's scan recorded first, then June's.
  testing::TempDir other;
  const std::string url = other.file("b.db");
  ASSERT_NO_FATAL_FAILURE(testing::ingest_planted_pair(url, other));
  auto in_order = Store::open(url);
  ASSERT_NO_FATAL_FAILURE(scan_at(*in_order, "2026-03-01"));
  ASSERT_NO_FATAL_FAILURE(scan_at(*in_order, "2026-06-01"));
  expect_same_signals(signals_of(*in_order, config_, "2026-03-02", 80), spring);
  expect_same_signals(signals_of(*in_order, config_, "2026-06-02", 40), summer);
}

// A scan made at a later clock, on bars that differ after it, changes nothing a run before it
// traded; and a run never goes back before signals a later run recorded.
TEST_P(PairSignalsTest, ALaterScanChangesNothingBeforeItsClock) {
  config_.entry_z = 1.0;
  auto store = Store::open(url_);
  const auto summer = signals_of(*store, config_, "2026-06-02", 60);
  ASSERT_GE(summer.size(), 1u);
  testing::TempDir other;
  const std::string url = other.file("b.db");
  ASSERT_NO_FATAL_FAILURE(testing::ingest_planted_pair(url, other));
  testing::execute_sql(url,
                       "UPDATE market_data SET close = close * 1.5, high = high * 1.5 "
                       "WHERE symbol = 'BBB' AND date >= '2026-08-15'");
  auto perturbed = Store::open(url);
  ASSERT_NO_FATAL_FAILURE(scan_at(*perturbed, "2026-06-01"));
  ASSERT_NO_FATAL_FAILURE(scan_at(*perturbed, "2026-09-01"));
  expect_same_signals(signals_of(*perturbed, config_, "2026-06-02", 60), summer);

  const std::string signals = cell("SELECT COUNT(*) FROM signals");
  try {
    signals::run_pair_signals(*store, config_, *parse_timestamp("2026-06-10"));
    FAIL() << "a run went back before recorded signals";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("is recorded already"), std::string::npos) << e.what();
  }
  EXPECT_EQ(cell("SELECT COUNT(*) FROM signals"), signals);
}

// Runs go forward in time even when a later run recorded no signal (it only marked or
// deactivated), and a scan may not land before a recorded run: it would change what that run
// traded.
TEST_P(PairSignalsTest, NoRunOrScanGoesBackBeforeARecordedRun) {
  config_.entry_z = 100;  // no entry: the runs write no signal
  auto store = Store::open(url_);
  const auto later = signals::run_pair_signals(*store, config_, *parse_timestamp("2026-07-01"));
  ASSERT_TRUE(later.batch.signals.empty());
  try {
    signals::run_pair_signals(*store, config_, *parse_timestamp("2026-06-10"));
    FAIL() << "a run went back before a recorded run";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("a signals run at 2026-07-01T00:00:00Z is recorded"),
              std::string::npos)
        << e.what();
  }
  EXPECT_NO_THROW(signals::run_pair_signals(*store, config_, *parse_timestamp("2026-07-01")));
  pairs::ScanRequest request;
  request.symbols = {"AAA", "BBB", "CCC"};
  request.as_of = *parse_timestamp("2026-06-15");
  request.from = request.as_of - 365 * kSecondsPerDay;
  const std::string scans = cell("SELECT COUNT(*) FROM pair_scans");
  EXPECT_THROW(pairs::run_scan(*store, request), Error);
  EXPECT_EQ(cell("SELECT COUNT(*) FROM pair_scans"), scans);
  request.as_of = *parse_timestamp("2026-07-02");
  EXPECT_NO_THROW(pairs::run_scan(*store, request));
}

// A deactivation is dated: it holds from its run's clock on, for the scan it was made on.
TEST_P(PairSignalsTest, ADeactivationHoldsFromItsClockOn) {
  config_.min_correlation = 0.99999;
  auto store = Store::open(url_);
  const auto drift = signals::run_pair_signals(*store, config_, *parse_timestamp("2026-08-01"));
  ASSERT_FALSE(drift.batch.deactivated.empty());
  EXPECT_EQ(drift.batch.deactivated[0].at, *parse_timestamp("2026-08-01"));
  EXPECT_TRUE(store->active_pairs(*parse_timestamp("2026-08-01")).empty());
  EXPECT_FALSE(store->active_pairs(*parse_timestamp("2026-07-31")).empty());
  EXPECT_EQ(cell("SELECT COUNT(*) FROM pair_deactivations WHERE deactivated_at = "
                 "'2026-08-01 00:00:00'"),
            "1");
  // A newer scan selects the pair again.
  ASSERT_NO_FATAL_FAILURE(scan_at(*store, "2026-09-01"));
  EXPECT_FALSE(store->active_pairs(*parse_timestamp("2026-09-01")).empty());
  EXPECT_NE(cell("SELECT COUNT(*) FROM active_pairs"), "0");
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

// The spread's levels over the common stored bars of y and x in [from, to], by time.
std::vector<std::pair<UnixSeconds, double>> stored_spread(Store& store, const PairCandidate& c,
                                                          UnixSeconds from, UnixSeconds to) {
  const auto ys = store.read_bars(c.y, Interval::day(), from, to).bars;
  const auto xs = store.read_bars(c.x, Interval::day(), from, to).bars;
  std::map<UnixSeconds, double> x_at;
  for (const Bar& b : xs)
    x_at[b.time] = b.close;
  std::vector<std::pair<UnixSeconds, double>> out;
  for (const Bar& b : ys) {
    if (auto x = x_at.find(b.time); x != x_at.end())
      out.emplace_back(b.time, b.close - c.intercept - c.hedge_ratio * x->second);
  }
  return out;
}

// The GARCH forecast the stops and sizes use is the scan's, carried through every bar between
// the scan's last bar and the clock with the scan's parameters and reversion regression, however
// long ago the scan was. Checked against the stored bars: the regression refitted on the
// formation window's spread, and the forecast as the unrolled sum of the GARCH recursion.
TEST_P(PairSignalsTest, TheGarchForecastIsCarriedBarByBarFromTheScan) {
  // A scan of February alone (its GARCH beta 0.99: the carry's length shows), its forecast
  // carried into November: more than 120 bars later, more than the signals once read.
  testing::TempDir other;
  const std::string url = other.file("b.db");
  ASSERT_NO_FATAL_FAILURE(testing::ingest_planted_pair(url, other));
  auto store = Store::open(url);
  ASSERT_NO_FATAL_FAILURE(scan_at(*store, "2026-02-01"));
  const auto active = store->active_pairs(kEndOfTime);
  ASSERT_FALSE(active.empty());
  const ActivePair pair = active.front();
  const PairCandidate& c = pair.candidate;
  ASSERT_TRUE(std::isfinite(c.reversion_intercept) && std::isfinite(c.reversion_slope));
  ASSERT_GT(c.garch_beta, 0.9);
  // The regression, refitted from the stored formation bars by the normal equations.
  const auto versions = store->pair_model_versions(c.y, c.x);
  ASSERT_FALSE(versions.empty());
  const auto formation =
      stored_spread(*store, c, versions.front().data_start, versions.front().data_end);
  ASSERT_GT(formation.size(), 30u);
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (std::size_t k = 1; k < formation.size(); ++k) {
    const double level = formation[k - 1].second;
    const double change = formation[k].second - level;
    n += 1;
    sx += level;
    sy += change;
    sxx += level * level;
    sxy += level * change;
  }
  const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  const double intercept = (sy - slope * sx) / n;
  EXPECT_NEAR(c.reversion_slope, slope, 1e-6 * std::abs(slope));
  EXPECT_NEAR(c.reversion_intercept, intercept, 1e-6 * std::max(1e-3, std::abs(intercept)));

  config_.entry_z = 0.5;  // more signals to check
  config_.exit_z = 0.25;
  int checked = 0, long_carries = 0;
  std::set<double> sigmas;
  for (int d = 0; d < 20; ++d) {
    const UnixSeconds at = *parse_timestamp("2026-11-01") + d * kSecondsPerDay;
    for (const auto& s : signals::run_pair_signals(*store, config_, at).batch.signals) {
      if (!std::isfinite(s.garch_sigma)) continue;
      const auto carried =
          stored_spread(*store, c, pair.scan_data_end, s.entry_time - kSecondsPerDay);
      ASSERT_EQ(carried.front().first, pair.scan_data_end);
      // v_n = omega sum_{j<n} beta^j + alpha sum_{k=1..n} beta^(n-k) e_k^2 + beta^n v_0.
      const std::size_t steps = carried.size() - 1;
      double variance = std::pow(c.garch_beta, double(steps)) * c.next_variance;
      for (std::size_t j = 0; j < steps; ++j)
        variance += c.garch_omega * std::pow(c.garch_beta, double(j));
      for (std::size_t k = 1; k <= steps; ++k) {
        const double before = carried[k - 1].second;
        const double e = carried[k].second - before - c.reversion_intercept -
                         c.reversion_slope * before - c.garch_mu;
        variance += c.garch_alpha * std::pow(c.garch_beta, double(steps - k)) * e * e;
      }
      EXPECT_NEAR(s.garch_sigma * s.garch_sigma, variance, 1e-9 * variance) << s.signal_id;
      long_carries += steps > 120;
      sigmas.insert(s.garch_sigma);
      ++checked;
    }
  }
  EXPECT_GE(checked, 2) << "no signal in the window: the check compared nothing";
  EXPECT_EQ(long_carries, checked) << "the carry was not longer than the 120 bars once read";
  EXPECT_GE(sigmas.size(), 2u) << "the forecast moves with the bars";
}

// The drift check correlates what the scan's gate correlated: log returns, when it gated them.
TEST_P(PairSignalsTest, TheDriftCheckCorrelatesWhatTheScanGated) {
  testing::TempDir other;
  const std::string url = other.file("b.db");
  ASSERT_NO_FATAL_FAILURE(testing::ingest_planted_pair(url, other));
  auto store = Store::open(url);
  pairs::ScanRequest request;
  request.symbols = {"AAA", "BBB", "CCC"};
  request.as_of = *parse_timestamp("2026-06-01");
  request.from = request.as_of - 365 * kSecondsPerDay;
  request.screening.correlate_returns = true;
  request.screening.min_correlation = 0.0;
  ASSERT_GE(pairs::run_scan(*store, request).scan.selected, 1);
  const ActivePair pair = store->active_pairs(kEndOfTime).front();
  ASSERT_TRUE(pair.correlate_returns);
  // The last drift_window prices and log returns before the clock correlate differently.
  const UnixSeconds at = *parse_timestamp("2026-06-10");
  const auto ys = store
                      ->read_last_bars(pair.candidate.y, Interval::day(), at - kSecondsPerDay,
                                       std::size_t(config_.drift_window) + 1)
                      .bars;
  const auto xs = store
                      ->read_last_bars(pair.candidate.x, Interval::day(), at - kSecondsPerDay,
                                       std::size_t(config_.drift_window) + 1)
                      .bars;
  ASSERT_EQ(ys.size(), xs.size());
  const auto corr = [](const std::vector<double>& a, const std::vector<double>& b) {
    const double n = double(a.size());
    double ma = 0, mb = 0, sab = 0, saa = 0, sbb = 0;
    for (std::size_t k = 0; k < a.size(); ++k) {
      ma += a[k] / n;
      mb += b[k] / n;
    }
    for (std::size_t k = 0; k < a.size(); ++k) {
      sab += (a[k] - ma) * (b[k] - mb);
      saa += (a[k] - ma) * (a[k] - ma);
      sbb += (b[k] - mb) * (b[k] - mb);
    }
    return sab / std::sqrt(saa * sbb);
  };
  std::vector<double> py, px, ry, rx;
  for (std::size_t k = 1; k < ys.size(); ++k) {
    ASSERT_EQ(ys[k].time, xs[k].time);
    py.push_back(ys[k].close);
    px.push_back(xs[k].close);
    ry.push_back(std::log(ys[k].close / ys[k - 1].close));
    rx.push_back(std::log(xs[k].close / xs[k - 1].close));
  }
  const double prices = corr(py, px), returns = corr(ry, rx);
  ASSERT_GT(std::abs(prices - returns), 0.02) << prices << " vs " << returns;
  // A gate between the two: the returns' correlation decides.
  config_.min_correlation = (prices + returns) / 2;
  const auto run = signals::run_pair_signals(*store, config_, at);
  EXPECT_EQ(run.batch.deactivated.empty(), returns >= config_.min_correlation)
      << "prices " << prices << ", returns " << returns;
}

// Gross exposure counts every open trade, also of a pair this run does not evaluate.
TEST_P(PairSignalsTest, GrossExposureCountsEveryOpenTrade) {
  config_.entry_z = 0.5;
  config_.max_open_pairs = 10;
  // The first day an entry is made, found on a copy of the market.
  testing::TempDir other;
  const std::string url = other.file("b.db");
  ASSERT_NO_FATAL_FAILURE(testing::ingest_planted_pair(url, other));
  auto copy = Store::open(url);
  ASSERT_NO_FATAL_FAILURE(scan_at(*copy, "2026-06-01"));
  UnixSeconds entry_day = 0;
  for (int d = 0; d < 60 && entry_day == 0; ++d) {
    const UnixSeconds at = *parse_timestamp("2026-06-02") + d * kSecondsPerDay;
    if (!signals::run_pair_signals(*copy, config_, at).batch.opened.empty()) entry_day = at;
  }
  ASSERT_GT(entry_day, 0) << "no entry in 60 days";
  // Here an open trade of a pair outside the active set holds nearly the whole limit.
  auto store = Store::open(url_);
  const auto ccc = store->read_last_bars("CCC", Interval::day(), entry_day - kSecondsPerDay, 1);
  const auto aaa = store->read_last_bars("AAA", Interval::day(), entry_day - kSecondsPerDay, 1);
  ASSERT_EQ(ccc.bars.size(), 1u);
  ASSERT_EQ(aaa.bars.size(), 1u);
  const double quantity =
      0.99 * config_.max_gross_exposure / (ccc.bars[0].close + aaa.bars[0].close);
  testing::execute_sql(url_,
                       "INSERT INTO signals(signal_id, symbol, direction, entry_time, status, "
                       "created_at) VALUES('x', 'CCC/AAA', 'LONG_SPREAD', '2026-05-29 00:00:00', "
                       "'EXECUTED', '2026-05-29 00:00:00')");
  testing::execute_sql(
      url_, fmt::format("INSERT INTO trades(signal_id, symbol, trade_type, status, direction, "
                        "entry_price, current_price, stop_loss, take_profit, quantity, pnl, "
                        "hedge_ratio, intercept, interval, opened_at, data_source) VALUES('x', "
                        "'CCC/AAA', 'PAPER', 'OPEN', 1, 0, 0, -1, 1, {}, 0, 1, 0, '1d', "
                        "'2026-05-29 00:00:00', 'real')",
                        quantity));
  const auto run = signals::run_pair_signals(*store, config_, entry_day);
  EXPECT_TRUE(run.batch.opened.empty()) << "an entry passed the exposure the open trade fills";
  int refused = 0;
  for (const auto& s : run.batch.signals) {
    if (s.status == "REFUSED" && s.reason.find("pairs.max_gross_exposure") != std::string::npos)
      ++refused;
  }
  EXPECT_EQ(refused, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, PairSignalsTest,
                         ::testing::Values(Backend::sqlite, Backend::postgres),
                         testing::backend_name);

}  // namespace
}  // namespace quantloop
