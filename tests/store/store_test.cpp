#include "store/store.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <cmath>
#include <pqxx/pqxx>
#include <thread>

#include "core/error.h"
#include "test_support.h"

namespace quantloop {
namespace {

using testing::PostgresDatabase;
using testing::TempDir;

enum class Backend { sqlite, postgres };

void PrintTo(Backend backend, std::ostream* out) {
  *out << (backend == Backend::sqlite ? "SQLite" : "PostgreSQL");
}

constexpr int kSchemaVersion = 17;  // migrations in src/store/migrations/<backend>/

BarSeries daily_series(const std::string& symbol, int days, double start_price,
                       UnixSeconds first = *parse_timestamp("2024-01-02")) {
  BarSeries series{symbol, classify_symbol(symbol), Interval::day(), {}};
  for (int i = 0; i < days; ++i) {
    const double p = start_price + i;
    series.bars.push_back(
        {first + i * kSecondsPerDay, p, p + 1.5, p - 0.5, p + 0.25, 1000.0 + i, p + 0.125});
  }
  return series;
}

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::sqlite) {
      url_ = dir_.file("quantloop.db");
    } else {
      postgres_ = std::make_unique<PostgresDatabase>();
      url_ = postgres_->url();
    }
    store_ = Store::open(url_);
  }

  WriteCounts write(const BarSeries& series, const std::string& timeframe = "2y") {
    SeriesWrite writes[] = {{&series, timeframe}};
    return store_->write_bars(writes, {}, *parse_timestamp("2024-06-01 12:00"));
  }

  // Makes the database refuse any market_data row of symbol FAIL, from inside the engine.
  void install_failing_trigger() {
    if (GetParam() == Backend::sqlite) {
      sqlite3* db = nullptr;
      ASSERT_EQ(sqlite3_open(url_.c_str(), &db), SQLITE_OK);
      ASSERT_EQ(sqlite3_exec(db,
                             "CREATE TRIGGER refuse BEFORE INSERT ON market_data "
                             "WHEN NEW.symbol = 'FAIL' BEGIN SELECT RAISE(ABORT, 'refused'); END",
                             nullptr, nullptr, nullptr),
                SQLITE_OK);
      sqlite3_close(db);
    } else {
      pqxx::connection connection(url_);
      pqxx::nontransaction tx(connection);
      tx.exec(
          "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN IF NEW.symbol = 'FAIL' THEN "
          "RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
      tx.exec(
          "CREATE TRIGGER refuse BEFORE INSERT ON market_data FOR EACH ROW EXECUTE FUNCTION "
          "refuse()");
    }
  }

  TempDir dir_;
  std::unique_ptr<PostgresDatabase> postgres_;
  std::string url_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreTest, MigratesOnceAndRecordsTheVersion) {
  EXPECT_EQ(store_->schema_version(), kSchemaVersion);
  store_.reset();
  auto again = Store::open(url_);
  EXPECT_EQ(again->schema_version(), kSchemaVersion);
  const auto tables = again->table_names();
  EXPECT_EQ(tables, (std::vector<std::string>{"market_data",
                                              "training_runs",
                                              "model_metadata",
                                              "rejected_bars",
                                              "training_run_symbols",
                                              "model_versions",
                                              "model_aliases",
                                              "promotion_decisions",
                                              "alias_history",
                                              "predictions",
                                              "jobs",
                                              "workers",
                                              "pair_scans",
                                              "pair_candidates",
                                              "active_pairs",
                                              "pair_models",
                                              "model_performance",
                                              "pair_classifiers",
                                              "model_rankings",
                                              "model_trends",
                                              "signals",
                                              "trades",
                                              "backtests",
                                              "backtest_equity",
                                              "pair_deactivations",
                                              "scans",
                                              "market_conditions",
                                              "ml_features"}));
}

TEST_P(StoreTest, WritesReadsAndCountsInsertedUpdatedUnchanged) {
  const BarSeries aapl = daily_series("AAPL", 30, 100);
  auto first = write(aapl);
  EXPECT_EQ(first.inserted, 30);
  EXPECT_EQ(first.updated + first.unchanged, 0);

  auto second = write(aapl);
  EXPECT_EQ(second.inserted, 0);
  EXPECT_EQ(second.unchanged, 30);
  EXPECT_EQ(second.updated, 0);

  BarSeries revised = aapl;
  revised.bars.back().close += 0.01;  // a provider revising its latest bar
  revised.bars.push_back(daily_series("AAPL", 31, 100).bars.back());
  auto third = write(revised);
  EXPECT_EQ(third.inserted, 1);
  EXPECT_EQ(third.updated, 1);
  EXPECT_EQ(third.unchanged, 29);

  const BarSeries read =
      store_->read_bars("AAPL", Interval::day(), 0, *parse_timestamp("2030-01-01"));
  ASSERT_EQ(read.bars.size(), 31u);
  EXPECT_EQ(read.asset_type, AssetType::stock);
  for (std::size_t i = 0; i < read.bars.size(); ++i) {
    EXPECT_TRUE(read.bars[i].same_values(revised.bars[i])) << i;  // exact round trip
    EXPECT_EQ(read.bars[i].time, revised.bars[i].time);
  }
}

TEST_P(StoreTest, KeepsFractionalVolumeAndMissingAdjustedClose) {
  BarSeries btc{"BTC-USD", AssetType::crypto, Interval::hour(), {}};
  btc.bars.push_back(
      {*parse_timestamp("2019-10-17 09:00"), 8051, 8056.83, 8021.23, 8035.88, 61.25, std::nan("")});
  write(btc, "1h");
  const auto read =
      store_->read_bars("BTC-USD", Interval::hour(), 0, *parse_timestamp("2030-01-01"));
  ASSERT_EQ(read.bars.size(), 1u);
  EXPECT_EQ(read.bars[0].volume, 61.25);
  EXPECT_TRUE(std::isnan(read.bars[0].adj_close));
  EXPECT_EQ(read.asset_type, AssetType::crypto);
  // The seeds' derived columns.
  const auto row = store_->run_sql(
      "SELECT asset_type, timeframe, interval, hour FROM market_data WHERE symbol = 'BTC-USD'");
  ASSERT_EQ(row.rows.size(), 1u);
  EXPECT_EQ(std::get<std::string>(row.rows[0][0]), "crypto");
  EXPECT_EQ(std::get<std::string>(row.rows[0][1]), "1h");
  EXPECT_EQ(std::get<std::string>(row.rows[0][2]), "1h");
  EXPECT_EQ(std::get<std::int64_t>(row.rows[0][3]), 9);
}

TEST_P(StoreTest, ReadsOnlyTheRequestedRangeSymbolAndInterval) {
  write(daily_series("AAPL", 10, 100));
  write(daily_series("MSFT", 10, 200));
  const auto range = store_->read_bars("AAPL", Interval::day(), *parse_timestamp("2024-01-04"),
                                       *parse_timestamp("2024-01-06"));
  ASSERT_EQ(range.bars.size(), 3u);
  EXPECT_EQ(range.bars.front().open, 102);
  EXPECT_TRUE(
      store_->read_bars("AAPL", Interval::hour(), 0, *parse_timestamp("2030-01-01")).bars.empty());
  const auto series = store_->list_series();
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[1].symbol, "MSFT");
  EXPECT_EQ(series[1].bars, 10);
  EXPECT_EQ(series[1].first, *parse_timestamp("2024-01-02"));
  EXPECT_EQ(series[1].last, *parse_timestamp("2024-01-11"));
}

TEST_P(StoreTest, AFailingWriteStoresNothingOfIt) {
  write(daily_series("KEEP", 5, 50));
  install_failing_trigger();
  const BarSeries good = daily_series("AAPL", 20, 100);
  const BarSeries bad = daily_series("FAIL", 3, 10);
  SeriesWrite writes[] = {{&good, "2y"}, {&bad, "2y"}};
  RejectedBar rejected[] = {{"file.csv", 3, "AAPL", "1d", "raw", "reason"}};
  EXPECT_THROW(store_->write_bars(writes, rejected, 0), Error);
  EXPECT_TRUE(
      store_->read_bars("AAPL", Interval::day(), 0, *parse_timestamp("2030-01-01")).bars.empty());
  const auto stats = store_->statistics();
  EXPECT_EQ(stats.table_rows[0].second, 5);  // market_data: only what was there before
  EXPECT_EQ(stats.table_rows[3].second, 0);  // rejected_bars: nothing of the failed write
}

TEST_P(StoreTest, StoresRejectionsWithTheirReasons) {
  const BarSeries good = daily_series("AAPL", 2, 100);
  SeriesWrite writes[] = {{&good, "2y"}};
  RejectedBar rejected[] = {{"a.csv", 7, "AAPL", "1d", "2024-01-05,x", "open 'x' is not a number"}};
  auto counts = store_->write_bars(writes, rejected, 0);
  EXPECT_EQ(counts.rejected, 1);
  const auto table = store_->run_sql("SELECT source, line, reason FROM rejected_bars");
  ASSERT_EQ(table.rows.size(), 1u);
  EXPECT_EQ(std::get<std::string>(table.rows[0][0]), "a.csv");
  EXPECT_EQ(std::get<std::int64_t>(table.rows[0][1]), 7);
  EXPECT_EQ(std::get<std::string>(table.rows[0][2]), "open 'x' is not a number");
}

TEST_P(StoreTest, RecordsTrainingRunsAndModelsForTheMonitoringQueries) {
  TrainingRun run;
  run.run_date = *parse_timestamp("2025-12-11 14:00");
  run.mode = "hourly";
  run.timeframe = "1h";
  run.hour = 14;
  run.symbols_count = 15;
  run.rows_processed = 30;
  run.status = "running";
  run.id = store_->insert_training_run(run);
  EXPECT_GT(run.id, 0);
  run.status = "success";
  run.duration_seconds = 4.5;
  store_->update_training_run(run);
  TrainingRun full = run;
  full.run_date = *parse_timestamp("2025-12-10 20:00");
  full.mode = "full";
  full.hour = 20;
  full.rows_processed = 10950;
  full.status = "failed";
  full.error = "AAPL: NaN loss";
  store_->insert_training_run(full);

  const auto runs = store_->recent_runs(10);
  ASSERT_EQ(runs.rows.size(), 2u);
  EXPECT_EQ(std::get<std::string>(runs.rows[0][1]), "2025-12-11 14:00:00");
  EXPECT_EQ(std::get<std::string>(runs.rows[0][7]), "success");
  EXPECT_EQ(std::get<std::string>(runs.rows[1][9]), "AAPL: NaN loss");

  const auto by_hour = store_->runs_by_hour();
  ASSERT_EQ(by_hour.rows.size(), 2u);
  EXPECT_EQ(std::get<std::int64_t>(by_hour.rows[0][0]), 14);
  EXPECT_EQ(std::get<std::int64_t>(by_hour.rows[0][4]), 1);  // succeeded
  EXPECT_EQ(std::get<std::int64_t>(by_hour.rows[1][4]), 0);

  for (double accuracy : {0.5, 0.7}) {
    ModelMetadata model{0,        "AAPL",   "gru", *parse_timestamp("2025-12-11 14:05"),
                        accuracy, 0.69,     5,     "models/AAPL",
                        "1h",     "hourly", 14};
    EXPECT_GT(store_->insert_model_metadata(model), 0);
  }
  const auto performance = store_->model_performance();
  ASSERT_EQ(performance.rows.size(), 1u);
  EXPECT_EQ(performance.columns[4], "models");
  EXPECT_EQ(std::get<std::int64_t>(performance.rows[0][4]), 2);
  EXPECT_EQ(performance.columns[5], "avg_accuracy");
  EXPECT_DOUBLE_EQ(std::get<double>(performance.rows[0][5]), 0.6);
}

// A model as the runner hands it to the store: metadata, version and artifact bytes.
TrainedModel trained(const std::string& symbol, UnixSeconds trained_at, UnixSeconds data_end,
                     const std::string& artifact) {
  TrainedModel m;
  m.metadata = {0, symbol, "gru", trained_at, 0.5, 0.69, 100, "", "2y", "full", 20};
  m.metadata.interval = "1d";
  m.metadata.data_end = data_end;
  m.version.symbol = symbol;
  m.version.interval = "1d";
  m.version.model_type = "gru";
  m.version.trained_at = trained_at;
  m.version.data_start = data_end - 730 * kSecondsPerDay;
  m.version.data_end = data_end;
  m.version.selection_end = data_end - 60 * kSecondsPerDay;
  m.artifact = artifact;
  m.baseline = m.version;
  m.baseline.model_type = "baseline";
  m.baseline_artifact = "base rate of " + symbol;
  return m;
}

TEST_P(StoreTest, RunningRunsAndSymbolOutcomes) {
  TrainingRun run;
  run.run_date = *parse_timestamp("2025-12-11 20:00");
  run.mode = "full";
  run.status = "running";
  run.pid = 4242;
  run.host = "box";
  run.heartbeat = *parse_timestamp("2025-12-11 20:05");
  run.interval = "1d";
  run.id = store_->insert_training_run(run);
  const auto running = store_->training_runs_with_status("running");
  ASSERT_EQ(running.size(), 1u);
  EXPECT_EQ(running[0].pid, 4242);
  EXPECT_EQ(running[0].host, "box");
  EXPECT_EQ(running[0].heartbeat, run.heartbeat);
  EXPECT_TRUE(store_->training_runs_with_status("success").empty());

  ModelMetadata m{0,    "AAPL", "gru", *parse_timestamp("2025-12-11 20:30"), 0.5, 0.69, 100, "x",
                  "2y", "full", 20};
  m.run_id = run.id;
  m.test_rows = 96;
  m.validation_accuracy = 0.58;
  m.edge_pvalue = 0.031;
  const auto id = store_->insert_model_metadata(m);
  store_->insert_run_symbol({run.id, "AAPL", "success", "", id, 480, 37, 1.5});
  store_->insert_run_symbol({run.id, "MSFT", "failed", "too few bars", 0, 12, 0, 0.01});
  const auto outcomes = store_->run_sql(
      "SELECT symbol, status, error, model_id FROM training_run_symbols ORDER BY id");
  ASSERT_EQ(outcomes.rows.size(), 2u);
  EXPECT_EQ(std::get<std::string>(outcomes.rows[1][2]), "too few bars");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(outcomes.rows[1][3]));
  const auto row = store_->run_sql(
      "SELECT test_rows, validation_accuracy, edge_pvalue FROM model_metadata WHERE id = " +
      std::to_string(id));
  EXPECT_EQ(std::get<std::int64_t>(row.rows[0][0]), 96);
  EXPECT_DOUBLE_EQ(std::get<double>(row.rows[0][2]), 0.031);
}

TEST_P(StoreTest, RegistersVersionsWithTheBaselineFirstAndArtifactsIntact) {
  const UnixSeconds later = *parse_timestamp("2030-01-01");
  EXPECT_FALSE(store_->latest_version("AAPL", "1d", "gru", later, later));
  // Bytes of every value: a BLOB and a bytea keep them all.
  std::string binary;
  for (int b = 0; b < 256; ++b)
    binary += char(b);
  const auto first = store_->register_model(trained("AAPL", *parse_timestamp("2025-12-10 20:30"),
                                                    *parse_timestamp("2025-12-09"), binary));
  EXPECT_EQ(first.version, 1);  // version 0 is the baseline
  const auto second = store_->register_model(trained("AAPL", *parse_timestamp("2025-12-11 20:30"),
                                                     *parse_timestamp("2025-12-10"), "second"));
  EXPECT_EQ(second.version, 2);
  EXPECT_EQ(store_->register_model(trained("MSFT", later - 10, later - 86400, "m")).version, 1);

  const auto versions = store_->model_versions("AAPL", "1d");
  ASSERT_EQ(versions.size(), 3u);
  EXPECT_EQ(versions[0].model_type, "baseline");
  EXPECT_EQ(versions[0].model_id, 0);
  EXPECT_EQ(versions[1].model_id, first.model_id);
  EXPECT_EQ(versions[1].artifact_bytes, 256);
  EXPECT_EQ(versions[1].artifact_sha256.size(), 64u);
  EXPECT_EQ(store_->model_versions("", "").size(), 5u);
  EXPECT_EQ(store_->model_version("AAPL", "1d", 0)->artifact, "base rate of AAPL");
  EXPECT_EQ(store_->model_version("AAPL", "1d", 1)->artifact, binary);
  const auto path = store_->run_sql("SELECT model_path FROM model_metadata WHERE id = " +
                                    std::to_string(second.model_id));
  EXPECT_EQ(std::get<std::string>(path.rows[0][0]), "registry:AAPL/1d/v2");

  const auto latest = store_->latest_version("AAPL", "1d", "gru", later, later);
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->version.version, 2);
  EXPECT_EQ(latest->artifact, "second");
  EXPECT_FALSE(store_->latest_version("AAPL", "1h", "gru", later, later));
  EXPECT_FALSE(store_->latest_version("AAPL", "1d", "gbdt", later, later));
  // A run whose clock is before the newer model was trained, or before its data ended, sees
  // only the older one.
  EXPECT_EQ(store_->latest_version("AAPL", "1d", "gru", *parse_timestamp("2025-12-11 20:00"), later)
                ->version.version,
            1);
  EXPECT_EQ(store_->latest_version("AAPL", "1d", "gru", later, *parse_timestamp("2025-12-09 12:00"))
                ->version.version,
            1);
  EXPECT_FALSE(
      store_->latest_version("AAPL", "1d", "gru", *parse_timestamp("2025-12-10 20:00"), later));
  EXPECT_EQ(store_->database_id().size(), 32u);
}

TEST_P(StoreTest, ADamagedArtifactIsNeverLoaded) {
  store_->register_model(trained("AAPL", *parse_timestamp("2025-12-10 20:30"),
                                 *parse_timestamp("2025-12-09"), "weights"));
  store_.reset();
  const std::string damage =
      "UPDATE model_versions SET artifact_sha256 = 'x' || substr(artifact_sha256, 2) "
      "WHERE version = 1";
  if (GetParam() == Backend::sqlite) {
    sqlite3* db = nullptr;
    sqlite3_open(url_.c_str(), &db);
    sqlite3_exec(db, damage.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(db);
  } else {
    pqxx::connection connection(url_);
    pqxx::nontransaction(connection).exec(damage);
  }
  store_ = Store::open(url_);
  try {
    store_->model_version("AAPL", "1d", 1);
    FAIL() << "a damaged artifact was returned";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("checksum"), std::string::npos) << e.what();
  }
}

// Two processes registering versions of one series at once never take the same number.
TEST_P(StoreTest, ConcurrentRegistrationsTakeDistinctVersions) {
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      auto store = Store::open(url_);
      for (int i = 0; i < 5; ++i) {
        store->register_model(trained("AAPL", *parse_timestamp("2025-12-10 20:30") + w * 10 + i,
                                      *parse_timestamp("2025-12-09"), "w"));
      }
    });
  }
  for (auto& t : writers)
    t.join();
  const auto versions = store_->model_versions("AAPL", "1d");
  ASSERT_EQ(versions.size(), 21u);
  for (int v = 0; v < 21; ++v)
    EXPECT_EQ(versions[std::size_t(v)].version, v);
}

AliasChange change(const std::string& alias, int from, int to, UnixSeconds at) {
  AliasChange c;
  c.symbol = "AAPL";
  c.interval = "1d";
  c.alias = alias;
  c.old_version = from;
  c.new_version = to;
  c.changed_at = at;
  c.actor = "test";
  c.reason = "because";
  return c;
}

// An alias of AAPL 1d as a decision saw it.
AliasRow seen_alias(const std::string& alias, int version) {
  return {"AAPL", "1d", alias, version, 0};
}

TEST_P(StoreTest, AliasesChangeWithTheirHistoryOnlyFromWhatTheCallerSaw) {
  const UnixSeconds t0 = *parse_timestamp("2025-01-01 20:30");
  const UnixSeconds t1 = *parse_timestamp("2025-01-02 20:30");
  AliasChange first[] = {change("champion", -1, 0, t0)};
  EXPECT_EQ(store_->record_decision({}, first, {}), 0);  // no decision row
  PromotionDecision d;
  d.symbol = "AAPL";
  d.interval = "1d";
  d.decided_at = t1;
  d.challenger_version = 3;
  d.champion_version = 0;
  d.decision = "promoted";
  d.metric = "log_loss";
  d.rows = 40;
  d.challenger_value = 0.68;
  d.champion_value = 0.69;
  d.statistic = 1.9;
  d.pvalue = 0.03;
  d.reason = "better";
  d.actor = "run 7";
  d.run_id = 7;
  d.evidence = R"({"rows":[]})";
  AliasChange promote[] = {change("champion", 0, 3, t1), change("challenger", -1, 3, t1)};
  const AliasRow before[] = {seen_alias("champion", 0)};
  const auto id = store_->record_decision(d, promote, before);
  ASSERT_TRUE(id);
  EXPECT_GT(*id, 0);
  // Another process that still believes version 0 is champion changes nothing.
  AliasChange stale[] = {change("champion", 0, 4, t1 + 5)};
  d.champion_version = 0;
  d.challenger_version = 4;
  EXPECT_FALSE(store_->record_decision(d, stale, before));
  EXPECT_EQ(store_->promotion_decisions("AAPL", "1d", 0).size(), 1u);

  const auto aliases = store_->aliases("AAPL", "1d");
  ASSERT_EQ(aliases.size(), 2u);
  EXPECT_EQ(aliases[0].alias, "challenger");
  EXPECT_EQ(aliases[1].alias, "champion");
  EXPECT_EQ(aliases[1].version, 3);
  AliasChange remove[] = {change("challenger", 3, -1, t1 + 60)};
  const AliasRow now[] = {seen_alias("challenger", 3), seen_alias("champion", 3)};
  EXPECT_EQ(store_->record_decision({}, remove, now), 0);
  EXPECT_EQ(store_->aliases("", "").size(), 1u);

  const auto history = store_->alias_history("AAPL", "1d");
  ASSERT_EQ(history.size(), 4u);
  EXPECT_EQ(history[1].old_version, 0);
  EXPECT_EQ(history[1].new_version, 3);
  EXPECT_EQ(history[1].decision_id, *id);
  EXPECT_EQ(history[3].new_version, -1);
  // What was in production at time t is one query.
  EXPECT_FALSE(store_->alias_at("AAPL", "1d", "champion", t0 - 1));
  EXPECT_EQ(store_->alias_at("AAPL", "1d", "champion", t0), 0);
  EXPECT_EQ(store_->alias_at("AAPL", "1d", "champion", t1 - 1), 0);
  EXPECT_EQ(store_->alias_at("AAPL", "1d", "champion", t1 + 3600), 3);
  EXPECT_FALSE(store_->alias_at("AAPL", "1d", "challenger", t1 + 3600));

  const auto decisions = store_->promotion_decisions("", "", 10);
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].decision, "promoted");
  EXPECT_EQ(decisions[0].run_id, 7);
  EXPECT_DOUBLE_EQ(decisions[0].pvalue, 0.03);
  EXPECT_EQ(decisions[0].evidence, d.evidence);
  EXPECT_EQ(decisions[0].decided_at, t1);
}

TEST_P(StoreTest, PredictionsGetTheirOutcomeWhenTheNextBarIsStored) {
  // Closes rise by 1 each day: every next bar closes higher.
  write(daily_series("AAPL", 5, 100.0));
  const UnixSeconds day = kSecondsPerDay;
  const UnixSeconds first = *parse_timestamp("2024-01-02");
  const UnixSeconds last = first + 4 * day;
  PredictionRow p;
  p.symbol = "AAPL";
  p.interval = "1d";
  p.model_version = 2;
  p.role = "champion";
  p.prob_up = 0.6;
  p.created_at = last + 3600;
  p.as_of = first + 2 * day;  // its next bar is stored already
  PredictionRow open = p;
  open.as_of = last;
  PredictionRow shadow = open;
  shadow.model_version = 1;
  shadow.role = "shadow";
  shadow.prob_up = 0.3;
  PredictionRow batch[] = {p, open, shadow, open};  // a repeat is ignored
  store_->insert_predictions(batch);
  auto rows = store_->predictions("AAPL", "1d", -1, 0, false);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].as_of, last);
  EXPECT_EQ(rows[0].model_version, 2);
  EXPECT_EQ(rows[0].outcome, -1);
  EXPECT_EQ(rows[2].outcome, 1);
  EXPECT_EQ(rows[2].target, first + 3 * day);
  EXPECT_EQ(store_->predictions("AAPL", "1d", 2, 0, true).size(), 1u);

  // The next bar closes lower: both open predictions resolve to 0, in the same write.
  BarSeries next{"AAPL", AssetType::stock, Interval::day(), {}};
  next.bars.push_back({last + day, 104, 105, 90, 95, 1000, 95});
  write(next);
  rows = store_->predictions("AAPL", "1d", -1, 2, true);
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows) {
    EXPECT_EQ(row.outcome, 0);
    EXPECT_EQ(row.target, last + day);
  }
  EXPECT_EQ(store_->predictions("AAPL", "1d", 1, 0, false)[0].role, "shadow");
  EXPECT_DOUBLE_EQ(store_->predictions("AAPL", "1d", 1, 0, false)[0].prob_up, 0.3);
}

// An outcome is decided by complete bars only, and again whenever a bar it rests on changes: a
// revised target, a revised base bar, a bar that arrives late between the two.
TEST_P(StoreTest, OutcomesComeFromCompleteBarsAndFollowRevisions) {
  const UnixSeconds day = kSecondsPerDay;
  const UnixSeconds first = *parse_timestamp("2024-01-02");
  BarSeries bars = daily_series("AAPL", 5, 100.0);  // closes 100.25 .. 104.25, rising
  const auto write_at = [&](const BarSeries& series, UnixSeconds clock) {
    SeriesWrite writes[] = {{&series, "2y"}};
    return store_->write_bars(writes, {}, clock);
  };
  write_at(bars, first + 10 * day);
  PredictionRow p{0, "AAPL", "1d", 1, "champion", first + 2 * day, 0.6, first + 3 * day, 0, -1};
  PredictionRow last = p;
  last.as_of = first + 4 * day;
  const PredictionRow made[] = {p, last};
  store_->insert_predictions(made);
  const auto outcome_of = [&](UnixSeconds as_of) {
    for (const auto& row : store_->predictions("AAPL", "1d", 1, 0, false)) {
      if (row.as_of == as_of) return std::pair(row.outcome, row.target);
    }
    return std::pair(-2, UnixSeconds{0});
  };
  EXPECT_EQ(outcome_of(p.as_of), std::pair(1, first + 3 * day));

  // The target is revised below the base bar's close: the outcome follows.
  BarSeries revised{"AAPL", AssetType::stock, Interval::day(), {bars.bars[3]}};
  revised.bars[0].close = revised.bars[0].adj_close = revised.bars[0].low = 101.0;
  EXPECT_EQ(write_at(revised, first + 10 * day).updated, 1);
  EXPECT_EQ(outcome_of(p.as_of), std::pair(0, first + 3 * day));
  // The base bar is revised below the target's close: up again.
  BarSeries base{"AAPL", AssetType::stock, Interval::day(), {bars.bars[2]}};
  base.bars[0].close = base.bars[0].adj_close = base.bars[0].low = 100.5;
  EXPECT_EQ(write_at(base, first + 10 * day).updated, 1);
  EXPECT_EQ(outcome_of(p.as_of), std::pair(1, first + 3 * day));

  // The next bar is written while it is under way: no outcome from it until it is complete.
  BarSeries under_way{"AAPL", AssetType::stock, Interval::day(), {}};
  under_way.bars.push_back({first + 6 * day, 104, 110, 103, 109, 1000, 109});
  write_at(under_way, first + 6 * day + 12 * kSecondsPerHour);
  EXPECT_EQ(outcome_of(last.as_of).first, -1);
  write_at(under_way, first + 7 * day);  // the same bar, now complete
  EXPECT_EQ(outcome_of(last.as_of), std::pair(1, first + 6 * day));
  // A bar that arrives late, between the base and the target, becomes the target.
  BarSeries late{"AAPL", AssetType::stock, Interval::day(), {}};
  late.bars.push_back({first + 5 * day, 104, 105, 100, 101, 1000, 101});
  EXPECT_EQ(write_at(late, first + 10 * day).inserted, 1);
  EXPECT_EQ(outcome_of(last.as_of), std::pair(0, first + 5 * day));
}

TEST_P(StoreTest, ReadsTheLastBarsAtOrBeforeATime) {
  write(daily_series("AAPL", 30, 100.0));
  const UnixSeconds first = *parse_timestamp("2024-01-02");
  const auto last = store_->read_last_bars("AAPL", Interval::day(), first + 9 * kSecondsPerDay, 4);
  ASSERT_EQ(last.bars.size(), 4u);
  EXPECT_EQ(last.bars.front().time, first + 6 * kSecondsPerDay);
  EXPECT_EQ(last.bars.back().time, first + 9 * kSecondsPerDay);
  EXPECT_DOUBLE_EQ(last.bars.back().close, 109.25);
  EXPECT_EQ(store_->read_last_bars("AAPL", Interval::day(), first - 1, 4).bars.size(), 0u);
  EXPECT_EQ(
      store_->read_last_bars("AAPL", Interval::day(), first + 2 * kSecondsPerDay, 10).bars.size(),
      3u);
}

TEST_P(StoreTest, ArchivedVersionsKeepTheirRowsButNotTheirArtifacts) {
  store_->register_model(trained("AAPL", *parse_timestamp("2025-12-10 20:30"),
                                 *parse_timestamp("2025-12-09"), "weights"));
  const int archive[] = {1};
  EXPECT_TRUE(store_->archive_versions("AAPL", "1d", archive, 0));
  const auto versions = store_->model_versions("AAPL", "1d");
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[1].status, "archived");
  EXPECT_EQ(versions[0].status, "active");
  EXPECT_THROW(store_->model_version("AAPL", "1d", 1), Error);
  const auto bytes = store_->run_sql("SELECT COUNT(*) FROM model_versions WHERE artifact IS NULL");
  EXPECT_EQ(std::get<std::int64_t>(bytes.rows[0][0]), 1);
}

// Every decision is optimistic on all the aliases it read: a kept or deferred one made on a
// champion another process replaced meanwhile is not recorded, and an older deferred challenger
// cannot be set beside a champion promoted over it.
TEST_P(StoreTest, DecisionsAreRecordedOnlyOnTheAliasesTheySaw) {
  const UnixSeconds t = *parse_timestamp("2025-01-02 20:30");
  const AliasChange first[] = {change("champion", -1, 0, t)};
  ASSERT_EQ(store_->record_decision({}, first, {}), 0);
  const AliasRow champion_zero[] = {seen_alias("champion", 0)};
  PromotionDecision kept;
  kept.symbol = "AAPL";
  kept.interval = "1d";
  kept.decided_at = t + 10;
  kept.challenger_version = 5;
  kept.decision = "kept";
  kept.metric = "log_loss";
  kept.reason = "no better";
  kept.actor = "run 1";
  PromotionDecision promoted = kept;
  promoted.challenger_version = 6;
  promoted.decision = "promoted";
  // Process B promotes 6 over 0 ...
  const AliasChange promote[] = {change("champion", 0, 6, t + 5)};
  ASSERT_TRUE(store_->record_decision(promoted, promote, champion_zero));
  // ... then A's verdicts, made on champion 0, arrive: neither a keep (no alias change) nor a
  // deferral (5 waiting as challenger) is recorded.
  EXPECT_FALSE(store_->record_decision(kept, {}, champion_zero));
  PromotionDecision deferred = kept;
  deferred.decision = "deferred";
  const AliasChange wait[] = {change("challenger", -1, 5, t + 10)};
  EXPECT_FALSE(store_->record_decision(deferred, wait, champion_zero));
  EXPECT_EQ(store_->promotion_decisions("AAPL", "1d", 0).size(), 1u);
  const auto aliases = store_->aliases("AAPL", "1d");
  ASSERT_EQ(aliases.size(), 1u);
  EXPECT_EQ(aliases[0].version, 6);
  // The other order: A's deferral first, then B's promotion made before it saw the challenger.
  const AliasRow champion_six[] = {seen_alias("champion", 6)};
  ASSERT_TRUE(store_->record_decision(deferred, wait, champion_six));
  const AliasChange promote_again[] = {change("champion", 6, 7, t + 20)};
  EXPECT_FALSE(store_->record_decision(promoted, promote_again, champion_six));
}

// The alias history stays in time order: a decision dated before the series' newest change (a
// run replaying an earlier clock) is refused whole, so that what was in production at t is
// what the aliases say once t has passed.
TEST_P(StoreTest, NoDecisionIsRecordedBeforeTheNewestChange) {
  const UnixSeconds t = *parse_timestamp("2025-01-02 20:30");
  const AliasChange first[] = {change("champion", -1, 0, t)};
  ASSERT_EQ(store_->record_decision({}, first, {}), 0);
  PromotionDecision d;
  d.symbol = "AAPL";
  d.interval = "1d";
  d.decided_at = t - 3600;
  d.challenger_version = 2;
  d.decision = "promoted";
  d.metric = "log_loss";
  d.reason = "better";
  d.actor = "run 9";
  const AliasChange earlier[] = {change("champion", 0, 2, t - 3600)};
  const AliasRow champion_zero[] = {seen_alias("champion", 0)};
  try {
    store_->record_decision(d, earlier, champion_zero);
    FAIL() << "a decision was recorded before the newest change";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("a decision is never recorded before a later one"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(store_->alias_at("AAPL", "1d", "champion", t + 1), 0);
  EXPECT_TRUE(store_->promotion_decisions("AAPL", "1d", 0).empty());
}

// What a server polls moves with every alias change and every finished run.
TEST_P(StoreTest, TheServingStateMovesWithAliasChangesAndFinishedRuns) {
  const UnixSeconds t = *parse_timestamp("2025-01-02 20:30");
  const ServingState before = store_->serving_state(t);
  const AliasChange first[] = {change("champion", -1, 0, t)};
  ASSERT_EQ(store_->record_decision({}, first, {}), 0);
  const ServingState changed = store_->serving_state(t);
  EXPECT_NE(changed.last_alias_change, before.last_alias_change);
  EXPECT_EQ(changed.last_finished_run, before.last_finished_run);
  TrainingRun run;
  run.run_date = t;
  run.mode = "hourly";
  run.status = "running";
  run.interval = "1h";
  run.id = store_->insert_training_run(run);
  EXPECT_EQ(store_->serving_state(t).last_finished_run, changed.last_finished_run);
  run.status = "success";
  store_->update_training_run(run);
  const ServingState finished = store_->serving_state(t);
  EXPECT_NE(finished.last_finished_run, changed.last_finished_run);
  EXPECT_EQ(finished.last_alias_change, changed.last_alias_change);
  ASSERT_EQ(finished.last_runs.size(), 1u);
  EXPECT_EQ(finished.last_runs[0].status, "success");
}

// models gc against a promotion in between: the plan rests on the alias history it read, and an
// archived version can never become champion.
TEST_P(StoreTest, ArchivingYieldsToAnAliasThatMovedAndArchivedVersionsCannotBePromoted) {
  for (int day = 10; day <= 12; ++day) {
    store_->register_model(trained("AAPL", *parse_timestamp(fmt::format("2025-12-{} 20:30", day)),
                                   *parse_timestamp(fmt::format("2025-12-{:02}", day - 1)),
                                   "weights"));  // versions 1 to 3
  }
  const UnixSeconds t = *parse_timestamp("2025-12-13 20:30");
  const AliasChange first[] = {change("champion", -1, 0, t)};
  ASSERT_EQ(store_->record_decision({}, first, {}), 0);
  const auto planned = store_->alias_history("AAPL", "1d").back().id;  // gc reads, plans 1, 2
  PromotionDecision d;
  d.symbol = "AAPL";
  d.interval = "1d";
  d.decided_at = t + 60;
  d.challenger_version = 1;
  d.decision = "promoted";
  d.metric = "manual";
  d.reason = "by hand";
  d.actor = "user";
  const AliasChange promote[] = {change("champion", 0, 1, t + 60)};
  const AliasRow champion_zero[] = {seen_alias("champion", 0)};
  ASSERT_TRUE(store_->record_decision(d, promote, champion_zero));  // 1 promoted meanwhile
  const int archive[] = {1, 2};
  EXPECT_FALSE(store_->archive_versions("AAPL", "1d", archive, planned));
  for (const auto& v : store_->model_versions("AAPL", "1d"))
    EXPECT_EQ(v.status, "active") << v.version;
  EXPECT_NO_THROW(store_->model_version("AAPL", "1d", 1));
  // Planned again on the history as it is now: the champion is never archived.
  const auto now_seen = store_->alias_history("AAPL", "1d").back().id;
  EXPECT_TRUE(store_->archive_versions("AAPL", "1d", archive, now_seen));
  EXPECT_EQ(store_->model_versions("AAPL", "1d")[1].status, "active");
  EXPECT_EQ(store_->model_versions("AAPL", "1d")[2].status, "archived");
  // A decision that would make the archived version 2 champion is refused whole.
  d.challenger_version = 2;
  d.champion_version = 1;
  const AliasChange to_archived[] = {change("champion", 1, 2, t + 120)};
  const AliasRow champion_one[] = {seen_alias("champion", 1)};
  try {
    store_->record_decision(d, to_archived, champion_one);
    FAIL() << "an archived version became champion";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("was archived by models gc"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(store_->alias_at("AAPL", "1d", "champion", t + 1000), 1);
  EXPECT_EQ(store_->promotion_decisions("AAPL", "1d", 0).size(), 1u);
}

TEST_P(StoreTest, RecentBarsAndStatistics) {
  BarSeries hourly{"EURUSD", AssetType::forex, Interval::hour(), {}};
  for (int i = 0; i < 48; ++i) {
    hourly.bars.push_back(
        {*parse_timestamp("2024-03-04") + i * 3600, 1.08, 1.09, 1.07, 1.085, 100, std::nan("")});
  }
  write(hourly, "1h");
  const auto recent =
      store_->recent_bars("EURUSD", Interval::hour(), *parse_timestamp("2024-03-05 12:00"));
  ASSERT_EQ(recent.rows.size(), 12u);
  EXPECT_EQ(std::get<std::string>(recent.rows[0][0]), "2024-03-05 23:00:00");  // newest first
  const auto stats = store_->statistics();
  EXPECT_EQ(stats.schema_version, kSchemaVersion);
  EXPECT_GT(stats.size_bytes, 0);
  EXPECT_EQ(stats.table_rows[0], (std::pair<std::string, std::int64_t>{"market_data", 48}));
  ASSERT_EQ(stats.series.size(), 1u);
  EXPECT_EQ(stats.series[0].asset_type, "forex");
}

TEST_P(StoreTest, ExportsTablesInKeyOrderAndRefusesUnknownOnes) {
  write(daily_series("MSFT", 3, 200));
  write(daily_series("AAPL", 3, 100));
  std::vector<std::string> columns;
  std::vector<std::string> symbols;
  store_->export_table(
      "market_data", [&](const auto& c) { columns = c; },
      [&](const auto& row) { symbols.push_back(std::get<std::string>(row[1])); });
  EXPECT_EQ(columns.front(), "id");
  EXPECT_EQ(symbols, (std::vector<std::string>{"AAPL", "AAPL", "AAPL", "MSFT", "MSFT", "MSFT"}));
  EXPECT_THROW(store_->export_table(
                   "sqlite_master", [](const auto&) {}, [](const auto&) {}),
               Error);
}

TEST_P(StoreTest, RunSqlAllowsReadsAndRefusesWrites) {
  write(daily_series("AAPL", 3, 100));
  EXPECT_EQ(std::get<std::int64_t>(store_->run_sql("SELECT COUNT(*) FROM market_data").rows[0][0]),
            3);
  EXPECT_THROW(store_->run_sql("DELETE FROM market_data"), Error);
  EXPECT_THROW(store_->run_sql("DROP TABLE market_data"), Error);
  EXPECT_EQ(std::get<std::int64_t>(store_->run_sql("SELECT COUNT(*) FROM market_data").rows[0][0]),
            3);
  EXPECT_THROW(store_->run_sql("SELEKT 1"), Error);
}

// Hostile statements of the kind that once got through ("COMMIT; DELETE ..."): each must
// fail, and afterwards the database must be exactly as before.
TEST_P(StoreTest, RunSqlCannotWriteWhateverTheStatement) {
  write(daily_series("AAPL", 3, 100));
  const std::string evil_file = dir_.file("evil.db");
  const std::string copy_file = dir_.file("copy.db");
  std::vector<std::string> hostile = {
      "DELETE FROM market_data",
      "COMMIT; DELETE FROM market_data",
      "COMMIT; CREATE TABLE evil (x INTEGER)",
      "SELECT 1; DROP TABLE market_data",
      "UPDATE market_data SET close = 0",
      "INSERT INTO market_data(symbol, asset_type, date, interval) VALUES('X', 'stock', "
      "'2024-01-01 00:00:00', '1d')",
      "CREATE TABLE evil (x INTEGER)",
      "DROP TABLE rejected_bars",
      "WITH doomed AS (SELECT id FROM market_data) DELETE FROM market_data WHERE id IN "
      "(SELECT id FROM doomed)",
      "ROLLBACK; DELETE FROM market_data",
  };
  if (GetParam() == Backend::sqlite) {
    hostile.insert(hostile.end(), {
                                      "ATTACH DATABASE '" + evil_file + "' AS evil",
                                      "VACUUM INTO '" + copy_file + "'",
                                      "PRAGMA journal_mode=DELETE",
                                      "PRAGMA user_version=7",
                                      "PRAGMA writable_schema=ON",
                                      "CREATE TEMP TABLE scratch (x INTEGER)",
                                      "BEGIN IMMEDIATE",
                                      "ANALYZE",
                                      "REINDEX",
                                      "SELECT 1; ATTACH DATABASE ':memory:' AS m",
                                  });
  } else {
    hostile.insert(hostile.end(),
                   {
                       "WITH d AS (DELETE FROM market_data RETURNING *) SELECT * FROM d",
                       "SELECT * INTO evil FROM market_data",
                       "CREATE TABLE evil AS SELECT * FROM market_data",
                       "SELECT nextval('market_data_id_seq')",
                       "SELECT setval('market_data_id_seq', 1000)",
                       "TRUNCATE market_data",
                       "COPY market_data TO '" + copy_file + "'",
                       "SET TRANSACTION READ WRITE",
                       "SELECT set_config('default_transaction_read_only', 'off', false); DELETE "
                       "FROM market_data",
                       "DECLARE other CURSOR FOR SELECT 1",
                   });
  }
  auto state = [&] {
    return store_->run_sql(
        "SELECT (SELECT COUNT(*) FROM market_data) || ':' || (SELECT SUM(close) FROM market_data) "
        "|| ':' || (SELECT COUNT(*) FROM rejected_bars)");
  };
  const auto before = state();
  const auto tables = store_->table_names();
  for (const std::string& statement : hostile) {
    EXPECT_THROW(store_->run_sql(statement), Error) << statement;
    EXPECT_EQ(state().rows, before.rows) << statement;
  }
  EXPECT_FALSE(std::filesystem::exists(evil_file));
  EXPECT_FALSE(std::filesystem::exists(copy_file));
  if (GetParam() == Backend::sqlite) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(url_.c_str(), &db), SQLITE_OK);
    auto text = [&](const char* sql) {
      sqlite3_stmt* statement = nullptr;
      sqlite3_prepare_v2(db, sql, -1, &statement, nullptr);
      sqlite3_step(statement);
      std::string value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
      sqlite3_finalize(statement);
      return value;
    };
    EXPECT_EQ(text("PRAGMA journal_mode"), "wal");
    EXPECT_EQ(text("PRAGMA user_version"), "0");
    EXPECT_EQ(text("SELECT COUNT(*) FROM sqlite_master WHERE name = 'evil'"), "0");
    sqlite3_close(db);
  } else {
    pqxx::connection connection(url_);
    pqxx::nontransaction check(connection);
    EXPECT_EQ(check.exec("SELECT to_regclass('evil') IS NULL")[0][0].as<bool>(), true);
    EXPECT_EQ(check.exec("SELECT last_value FROM market_data_id_seq")[0][0].as<int>(), 3);
    // PostgreSQL lets a READ ONLY transaction create a large object; the transaction of
    // run_sql is never committed, so nothing of it stays.
    store_->run_sql("SELECT lo_create(0)");
    EXPECT_EQ(check.exec("SELECT COUNT(*) FROM pg_largeobject_metadata")[0][0].as<int>(), 0);
  }
  // Reading still works, including the forms people use.
  EXPECT_EQ(std::get<std::int64_t>(store_->run_sql("SELECT COUNT(*) FROM market_data;").rows[0][0]),
            3);
  EXPECT_EQ(
      store_->run_sql("WITH t AS (SELECT symbol FROM market_data) SELECT DISTINCT symbol FROM t")
          .rows.size(),
      1u);
}

TEST_P(StoreTest, RefusesASchemaNewerThanItKnows) {
  store_.reset();
  if (GetParam() == Backend::sqlite) {
    sqlite3* db = nullptr;
    sqlite3_open(url_.c_str(), &db);
    sqlite3_exec(db, "INSERT INTO schema_version VALUES (999, 'future', '2030-01-01')", nullptr,
                 nullptr, nullptr);
    sqlite3_close(db);
  } else {
    pqxx::connection connection(url_);
    pqxx::nontransaction(connection)
        .exec("INSERT INTO schema_version VALUES (999, 'future', now())");
  }
  try {
    Store::open(url_);
    FAIL() << "opened a database from the future";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("schema version 999 is newer"), std::string::npos)
        << e.what();
  }
}

TEST_P(StoreTest, ConcurrentFirstOpensMigrateOnce) {
  std::string url = url_;
  if (GetParam() == Backend::sqlite) url = dir_.file("fresh.db");
  std::unique_ptr<PostgresDatabase> fresh;
  if (GetParam() == Backend::postgres) {
    fresh = std::make_unique<PostgresDatabase>();
    url = fresh->url();
  }
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      try {
        auto store = Store::open(url);
        if (store->schema_version() != kSchemaVersion) ++failures;
      } catch (const std::exception&) {
        ++failures;
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(failures.load(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values(Backend::sqlite, Backend::postgres),
                         [](const auto& info) {
                           return info.param == Backend::sqlite ? "SQLite" : "PostgreSQL";
                         });

TEST(StoreOpen, ExistingModeRefusesAMissingFile) {
  TempDir dir;
  try {
    Store::open(dir.file("missing.db"), Store::OpenMode::existing);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "database " + dir.file("missing.db") + ": no such database file");
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("missing.db")));
}

TEST(StoreOpen, AFileThatIsNotADatabaseIsNamed) {
  TempDir dir;
  testing::write_file(dir.file("prices.csv"),
                      "Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,10\n");
  try {
    Store::open(dir.file("prices.csv"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("prices.csv"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("not a database"), std::string::npos) << e.what();
  }
  EXPECT_EQ(testing::read_file(dir.file("prices.csv")).substr(0, 4), "Date");  // untouched
}

TEST(StoreOpen, UnwritableLocationIsAnError) {
  EXPECT_THROW(Store::open("/proc/quantloop-cannot-be-here.db"), Error);
  EXPECT_THROW(Store::open("/nonexistent-directory/quantloop.db"), Error);
}

TEST(StoreOpen, BadPostgresUrlIsAnErrorWithThePasswordMasked) {
  try {
    Store::open("postgresql://user:topsecret@127.0.0.1:1/none?connect_timeout=2");
    FAIL();
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.find("topsecret"), std::string::npos) << message;
    EXPECT_NE(message.find("postgresql://user:****@127.0.0.1:1/none"), std::string::npos)
        << message;
  }
}

Job command_job(std::vector<std::string> command, UnixSeconds at, std::string schedule = "") {
  Job job;
  job.command = std::move(command);
  job.schedule = std::move(schedule);
  job.scheduled_for = at;
  job.not_before = at;
  job.created_at = at;
  job.max_attempts = 2;
  return job;
}

TEST_P(StoreTest, AScheduledFireMakesOneJob) {
  const UnixSeconds fire = *parse_timestamp("2027-01-04 09:00");
  const auto first = store_->enqueue_job(command_job({"run", "--mode", "hourly"}, fire, "hourly"));
  ASSERT_TRUE(first);
  EXPECT_FALSE(store_->enqueue_job(command_job({"run"}, fire, "hourly")));
  EXPECT_TRUE(store_->enqueue_job(command_job({"run"}, fire, "full")));
  // Submitted jobs (no schedule) never collide.
  EXPECT_TRUE(store_->enqueue_job(command_job({"check"}, fire)));
  EXPECT_TRUE(store_->enqueue_job(command_job({"check"}, fire)));
  const auto job = store_->job(*first);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->command, (std::vector<std::string>{"run", "--mode", "hourly"}));
  EXPECT_EQ(job->schedule, "hourly");
  EXPECT_EQ(job->scheduled_for, fire);
  EXPECT_EQ(job->state, "queued");
  EXPECT_EQ(job->exit_code, -1);
  EXPECT_EQ(store_->jobs("", 100).size(), 4u);
  EXPECT_EQ(store_->jobs("queued", 2).size(), 2u);
}

TEST_P(StoreTest, ClaimsLeasesAndFencing) {
  const UnixSeconds t = *parse_timestamp("2027-01-04 09:00");
  const auto id = *store_->enqueue_job(command_job({"check"}, t));
  EXPECT_FALSE(store_->claim_job("a:1", t - 1, 60)) << "claimed before not_before";
  const auto held = store_->claim_job("a:1", t, 60);
  ASSERT_TRUE(held);
  EXPECT_EQ(held->id, id);
  EXPECT_EQ(held->state, "running");
  EXPECT_EQ(held->attempts, 1);
  EXPECT_EQ(held->lease_owner, "a:1");
  EXPECT_EQ(held->lease_expires, t + 60);
  EXPECT_FALSE(store_->claim_job("b:2", t + 30, 60)) << "a live lease was taken";
  EXPECT_TRUE(store_->renew_lease(id, held->fencing_token, t + 120));
  EXPECT_FALSE(store_->claim_job("b:2", t + 90, 60));
  // a:1 stops renewing (paused); the claim alone takes no expired job: the rescuer queues it
  // again, and b:2 takes it with a new token.
  EXPECT_FALSE(store_->claim_job("b:2", t + 121, 60));
  EXPECT_EQ(store_->rescue_expired_leases(t + 120).requeued, 0) << "a live lease was rescued";
  EXPECT_EQ(store_->rescue_expired_leases(t + 121).requeued, 1);
  EXPECT_EQ(store_->rescue_expired_leases(t + 121).requeued, 0);
  const auto taken = store_->claim_job("b:2", t + 121, 60);
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->attempts, 2);
  EXPECT_GT(taken->fencing_token, held->fencing_token);
  // a:1 wakes up: it cannot renew, and its outcome is not written.
  EXPECT_FALSE(store_->renew_lease(id, held->fencing_token, t + 200));
  EXPECT_FALSE(store_->finish_job({id, held->fencing_token, "succeeded", 0, "", t + 130, 0}));
  EXPECT_EQ(store_->job(id)->lease_owner, "b:2");
  // b:2's outcome is.
  EXPECT_TRUE(store_->finish_job({id, taken->fencing_token, "failed", 1, "boom", t + 140, 0}));
  const auto done = store_->job(id);
  EXPECT_EQ(done->state, "failed");
  EXPECT_EQ(done->exit_code, 1);
  EXPECT_EQ(done->last_error, "boom");
  EXPECT_EQ(done->finished_at, t + 140);
  EXPECT_TRUE(done->lease_owner.empty());
  EXPECT_FALSE(store_->claim_job("c:3", t + 1000, 60));
  // retry queues it again with fresh attempts.
  EXPECT_TRUE(store_->retry_job(id, t + 2000));
  EXPECT_FALSE(store_->retry_job(id, t + 2000)) << "a queued job is not retried";
  const auto again = store_->claim_job("c:3", t + 2000, 60);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->attempts, 1);
}

TEST_P(StoreTest, RetriesWaitReleasesKeepAttemptsAndExpiredLastAttemptsFail) {
  const UnixSeconds t = *parse_timestamp("2027-01-04 09:00");
  const auto id = *store_->enqueue_job(command_job({"check"}, t));
  auto held = store_->claim_job("a:1", t, 60);
  ASSERT_TRUE(held);
  // A retry after a backoff: not claimable before it.
  EXPECT_TRUE(store_->finish_job({id, held->fencing_token, "queued", 1, "busy", t + 5, t + 65}));
  EXPECT_FALSE(store_->claim_job("a:1", t + 64, 60));
  held = store_->claim_job("a:1", t + 65, 60);
  ASSERT_TRUE(held);
  EXPECT_EQ(held->attempts, 2);
  // A release (the worker was told to stop) gives the attempt back.
  JobOutcome release{id, held->fencing_token, "queued", 130, "worker stopped", t + 70, t + 70};
  release.count_attempt = false;
  EXPECT_TRUE(store_->finish_job(release));
  held = store_->claim_job("b:2", t + 70, 60);
  ASSERT_TRUE(held);
  EXPECT_EQ(held->attempts, 2);
  // The last attempt's worker dies: the job fails once the lease is over.
  const LeaseRescue rescue = store_->rescue_expired_leases(t + 200);
  EXPECT_EQ(rescue.failed, 1);
  EXPECT_EQ(rescue.requeued, 0);
  EXPECT_FALSE(store_->claim_job("c:3", t + 200, 60));
  const auto failed = store_->job(id);
  EXPECT_EQ(failed->state, "failed");
  EXPECT_NE(failed->last_error.find("lease"), std::string::npos) << failed->last_error;
}

TEST_P(StoreTest, CancelStopsAQueuedOrRunningJob) {
  const UnixSeconds t = *parse_timestamp("2027-01-04 09:00");
  const auto queued = *store_->enqueue_job(command_job({"check"}, t));
  const auto running = *store_->enqueue_job(command_job({"check"}, t + 1));
  EXPECT_TRUE(store_->cancel_job(queued, t + 2));
  const auto held = store_->claim_job("a:1", t + 2, 60);
  ASSERT_TRUE(held);
  EXPECT_EQ(held->id, running);
  EXPECT_TRUE(store_->cancel_job(running, t + 3));
  EXPECT_FALSE(store_->renew_lease(running, held->fencing_token, t + 60)) << "the holder goes on";
  EXPECT_FALSE(store_->finish_job({running, held->fencing_token, "succeeded", 0, "", t + 4, 0}));
  EXPECT_EQ(store_->job(running)->state, "cancelled");
  EXPECT_FALSE(store_->cancel_job(running, t + 5));
  EXPECT_FALSE(store_->job(999));
}

TEST_P(StoreTest, ConcurrentWorkersClaimEachJobOnce) {
  const UnixSeconds t = *parse_timestamp("2027-01-04 09:00");
  for (int i = 0; i < 60; ++i)
    store_->enqueue_job(command_job({"check", std::to_string(i)}, t + i));
  std::vector<std::vector<std::int64_t>> claimed(4);
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&, w] {
      auto store = Store::open(url_);
      while (auto job = store->claim_job("w:" + std::to_string(w), t + 100, 600)) {
        claimed[std::size_t(w)].push_back(job->id);
        store->finish_job({job->id, job->fencing_token, "succeeded", 0, "", t + 101, 0});
      }
    });
  }
  for (auto& w : workers)
    w.join();
  std::vector<std::int64_t> all;
  for (const auto& ids : claimed)
    all.insert(all.end(), ids.begin(), ids.end());
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), 60u);
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end()) << "a job was claimed twice";
  EXPECT_EQ(store_->jobs("succeeded", 100).size(), 60u);
}

// Jobs of one schedule's fires, each due now.
void enqueue_fires(Store& store, const std::string& schedule, int fires, UnixSeconds t) {
  for (int k = 0; k < fires; ++k) {
    Job job = command_job({"run"}, t);
    job.schedule = schedule;
    job.scheduled_for = t + k * 3600;
    job.not_before = t;
    ASSERT_TRUE(store.enqueue_job(job));
  }
}

// Two fires of one schedule never run at once, however many workers claim together.
TEST_P(StoreTest, FiresOfOneScheduleNeverRunAtOnce) {
  const UnixSeconds t = *parse_timestamp("2027-01-04 09:00");
  for (const char* schedule : {"a", "b", "c"})
    enqueue_fires(*store_, schedule, 4, t);
  std::atomic<int> finished{0}, overlaps{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 8; ++w) {
    workers.emplace_back([&, w] {
      auto store = Store::open(url_);
      while (finished < 12) {
        const auto job = store->claim_job("w:" + std::to_string(w), t + 1, 600);
        if (!job) {
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
          continue;
        }
        const auto running =
            store->run_sql("SELECT COUNT(*) FROM jobs WHERE state = 'running' AND schedule = '" +
                           job->schedule + "'");
        if (std::get<std::int64_t>(running.rows.at(0).at(0)) != 1) ++overlaps;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        store->finish_job({job->id, job->fencing_token, "succeeded", 0, "", t + 2, 0});
        ++finished;
      }
    });
  }
  for (auto& w : workers)
    w.join();
  EXPECT_EQ(overlaps, 0) << "two fires of one schedule ran at once";
  EXPECT_EQ(store_->jobs("succeeded", 100).size(), 12u);
}

// The interleaving that let two fires run at once on PostgreSQL, forced: another claimer has
// marked the schedule's first fire running but not committed yet (under READ COMMITTED nobody
// sees it), holding the schedule's lock as claim_job takes it. The second fire's claim waits
// for that lock, then sees the first one running, and claims nothing.
TEST_P(StoreTest, AClaimWaitsForAnUncommittedClaimOfTheSameSchedule) {
  if (GetParam() != Backend::postgres) GTEST_SKIP() << "SQLite serialises claims (BEGIN IMMEDIATE)";
  const UnixSeconds t = *parse_timestamp("2027-01-04 09:00");
  enqueue_fires(*store_, "hourly", 2, t);
  pqxx::connection other(url_);
  pqxx::work tx(other);
  // The key is claim_job's own: "jobs schedule " and the schedule's name.
  tx.exec("SELECT pg_advisory_xact_lock(hashtext('jobs schedule hourly'))");
  tx.exec(
      "UPDATE jobs SET state = 'running', lease_owner = 'a:1', lease_expires = now() + interval "
      "'1 day', attempts = attempts + 1, fencing_token = fencing_token + 1 WHERE id = (SELECT "
      "MIN(id) FROM jobs)");
  std::optional<Job> second;
  std::thread claimer([&] { second = Store::open(url_)->claim_job("b:2", t + 3600, 60); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  tx.commit();
  claimer.join();
  EXPECT_FALSE(second) << "the second fire ran beside the first";
  EXPECT_EQ(store_->jobs("running", 10).size(), 1u);
}

}  // namespace
}  // namespace quantloop

namespace quantloop {
namespace {

// A job's process writes through a fenced store: while its job is running under its token the
// writes land; once the job moved on (its lease expired and another worker claimed it) every
// write fails, and nothing of it is stored.
TEST_P(StoreTest, FencedWritesFailOnceTheJobMovedOn) {
  const UnixSeconds t = *parse_timestamp("2027-01-04 09:00");
  const auto id = *store_->enqueue_job(command_job({"train", "--mode", "full"}, t));
  const auto held = store_->claim_job("a:1", t, 60);
  ASSERT_TRUE(held);
  auto fenced = Store::open(url_);
  fenced->fence_writes(id, held->fencing_token);
  TrainingRun run;
  run.run_date = t;
  run.mode = "full";
  run.status = "running";
  run.interval = "1d";
  run.id = fenced->insert_training_run(run);
  const BarSeries bars = daily_series("AAPL", 5, 100);
  const SeriesWrite writes[] = {{&bars, "5d"}};
  EXPECT_EQ(fenced->write_bars(writes, {}, t).inserted, 5);

  EXPECT_EQ(store_->rescue_expired_leases(t + 61).requeued, 1);
  ASSERT_TRUE(store_->claim_job("b:2", t + 61, 60)) << "the expired lease was not taken over";
  try {
    run.status = "success";
    fenced->update_training_run(run);
    FAIL() << "a stale holder wrote";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("fencing token"), std::string::npos) << e.what();
  }
  EXPECT_EQ(store_->training_run(run.id)->status, "running");
  const BarSeries more = daily_series("MSFT", 5, 100);
  const SeriesWrite more_writes[] = {{&more, "5d"}};
  EXPECT_THROW(fenced->write_bars(more_writes, {}, t), Error);
  EXPECT_THROW(fenced->insert_run_symbol({run.id, "AAPL", "failed", "x", 0, 0, 0, 0}), Error);
  EXPECT_THROW(fenced->atomically([] {}), Error);
  EXPECT_THROW(fenced->enqueue_job(command_job({"check"}, t)), Error);
  ModelMetadata metadata;
  metadata.symbol = "AAPL";
  metadata.model_type = "linear";
  metadata.training_date = t;
  metadata.interval = "1d";
  metadata.training_mode = "full";
  EXPECT_THROW(fenced->insert_model_metadata(metadata), Error);
  EXPECT_EQ(store_->run_sql("SELECT COUNT(*) FROM model_metadata").rows[0][0],
            Value{std::int64_t{0}});
  EXPECT_EQ(store_->run_sql("SELECT COUNT(*) FROM market_data").rows[0][0], Value{std::int64_t{5}});
  EXPECT_TRUE(store_->run_symbols(run.id).empty());
  EXPECT_EQ(store_->jobs("", 100).size(), 1u);
  // A cancelled job fences its writes as well.
  const auto other = *store_->enqueue_job(command_job({"check"}, t));
  const auto claimed = store_->claim_job("c:3", t + 200, 60);
  ASSERT_TRUE(claimed && claimed->id == other);
  auto fenced_other = Store::open(url_);
  fenced_other->fence_writes(other, claimed->fencing_token);
  EXPECT_NO_THROW(fenced_other->atomically([] {}));
  ASSERT_TRUE(store_->cancel_job(other, t + 201));
  EXPECT_THROW(fenced_other->atomically([] {}), Error);
}

// A fanned-out run: the children of a scheduled job count as the schedule's (overlap), and the
// completion job waits until no sibling is queued or running.
TEST_P(StoreTest, ACompletionJobWaitsForItsSiblings) {
  const UnixSeconds t = *parse_timestamp("2027-01-04 09:00");
  const auto parent = *store_->enqueue_job(command_job({"run"}, t, "hourly"));
  ASSERT_TRUE(store_->claim_job("w:1", t, 60));
  Job child = command_job({"train", "--symbols", "A"}, t);
  child.parent_id = parent;
  const auto a = *store_->enqueue_job(child);
  child.command = {"train", "--symbols", "B"};
  const auto b = *store_->enqueue_job(child);
  child.command = {"train", "--complete-run", "1"};
  child.after_siblings = true;
  const auto completion = *store_->enqueue_job(child);
  ASSERT_TRUE(store_->finish_job({parent, 1, "succeeded", 0, "", t, 0}));
  EXPECT_EQ(store_->active_jobs("hourly"), 3) << "the run's jobs are the schedule's";
  const auto children = store_->child_jobs(parent);
  ASSERT_EQ(children.size(), 3u);
  EXPECT_EQ(children[0].parent_id, parent);
  EXPECT_FALSE(children[0].after_siblings);
  EXPECT_TRUE(children[2].after_siblings);
  // A later fire of the schedule with overlap=queue waits for the run's jobs too.
  ASSERT_TRUE(store_->enqueue_job(command_job({"run"}, t + 3600, "hourly")));

  const auto first = store_->claim_job("w:1", t + 1, 86400);  // leases that outlast the test
  const auto second = store_->claim_job("w:2", t + 1, 86400);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->id, a);
  EXPECT_EQ(second->id, b);
  EXPECT_FALSE(store_->claim_job("w:3", t + 3601, 60)) << "claimed while siblings run";
  ASSERT_TRUE(store_->finish_job({a, first->fencing_token, "succeeded", 0, "", t + 2, 0}));
  EXPECT_FALSE(store_->claim_job("w:3", t + 3601, 60)) << "claimed while a sibling runs";
  ASSERT_TRUE(store_->finish_job({b, second->fencing_token, "failed", 65, "no bars", t + 3, 0}));
  const auto last = store_->claim_job("w:3", t + 3601, 60);
  ASSERT_TRUE(last);
  EXPECT_EQ(last->id, completion);
  EXPECT_FALSE(store_->claim_job("w:3", t + 3601, 60)) << "the next fire ran beside the run";
  ASSERT_TRUE(store_->finish_job({completion, last->fencing_token, "succeeded", 0, "", t, 0}));
  EXPECT_EQ(store_->active_jobs("hourly"), 1);
  EXPECT_TRUE(store_->claim_job("w:3", t + 3601, 60));
}

TEST_P(StoreTest, WorkersBeatAndRunsReadBack) {
  const UnixSeconds t = *parse_timestamp("2027-01-04 09:00");
  WorkerBeat beat{"box:1", "worker", "box", 1, 2, 0, t, t, 0};
  store_->beat(beat);
  beat.running_jobs = 2;
  beat.heartbeat_at = t + 20;
  store_->beat(beat);
  store_->beat({"old:9", "daemon", "old", 9, 1, 0, t - 90000, t - 90000, t - 89000});
  const auto beats = store_->worker_beats(t - 3600);
  ASSERT_EQ(beats.size(), 1u);
  EXPECT_EQ(beats[0].owner, "box:1");
  EXPECT_EQ(beats[0].running_jobs, 2);
  EXPECT_EQ(beats[0].started_at, t);
  EXPECT_EQ(beats[0].heartbeat_at, t + 20);
  EXPECT_EQ(beats[0].stopped_at, 0);
  EXPECT_EQ(store_->worker_beats(t - 100000).size(), 2u);

  EXPECT_FALSE(store_->training_run(99));
  TrainingRun run;
  run.run_date = t;
  run.mode = "hourly";
  run.status = "running";
  run.symbols_count = 2;
  run.interval = "1h";
  run.id = store_->insert_training_run(run);
  const auto read = store_->training_run(run.id);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->mode, "hourly");
  EXPECT_EQ(read->symbols_count, 2);
  EXPECT_EQ(read->pid, 0);
  ModelMetadata m{0, "AAPL", "gru", t, 0.55, 0.69, 12, "x", "1h", "hourly", 9};
  m.run_id = run.id;
  m.test_rows = 40;
  m.validation_loss = 0.68;
  m.edge_pvalue = 0.2;
  m.best_epoch = 7;
  const auto id = store_->insert_model_metadata(m);
  store_->atomically([&] {
    store_->insert_run_symbol({run.id, "AAPL", "success", "", id, 480, 12, 1.5});
    store_->insert_run_symbol({run.id, "MSFT", "failed", "too few bars", 0, 3, 0, 0.1});
  });
  const auto symbols = store_->run_symbols(run.id);
  ASSERT_EQ(symbols.size(), 2u);
  EXPECT_EQ(symbols[0].outcome.symbol, "AAPL");
  EXPECT_EQ(symbols[0].outcome.rows, 480);
  EXPECT_DOUBLE_EQ(symbols[0].model.accuracy, 0.55);
  EXPECT_EQ(symbols[0].model.test_rows, 40);
  EXPECT_DOUBLE_EQ(symbols[0].model.validation_loss, 0.68);
  EXPECT_EQ(symbols[0].model.best_epoch, 7);
  EXPECT_EQ(symbols[1].outcome.error, "too few bars");
  EXPECT_DOUBLE_EQ(symbols[1].model.edge_pvalue, 1);
  // One transaction: a failure inside stores nothing of it.
  EXPECT_THROW(store_->atomically([&] {
    store_->insert_run_symbol({run.id, "IBM", "failed", "x", 0, 0, 0, 0});
    throw Error("stop");
  }),
               Error);
  EXPECT_EQ(store_->run_symbols(run.id).size(), 2u);
}

}  // namespace
}  // namespace quantloop
