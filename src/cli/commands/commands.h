#pragma once

#include <CLI/CLI.hpp>
#include <ostream>
#include <string_view>

#include "cli/context.h"
#include "core/time.h"

namespace quantloop::signals {
struct SignalsRun;
struct FedBar;
}  // namespace quantloop::signals

namespace quantloop::cli {

// Each adds one command group to the application; the command runs from its CLI11 callback.
void add_ingest_commands(CLI::App& app, Context& context);
void add_query_commands(CLI::App& app, Context& context);
void add_check_command(CLI::App& app, Context& context);
void add_config_commands(CLI::App& app, Context& context);
void add_sql_command(CLI::App& app, Context& context);
void add_stats_commands(CLI::App& app, Context& context);
void add_concepts_command(CLI::App& app, Context& context);  // concepts
void add_scanner_commands(CLI::App& app, Context& context);  // scanner run, dataset
void add_train_commands(CLI::App& app, Context& context);
void add_models_commands(CLI::App& app, Context& context);  // models ..., predict
void add_serve_command(CLI::App& app, Context& context);
void add_schedule_commands(CLI::App& app, Context& context);  // schedule show|export
void add_jobs_commands(CLI::App& app, Context& context);      // jobs ..., worker, daemon
void add_status_command(CLI::App& app, Context& context);
void add_pairs_commands(CLI::App& app, Context& context);  // pairs scan, best, trends, ...
// Subcommands of `pairs` in files of their own: pairs train; pairs signals and pairs watch.
void add_pairs_train_command(CLI::App& pairs, Context& context);
void add_pairs_signals_command(CLI::App& pairs, Context& context);
void add_backtest_commands(CLI::App& app, Context& context);  // backtest pairs
void add_replay_command(CLI::App& app, Context& context);     // replay

// A pair signals run's signals and open trades, as a table or JSON (pairs signals, replay);
// a replay's JSON also lists the bars fed at the step, each marked real or proxy.
void print_signals(std::ostream& out, const signals::SignalsRun& run, UnixSeconds at, bool as_json,
                   const std::vector<signals::FedBar>* fed = nullptr);

// --json and --csv (exclusive) for commands that print a result.
void add_format_flags(CLI::App* command, OutputFormat& format, bool with_csv = true);

// Exit codes beyond 0 (success) and 1 (error).
constexpr int kExitUsage = 2;
constexpr int kExitPartial = 3;  // the command did part of its work: see its report
// The input cannot be processed (sysexits' EX_DATAERR): the same input would fail again, so
// the job queue does not retry it.
constexpr int kExitDataError = 65;
constexpr int kExitInterrupted = 130;

// A training run's status (training_runs.status) as an exit code. A run none of whose parts
// could be trained failed for reasons of its own (too few rows, a diverging loss): the same data
// would fail the same way, so it is a data error that a job queue does not retry.
inline int exit_code_of_run(std::string_view status) {
  if (status == "success") return 0;
  if (status == "partial") return kExitPartial;
  if (status == "interrupted") return kExitInterrupted;
  return kExitDataError;
}

}  // namespace quantloop::cli
