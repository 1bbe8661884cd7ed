#include "train/runner.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "core/error.h"
#include "core/hash.h"
#include "core/interrupt.h"
#include "core/parallel.h"
#include "features/feature_set.h"
#include "models/blas.h"
#include "train/abandoned_runs.h"
#include "train/evaluation_report.h"

namespace quantloop::train {

namespace {

constexpr auto kHeartbeat = std::chrono::seconds(30);

TrainingSettings settings_for(const Config& config, const RunRequest& request) {
  TrainingSettings s;
  s.model = request.model ? *request.model : models::parse_model_type(config.training.model);
  models::ModelSettings& m = s.model_settings;
  static_cast<GruConfig&>(m) = config.gru;
  if (request.batch_size) m.batch_size = *request.batch_size;
  if (request.samples_per_sequence) m.samples_per_sequence = *request.samples_per_sequence;
  m.gru_backend = request.gru_backend;
  models::check_settings(s.model, m);  // before the run is recorded
  s.patience = config.training.early_stopping_patience;
  s.split = {config.training.validation_fraction, config.training.test_fraction};
  // The configuration hash: what, if it changed, would make two models incomparable.
  nlohmann::json identity = {{"model", std::string(models::to_string(s.model))},
                             {"hidden", m.hidden_size},
                             {"layers", m.layers},
                             {"dropout", m.dropout},
                             {"sequence", m.sequence_length},
                             {"learning_rate", m.learning_rate},
                             {"batch", m.batch_size},
                             {"validation_fraction", s.split.validation},
                             {"test_fraction", s.split.test},
                             {"patience", s.patience},
                             {"features", features::feature_names()}};
  // Only when set, so that the hash of every configuration before the key existed stays.
  if (m.samples_per_sequence > 1) identity["samples_per_sequence"] = m.samples_per_sequence;
  s.config_hash = fmt::format("{:016x}", fnv1a(identity.dump()));
  return s;
}

std::vector<std::string> symbols_of(const Config& config, const RunRequest& request) {
  std::vector<std::string> symbols;
  for (const auto& s : request.symbols.empty() ? config.all_symbols() : request.symbols) {
    symbols.push_back(canonical_symbol(s));
  }
  if (symbols.empty()) throw Error("no symbols to train: configure symbols.* or pass --symbols");
  return symbols;
}

// Reads what a symbol's training needs from the store (main thread only).
SymbolJob prepare(Store& store, const Config& config, const TrainingPlan& plan,
                  const TrainingSettings& settings, const std::string& symbol) {
  SymbolJob job;
  job.symbol = symbol;
  job.window_start = plan.window_start;
  if (plan.warm_start) {
    // Only a model of this run's past: trained by its clock on bars that ended before it.
    job.warm_start =
        store.latest_version(symbol, plan.interval.name(), models::to_string(settings.model),
                             plan.window_end, plan.interval.last_complete_open(plan.window_end));
    if (job.warm_start && plan.mode == TrainingMode::incremental) {
      job.window_start = job.warm_start->version.data_end -
                         config.training.incremental_replay_days * kSecondsPerDay;
    }
  }
  // Only bars complete by the run's clock: a bar started at 14:00 is not finished at 14:00.
  job.bars = store.read_bars(symbol, plan.interval,
                             job.window_start - history_before_window(plan.interval),
                             plan.interval.last_complete_open(plan.window_end));
  return job;
}

// The registry's view of a trained model (the store numbers it).
ModelVersion version_of(const models::ModelRecord& record, const SymbolResult& result,
                        const TrainingRun& run) {
  ModelVersion v;
  v.symbol = result.symbol;
  v.interval = run.interval;
  v.model_type = std::string(models::to_string(record.type));
  v.run_id = run.id;
  v.training_mode = run.mode;
  v.trained_at = record.trained_at;
  v.data_start = record.data_start;
  v.data_end = record.data_end;
  v.selection_end = record.selection_end;
  v.config_hash = record.config_hash;
  v.parent_version = record.type == models::ModelType::baseline ? -1 : result.parent_version;
  v.test_rows = std::int64_t(record.test.rows);
  v.test_accuracy = record.test.accuracy;
  v.test_log_loss = record.test.loss;
  return v;
}

std::string failure_summary(const std::vector<SymbolResult>& results) {
  std::string summary;
  int listed = 0, failed = 0;
  for (const auto& r : results) {
    if (r.status != "failed") continue;
    ++failed;
    if (listed++ < 3)
      summary += fmt::format("{}{}: {}", summary.empty() ? "" : "; ", r.symbol, r.error);
  }
  if (failed > 3) summary += fmt::format("; and {} more", failed - 3);
  return summary;
}

TrainingRun new_run(const RunRequest& request, const TrainingPlan& plan, int symbols_count) {
  TrainingRun run;
  run.run_date = request.at;
  run.mode = std::string(to_string(request.mode));
  run.timeframe = plan.timeframe;
  run.hour = hour_of(request.at);
  run.symbols_count = symbols_count;
  run.status = "running";
  run.pid = getpid();
  run.host = host_name();
  run.heartbeat = now_utc();
  run.interval = std::string(plan.interval.name());
  return run;
}

int worker_count(const Config& config, const RunRequest& request) {
  return int(
      std::max(1u, unsigned(request.workers           ? request.workers
                            : config.training.workers ? config.training.workers
                                                      : std::thread::hardware_concurrency())));
}

// The symbols run `run_id` has an outcome for.
std::set<std::string> recorded_symbols(Store& store, std::int64_t run_id) {
  std::set<std::string> symbols;
  for (const auto& done : store.run_symbols(run_id))
    symbols.insert(done.outcome.symbol);
  return symbols;
}

// Records a trained symbol (its model_metadata row, registry version and training_run_symbols
// row) in one transaction, unless the run has its outcome already (a job run again after its
// first holder recorded it): false then, and nothing is written.
bool record_symbol(Store& store, const TrainingSettings& settings, const TrainingPlan& plan,
                   const TrainingRun& run, SymbolResult& r) {
  bool recorded = false;
  store.atomically([&] {
    if (recorded_symbols(store, run.id).count(r.symbol)) return;
    RunSymbol record{run.id,   r.symbol, r.status, r.error, 0, r.rows, r.outcome.epochs_run,
                     r.seconds};
    if (r.status == "success") {
      ModelMetadata m;
      m.symbol = r.symbol;
      m.model_type = std::string(models::to_string(settings.model));
      m.training_date = run.run_date;
      const models::Evaluation& test = r.record.test;
      m.accuracy = test.accuracy;
      m.loss = test.loss;
      m.epochs = r.outcome.epochs_run;
      m.timeframe = plan.timeframe;
      m.training_mode = run.mode;
      m.hour = run.hour;
      m.run_id = run.id;
      m.f1 = test.f1;
      m.baseline_accuracy = test.baseline_accuracy;
      m.test_rows = std::int64_t(test.rows);
      m.validation_rows = std::int64_t(r.outcome.validation.rows);
      m.validation_accuracy = r.outcome.validation.accuracy;
      m.validation_loss = r.outcome.validation.loss;
      m.edge_pvalue = r.edge_pvalue;
      m.selection_end = r.record.selection_end;
      m.data_start = r.record.data_start;
      m.data_end = r.record.data_end;
      m.duration_seconds = r.seconds;
      m.best_epoch = r.outcome.best_epoch;
      m.config_hash = settings.config_hash;
      m.interval = run.interval;
      m.warm_started_from = r.record.warm_started_from;
      const RegisteredModel registered =
          store.register_model({m, version_of(r.record, r, run), r.artifact,
                                version_of(r.baseline_record, r, run), r.baseline_artifact});
      record.model_id = registered.model_id;
      r.version = registered.version;
      r.model_path = fmt::format("registry:{}/{}/v{}", r.symbol, run.interval, r.version);
    }
    store.insert_run_symbol(record);
    recorded = true;
  });
  return recorded;
}

// Trains `symbols` into `run` in batches of training.batch_symbols on a pool of `workers`,
// renewing the run's heartbeat, and records each outcome; appends the results recorded.
// Returns false when Ctrl-C stopped it.
bool train_batches(Store& store, const Config& config, const RunRequest& request,
                   const TrainingPlan& plan, const TrainingSettings& settings, TrainingRun& run,
                   const std::vector<std::string>& symbols, int workers, ProgressSink& progress,
                   RunResult& result) {
  bool interrupted = false;
  const std::size_t batch = std::size_t(std::max(1, config.training.batch_symbols));
  for (std::size_t first = 0; first < symbols.size() && !interrupted; first += batch) {
    if (interrupt_requested()) return false;
    std::vector<SymbolJob> jobs;
    for (std::size_t i = first; i < std::min(symbols.size(), first + batch); ++i) {
      jobs.push_back(prepare(store, config, plan, settings, symbols[i]));
    }
    std::vector<SymbolResult> results(jobs.size());
    auto work = std::async(std::launch::async, [&] {
      parallel_for(
          jobs.size(),
          [&](std::size_t i) {
            progress.symbol_started(jobs[i].symbol);
            results[i] = train_symbol(
                jobs[i], plan, settings,
                [&, i](const models::EpochProgress& epoch) {
                  progress.epoch_finished(jobs[i].symbol, epoch);
                },
                request.at);
            progress.symbol_finished(results[i]);
          },
          unsigned(workers));
    });
    // A shared run's row is the completion job's to write: its symbol jobs each hold only
    // their own counts, and their progress is the run's training_run_symbols rows.
    const bool shared = run.pid == 0;
    while (work.wait_for(kHeartbeat) == std::future_status::timeout) {
      if (shared) continue;
      run.heartbeat = now_utc();
      store.update_training_run(run);
    }
    work.get();
    for (SymbolResult& r : results) {
      interrupted = interrupted || r.status == "interrupted";
      // A shared run's job that was stopped is run again by another worker: nothing to record.
      if (r.status == "interrupted" && run.pid == 0) continue;
      if (!record_symbol(store, settings, plan, run, r)) continue;
      run.rows_processed += r.rows;
      result.multiply_adds += r.outcome.multiply_adds;
      result.symbols.push_back(std::move(r));
    }
    if (shared) continue;
    run.heartbeat = now_utc();
    store.update_training_run(run);
  }
  return !interrupted;
}

// The run's status from its symbols' outcomes.
void conclude(TrainingRun& run, const std::vector<SymbolResult>& symbols, bool interrupted) {
  std::size_t succeeded = 0;
  for (const auto& r : symbols)
    succeeded += r.status == "success";
  run.status = interrupted                                   ? "interrupted"
               : succeeded == std::size_t(run.symbols_count) ? "success"
               : succeeded > 0                               ? "partial"
                                                             : "failed";
  run.error = interrupted ? "interrupted" : failure_summary(symbols);
}

// Records the run's outcome, then writes its evaluation report (a report that cannot be
// written loses no record).
void finish(Store& store, const Config& config, RunResult& result) {
  store.update_training_run(result.run);
  try {
    result.evaluation_file = write_evaluation_report(
        result, std::filesystem::path(config.training.models_dir) / store.database_id());
  } catch (const std::exception& e) {
    result.report_error = e.what();
    spdlog::error("run {}: the evaluation report was not written: {}", result.run.id, e.what());
  }
}

double seconds_since(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

}  // namespace

RunResult run_training(Store& store, const Config& config, const RunRequest& request,
                       ProgressSink& progress) {
  const auto started = std::chrono::steady_clock::now();
  models::use_one_core_per_model();
  RunResult result;
  TrainingPlan& plan = result.plan;
  plan = plan_for(request.mode, config, request.at);
  if (request.epochs) plan.epochs = *request.epochs;
  if (!request.early_stopping) plan.early_stopping = false;
  const std::vector<std::string> symbols = symbols_of(config, request);
  TrainingSettings settings = settings_for(config, request);
  const int workers = worker_count(config, request);

  TrainingRun& run = result.run;
  run = new_run(request, plan, int(symbols.size()));
  run.id = store.insert_training_run(run);
  settings.run_id = run.id;
  result.abandoned = mark_abandoned_runs(store, run.id, now_utc());
  progress.run_started(run, int(symbols.size()), workers);

  try {
    const bool completed = train_batches(store, config, request, plan, settings, run, symbols,
                                         workers, progress, result);
    conclude(run, result.symbols, !completed);
  } catch (const std::exception& e) {
    run.status = "failed";
    run.error = e.what();
    run.duration_seconds = seconds_since(started);
    store.update_training_run(run);
    throw;
  }
  run.duration_seconds = seconds_since(started);
  finish(store, config, result);
  progress.run_finished(result);
  return result;
}

TrainingRun start_shared_run(Store& store, const Config& config, const RunRequest& request,
                             const std::string& owner) {
  const TrainingPlan plan = plan_for(request.mode, config, request.at);
  TrainingRun run = new_run(request, plan, int(symbols_of(config, request).size()));
  run.pid = 0;  // no process owns it: the job queue's leases do
  run.host = owner;
  run.id = store.insert_training_run(run);
  return run;
}

std::vector<SymbolResult> train_into_run(Store& store, const Config& config,
                                         const RunRequest& request, std::int64_t run_id,
                                         ProgressSink& progress) {
  models::use_one_core_per_model();
  auto found = store.training_run(run_id);
  if (!found) throw Error(fmt::format("training run {}: no such run", run_id));
  TrainingRun run = *found;
  if (run.status != "running") {
    throw Error(fmt::format("training run {} is {}: it takes no more symbols", run_id, run.status));
  }
  if (run.mode != to_string(request.mode) || run.run_date != request.at) {
    throw Error(fmt::format("training run {} is a {} run at {}, not {} at {}", run_id, run.mode,
                            format_iso8601(run.run_date), to_string(request.mode),
                            format_iso8601(request.at)));
  }
  RunResult result;
  result.plan = plan_for(request.mode, config, request.at);
  if (request.epochs) result.plan.epochs = *request.epochs;
  if (!request.early_stopping) result.plan.early_stopping = false;
  TrainingSettings settings = settings_for(config, request);
  settings.run_id = run.id;
  const std::set<std::string> recorded = recorded_symbols(store, run.id);
  std::vector<std::string> symbols;
  for (const auto& s : symbols_of(config, request))
    if (!recorded.count(s)) symbols.push_back(s);
  train_batches(store, config, request, result.plan, settings, run, symbols,
                worker_count(config, request), progress, result);
  return std::move(result.symbols);
}

RunResult complete_shared_run(Store& store, const Config& config, std::int64_t run_id,
                              const std::vector<RunSymbol>& unrecorded, UnixSeconds started) {
  auto found = store.training_run(run_id);
  if (!found) throw Error(fmt::format("training run {}: no such run", run_id));
  RunResult result;
  result.run = *found;
  TrainingRun& run = result.run;
  result.plan = plan_for(parse_training_mode(run.mode), config, run.run_date);
  if (run.status != "running") return result;  // completed already (a job run again)
  store.atomically([&] {
    const std::set<std::string> recorded = recorded_symbols(store, run.id);
    for (const RunSymbol& missing : unrecorded)
      if (!recorded.count(missing.symbol)) store.insert_run_symbol(missing);
  });
  run.rows_processed = 0;
  for (const RunSymbolOutcome& o : store.run_symbols(run.id)) {
    SymbolResult r;
    r.symbol = o.outcome.symbol;
    r.status = o.outcome.status;
    r.error = o.outcome.error;
    r.rows = o.outcome.rows;
    r.seconds = o.outcome.duration_seconds;
    r.version = o.version;
    r.model_path = o.model.model_path;
    r.record.test = {o.model.loss, o.model.accuracy, o.model.f1, o.model.baseline_accuracy,
                     std::size_t(o.model.test_rows)};
    r.record.warm_started_from = o.model.warm_started_from;
    r.outcome.validation.accuracy = o.model.validation_accuracy;
    r.outcome.validation.loss = o.model.validation_loss;
    r.outcome.validation.rows = std::size_t(o.model.validation_rows);
    r.outcome.epochs_run = o.outcome.epochs;
    r.outcome.best_epoch = o.model.best_epoch;
    r.edge_pvalue = o.model.edge_pvalue;
    run.rows_processed += r.rows;
    result.symbols.push_back(std::move(r));
  }
  conclude(run, result.symbols, false);
  run.heartbeat = now_utc();
  run.duration_seconds = double(std::max<UnixSeconds>(0, now_utc() - started));
  finish(store, config, result);
  return result;
}

}  // namespace quantloop::train
