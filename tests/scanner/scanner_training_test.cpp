// Seed 002's scanner models (scanner train) on scans written here, whose targets follow known
// rules: a signal wins when its entry row's price_position is above 0.5, and each row's rsi and
// volatility are the trend strength and volatility regime 12 scans (entry bars) later, which
// decide the regime then. The models
// learn from rows known at the clock only, reach the scanner only through the registry's gate,
// and then score new scans.
#include "scanner/scanner_training.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "concepts/concepts.h"
#include "core/error.h"
#include "registry/predictor.h"
#include "registry/registry.h"
#include "scanner/dataset.h"
#include "scanner/scanner_scoring.h"
#include "scanner/signal_id.h"
#include "test_support.h"

namespace quantloop::scanner {
namespace {

using quantloop::testing::TempDir;

const UnixSeconds kStart = *parse_timestamp("2024-03-04 00:00");
constexpr UnixSeconds kEvery = 300;  // one scan per entry bar
constexpr int kScans = 600;
constexpr int kHold = 6;  // scans from a signal to its trade's close
const std::vector<std::string> kSymbols{"AAA-USD", "BBB-USD"};
const std::string kSignalSymbol = "AAA-USD";

UnixSeconds clock_of(int k) {
  return kStart + kEvery * k;
}

Config training_config() {
  Config config;
  config.scanner.symbols = kSymbols;
  config.scanner.sector = kSymbols;
  config.scanner.reference_symbol = "";
  config.scanner.timeframes = {"5m", "1h"};
  config.scanner.entry_timeframe = "5m";
  config.scanner.bias_timeframe = "1h";
  return config;
}

// Trend strength of symbol s at scan k: a slow wave around ADX 25; `variant` changes it.
double adx(std::size_t s, int k, int variant) {
  return 25 + 15 * std::sin(2 * M_PI * (k + 17.0 * double(s) + 7.0 * variant) / 60.0);
}
std::string volatility_regime(std::size_t s, int k, int variant) {
  return std::cos(2 * M_PI * (k + 11.0 * double(s) + 3.0 * variant) / 45.0) > 0.3 ? "high"
                                                                                  : "normal";
}

// A scan written as the scanner would: every symbol's rows of both timeframes, a signal of
// kSignalSymbol, and the outcome of the signal kHold scans before. Scans after `perturb_after`
// (if any) and the outcomes recorded by them use other values: what a test changes in the
// future of a clock.
struct Market {
  int variant_after = std::numeric_limits<int>::max();  // scans after this one differ
  std::uint64_t seed = 1;
  bool all_lose = false;  // every signal's trade loses
};

ScanRecord scan_record(int k, const Market& market, std::optional<UnixSeconds> previous) {
  const int variant = k > market.variant_after ? 1 : 0;
  std::mt19937_64 rng(market.seed * 1000003 + std::uint64_t(k) * 7 + std::uint64_t(variant));
  std::uniform_real_distribution<double> u;
  ScanRecord r;
  r.clock = clock_of(k);
  r.previous_clock = previous;
  r.symbols = int(kSymbols.size());
  for (std::size_t s = 0; s < kSymbols.size(); ++s) {
    for (const std::string tf : {"5m", "1h"}) {
      MarketCondition c;
      c.symbol = kSymbols[s];
      c.timeframe = tf;
      c.price = 100 + u(rng);
      c.volume = 1000;
      // Tell the regime 12 entry bars later.
      c.rsi = adx(s, k + 12, variant);
      c.volatility = volatility_regime(s, k + 12, variant) == "high" ? 0.02 : 0.005;
      c.market_structure = u(rng) < 0.5 ? "bullish" : "bearish";
      r.conditions.push_back(c);
      MlFeatures f;
      f.symbol = kSymbols[s];
      f.timeframe = tf;
      f.price_position = u(rng);
      f.volume_profile = u(rng);
      f.confluence_factors = int(u(rng) * 5);
      f.confluence_score = u(rng);
      f.session_alignment = 0.5;
      f.trend_strength = adx(s, k, variant);
      f.volatility_regime = volatility_regime(s, k, variant);
      if (tf == "5m" && kSymbols[s] == kSignalSymbol) {
        f.signal_generated = true;
        f.signal_id = signal_id(kSignalSymbol, Interval::parse("5m"), r.clock - kEvery, 1);
      }
      r.features.push_back(f);
    }
  }
  if (k >= kHold) {
    // The signal of scan k - kHold closes now: a win when its price_position was above 0.5,
    // flipped when this scan is one that differs.
    const ScanRecord opened = scan_record(k - kHold, market, std::nullopt);
    for (const MlFeatures& f : opened.features) {
      if (f.signal_id.empty()) continue;
      const bool win = (*f.price_position > 0.5) != (variant == 1) && !market.all_lose;
      r.outcomes.push_back({f.signal_id, win ? "win" : "loss", kHold * kEvery, win ? 2.0 : -1.0});
    }
  }
  r.created_at = r.clock;
  return r;
}

void write_market(Store& store, const Market& market, int scans = kScans) {
  std::optional<UnixSeconds> previous;
  for (int k = 0; k < scans; ++k) {
    ASSERT_TRUE(store.record_scan(scan_record(k, market, previous)));
    previous = clock_of(k);
  }
}

ScannerTrainingResult train_at(Store& store, UnixSeconds clock,
                               const Config& config = training_config()) {
  ScannerTrainingRequest request;
  request.clock = clock;
  request.days = 30;
  return train_scanner_models(store, config, request);
}

const ScannerModelReport& report_of(const ScannerTrainingResult& r, ScannerModelKind kind) {
  for (const auto& m : r.models)
    if (m.kind == kind) return m;
  throw Error("no report");
}

class ScannerTrainingTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> open(const std::string& name) { return Store::open(dir_.file(name)); }
  TempDir dir_;
  Config config_ = training_config();
};

TEST_F(ScannerTrainingTest, PredictableTargetsAreLearnedAndPromotedThroughTheGate) {
  auto store = open("q.db");
  write_market(*store, {});
  const UnixSeconds clock = clock_of(kScans - 1);
  const auto result = train_at(*store, clock);
  ASSERT_EQ(result.status, "success");
  const auto& quality = report_of(result, ScannerModelKind::signal_quality);
  const auto& regime = report_of(result, ScannerModelKind::market_regime);
  ASSERT_EQ(quality.status, "trained") << quality.reason;
  ASSERT_EQ(regime.status, "trained") << regime.reason;
  // Targets the inputs decide: far better than the majority class on the test rows.
  EXPECT_GT(quality.test_accuracy, 0.9);
  EXPECT_GT(regime.test_accuracy, 0.85);
  EXPECT_GT(regime.test_accuracy, regime.baseline_accuracy + 0.2);
  EXPECT_LT(regime.test_log_loss, regime.baseline_log_loss);
  // Keeping the signals it expects to win: losers skipped, a better Sharpe than all signals.
  EXPECT_GT(quality.threshold, 0);
  EXPECT_LT(quality.test_kept, quality.test_rows);
  EXPECT_GT(quality.test_sharpe_kept, quality.test_sharpe_all);

  for (const auto* r : {&quality, &regime}) {
    ASSERT_TRUE(r->decision);
    EXPECT_EQ(r->decision->decision, "promoted") << r->decision->reason;
    EXPECT_EQ(r->decision->champion_version, 0);
    EXPECT_EQ(r->version, 1);
    const std::string series = series_of(r->kind);
    // The scan at the clock was scored before the models existed: the promotion is dated just
    // after it.
    EXPECT_EQ(store->alias_at(series, "5m", "champion", clock + 1), 1);
    EXPECT_EQ(store->alias_at(series, "5m", "champion", clock), std::nullopt);
    const auto decisions = store->promotion_decisions(series, "5m", 0);
    ASSERT_EQ(decisions.size(), 1u);
    EXPECT_EQ(decisions[0].metric,
              r->kind == ScannerModelKind::signal_quality ? "sharpe" : "log_loss");
    // Judged on rows after everything either version trained or was chosen on: the test
    // segment at most.
    EXPECT_LE(std::size_t(decisions[0].rows), r->test_rows);
    EXPECT_GE(decisions[0].rows, 30);
  }
  const auto run = store->training_run(result.run_id);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->mode, "scanner");
  EXPECT_EQ(run->status, "success");
  EXPECT_EQ(store->run_symbols(result.run_id).size(), 2u);
}

TEST_F(ScannerTrainingTest, AVersionNoBetterThanTheChampionIsKeptOutOfTheScanner) {
  auto store = open("q.db");
  write_market(*store, {});
  const UnixSeconds clock = clock_of(kScans - 1);
  ASSERT_EQ(train_at(*store, clock).status, "success");
  // The same rows and seed again: the same trees, no better on the rows neither saw.
  const auto again = train_at(*store, clock);
  for (const auto& r : again.models) {
    ASSERT_TRUE(r.decision) << r.reason;
    EXPECT_EQ(r.version, 2);
    EXPECT_EQ(r.decision->champion_version, 1);
    EXPECT_EQ(r.decision->decision, "kept") << r.decision->reason;
    EXPECT_EQ(store->alias_at(series_of(r.kind), "5m", "champion", clock + 1), 1);
  }
}

TEST_F(ScannerTrainingTest, ADeferredChallengerIsJudgedAgainOnceEnoughRowsAreKnown) {
  auto store = open("q.db");
  write_market(*store, {});
  Config config = training_config();
  config.promotion.min_rows = 200;
  // At scan 450 the test rows after the embargo are fewer than 200: deferred, waiting.
  const auto first = train_at(*store, clock_of(450), config);
  for (const auto& r : first.models) {
    ASSERT_TRUE(r.decision) << r.reason;
    EXPECT_EQ(r.decision->decision, "deferred") << r.decision->reason;
    EXPECT_EQ(store->alias_at(series_of(r.kind), "5m", "challenger", clock_of(kScans)), 1);
  }
  // By the end, more rows after its selection are known: judged again before the new version.
  const auto later = train_at(*store, clock_of(kScans - 1), config);
  for (const auto& r : later.models) {
    ASSERT_TRUE(r.waiting_decision) << series_of(r.kind);
    EXPECT_EQ(r.waiting_decision->challenger_version, 1);
    EXPECT_EQ(r.waiting_decision->decision, "promoted") << r.waiting_decision->reason;
    EXPECT_GE(r.waiting_decision->rows, 200);
    ASSERT_TRUE(r.decision);
    EXPECT_EQ(r.decision->champion_version, 1);  // the new version meets the new champion
  }
}

TEST_F(ScannerTrainingTest, NothingAfterTheClockIsRead) {
  // Two databases alike up to scan 450; after it, other regimes, other features, and every
  // outcome recorded later flipped (signals made before the clock whose outcome came after it
  // are left out by the longest-hold rule either way).
  const int at = 450;
  auto a = open("a.db"), b = open("b.db");
  write_market(*a, {});
  write_market(*b, {at, 1});
  const UnixSeconds clock = clock_of(at);
  const auto ra = train_at(*a, clock), rb = train_at(*b, clock);
  for (ScannerModelKind kind : kScannerModelKinds) {
    const auto &x = report_of(ra, kind), &y = report_of(rb, kind);
    ASSERT_EQ(x.status, "trained") << x.reason;
    ASSERT_EQ(y.status, "trained") << y.reason;
    ASSERT_TRUE(x.decision && y.decision);
    EXPECT_EQ(x.rows, y.rows);
    EXPECT_EQ(x.test_accuracy, y.test_accuracy);
    EXPECT_EQ(x.decision->decision, y.decision->decision);
    EXPECT_EQ(x.decision->challenger_value, y.decision->challenger_value);
    const std::string series = series_of(kind);
    EXPECT_EQ(a->model_version(series, "5m", 1)->version.artifact_sha256,
              b->model_version(series, "5m", 1)->version.artifact_sha256);
  }
  // The perturbation is real: what is known later differs.
  const auto la = train_at(*a, clock_of(kScans - 1)), lb = train_at(*b, clock_of(kScans - 1));
  for (ScannerModelKind kind : kScannerModelKinds) {
    EXPECT_NE(report_of(la, kind).test_log_loss, report_of(lb, kind).test_log_loss)
        << series_of(kind);
  }
}

TEST_F(ScannerTrainingTest, ASeriesThatChangedAfterTheClockIsNotTrainedAtIt) {
  auto store = open("q.db");
  write_market(*store, {});
  ASSERT_EQ(train_at(*store, clock_of(kScans - 1)).status, "success");
  // Earlier than a version: refused before training, nothing registered.
  const auto earlier = train_at(*store, clock_of(450));
  EXPECT_EQ(earlier.status, "failed");
  for (const auto& r : earlier.models) {
    EXPECT_EQ(r.status, "failed");
    EXPECT_TRUE(quantloop::testing::contains(r.reason, "after this run's clock")) << r.reason;
    EXPECT_EQ(store->model_versions(series_of(r.kind), "5m").size(), 2u);  // v0 and v1
  }
  // A champion changed by hand later than this run could date its decision: refused too, rather
  // than a version stored that no decision can be recorded for.
  registry::Registry registry(*store, config_);
  for (ScannerModelKind kind : kScannerModelKinds)
    registry.promote(series_of(kind), "5m", 0, clock_of(kScans) + 86400, "test");
  const auto later = train_at(*store, clock_of(kScans - 1));
  for (const auto& r : later.models) {
    EXPECT_EQ(r.status, "failed");
    EXPECT_TRUE(quantloop::testing::contains(r.reason, "changed at")) << r.reason;
    EXPECT_EQ(store->model_versions(series_of(r.kind), "5m").size(), 2u);
  }
}

TEST_F(ScannerTrainingTest, TheDatasetAtAClockHasOnlyWhatWasKnownThen) {
  auto store = open("q.db");
  write_market(*store, {});
  const int at = 300;
  DatasetQuery query;
  query.from = clock_of(0);
  query.to = clock_of(kScans - 1);
  query.known_at = clock_of(at);
  const auto columns = dataset_columns(config_.scanner);
  const auto column = [&](const std::string& name) {
    return std::size_t(std::find(columns.begin(), columns.end(), name) - columns.begin());
  };
  int rows = 0;
  each_dataset_row(*store, config_.scanner, query, [&](std::span<const Value> cells) {
    const UnixSeconds clock = *parse_timestamp(std::get<std::string>(cells[column("clock")]));
    ASSERT_LE(clock, query.known_at);
    const int k = int((clock - kStart) / kEvery);
    const bool regime_known = k + 12 <= at;
    EXPECT_EQ(!std::holds_alternative<std::monostate>(cells[column("future_market_regime")]),
              regime_known)
        << k;
    if (std::get<std::string>(cells[column("symbol")]) != kSignalSymbol) return;
    const bool outcome_known = k + kHold <= at;
    EXPECT_EQ(!std::holds_alternative<std::monostate>(cells[column("trade_outcome")]),
              outcome_known)
        << k;
    EXPECT_EQ(!std::holds_alternative<std::monostate>(cells[column("r_multiple")]), outcome_known);
    ++rows;
  });
  EXPECT_EQ(rows, at + 1);
}

TEST_F(ScannerTrainingTest, TooFewRowsAreSkippedWithTheReasonAndNothingRegistered) {
  auto store = open("q.db");
  write_market(*store, {}, 60);
  const auto result = train_at(*store, clock_of(59));
  EXPECT_EQ(result.status, "success");
  for (const auto& r : result.models) {
    EXPECT_EQ(r.status, "skipped");
    EXPECT_TRUE(quantloop::testing::contains(r.reason, "fewer than")) << r.reason;
    EXPECT_TRUE(store->model_versions(series_of(r.kind), "5m").empty());
  }
  EXPECT_TRUE(quantloop::testing::contains(store->training_run(result.run_id)->error,
                                           "ict:signal_quality"));
}

TEST_F(ScannerTrainingTest, ScansAreScoredByTheChampionsOfTheirClock) {
  auto store = open("q.db");
  write_market(*store, {});
  const UnixSeconds trained = clock_of(kScans - 1);
  ASSERT_EQ(train_at(*store, trained).status, "success");
  ScanScoring scoring(*store, config_.scanner);
  const auto entry_row = [](ScanRecord& r, const std::string& symbol) -> MlFeatures& {
    for (auto& f : r.features)
      if (f.symbol == symbol && f.timeframe == "5m") return f;
    throw Error("no row");
  };
  // Before the models were trained they do not exist: nothing scored.
  ScanRecord before = scan_record(kScans - 2, {}, std::nullopt);
  scoring.score(before);
  EXPECT_FALSE(entry_row(before, kSignalSymbol).signal_quality);
  EXPECT_FALSE(entry_row(before, kSignalSymbol).signal_confidence);
  // After: the signal row gets P(win), high for a winning pattern, low for a losing one; every
  // entry row its regime confidence; other timeframes and rows without a signal nothing.
  for (double position : {0.9, 0.1}) {
    ScanRecord later = scan_record(kScans, {}, std::nullopt);
    entry_row(later, kSignalSymbol).price_position = position;
    scoring.score(later);
    const MlFeatures& signal = entry_row(later, kSignalSymbol);
    ASSERT_TRUE(signal.signal_quality);
    if (position > 0.5) {
      EXPECT_GT(*signal.signal_quality, 0.8);
    } else {
      EXPECT_LT(*signal.signal_quality, 0.2);
    }
    for (const auto& f : later.features) {
      EXPECT_EQ(f.signal_confidence.has_value(), f.timeframe == "5m");
      if (f.signal_confidence) {
        EXPECT_GE(*f.signal_confidence, 1.0 / 3);
        EXPECT_LE(*f.signal_confidence, 1.0);
      }
      if (!f.signal_generated) {
        EXPECT_FALSE(f.signal_quality);
      }
    }
  }
}

TEST_F(ScannerTrainingTest, RowsAreThoseKnownAtTheClockWhateverTheirOutcome) {
  auto store = open("q.db");
  write_market(*store, {});
  const int at = 300;
  const auto result = train_at(*store, clock_of(at));
  // A signal counts once its longest hold (48 entry bars) has passed, even when its trade
  // closed sooner (here 6 bars): early closes near the clock are not picked out.
  EXPECT_EQ(report_of(result, ScannerModelKind::signal_quality).rows,
            std::size_t(at - config_.scanner.max_hold_bars + 1));
  // A regime row once the scan 12 entry bars later is at or before the clock.
  EXPECT_EQ(report_of(result, ScannerModelKind::market_regime).rows,
            kSymbols.size() * std::size_t(at - 12 + 1));
}

TEST_F(ScannerTrainingTest, AModelWithOneClassToLearnIsSkipped) {
  auto store = open("q.db");
  Market market;
  market.all_lose = true;
  write_market(*store, market);
  const auto result = train_at(*store, clock_of(kScans - 1));
  const auto& quality = report_of(result, ScannerModelKind::signal_quality);
  EXPECT_EQ(quality.status, "skipped");
  EXPECT_TRUE(quantloop::testing::contains(quality.reason, "every one of")) << quality.reason;
  EXPECT_TRUE(store->model_versions("ict:signal_quality", "5m").empty());
  EXPECT_EQ(report_of(result, ScannerModelKind::market_regime).status, "trained");
}

TEST_F(ScannerTrainingTest, AScanRecordsTheVersionsThatScoredIt) {
  auto store = open("q.db");
  write_market(*store, {});
  const UnixSeconds trained = clock_of(kScans - 1);
  ASSERT_EQ(train_at(*store, trained).status, "success");  // v1 promoted
  ASSERT_EQ(train_at(*store, trained).status, "success");  // v2 kept
  registry::Registry registry(*store, config_);
  for (ScannerModelKind kind : kScannerModelKinds) {
    registry.promote(series_of(kind), "5m", 2, trained + 3600, "test");
    registry.promote(series_of(kind), "5m", 0, trained + 7200, "test");
  }
  ScanScoring scoring(*store, config_.scanner);
  const auto scored_at = [&](UnixSeconds clock) {
    ScanRecord r = scan_record(kScans, {}, std::nullopt);
    r.clock = clock;
    scoring.score(r);
    return r;
  };
  const ScanRecord first = scored_at(trained + 1800), second = scored_at(trained + 3600),
                   baseline = scored_at(trained + 7200);
  EXPECT_EQ(first.signal_quality_version, 1);
  EXPECT_EQ(first.market_regime_version, 1);
  EXPECT_EQ(second.signal_quality_version, 2);
  EXPECT_EQ(second.market_regime_version, 2);
  // Version 0's class rates know nothing of a row: no score, no version.
  EXPECT_FALSE(baseline.signal_quality_version);
  EXPECT_FALSE(baseline.market_regime_version);
  for (const auto& f : baseline.features)
    EXPECT_FALSE(f.signal_quality || f.signal_confidence);
  // Stored with the scan.
  ScanRecord recorded = scored_at(trained + 1800);
  recorded.previous_clock = store->last_scan_clock();
  ASSERT_TRUE(store->record_scan(recorded));
  EXPECT_EQ(quantloop::testing::sqlite_value(dir_.file("q.db"),
                                             "SELECT signal_quality_version || ',' || "
                                             "market_regime_version FROM scans ORDER BY id DESC "
                                             "LIMIT 1"),
            "1,1");
}

TEST_F(ScannerTrainingTest, BarSeriesConsumersLeaveScannerSeriesAlone) {
  auto store = open("q.db");
  write_market(*store, {});
  ASSERT_EQ(train_at(*store, clock_of(kScans - 1)).status, "success");
  EXPECT_FALSE(registry::is_bar_series("ict:signal_quality"));
  EXPECT_TRUE(registry::is_bar_series("BTC-USD"));
  // The predictor (and the server, which serves its series) predicts bar series only.
  registry::Predictor predictor(*store, config_);
  EXPECT_TRUE(predictor.series().empty());
  store.reset();
  // By hand, the series is named as it is (not upper-cased as a symbol would be).
  const auto promoted = quantloop::testing::run_quantloop({"--db", dir_.file("q.db"), "models",
                                                           "promote", "ict:market_regime",
                                                           "--interval", "5m", "--version", "0"});
  EXPECT_EQ(promoted.exit_code, 0) << promoted.err;
  EXPECT_EQ(Store::open(dir_.file("q.db"))
                ->alias_at("ict:market_regime", "5m", "champion", now_utc())
                .value_or(-1),
            0);
}

// The regime model's classes are the concepts' regimes.
TEST(ScannerModelClasses, AreTheConceptsRegimes) {
  const auto& classes = classes_of(ScannerModelKind::market_regime);
  for (double adx : {10.0, 30.0}) {
    for (const char* volatility : {"low", "normal", "high"}) {
      const auto regime = concepts::market_regime_of(adx, std::string(volatility));
      ASSERT_TRUE(regime);
      EXPECT_NE(std::find(classes.begin(), classes.end(), *regime), classes.end()) << *regime;
    }
  }
}

}  // namespace
}  // namespace quantloop::scanner
