#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands/commands.h"
#include "cli/context.h"
#include "cli/validators.h"
#include "core/error.h"
#include "core/interrupt.h"

int main(int argc, char** argv) {
  using namespace quantloop;
  using namespace quantloop::cli;
  Context context;
  CLI::App app{
      "quantloop keeps market prediction models fresh: it ingests bars, stores them (SQLite by "
      "default, PostgreSQL to scale out), checks them, trains per-symbol models on them (hourly, "
      "full and incremental modes), records every run, and runs the econometrics of pair "
      "selection.",
      "quantloop"};
  app.set_version_flag("--version", QUANTLOOP_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  app.add_option("--db", context.options.database_url,
                 "Database: a SQLite file path or a postgresql:// URL (default: database.url "
                 "from the configuration, quantloop.db)");
  app.add_option("--config", context.options.config_file,
                 "Configuration file (default: $QUANTLOOP_CONFIG, else ./quantloop.toml if "
                 "present)")
      ->check(CLI::ExistingFile);
  app.add_option("--set", context.options.settings,
                 "Override a configuration key, e.g. --set training.full_epochs=20 (repeatable)")
      ->check(setting());
  app.add_flag("-v,--verbose", context.options.verbose, "Log more, with times");
  app.add_flag("-q,--quiet", context.options.quiet, "Log only warnings and errors");
  app.footer(
      "Configuration: defaults < quantloop.toml < QUANTLOOP_<SECTION>_<KEY> environment "
      "variables < flags; see `quantloop config show`.\n"
      "Exit codes: 0 success, 1 error, 2 usage error, 3 partial success (see the report), "
      "65 the input cannot be processed (a training run none of whose symbols could be "
      "trained), 130 interrupted.");

  add_ingest_commands(app, context);
  add_train_commands(app, context);
  add_models_commands(app, context);
  add_serve_command(app, context);
  add_schedule_commands(app, context);
  add_jobs_commands(app, context);
  add_status_command(app, context);
  add_query_commands(app, context);
  add_check_command(app, context);
  add_sql_command(app, context);
  add_stats_commands(app, context);
  add_concepts_command(app, context);
  add_scanner_commands(app, context);
  add_pairs_commands(app, context);
  add_backtest_commands(app, context);
  add_replay_command(app, context);
  add_config_commands(app, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help and version are successes; every other parse error is a usage error.
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitUsage;
  } catch (const Interrupted&) {
    std::cerr << "quantloop: interrupted; nothing of the unfinished step was stored\n";
    return kExitInterrupted;
  } catch (const Error& e) {
    std::cerr << "quantloop: " << e.what() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "quantloop: unexpected error: " << e.what() << '\n';
    return 1;
  }
  return context.exit_code;
}
