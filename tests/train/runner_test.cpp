// Training runs end to end on a real SQLite store: real bars, real training, real files.
#include "train/runner.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <nlohmann/json.hpp>

#include "core/interrupt.h"
#include "data/ingest.h"
#include "data/synthetic_market.h"
#include "features/feature_set.h"
#include "models/model_directory.h"
#include "test_support.h"
#include "train/abandoned_runs.h"

namespace quantloop::train {
namespace {

using testing::bundled_data;
using testing::TempDir;

UnixSeconds at(const char* text) {
  return *parse_timestamp(text);
}

// 2017-12-05 is the last day of the bundled daily files; at 20:00 UTC its session is still open.
const UnixSeconds kDailyClock = at("2017-12-05T20:00:00Z");
const UnixSeconds kHourlyClock = at("2026-11-20T14:00:00Z");

class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config.training.models_dir = (dir.path() / "models").string();
    config.training.workers = 2;
    store = Store::open(dir.file("q.db"));
  }

  void ingest_daily(Store& target, const std::vector<std::string>& symbols) {
    std::vector<std::string> paths;
    for (const auto& s : symbols)
      paths.push_back(bundled_data("daily/" + s + "_data.csv").string());
    ingest_csv_files(target, config, paths, {}, now_utc());
  }

  void ingest_hourly(const std::vector<std::string>& symbols, UnixSeconds end, int days = 60) {
    SyntheticOptions options;
    options.symbols = symbols;
    options.interval = Interval::hour();
    options.start = end - days * kSecondsPerDay;
    options.end = end;
    ingest_series(*store, generate_market(options, config), "1h", now_utc());
  }

  RunResult train(TrainingMode mode, UnixSeconds clock, std::vector<std::string> symbols,
                  int epochs = 3, Store* target = nullptr) {
    RunRequest request;
    request.mode = mode;
    request.at = clock;
    request.symbols = std::move(symbols);
    request.epochs = epochs;
    return run_training(target ? *target : *store, config, request, quiet);
  }

  const SymbolResult& symbol(const RunResult& result, const std::string& name) {
    for (const auto& s : result.symbols) {
      if (s.symbol == name) return s;
    }
    throw std::runtime_error("no result for " + name);
  }

  // The model_metadata row of the latest version of a series and type, whatever its time.
  std::optional<ModelMetadata> latest(const std::string& name, const char* interval,
                                      const char* type = "gru") {
    const UnixSeconds later = at("2100-01-01");
    const auto version = store->latest_version(name, interval, type, later, later);
    if (!version) return std::nullopt;
    const auto row = store->run_sql(
        "SELECT training_mode, run_id, epochs, validation_rows, test_rows, baseline_accuracy, "
        "accuracy, loss, validation_loss, validation_accuracy, edge_pvalue, selection_end, "
        "data_start, data_end, config_hash, model_path, warm_started_from, model_type "
        "FROM model_metadata WHERE id = " +
        std::to_string(version->version.model_id));
    const auto& r = row.rows.at(0);
    auto text = [&](int i) {
      return std::holds_alternative<std::string>(r[i]) ? std::get<std::string>(r[i]) : "";
    };
    auto number = [&](int i) {
      return std::holds_alternative<double>(r[i]) ? std::get<double>(r[i])
                                                  : double(std::get<std::int64_t>(r[i]));
    };
    ModelMetadata m;
    m.training_mode = text(0);
    m.run_id = std::get<std::int64_t>(r[1]);
    m.epochs = int(std::get<std::int64_t>(r[2]));
    m.validation_rows = std::get<std::int64_t>(r[3]);
    m.test_rows = std::get<std::int64_t>(r[4]);
    m.baseline_accuracy = number(5);
    m.accuracy = number(6);
    m.loss = number(7);
    m.validation_loss = number(8);
    m.validation_accuracy = number(9);
    m.edge_pvalue = number(10);
    m.selection_end = *parse_timestamp(text(11));
    m.data_start = *parse_timestamp(text(12));
    m.data_end = *parse_timestamp(text(13));
    m.config_hash = text(14);
    m.model_path = text(15);
    m.warm_started_from = text(16);
    m.model_type = text(17);
    return m;
  }

  // A registered model as the registry stores it, unpacked.
  models::LoadedModel registered(const std::string& name, const char* interval, int version) {
    return models::unpack_model(store->model_version(name, interval, version)->artifact,
                                features::feature_names(), name);
  }

  std::int64_t count(const std::string& sql) {
    return std::get<std::int64_t>(store->run_sql(sql).rows.at(0).at(0));
  }

  TempDir dir;
  Config config;
  std::unique_ptr<Store> store;
  ProgressSink quiet;
};

TEST_F(RunnerTest, AFullRunRecordsTheRunEveryModelAndTheEvaluation) {
  ingest_daily(*store, {"AAPL", "MSFT", "JPM"});
  config.training.batch_symbols = 2;  // two batches
  const RunResult result = train(TrainingMode::full, kDailyClock, {"AAPL", "MSFT", "JPM"});

  EXPECT_EQ(result.run.status, "success") << result.run.error;
  EXPECT_EQ(result.run.mode, "full");
  EXPECT_EQ(result.run.timeframe, "2y");
  EXPECT_EQ(result.run.hour, 20);
  ASSERT_EQ(result.symbols.size(), 3u);

  const auto runs = store->run_sql(
      "SELECT status, symbols_count, rows_processed, hour, duration_seconds FROM training_runs");
  ASSERT_EQ(runs.rows.size(), 1u);
  EXPECT_EQ(std::get<std::string>(runs.rows[0][0]), "success");
  EXPECT_EQ(std::get<std::int64_t>(runs.rows[0][1]), 3);
  EXPECT_EQ(std::get<std::int64_t>(runs.rows[0][2]), result.run.rows_processed);
  EXPECT_GT(result.run.rows_processed, 3 * 450);  // ~503 trading days each in two years
  EXPECT_EQ(count("SELECT COUNT(*) FROM model_metadata"), 3);
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM training_run_symbols WHERE status = 'success' AND model_id > 0"),
      3);

  for (const std::string name : {"AAPL", "MSFT", "JPM"}) {
    SCOPED_TRACE(name);
    const auto m = latest(name, "1d");
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ(m->training_mode, "full");
    EXPECT_EQ(m->run_id, result.run.id);
    EXPECT_EQ(m->epochs, 3);
    // ~480 samples: 15 % validate (choose the epoch), the last 15 % test (the metrics).
    EXPECT_GT(m->validation_rows, 60);
    EXPECT_GT(m->test_rows, 60);
    EXPECT_GT(m->baseline_accuracy, 0.3);
    EXPECT_LT(m->baseline_accuracy, 0.7);
    EXPECT_GE(m->accuracy, 0.0);
    EXPECT_GT(m->loss, 0.5);
    EXPECT_GT(m->validation_loss, 0.5);
    EXPECT_GE(m->edge_pvalue, 0.0);
    EXPECT_LE(m->edge_pvalue, 1.0);
    // The validation segment ends (with its last target bar) before the test rows begin.
    EXPECT_LT(m->selection_end, m->data_end);
    EXPECT_GT(m->selection_end, m->data_start);
    EXPECT_EQ(m->config_hash.size(), 16u);
    // Two years back, and the bar of the run's own (unfinished) day is not in it.
    EXPECT_GE(m->data_start, kDailyClock - 730 * kSecondsPerDay);
    EXPECT_EQ(m->data_end, at("2017-12-04T00:00:00Z"));
    // The stored model is whole and says the same; version 0 is the baseline.
    EXPECT_EQ(m->model_path, "registry:" + name + "/1d/v1");
    EXPECT_EQ(registered(name, "1d", 0).record.type, models::ModelType::baseline);
    const models::LoadedModel loaded = registered(name, "1d", 1);
    EXPECT_EQ(loaded.record.symbol, name);
    EXPECT_DOUBLE_EQ(loaded.record.test.accuracy, m->accuracy);
    EXPECT_DOUBLE_EQ(loaded.record.validation.accuracy, m->validation_accuracy);
    EXPECT_EQ(loaded.record.selection_end, m->selection_end);
    // Every epoch's losses are recorded; the kept epoch's validation loss is the model's.
    ASSERT_EQ(loaded.record.history.size(), 3u);
    const auto& kept = loaded.record.history[std::size_t(loaded.record.best_epoch - 1)];
    EXPECT_DOUBLE_EQ(kept.validation_loss, m->validation_loss);
    for (const auto& e : loaded.record.history)
      EXPECT_GT(e.train_loss, 0);
    EXPECT_TRUE(registered(name, "1d", 0).record.history.empty());
  }

  // evaluation_results.json: per run and the latest copy.
  const auto report = nlohmann::json::parse(testing::read_file(result.evaluation_file.string()));
  EXPECT_EQ(report["run_id"], result.run.id);
  ASSERT_EQ(report["symbols"].size(), 3u);
  EXPECT_TRUE(report["symbols"][0]["test"].contains("baseline_accuracy"));
  EXPECT_TRUE(report["symbols"][0]["validation"].contains("loss"));
  EXPECT_EQ(report["edge"]["symbols_tested"], 3);
  // Under this database's id: a new database never writes over an old one's files.
  const auto database = dir.path() / "models" / store->database_id();
  EXPECT_EQ(result.evaluation_file, database / "runs" / "run-1" / "evaluation_results.json");
  EXPECT_EQ(testing::read_file((database / "evaluation_results.json").string()),
            testing::read_file(result.evaluation_file.string()));
}

// The bytes of a trained model's weights.
std::string weights_of(const SymbolResult& result) {
  return models::unpack_model(result.artifact, features::feature_names(), result.symbol)
      .model->weights();
}

TEST_F(RunnerTest, BarsAfterTheRunsClockChangeNothing) {
  ingest_daily(*store, {"AAPL"});
  // Half a year before the data ends, so that many bars lie after the clock.
  const UnixSeconds clock = at("2017-06-01T20:00:00Z");
  // A second store with the same bars up to the clock and wildly different ones after it.
  auto other = Store::open(dir.file("other.db"));
  BarSeries changed = store->read_bars("AAPL", Interval::day(), 0, clock + 400 * kSecondsPerDay);
  int perturbed = 0;
  for (Bar& bar : changed.bars) {
    if (bar.time <= clock - kSecondsPerDay) continue;  // the bar of the clock's day is unfinished
    bar.open *= 3, bar.high *= 3, bar.low *= 3, bar.close *= 3, bar.volume *= 7;
    ++perturbed;
  }
  ASSERT_GE(perturbed, 50);
  ingest_series(*other, {changed}, "5y", now_utc());

  const RunResult a = train(TrainingMode::full, clock, {"AAPL"});
  config.training.models_dir = (dir.path() / "other-models").string();
  const RunResult b = train(TrainingMode::full, clock, {"AAPL"}, 3, other.get());
  ASSERT_EQ(a.run.status, "success");
  ASSERT_EQ(b.run.status, "success");
  EXPECT_EQ(a.symbols[0].rows, b.symbols[0].rows);
  EXPECT_EQ(a.symbols[0].record.data_end, b.symbols[0].record.data_end);
  EXPECT_EQ(a.symbols[0].record.test.loss, b.symbols[0].record.test.loss);
  EXPECT_EQ(a.symbols[0].outcome.validation.loss, b.symbols[0].outcome.validation.loss);
  EXPECT_TRUE(weights_of(a.symbols[0]) == weights_of(b.symbols[0])) << "the weights differ";
}

// Replaying an earlier hour after a later run: the model of the earlier hour is the one a
// database without the later run trains, byte for byte (it continues the model before it,
// never the later one, which saw later bars).
TEST_F(RunnerTest, ReplayingAnEarlierClockIgnoresLaterModels) {
  const UnixSeconds t0 = kHourlyClock, t1 = kHourlyClock + 3 * 3600, t2 = kHourlyClock + 9 * 3600;
  ingest_hourly({"EURUSD"}, t2 + 3600);
  auto clean = Store::open(dir.file("clean.db"));
  ingest_series(*clean, {store->read_bars("EURUSD", Interval::hour(), 0, t2 + 3600)}, "1h",
                now_utc());

  ASSERT_EQ(train(TrainingMode::hourly, t0, {"EURUSD"}).run.status, "success");
  const RunResult later = train(TrainingMode::hourly, t2, {"EURUSD"});
  const RunResult replayed = train(TrainingMode::hourly, t1, {"EURUSD"});
  config.training.models_dir = (dir.path() / "clean-models").string();
  const RunResult first = train(TrainingMode::hourly, t0, {"EURUSD"}, 3, clean.get());
  const RunResult reference = train(TrainingMode::hourly, t1, {"EURUSD"}, 3, clean.get());
  ASSERT_EQ(replayed.run.status, "success");
  ASSERT_EQ(reference.run.status, "success");
  EXPECT_NE(replayed.symbols[0].record.warm_started_from, later.symbols[0].model_path);
  EXPECT_EQ(replayed.symbols[0].record.warm_started_from.empty(), false);
  EXPECT_TRUE(weights_of(replayed.symbols[0]) == weights_of(reference.symbols[0]))
      << "the weights differ";
  EXPECT_EQ(replayed.symbols[0].record.test.loss, reference.symbols[0].record.test.loss);
  EXPECT_EQ(replayed.symbols[0].record.scaler.mean, reference.symbols[0].record.scaler.mean);
  // The same holds for incremental updates, whose window starts at their parent's data end.
  const RunResult incremental = train(TrainingMode::incremental, t1 + 3600, {"EURUSD"});
  const RunResult incremental_reference =
      train(TrainingMode::incremental, t1 + 3600, {"EURUSD"}, 3, clean.get());
  EXPECT_EQ(incremental.symbols[0].record.data_start,
            incremental_reference.symbols[0].record.data_start);
  EXPECT_TRUE(weights_of(incremental.symbols[0]) == weights_of(incremental_reference.symbols[0]))
      << "the weights differ";
}

// LibTorch's models draw from a generator of their own: two workers training at once give the
// weights a run alone gives, whichever thread gets ahead.
TEST_F(RunnerTest, TheLibTorchBackendIsDeterministicAcrossWorkers) {
  ingest_daily(*store, {"AAPL", "MSFT"});
  config.gru.hidden_size = 16;  // small: the point is the generators, not the arithmetic
  config.training.workers = 2;
  std::vector<RunResult> runs;
  for (int run = 0; run < 2; ++run) {
    RunRequest request;
    request.mode = TrainingMode::full;
    request.at = kDailyClock;
    request.symbols = {"AAPL", "MSFT"};
    request.epochs = 2;
    request.gru_backend = "torch";
    runs.push_back(run_training(*store, config, request, quiet));
    ASSERT_EQ(runs.back().run.status, "success") << runs.back().run.error;
  }
  for (const std::string name : {"AAPL", "MSFT"}) {
    EXPECT_TRUE(weights_of(symbol(runs[0], name)) == weights_of(symbol(runs[1], name)))
        << name << ": the weights differ";
    EXPECT_EQ(symbol(runs[0], name).record.test.loss, symbol(runs[1], name).record.test.loss);
  }
  EXPECT_FALSE(weights_of(symbol(runs[0], "AAPL")) == weights_of(symbol(runs[0], "MSFT")));
}

// gru.samples_per_sequence trains in chunks, records it with the model and in the configuration
// hash; with the LibTorch backend, which cannot, the run is refused before it is recorded.
TEST_F(RunnerTest, TrainingInChunksIsRecordedAndRefusedWithLibTorchBeforeTheRun) {
  ingest_daily(*store, {"AAPL"});
  config.gru.hidden_size = 16;
  RunRequest request;
  request.mode = TrainingMode::full;
  request.at = kDailyClock;
  request.symbols = {"AAPL"};
  request.epochs = 2;
  const RunResult windows = run_training(*store, config, request, quiet);
  config.gru.samples_per_sequence = 8;
  const RunResult chunks = run_training(*store, config, request, quiet);
  ASSERT_EQ(chunks.run.status, "success") << chunks.run.error;
  EXPECT_EQ(symbol(chunks, "AAPL").record.settings.samples_per_sequence, 8);
  EXPECT_EQ(
      registered("AAPL", "1d", symbol(chunks, "AAPL").version).record.settings.samples_per_sequence,
      8);
  EXPECT_EQ(symbol(windows, "AAPL").record.settings.samples_per_sequence, 1);
  EXPECT_NE(symbol(chunks, "AAPL").record.config_hash, symbol(windows, "AAPL").record.config_hash);

  const std::int64_t runs = count("SELECT COUNT(*) FROM training_runs");
  request.gru_backend = "torch";
  try {
    run_training(*store, config, request, quiet);
    FAIL() << "ran";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("8 samples per sequence (gru.samples_per_sequence, "
                                         "--samples-per-sequence) need the native"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM training_runs"), runs);
}

// A warm-started model's test rows exclude every bar its parent trained or chose on.
TEST_F(RunnerTest, AContinuedModelIsTestedOnlyOnRowsItsParentNeverSaw) {
  ingest_hourly({"EURUSD"}, kHourlyClock + 3 * kSecondsPerDay);
  const RunResult parent = train(TrainingMode::hourly, kHourlyClock, {"EURUSD"});
  const RunResult child =
      train(TrainingMode::hourly, kHourlyClock + 2 * kSecondsPerDay, {"EURUSD"});
  ASSERT_EQ(child.run.status, "success");
  const UnixSeconds parent_saw = parent.symbols[0].record.selection_end;
  EXPECT_GE(child.symbols[0].record.selection_end, parent_saw);
  const auto m = latest("EURUSD", "1h");
  ASSERT_TRUE(m);
  EXPECT_GT(m->test_rows, 0);
  // The child's own split would test more rows; those the parent saw are left out.
  EXPECT_LE(std::size_t(m->test_rows), std::size_t(child.symbols[0].rows) * 16 / 100);
  EXPECT_GT(m->selection_end, parent_saw);
}

TEST_F(RunnerTest, ASymbolWithTooLittleDataFailsAloneAndTheRunIsPartial) {
  ingest_daily(*store, {"AAPL"});
  BarSeries tiny =
      store->read_bars("AAPL", Interval::day(), kDailyClock - 60 * kSecondsPerDay, kDailyClock);
  tiny.symbol = "TINY";
  ingest_series(*store, {tiny}, "3mo", now_utc());

  const RunResult result = train(TrainingMode::full, kDailyClock, {"AAPL", "TINY", "NOSUCH"});
  EXPECT_EQ(result.run.status, "partial");
  EXPECT_EQ(symbol(result, "AAPL").status, "success");
  EXPECT_EQ(symbol(result, "TINY").status, "failed");
  EXPECT_NE(symbol(result, "TINY").error.find("too few"), std::string::npos)
      << symbol(result, "TINY").error;
  EXPECT_EQ(symbol(result, "NOSUCH").status, "failed");
  EXPECT_NE(symbol(result, "NOSUCH").error.find("no 1d bars"), std::string::npos)
      << symbol(result, "NOSUCH").error;
  EXPECT_NE(result.run.error.find("TINY"), std::string::npos) << result.run.error;
  EXPECT_EQ(count("SELECT COUNT(*) FROM model_metadata"), 1);
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM training_run_symbols WHERE status = 'failed' AND error <> ''"),
      2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM training_runs WHERE status = 'partial'"), 1);

  const RunResult none = train(TrainingMode::full, kDailyClock, {"NOSUCH"});
  EXPECT_EQ(none.run.status, "failed");
  EXPECT_EQ(count("SELECT COUNT(*) FROM training_runs WHERE status = 'failed'"), 1);
}

TEST_F(RunnerTest, HourlyRunsContinueTheLatestModelWithItsScaler) {
  ingest_hourly({"EURUSD"}, kHourlyClock + 5 * 3600);
  const RunResult first = train(TrainingMode::hourly, kHourlyClock, {"EURUSD"});
  const RunResult second = train(TrainingMode::hourly, kHourlyClock + 3600, {"EURUSD"});
  ASSERT_EQ(first.run.status, "success");
  ASSERT_EQ(second.run.status, "success");
  EXPECT_EQ(first.symbols[0].record.warm_started_from, "");
  EXPECT_EQ(second.symbols[0].record.warm_started_from, first.symbols[0].model_path);
  EXPECT_EQ(latest("EURUSD", "1h")->warm_started_from, first.symbols[0].model_path);
  // The continued weights were learned on the first run's standardisation: it is kept.
  EXPECT_EQ(second.symbols[0].record.scaler.mean, first.symbols[0].record.scaler.mean);
  // Thirty days of forex hours (five days a week), not beyond the clock.
  EXPECT_GT(first.symbols[0].rows, 450);
  EXPECT_LT(first.symbols[0].rows, 560);
  EXPECT_LE(first.symbols[0].record.data_end, kHourlyClock - 3600);
}

TEST_F(RunnerTest, AnIncompatibleModelIsNotContinuedAndTheReasonIsKept) {
  ingest_hourly({"EURUSD"}, kHourlyClock);
  ASSERT_EQ(train(TrainingMode::hourly, kHourlyClock, {"EURUSD"}).run.status, "success");
  config.gru.hidden_size = 16;
  const RunResult result = train(TrainingMode::hourly, kHourlyClock, {"EURUSD"});
  ASSERT_EQ(result.run.status, "success");
  EXPECT_EQ(result.symbols[0].record.warm_started_from, "");
  EXPECT_NE(result.symbols[0].warm_start_note.find("another GRU shape"), std::string::npos)
      << result.symbols[0].warm_start_note;
}

TEST_F(RunnerTest, IncrementalTrainsOnTheNewBarsAndAReplayWindow) {
  config.training.incremental_replay_days = 5;
  ingest_hourly({"EURUSD", "GBPUSD"}, kHourlyClock + 3 * kSecondsPerDay);
  const RunResult hourly = train(TrainingMode::hourly, kHourlyClock, {"EURUSD"});
  ASSERT_EQ(hourly.run.status, "success");
  const models::ModelRecord& base = hourly.symbols[0].record;

  const RunResult update =
      train(TrainingMode::incremental, kHourlyClock + 2 * kSecondsPerDay, {"EURUSD", "GBPUSD"});
  ASSERT_EQ(update.run.status, "success") << update.run.error;
  const SymbolResult& continued = symbol(update, "EURUSD");
  EXPECT_EQ(continued.record.warm_started_from, hourly.symbols[0].model_path);
  EXPECT_GE(continued.record.data_start, base.data_end - 5 * kSecondsPerDay);
  EXPECT_LE(continued.record.data_start, base.data_end - 4 * kSecondsPerDay);
  EXPECT_GT(continued.record.data_end, base.data_end);
  EXPECT_LT(continued.rows, hourly.symbols[0].rows / 2);
  // A symbol without a model starts from scratch on the hourly window.
  const SymbolResult& fresh = symbol(update, "GBPUSD");
  EXPECT_EQ(fresh.record.warm_started_from, "");
  EXPECT_GT(fresh.rows, 450);
}

class EveryModelType : public RunnerTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(EveryModelType, TrainsFullAndContinuesHourly) {
  ingest_daily(*store, {"AAPL"});
  ingest_hourly({"EURUSD"}, kHourlyClock);
  config.training.model = GetParam();
  const RunResult full = train(TrainingMode::full, kDailyClock, {"AAPL"});
  ASSERT_EQ(full.run.status, "success") << full.run.error;
  EXPECT_EQ(models::to_string(full.symbols[0].record.type), GetParam());
  const RunResult first = train(TrainingMode::hourly, kHourlyClock, {"EURUSD"});
  const RunResult second = train(TrainingMode::hourly, kHourlyClock + 3600, {"EURUSD"});
  ASSERT_EQ(second.run.status, "success") << second.run.error;
  EXPECT_EQ(second.symbols[0].record.warm_started_from, first.symbols[0].model_path);
  EXPECT_EQ(latest("AAPL", "1d", GetParam())->model_type, GetParam());
}

INSTANTIATE_TEST_SUITE_P(Runner, EveryModelType, ::testing::Values("gru", "gbdt", "linear"));

// The pid of a process that has ended.
std::int64_t dead_pid() {
  const pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, nullptr, 0);
  return child;
}

TEST_F(RunnerTest, RunsWhoseProcessDiedAreMarkedFailedByTheNextRun) {
  ingest_daily(*store, {"AAPL"});
  const UnixSeconds now = now_utc();
  TrainingRun killed;
  killed.run_date = now - 600;
  killed.mode = "full";
  killed.status = "running";
  killed.pid = dead_pid();
  killed.host = host_name();
  killed.heartbeat = now - 30;
  const std::int64_t killed_id = store->insert_training_run(killed);
  TrainingRun silent = killed;  // another machine, silent for an hour
  silent.host = "elsewhere";
  silent.heartbeat = now - 3600;
  const std::int64_t silent_id = store->insert_training_run(silent);
  TrainingRun alive = silent;  // another machine, heard from a moment ago
  alive.heartbeat = now - 10;
  const std::int64_t alive_id = store->insert_training_run(alive);

  const RunResult result = train(TrainingMode::full, kDailyClock, {"AAPL"}, 1);
  EXPECT_EQ(result.abandoned, (std::vector<std::int64_t>{killed_id, silent_id}));
  const auto running = store->training_runs_with_status("running");
  ASSERT_EQ(running.size(), 1u);
  EXPECT_EQ(running[0].id, alive_id);
  for (const auto& run : store->training_runs_with_status("failed")) {
    EXPECT_NE(run.error.find("abandoned"), std::string::npos) << run.error;
  }
  EXPECT_EQ(store->training_runs_with_status("failed").size(), 2u);
}

// Presses Ctrl-C once, when the first epoch of the run has finished.
class CtrlCAfterFirstEpoch : public ProgressSink {
 public:
  void epoch_finished(const std::string&, const models::EpochProgress&) override {
    if (!pressed_.exchange(true)) std::raise(SIGINT);
  }

 private:
  std::atomic<bool> pressed_{false};
};

TEST_F(RunnerTest, CtrlCStopsTheRunAndRecordsItInterrupted) {
  ingest_daily(*store, {"AAPL", "MSFT", "JPM", "XOM"});
  install_interrupt_handler();
  config.training.workers = 1;
  config.training.batch_symbols = 2;
  CtrlCAfterFirstEpoch ctrl_c;
  RunRequest request;
  request.mode = TrainingMode::full;
  request.at = kDailyClock;
  request.symbols = {"AAPL", "MSFT", "JPM", "XOM"};
  request.epochs = 50;
  request.early_stopping = false;
  const RunResult result = run_training(*store, config, request, ctrl_c);
  clear_interrupt();

  EXPECT_EQ(result.run.status, "interrupted");
  EXPECT_EQ(count("SELECT COUNT(*) FROM training_runs WHERE status = 'interrupted'"), 1);
  // The batch under way stops; the next batch never starts; no half-trained model is kept.
  EXPECT_EQ(result.symbols.size(), 2u);
  for (const auto& s : result.symbols)
    EXPECT_EQ(s.status, "interrupted") << s.symbol;
  EXPECT_EQ(count("SELECT COUNT(*) FROM model_metadata"), 0);
  EXPECT_TRUE(store->model_versions("", "").empty());
  EXPECT_TRUE(std::filesystem::exists(result.evaluation_file));
}

}  // namespace
}  // namespace quantloop::train
