#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <thread>

#include "cli/arguments.h"
#include "cli/commands/commands.h"
#include "cli/output.h"
#include "cli/validators.h"
#include "core/asset_type.h"
#include "core/error.h"
#include "core/interrupt.h"
#include "data/yahoo_ingest.h"
#include "scanner/dataset.h"
#include "scanner/scanner.h"
#include "scanner/scanner_training.h"

namespace quantloop::cli {

namespace {

struct DatasetArgs {
  std::string from, to, symbol;
  bool json = false, csv = false;
};

struct TrainArgs {
  std::string at;
  int days = 30;
  std::uint64_t seed = 1;
  OutputFormat format = OutputFormat::table;
};

struct RunArgs {
  bool once = false, replay = false;
  std::string at, from, to, speed = "0";
};

// What a run of scans did, for its closing line.
struct RunTally {
  int scans = 0, skipped = 0, signals = 0, closed = 0, failures = 0;
  std::vector<double> durations_ms;

  void add(const scanner::ScanResult& r) {
    if (!r.scan_id) {
      ++skipped;
      return;
    }
    ++scans;
    signals += int(r.record.signals.size());
    closed += int(r.record.outcomes.size());
    failures += int(r.record.failures.size());
    durations_ms.push_back(r.record.duration_ms);
  }
  std::string summary() const {
    std::vector<double> d = durations_ms;
    std::sort(d.begin(), d.end());
    const auto at = [&](double q) { return d.empty() ? 0.0 : d[std::size_t(q * (d.size() - 1))]; };
    return fmt::format(
        "{} scans ({} at clocks recorded before, skipped): {} signals, {} paper trades closed, "
        "{} symbol failures; a scan took {:.2f} ms median, {:.2f} ms p99",
        scans, skipped, signals, closed, failures, at(0.5), at(0.99));
  }
};

void print_scan(const scanner::ScanResult& r) {
  if (!r.scan_id) {
    std::cerr << fmt::format("{}: scanned before, nothing written\n",
                             format_iso8601(r.record.clock));
    return;
  }
  std::cerr << fmt::format(
      "scan {} at {}: {} symbols, {} rows, {} signals, {} trades closed, "
      "{:.2f} ms\n",
      *r.scan_id, format_iso8601(r.record.clock), r.record.symbols, r.record.conditions.size(),
      r.record.signals.size(), r.record.outcomes.size(), r.record.duration_ms);
  for (const auto& f : r.record.failures)
    std::cerr << "  failed: " << f << '\n';
  for (const auto& s : r.record.signals) {
    std::cout << fmt::format("{} {} {} at {:.6g} stop {:.6g} target {:.6g} confluence {:.0f}% {}\n",
                             format_iso8601(s.entry_time), s.symbol, s.direction, s.entry_price,
                             s.stop_loss, s.take_profit, s.confluence_score, s.ict_concepts);
  }
}

// The live source's new bars for every symbol at the finest timeframe; the symbols it could not
// fetch, as scan failures.
std::vector<std::string> fetch_new_bars(Store& store, const Config& config) {
  YahooIngestOptions options;
  options.symbols = config.scanner.symbols;
  options.interval = Interval::parse(config.scanner.timeframes.front());
  for (const auto& tf : config.scanner.timeframes)
    options.interval = std::min(options.interval, Interval::parse(tf));
  options.range = "1d";
  const auto report = ingest_yahoo(store, config, options, now_utc());
  std::vector<std::string> failures;
  for (const auto& f : report.failed)
    failures.push_back(fmt::format("{}: the live source failed: {}", f.symbol, f.reason));
  return failures;
}

void sleep_until(UnixSeconds t) {
  while (now_utc() < t) {
    if (interrupt_requested()) throw Interrupted();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

// A model's report as a table row and as JSON (NaN: null).
const std::vector<std::string> kTrainColumns{"model",
                                             "status",
                                             "version",
                                             "decision",
                                             "rows",
                                             "train",
                                             "validation",
                                             "test",
                                             "depth",
                                             "rounds",
                                             "threshold",
                                             "test_accuracy",
                                             "baseline_accuracy",
                                             "test_log_loss",
                                             "baseline_log_loss",
                                             "edge_pvalue",
                                             "test_kept",
                                             "test_sharpe_kept",
                                             "test_sharpe_all",
                                             "reason",
                                             "waiting_challenger"};

std::vector<Value> train_row(const scanner::ScannerModelReport& r) {
  const bool trained = r.status == "trained";
  const bool quality = r.kind == scanner::ScannerModelKind::signal_quality;
  const auto metric = [&](double v) { return trained ? finite_cell(v) : Value(); };
  const auto count = [](std::size_t n) { return Value(std::int64_t(n)); };
  return {scanner::series_of(r.kind),
          r.status,
          trained ? Value(std::int64_t(r.version)) : Value(),
          r.decision ? Value(r.decision->decision) : Value(),
          count(r.rows),
          count(r.train_rows),
          count(r.validation_rows),
          count(r.test_rows),
          trained ? Value(std::int64_t(r.depth)) : Value(),
          trained ? Value(std::int64_t(r.rounds)) : Value(),
          trained && quality ? finite_cell(r.threshold) : Value(),
          metric(r.test_accuracy),
          metric(r.baseline_accuracy),
          metric(r.test_log_loss),
          metric(r.baseline_log_loss),
          metric(r.edge_pvalue),
          trained && quality ? count(r.test_kept) : Value(),
          trained && quality ? finite_cell(r.test_sharpe_kept) : Value(),
          trained && quality ? finite_cell(r.test_sharpe_all) : Value(),
          r.decision ? Value(r.decision->reason) : Value(r.reason),
          r.waiting_decision ? Value(fmt::format("v{} {}", r.waiting_decision->challenger_version,
                                                 r.waiting_decision->decision))
                             : Value()};
}

}  // namespace

void add_scanner_commands(CLI::App& app, Context& context) {
  auto* group = app.add_subcommand(
      "scanner",
      "Seed 002's scanner: every scanner.every_seconds the ICT concepts of each symbol's "
      "timeframes, stored as market_conditions and ml_features rows, confluence signals and "
      "their paper trades ([scanner] in quantloop.toml)");
  group->require_subcommand(1);

  auto args = std::make_shared<RunArgs>();
  auto* run = group->add_subcommand(
      "run",
      "Scan: live (each scan first fetches the finest timeframe's new bars from Yahoo; a symbol "
      "it cannot fetch is a failure of that scan and its stored bars are scanned), once, at a "
      "given clock, or replayed over stored bars. Each scan reads only bars complete at its "
      "clock and is one transaction; a clock already scanned is skipped, so a run resumes "
      "after a crash without duplicates. Timeframes not stored are resampled from the finest "
      "stored interval.");
  auto* once = run->add_flag("--once", args->once, "One scan now (after fetching), then exit");
  auto* at = run->add_option("--at", args->at, "One scan at this clock, UTC, on stored bars")
                 ->check(utc_time());
  auto* replay = run->add_flag("--replay", args->replay,
                               "Scan stored bars at every scanner.every_seconds from --from to "
                               "--to, resuming after the last recorded scan");
  run->add_option("--from", args->from, "First clock of a replay, UTC")->check(utc_time());
  run->add_option("--to", args->to, "Last clock of a replay, UTC")->check(utc_time());
  run->add_option("--speed", args->speed,
                  "Replay: times real time, as 60x; 0 (default) as fast as possible")
      ->capture_default_str();
  once->excludes(at)->excludes(replay);
  at->excludes(replay);
  run->callback([&context, args] {
    context.begin();
    const Config& config = context.config();
    const double speed = speed_of("--speed", args->speed);
    if (args->replay && (args->from.empty() || args->to.empty()))
      usage_error("--replay", "needs --from and --to");
    if (!args->replay && (!args->from.empty() || !args->to.empty()))
      usage_error("--from", "and --to are for --replay");
    auto store = context.open_store(Store::OpenMode::create);
    scanner::Scanner scanner(*store, config);
    const UnixSeconds every = config.scanner.every_seconds;
    RunTally tally;
    if (!args->at.empty()) {
      const auto r = scanner.scan(*parse_timestamp(args->at));
      print_scan(r);
      tally.add(r);
    } else if (args->replay) {
      const UnixSeconds from = *parse_timestamp(args->from);
      UnixSeconds to = *parse_timestamp(args->to);
      if (from > to) usage_error("--from", "must be at or before --to");
      if (to > now_utc()) {  // scans after now would refuse the live ones to come
        to = now_utc();
        std::cerr << fmt::format("replaying up to now, {}\n", format_iso8601(to));
      }
      UnixSeconds clock = (from + every - 1) / every * every;
      if (const auto last = store->last_scan_clock(); last && *last >= clock) {
        if (*last >= to) {
          std::cerr << fmt::format("scanned through {} already: nothing to replay\n",
                                   format_iso8601(*last));
          return;
        }
        std::cerr << fmt::format("resuming after the last recorded scan, at {}\n",
                                 format_iso8601(*last));
        clock = (*last / every + 1) * every;
      }
      const std::int64_t total = (to - clock) / every + 1;
      auto reported = std::chrono::steady_clock::now();
      for (std::int64_t k = 0; clock <= to; clock += every, ++k) {
        throw_if_interrupted();
        const auto r = scanner.scan(clock);
        tally.add(r);
        for (const auto& s : r.record.signals) {
          std::cout << fmt::format("{} {} {} at {:.6g} confluence {:.0f}% {}\n",
                                   format_iso8601(s.entry_time), s.symbol, s.direction,
                                   s.entry_price, s.confluence_score, s.ict_concepts);
        }
        if (std::chrono::steady_clock::now() - reported > std::chrono::seconds(5)) {
          reported = std::chrono::steady_clock::now();
          std::cerr << fmt::format("scanned {} of {} clocks (at {})\n", k + 1, total,
                                   format_iso8601(clock));
        }
        if (speed > 0)
          std::this_thread::sleep_for(std::chrono::duration<double>(double(every) / speed));
      }
    } else {
      while (true) {
        const UnixSeconds tick =
            args->once ? now_utc() / every * every : (now_utc() / every + 1) * every;
        if (!args->once) sleep_until(tick);
        const auto failures = fetch_new_bars(*store, config);
        const auto r = scanner.scan(tick, failures);
        print_scan(r);
        tally.add(r);
        if (args->once) break;
      }
    }
    std::cerr << tally.summary() << '\n';
  });

  auto train_args = std::make_shared<TrainArgs>();
  auto* train = group->add_subcommand(
      "train",
      "Seed 002's models, trained on the scans of --days before the clock as known then (scans "
      "after it do not exist; a trade counts once closed): signal quality (will a signal's paper "
      "trade win) and market regime (the entry timeframe's regime 12 of its bars later). Rows "
      "split in time: 60 % train, 20 % choose (tree depth, rounds, the P(win) threshold for "
      "keeping a signal), 20 % test, reported beside the majority class. Each model becomes a "
      "new version of its registry series (ict:signal_quality, ict:market_regime) and is what "
      "the scanner scores with only once the registry's gate promotes it: signal quality by the "
      "Sharpe ratio of the signals it keeps against the champion's (version 0 keeps all), "
      "regime by log loss; a challenger an earlier run deferred is judged again first. A "
      "promotion takes effect from the run's clock, or from the latest recorded scan when "
      "later (a scan keeps the champion that scored it), or, run live, from when it is made. "
      "A model with too few rows is skipped with the reason. One training run (mode "
      "scanner). Exit code 3 when one model failed and another trained or a version got no "
      "decision, 65 when one failed and none trained, 130 when interrupted");
  train->add_option("--at", train_args->at, "The run's clock, UTC (default: now)")
      ->check(utc_time());
  train->add_option("--days", train_args->days, "Days of scans before the clock")
      ->capture_default_str()
      ->check(CLI::Range(1, 3650));
  train->add_option("--seed", train_args->seed, "Seed of the trees' row and column sampling")
      ->capture_default_str();
  add_format_flags(train, train_args->format, false);
  train->callback([&context, train_args] {
    context.begin();
    scanner::ScannerTrainingRequest request;
    request.live = train_args->at.empty();
    request.clock = request.live ? now_utc() : *parse_timestamp(train_args->at);
    request.days = train_args->days;
    request.seed = train_args->seed;
    request.on_progress = [](const std::string& line) { std::cerr << line << '\n'; };
    auto store = context.open_store(Store::OpenMode::existing);
    const auto result = scanner::train_scanner_models(*store, context.config(), request);
    context.exit_code = exit_code_of_run(result.status);
    // A version stored without a decision (the gate could not decide) is part of the work.
    const bool undecided =
        std::any_of(result.models.begin(), result.models.end(), [](const auto& m) {
          return (m.status == "trained" && !m.decision) || !m.waiting_reason.empty();
        });
    if (context.exit_code == 0 && undecided) context.exit_code = kExitPartial;
    ResultTable table{kTrainColumns, {}};
    for (const auto& m : result.models)
      table.rows.push_back(train_row(m));
    if (train_args->format == OutputFormat::json) {
      nlohmann::json out = {{"run_id", result.run_id},
                            {"status", result.status},
                            {"clock", format_iso8601(request.clock)},
                            {"models", to_json(table)}};
      std::cout << out.dump(2) << '\n';
      return;
    }
    print_result(std::cout, table, train_args->format,
                 fmt::format("SCANNER MODELS OF RUN {} AT {} (test: rows that neither trained "
                             "nor chose the model)",
                             result.run_id, format_iso8601(request.clock)));
  });

  auto dataset_args = std::make_shared<DatasetArgs>();
  auto* dataset = group->add_subcommand(
      "dataset",
      "Seed 002's get_ml_training_data: one row per scan and symbol between --from and --to, "
      "every timeframe's market_conditions and ml_features side by side (<timeframe>_<column>), "
      "then the entry timeframe's targets: the signal, its trade's outcome (once closed), and "
      "future_market_regime, the entry timeframe's regime at the first scan 12 of its bars of "
      "time later (null until there is one). Streams CSV (default) or JSON to standard output.");
  dataset->add_option("--from", dataset_args->from, "First scan clock, UTC")
      ->required()
      ->check(utc_time());
  dataset->add_option("--to", dataset_args->to, "Last scan clock, UTC")
      ->required()
      ->check(utc_time());
  dataset->add_option("--symbol", dataset_args->symbol, "One symbol (default: all)");
  auto* csv = dataset->add_flag("--csv", dataset_args->csv, "CSV with a header (the default)");
  auto* json =
      dataset->add_flag("--json", dataset_args->json, "A JSON array of one object per row");
  csv->excludes(json);
  dataset->callback([&context, dataset_args] {
    context.begin();
    const Config& config = context.config();
    scanner::DatasetQuery query;
    query.from = *parse_timestamp(dataset_args->from);
    query.to = *parse_timestamp(dataset_args->to);
    query.symbol = dataset_args->symbol.empty() ? "" : canonical_symbol(dataset_args->symbol);
    if (query.from > query.to) usage_error("--from", "must be at or before --to");
    auto store = context.open_store(Store::OpenMode::existing);
    const auto columns = scanner::dataset_columns(config.scanner);
    std::int64_t rows = 0;
    if (dataset_args->json) {
      std::cout << '[';
      scanner::each_dataset_row(*store, config.scanner, query, [&](std::span<const Value> row) {
        nlohmann::json object = nlohmann::json::object();
        for (std::size_t i = 0; i < columns.size(); ++i)
          object[columns[i]] = to_json(row[i]);
        std::cout << (rows++ ? ",\n" : "\n") << object.dump();
      });
      std::cout << "\n]\n";
    } else {
      for (std::size_t i = 0; i < columns.size(); ++i)
        std::cout << (i ? "," : "") << columns[i];
      std::cout << '\n';
      scanner::each_dataset_row(*store, config.scanner, query, [&](std::span<const Value> row) {
        for (std::size_t i = 0; i < row.size(); ++i)
          std::cout << (i ? "," : "") << csv_field(row[i]);
        std::cout << '\n';
        ++rows;
      });
    }
    std::cout.flush();
    if (!std::cout) throw Error("scanner dataset: could not write to standard output");
    std::cerr << fmt::format(
        "{} rows of {} columns{}\n", rows, columns.size(),
        rows ? ""
             : fmt::format(" (no scans{} between {} and {})",
                           query.symbol.empty() ? "" : " of " + query.symbol,
                           format_iso8601(query.from), format_iso8601(query.to)));
  });
}

}  // namespace quantloop::cli
