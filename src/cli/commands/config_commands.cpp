#include <iostream>
#include <memory>

#include "cli/commands/commands.h"
#include "cli/output.h"

namespace quantloop::cli {

void add_config_commands(CLI::App& app, Context& context) {
  auto* config = app.add_subcommand("config", "Inspect the configuration");
  config->require_subcommand(1);
  auto show_secrets = std::make_shared<bool>(false);
  auto* show = config->add_subcommand(
      "show",
      "Print the effective configuration (file, then QUANTLOOP_* environment, then "
      "flags), each value with where it came from; passwords masked");
  show->add_flag("--show-secrets", *show_secrets, "Print database passwords");
  show->callback([&context, show_secrets] {
    context.begin();
    std::cout << context.config().to_toml(*show_secrets);
  });
}

void add_sql_command(CLI::App& app, Context& context) {
  struct SqlArgs {
    std::string statement;
    OutputFormat format = OutputFormat::table;
  };
  auto args = std::make_shared<SqlArgs>();
  auto* sql = app.add_subcommand(
      "sql", "Run one read-only SQL statement against the database (e.g. the seeds' queries)");
  sql->add_option("statement", args->statement, "The SQL statement")->required();
  add_format_flags(sql, args->format);
  sql->callback([&context, args] {
    context.begin();
    auto store = context.open_store(Store::OpenMode::existing);
    print_result(std::cout, store->run_sql(args->statement), args->format);
  });
}

}  // namespace quantloop::cli
