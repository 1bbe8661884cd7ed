#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/arguments.h"
#include "cli/commands/commands.h"
#include "cli/output.h"
#include "cli/shared_runs.h"
#include "cli/training_progress.h"
#include "cli/validators.h"
#include "core/error.h"
#include "data/yahoo_ingest.h"
#include "registry/predictor.h"
#include "registry/registry.h"
#include "registry/tables.h"
#include "train/evaluation_report.h"
#include "train/runner.h"

namespace quantloop::cli {

namespace {

struct TrainArgs {
  std::string mode, symbols, model, at, backend = "native";
  int epochs = 0, workers = 0, batch_size = 0, samples_per_sequence = 0;
  std::int64_t join_run = 0, complete_run = 0;
  bool no_early_stop = false, offline = false;
  OutputFormat format = OutputFormat::table;
};

UnixSeconds clock_of(const std::string& at) {
  return at.empty() ? now_utc() : *parse_timestamp(at);
}

train::RunRequest request_of(const TrainArgs& args, train::TrainingMode mode) {
  train::RunRequest request;
  request.mode = mode;
  request.at = clock_of(args.at);
  request.symbols = split_list(args.symbols);
  if (!args.model.empty()) request.model = models::parse_model_type(args.model);
  if (args.epochs > 0) request.epochs = args.epochs;
  request.early_stopping = !args.no_early_stop;
  request.workers = args.workers;
  if (args.batch_size > 0) request.batch_size = args.batch_size;
  if (args.samples_per_sequence > 0) request.samples_per_sequence = args.samples_per_sequence;
  request.gru_backend = args.backend;
  return request;
}

int exit_code_of(const train::RunResult& result, const std::vector<std::string>& problems) {
  const std::string& status = result.run.status;
  // A run whose models are stored but whose report could not be written, or that could not
  // decide a promotion, did part of its work.
  if (status == "success")
    return result.report_error.empty() && problems.empty() ? 0 : kExitPartial;
  return exit_code_of_run(status);
}

// Each new model challenges its series' champion; deferred challengers are judged again and
// live champions checked for rollback; then every trained series' champion predicts, so the
// cache and the live scores start from this run. Problems of one series are reported, not
// thrown.
struct AfterRun {
  std::vector<PromotionDecision> decisions;
  std::vector<std::string> problems;
};

AfterRun promote_after_run(Store& store, const Config& config, const train::RunResult& result) {
  AfterRun after;
  if (result.run.status == "interrupted") return after;
  const UnixSeconds clock = result.plan.window_end;
  const std::string actor = fmt::format("run {}", result.run.id);
  registry::Registry registry(store, config);
  for (const auto& s : result.symbols) {
    if (s.status != "success" || s.version <= 0) continue;
    try {
      after.decisions.push_back(
          registry.consider(s.symbol, result.run.interval, s.version, clock, actor, result.run.id));
    } catch (const Error& e) {
      after.problems.push_back(fmt::format("{}: no promotion decision: {}", s.symbol, e.what()));
    }
  }
  for (auto& d : registry.review(clock, actor))
    after.decisions.push_back(std::move(d));
  registry::Predictor predictor(store, config);
  for (const auto& s : result.symbols) {
    // A replayed clock before the series' first champion has nothing to predict with.
    if (s.status != "success" ||
        !store.alias_at(s.symbol, result.run.interval, "champion", clock)) {
      continue;
    }
    try {
      predictor.predict(s.symbol, result.run.interval, clock, true);
    } catch (const Error& e) {
      after.problems.push_back(fmt::format("{}: no prediction: {}", s.symbol, e.what()));
    }
  }
  return after;
}

void print_run(const train::RunResult& result, const AfterRun& after, OutputFormat format) {
  const TrainingRun& run = result.run;
  const double gflops =
      run.duration_seconds > 0 ? 2 * result.multiply_adds / run.duration_seconds / 1e9 : 0;
  if (format == OutputFormat::json) {
    nlohmann::json json = train::run_report(result);
    json["gflops"] = gflops;
    json["evaluation_file"] = result.evaluation_file.string();
    json["abandoned_runs_marked"] = result.abandoned;
    json["promotions"] = to_json(registry::decisions_table(after.decisions));
    json["promotion_problems"] = after.problems;
    std::cout << json.dump(2) << '\n';
    return;
  }
  ResultTable table{{"symbol", "status", "test accuracy", "baseline", "edge p", "f1", "loss",
                     "validation loss", "epochs", "best", "test rows", "seconds"},
                    {}};
  auto number = [](double v) { return std::isfinite(v) ? Value{v} : Value{}; };
  int tested = 0, significant = 0;
  for (const auto& s : result.symbols) {
    const auto& test = s.record.test;
    if (s.status == "success") {
      table.rows.push_back({s.symbol, s.status, number(test.accuracy),
                            number(test.baseline_accuracy), s.edge_pvalue, number(test.f1),
                            number(test.loss), s.outcome.validation.loss,
                            std::int64_t{s.outcome.epochs_run}, std::int64_t{s.outcome.best_epoch},
                            std::int64_t(test.rows), s.seconds});
      if (test.rows > 0) {
        ++tested;
        significant += s.edge_pvalue < 0.05;
      }
    } else {
      table.rows.push_back({s.symbol, s.status + ": " + s.error, Value{}, Value{}, Value{}, Value{},
                            Value{}, Value{}, Value{}, Value{}, Value{}, s.seconds});
    }
  }
  print_table(std::cout, table,
              fmt::format("TRAINING RUN {} ({} mode, {} bars, {})", run.id, run.mode, run.interval,
                          run.timeframe));
  std::cout << fmt::format(
      "test rows neither trained nor chose a model; the edge over the baseline is significant "
      "at 5 % for {} of {} symbols ({:.1f} expected by chance)\n",
      significant, tested, 0.05 * tested);
  std::cout << fmt::format(
      "status {}: {} symbol{}, {} rows in {:.2f} s ({:.1f} GFLOP/s of GRU arithmetic, "
      "window-by-window count); results in {}\n",
      run.status, run.symbols_count, run.symbols_count == 1 ? "" : "s", run.rows_processed,
      run.duration_seconds, gflops,
      result.evaluation_file.empty() ? "(not written: " + result.report_error + ")"
                                     : result.evaluation_file.string());
  if (!after.decisions.empty()) {
    const std::string metric = after.decisions.front().metric;
    ResultTable table{{"symbol", "decision", "challenger", "champion", "rows",
                       "challenger " + metric, "champion " + metric, "p", "reason"},
                      {}};
    for (const auto& d : after.decisions) {
      auto number = [](double v) { return std::isfinite(v) ? Value{v} : Value{}; };
      table.rows.push_back({d.symbol, d.decision, std::int64_t{d.challenger_version},
                            std::int64_t{d.champion_version}, d.rows, number(d.challenger_value),
                            number(d.champion_value), number(d.pvalue), d.reason});
    }
    print_table(std::cout, table,
                "PROMOTION (rows neither model trained or was chosen on; Diebold-Mariano p)");
  }
  for (const auto& problem : after.problems)
    std::cout << "warning: " << problem << '\n';
}

// The exit code of a job's symbols in a shared run: as a run's, from the outcomes recorded.
int exit_code_of_symbols(const std::vector<train::SymbolResult>& results) {
  int code = 0;
  for (const auto& r : results) {
    if (r.status == "interrupted") return kExitInterrupted;
    if (r.status != "success") code = kExitDataError;  // recorded: a retry would change nothing
  }
  return code;
}

// Inside a job, a run of several symbols becomes one job per symbol and a job that completes
// it, which any number of workers share; true when it did (and said so).
bool fanned_out(Store& store, const Config& config, const train::RunRequest& request,
                OutputFormat format) {
  const auto job = current_job();
  const std::size_t symbols =
      request.symbols.empty() ? config.all_symbols().size() : request.symbols.size();
  if (!job || symbols < 2) return false;
  const FanOut out = fan_out_run(store, config, *job, request);
  const std::string message =
      out.already ? fmt::format("job {} fanned out before: {} symbol jobs, completion job {}",
                                job->id, out.symbol_jobs.size(), out.completion_job)
                  : fmt::format("run {}: {} symbols queued as jobs {}-{}; job {} completes the run",
                                out.run_id, out.symbol_jobs.size(), out.symbol_jobs.front(),
                                out.symbol_jobs.back(), out.completion_job);
  if (format == OutputFormat::json) {
    std::cout << nlohmann::json{{"run_id", out.run_id},
                                {"symbol_jobs", out.symbol_jobs},
                                {"completion_job", out.completion_job},
                                {"message", message}}
                     .dump(2)
              << '\n';
  } else {
    std::cout << message << '\n';
  }
  return true;
}

void add_train_options(CLI::App* command, TrainArgs& args) {
  command
      ->add_option("--symbols", args.symbols,
                   "Comma-separated symbols (default: every configured symbol)")
      ->check(symbol_list());
  command->add_option("--model", args.model, "gru, gbdt or linear (default: training.model)")
      ->check(CLI::IsMember({"gru", "gbdt", "linear"}));
  command
      ->add_option("--epochs", args.epochs, "Epochs (default: the mode's, from the configuration)")
      ->check(CLI::Range(1, 1000000));
  command->add_flag("--no-early-stop", args.no_early_stop,
                    "Run every epoch (the seeds' way); the best is still kept");
  command
      ->add_option(
          "--workers", args.workers,
          "Symbols trained at once, one core each (default: training.workers, else one per core)")
      ->check(CLI::Range(1, 1024));
  command
      ->add_option("--batch-size", args.batch_size, "GRU mini-batch size (default: gru.batch_size)")
      ->check(CLI::Range(1, 65536));
  command
      ->add_option("--samples-per-sequence", args.samples_per_sequence,
                   "GRU training: consecutive samples sharing one window, each scored at its step "
                   "(1: a window per sample, the seeds' way; 8: about 4x faster; native backend "
                   "only; default: gru.samples_per_sequence)")
      ->check(CLI::Range(1, 10000));
  command
      ->add_option("--backend", args.backend,
                   "GRU arithmetic: native (quantloop's) or torch (LibTorch, the reference)")
      ->capture_default_str()
      ->check(CLI::IsMember({"native", "torch"}));
  command
      ->add_option("--at", args.at,
                   "The run's clock, UTC (default: now): bars after it are not used")
      ->check(utc_time());
  add_format_flags(command, args.format, false);
}

}  // namespace

void add_train_commands(CLI::App& app, Context& context) {
  auto train_args = std::make_shared<TrainArgs>();
  auto* train = app.add_subcommand(
      "train",
      "Train per-symbol models and record the run (training_runs, model_metadata, "
      "evaluation_results.json). Exit code 3 when some symbols failed, 130 when interrupted");
  train->add_option("--mode", train_args->mode, "hourly, full or incremental (required)")
      ->check(CLI::IsMember({"hourly", "full", "incremental"}));
  add_train_options(train, *train_args);
  train
      ->add_option("--join-run", train_args->join_run,
                   "Train the symbols into this shared run (the jobs a run fans out into)")
      ->group("Runs shared by jobs (written by the job queue)")
      ->check(CLI::PositiveNumber);
  train
      ->add_option("--complete-run", train_args->complete_run,
                   "Complete this shared run once its symbols' jobs have ended: status, "
                   "evaluation report, promotions")
      ->group("Runs shared by jobs (written by the job queue)")
      ->check(CLI::PositiveNumber)
      ->excludes("--join-run");
  train->callback([&context, train_args] {
    if (train_args->complete_run == 0 && train_args->mode.empty()) {
      usage_error("--mode", "train needs --mode hourly, full or incremental");
    }
    context.begin();
    const Config& config = context.config();
    auto store = context.open_store(Store::OpenMode::existing);
    if (train_args->complete_run > 0) {
      const auto result = complete_run_job(*store, config, train_args->complete_run);
      const AfterRun after = promote_after_run(*store, config, result);
      print_run(result, after, train_args->format);
      context.exit_code = exit_code_of(result, after.problems);
      return;
    }
    const auto request = request_of(*train_args, train::parse_training_mode(train_args->mode));
    TrainingProgress progress(context.options.quiet);
    if (train_args->join_run > 0) {
      const auto results =
          train::train_into_run(*store, config, request, train_args->join_run, progress);
      context.exit_code = exit_code_of_symbols(results);
      return;
    }
    if (fanned_out(*store, config, request, train_args->format)) return;
    const auto result = train::run_training(*store, config, request, progress);
    const AfterRun after = promote_after_run(*store, config, result);
    print_run(result, after, train_args->format);
    context.exit_code = exit_code_of(result, after.problems);
  });

  auto run_args = std::make_shared<TrainArgs>();
  auto* run = app.add_subcommand(
      "run",
      "What the seeds' workflow does each hour: pick the mode the schedule gives this UTC hour "
      "(hourly 09-19, full at 20 by default), fetch the bars from Yahoo Finance (unless "
      "--offline), "
      "train, evaluate, record");
  run->add_option("--mode", run_args->mode,
                  "hourly, full or incremental, whatever the hour (what a schedule's job names)")
      ->check(CLI::IsMember({"hourly", "full", "incremental"}));
  add_train_options(run, *run_args);
  run->add_flag("--offline", run_args->offline, "Train on what the store has; fetch nothing");
  run->callback([&context, run_args] {
    context.begin();
    const Config& config = context.config();
    const UnixSeconds at = clock_of(run_args->at);
    const auto mode = run_args->mode.empty()
                          ? train::scheduled_mode(config.schedule, hour_of(at))
                          : std::optional(train::parse_training_mode(run_args->mode));
    if (!mode) {
      const std::string message =
          fmt::format("nothing scheduled at {:02d}:00 UTC (hourly {:02d}-{:02d}, full at {:02d})",
                      hour_of(at), config.schedule.hourly_first_hour_utc,
                      config.schedule.hourly_last_hour_utc, config.schedule.full_hour_utc);
      if (run_args->format == OutputFormat::json) {
        std::cout << nlohmann::json{{"mode", nullptr}, {"hour", hour_of(at)}, {"message", message}}
                         .dump(2)
                  << '\n';
      } else {
        std::cout << message << '\n';
      }
      return;
    }
    auto store = context.open_store(Store::OpenMode::create);
    train::RunRequest request = request_of(*run_args, *mode);
    if (!run_args->offline) {
      const auto plan = train::plan_for(*mode, config, at);
      YahooIngestOptions fetch;
      fetch.symbols = request.symbols.empty() ? config.all_symbols() : request.symbols;
      fetch.interval = plan.interval;
      // Yahoo's ranges end now: a replayed clock in the past needs the range to reach back to it.
      fetch.range = range_covering(std::max(at, now_utc()) - plan.window_start +
                                   train::history_before_window(plan.interval));
      const auto report = ingest_yahoo(*store, config, fetch, now_utc());
      for (const auto& failed : report.failed) {
        spdlog::warn("{}: not fetched ({}); training on the stored bars", failed.symbol,
                     failed.reason);
      }
    }
    if (fanned_out(*store, config, request, run_args->format)) return;
    TrainingProgress progress(context.options.quiet);
    const auto result = train::run_training(*store, config, request, progress);
    const AfterRun after = promote_after_run(*store, config, result);
    print_run(result, after, run_args->format);
    context.exit_code = exit_code_of(result, after.problems);
  });
}

}  // namespace quantloop::cli
