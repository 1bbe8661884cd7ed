#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <set>

#include "cli/commands/commands.h"
#include "cli/output.h"
#include "cli/validators.h"
#include "core/atomic_file.h"
#include "core/error.h"
#include "core/interrupt.h"
#include "registry/tables.h"

namespace quantloop::cli {

namespace {

struct QueryArgs {
  int limit = 20;
  std::string symbol;
  std::string interval = "1h";
  int hours = 24;
  std::string table;
  std::string output;
  OutputFormat format = OutputFormat::table;
};

void print_stats(const StoreStatistics& stats, OutputFormat format) {
  std::set<std::string> symbols, intervals;
  UnixSeconds first = 0, last = 0;
  for (const auto& s : stats.series) {
    symbols.insert(s.symbol);
    intervals.insert(s.interval);
    if (first == 0 || s.first < first) first = s.first;
    last = std::max(last, s.last);
  }
  ResultTable tables{{"table", "rows"}, {}};
  for (const auto& [name, rows] : stats.table_rows)
    tables.rows.push_back({name, rows});
  ResultTable series{{"symbol", "asset_type", "interval", "bars", "first", "last"}, {}};
  for (const auto& s : stats.series) {
    series.rows.push_back(
        {s.symbol, s.asset_type, s.interval, s.bars, format_utc(s.first), format_utc(s.last)});
  }
  if (format == OutputFormat::json) {
    nlohmann::json json = {
        {"location", stats.location},
        {"size_bytes", stats.size_bytes},
        {"schema_version", stats.schema_version},
        {"symbols", symbols.size()},
        {"intervals", intervals},
        {"first", stats.series.empty() ? nlohmann::json() : nlohmann::json(format_utc(first))},
        {"last", stats.series.empty() ? nlohmann::json() : nlohmann::json(format_utc(last))},
        {"series", to_json(series)}};
    for (const auto& [name, rows] : stats.table_rows)
      json["tables"][name] = rows;
    std::cout << json.dump(2) << '\n';
    return;
  }
  if (format == OutputFormat::csv) {
    print_csv(std::cout, series);
    return;
  }
  std::string interval_list;
  for (const auto& i : intervals)
    interval_list += (interval_list.empty() ? "" : ", ") + i;
  std::cout << fmt::format("database: {} ({}, schema version {})\n", stats.location,
                           human_bytes(stats.size_bytes), stats.schema_version);
  print_table(std::cout, tables);
  if (stats.series.empty()) {
    std::cout << "market_data is empty\n";
    return;
  }
  std::cout << fmt::format("market_data: {} symbols, intervals {}, {} to {}\n", symbols.size(),
                           interval_list, format_utc(first), format_utc(last));
  print_table(std::cout, series);
}

// Writes the table as CSV (atomically: a failed export never leaves a truncated file under the
// requested name).
void export_csv(Store& store, const std::string& table, const std::string& output) {
  std::int64_t rows = 0;
  auto write = [&](std::ostream& out) {
    store.export_table(
        table,
        [&](const std::vector<std::string>& columns) {
          for (std::size_t c = 0; c < columns.size(); ++c)
            out << (c ? "," : "") << columns[c];
          out << '\n';
        },
        [&](const std::vector<Value>& row) {
          for (std::size_t c = 0; c < row.size(); ++c)
            out << (c ? "," : "") << csv_field(row[c]);
          out << '\n';
          if (++rows % 100000 == 0) throw_if_interrupted();
        });
  };
  if (output == "-") {
    write(std::cout);
    return;
  }
  write_file_atomically(output, write);
  std::cerr << fmt::format("quantloop: exported {} rows of {} to {}\n", rows, table, output);
}

}  // namespace

void add_query_commands(CLI::App& app, Context& context) {
  auto* query = app.add_subcommand(
      "query", "Monitor the training system (seed 001's query_training_data.py)");
  query->require_subcommand(1);
  auto args = std::make_shared<QueryArgs>();

  auto* runs = query->add_subcommand("runs", "Show recent training runs");
  runs->add_option("--limit", args->limit, "How many runs")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  add_format_flags(runs, args->format);
  runs->callback([&context, args] {
    context.begin();
    auto store = context.open_store(Store::OpenMode::existing);
    print_result(std::cout, store->recent_runs(args->limit), args->format, "RECENT TRAINING RUNS");
  });

  auto* performance = query->add_subcommand(
      "performance",
      "Show model performance by symbol, timeframe and training mode: test-segment accuracy "
      "beside the baseline, the validation accuracy, and how many edges are significant");
  add_format_flags(performance, args->format);
  performance->callback([&context, args] {
    context.begin();
    auto store = context.open_store(Store::OpenMode::existing);
    print_result(std::cout, store->model_performance(), args->format,
                 "MODEL PERFORMANCE ON TEST ROWS (neither trained nor chose the model; "
                 "validation accuracy chose the epoch)");
  });

  auto* hourly = query->add_subcommand("hourly", "Show a symbol's bars of the last hours");
  hourly->add_option("--symbol", args->symbol, "Symbol")->required();
  hourly->add_option("--hours", args->hours, "Look-back in hours from now")
      ->capture_default_str()
      ->check(CLI::Range(1, 24 * 365 * 100));
  hourly->add_option("--interval", args->interval, "Bar interval")
      ->capture_default_str()
      ->check(interval_name());
  add_format_flags(hourly, args->format);
  hourly->callback([&context, args] {
    context.begin();
    auto store = context.open_store(Store::OpenMode::existing);
    const Interval interval = Interval::parse(args->interval);
    const auto table = store->recent_bars(canonical_symbol(args->symbol), interval,
                                          now_utc() - args->hours * kSecondsPerHour);
    print_result(std::cout, table, args->format,
                 fmt::format("{} {} BARS, LAST {} HOURS", canonical_symbol(args->symbol),
                             interval.name(), args->hours));
  });

  auto* by_hour = query->add_subcommand("by-hour", "Show training runs by UTC hour of day");
  add_format_flags(by_hour, args->format);
  by_hour->callback([&context, args] {
    context.begin();
    auto store = context.open_store(Store::OpenMode::existing);
    print_result(std::cout, store->runs_by_hour(), args->format, "TRAINING RUNS BY HOUR");
  });

  auto* stats = query->add_subcommand(
      "stats", "Show database statistics: rows per table, symbols, intervals, dates, size");
  add_format_flags(stats, args->format);
  stats->callback([&context, args] {
    context.begin();
    auto store = context.open_store(Store::OpenMode::existing);
    print_stats(store->statistics(), args->format);
  });

  auto* promotions = query->add_subcommand(
      "promotions",
      "Show promotion decisions (promoted, kept, deferred, rolled back) with both models' "
      "metrics on the rows neither trained or was chosen on, the test and the reason");
  promotions->add_option("--symbol", args->symbol, "Only this symbol");
  promotions->add_option("--limit", args->limit, "How many, newest first")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  add_format_flags(promotions, args->format);
  promotions->callback([&context, args] {
    context.begin();
    auto store = context.open_store(Store::OpenMode::existing);
    auto decisions = store->promotion_decisions("", "", 0);
    std::vector<PromotionDecision> shown;
    for (auto& d : decisions) {
      if (!args->symbol.empty() && d.symbol != canonical_symbol(args->symbol)) continue;
      if (int(shown.size()) == args->limit) break;
      shown.push_back(std::move(d));
    }
    print_result(std::cout, registry::decisions_table(shown), args->format, "PROMOTION DECISIONS");
  });

  auto* live = query->add_subcommand(
      "live",
      "Show each model's live predictions with known outcomes (accuracy, log loss) beside the "
      "test metrics it was registered with");
  add_format_flags(live, args->format);
  live->callback([&context, args] {
    context.begin();
    auto store = context.open_store(Store::OpenMode::existing);
    print_result(std::cout, registry::live_table(registry::live_scores(*store)), args->format,
                 "LIVE PREDICTIONS (outcomes known) BESIDE THE TEST METRICS");
  });

  auto* export_command = query->add_subcommand("export", "Export a table to CSV");
  export_command->add_option("--table", args->table, "Table to export")
      ->required()
      ->check(one_of(store_table_names()));
  export_command->add_option("--output", args->output, "CSV file to write ('-' for stdout)")
      ->required();
  export_command->callback([&context, args] {
    context.begin();
    auto store = context.open_store(Store::OpenMode::existing);
    export_csv(*store, args->table, args->output);
  });
}

}  // namespace quantloop::cli
