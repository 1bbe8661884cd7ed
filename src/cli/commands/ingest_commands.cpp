#include <fmt/format.h>

#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/arguments.h"
#include "cli/commands/commands.h"
#include "cli/output.h"
#include "cli/validators.h"
#include "core/error.h"
#include "data/ingest.h"
#include "data/synthetic_market.h"
#include "data/yahoo_ingest.h"

namespace quantloop::cli {

namespace {

constexpr std::size_t kRejectionsShown = 10;

nlohmann::json report_json(const IngestReport& report) {
  nlohmann::json json = {{"inserted", report.counts.inserted},
                         {"updated", report.counts.updated},
                         {"unchanged", report.counts.unchanged},
                         {"rejected", report.counts.rejected},
                         {"duplicates", report.duplicates},
                         {"missing_rows", report.missing_rows},
                         {"in_progress", report.in_progress},
                         {"bars_read", report.bars_read},
                         {"seconds", report.seconds}};
  json["series"] = nlohmann::json::array();
  for (const auto& s : report.series) {
    json["series"].push_back({{"symbol", s.symbol},
                              {"interval", s.interval},
                              {"bars", s.bars},
                              {"first", format_utc(s.first)},
                              {"last", format_utc(s.last)}});
  }
  json["rejections"] = nlohmann::json::array();
  for (const auto& r : report.rejected) {
    json["rejections"].push_back({{"source", r.source},
                                  {"line", r.line},
                                  {"symbol", r.symbol},
                                  {"interval", r.interval},
                                  {"reason", r.reason}});
  }
  json["failed"] = nlohmann::json::array();
  for (const auto& f : report.failed) {
    json["failed"].push_back({{"symbol", f.symbol}, {"reason", f.reason}});
  }
  return json;
}

void print_report(const IngestReport& report, OutputFormat format, const std::string& location) {
  if (format == OutputFormat::json) {
    std::cout << report_json(report).dump(2) << '\n';
    return;
  }
  const auto& c = report.counts;
  std::cout << fmt::format(
      "{}: {} bars read in {:.2f} s: {} inserted, {} updated, {} unchanged, {} rejected", location,
      report.bars_read, report.seconds, c.inserted, c.updated, c.unchanged, c.rejected);
  if (report.duplicates)
    std::cout << fmt::format(", {} exact duplicates dropped", report.duplicates);
  if (report.missing_rows)
    std::cout << fmt::format(", {} empty provider rows skipped", report.missing_rows);
  if (report.in_progress)
    std::cout << fmt::format(", {} bars still in progress skipped (stored once complete)",
                             report.in_progress);
  std::cout << "\n";
  if (!report.series.empty()) {
    ResultTable table{{"symbol", "interval", "bars", "first", "last"}, {}};
    for (const auto& s : report.series) {
      table.rows.push_back({s.symbol, s.interval, s.bars, format_utc(s.first), format_utc(s.last)});
    }
    print_table(std::cout, table);
  }
  if (!report.rejected.empty()) {
    std::cout << fmt::format("rejected bars ({} of {} shown; all are kept in rejected_bars):\n",
                             std::min(report.rejected.size(), kRejectionsShown),
                             report.rejected.size());
    for (std::size_t i = 0; i < report.rejected.size() && i < kRejectionsShown; ++i) {
      const auto& r = report.rejected[i];
      std::cout << fmt::format("  {}{}: {}\n", r.source, r.line ? fmt::format(":{}", r.line) : "",
                               r.reason);
    }
  }
  for (const auto& f : report.failed) {
    std::cout << fmt::format("failed: {}: {}\n", f.symbol, f.reason);
  }
}

struct CsvArgs {
  std::vector<std::string> files;
  std::string symbol, interval, format, columns, date_format, time_zone;
  OutputFormat output = OutputFormat::table;
};

struct YahooArgs {
  std::string symbols, interval, range, base_url;
  OutputFormat output = OutputFormat::table;
};

struct SyntheticArgs {
  std::string symbols, interval = "1h", start, end, pair;
  int days = 30;
  std::uint64_t seed = 42;
  double hedge_ratio = 1.5, half_life = 20;
  OutputFormat output = OutputFormat::table;
};

// ROLE=HEADER,... as a map; throws Error for a malformed item or an unknown role.
std::map<std::string, std::string> column_map(const std::string& text) {
  std::map<std::string, std::string> columns;
  for (const std::string& item : split_list(text)) {
    const auto eq = item.find('=');
    if (eq == std::string::npos) {
      throw Error(fmt::format("'{}' is not ROLE=HEADER", item));
    }
    std::string role = item.substr(0, eq);
    for (char& c : role)
      c = char(std::tolower(static_cast<unsigned char>(c)));
    if (role == "adjclose" || role == "adj close") role = "adj_close";
    check_csv_column_role(role);
    columns[role] = item.substr(eq + 1);
  }
  return columns;
}

}  // namespace

void add_ingest_commands(CLI::App& app, Context& context) {
  auto* ingest = app.add_subcommand(
      "ingest", "Load bars into market_data: from files, from Yahoo Finance, or synthetic");
  ingest->require_subcommand(1);

  auto csv_args = std::make_shared<CsvArgs>();
  auto* csv = ingest->add_subcommand(
      "csv",
      "Ingest bar files: any headed table (pandas, spreadsheets, Yahoo; columns by name in any "
      "order, , ; tab or | separated, any common date spelling, close-only or one column per "
      "symbol) and the vendor formats yfinance, cryptodatadownload, ninjatrader, metatrader "
      "(auto-detected; gzip and CRLF are fine). Re-ingesting the same bars inserts nothing; "
      "malformed bars are rejected with file, line and reason.");
  csv->add_option("files", csv_args->files, "Files to read")->required();
  csv->add_option("--symbol", csv_args->symbol,
                  "Symbol of the bars (default: from the file's content, else its name)");
  csv->add_option("--interval", csv_args->interval,
                  "Interval of the bars: " + Interval::all_names() +
                      " (default: the file's interval column, else the most common spacing of "
                      "the bars)")
      ->check(interval_name());
  csv->add_option("--format", csv_args->format,
                  "File format: " + csv_format_names() + " (default: detected; yahoo = delimited)")
      ->check(checked_by([](const std::string& text) { parse_csv_format(text); }, "FORMAT"));
  csv->add_option("--columns", csv_args->columns,
                  "Name the columns: ROLE=HEADER[,ROLE=HEADER...] with roles " +
                      csv_column_roles() +
                      "; a header name (any case) or a 1-based number; ROLE= ignores a column "
                      "(e.g. date=Time,close=Price,volume=)")
      ->check(checked_by([](const std::string& text) { column_map(text); }, "ROLE=HEADER,..."));
  csv->add_option("--date-format", csv_args->date_format,
                  "strftime format of the dates when the file cannot tell day from month, e.g. "
                  "%d/%m/%Y (with a time column: date and time joined by a space)")
      ->check(checked_by(
          [](const std::string& text) {
            if (text.find('%') == std::string::npos) {
              throw Error(
                  fmt::format("'{}' has no % field (expected strftime, e.g. %d/%m/%Y)", text));
            }
          },
          "FORMAT"));
  csv->add_option("--tz", csv_args->time_zone,
                  "IANA time zone of times written without one, e.g. Europe/Athens for a "
                  "MetaTrader server clock (default: UTC); daily bars keep their dates")
      ->check(time_zone_name());
  add_format_flags(csv, csv_args->output, false);
  csv->callback([&context, csv_args] {
    context.begin();
    CsvIngestOptions options;
    if (!csv_args->symbol.empty()) options.symbol = csv_args->symbol;
    if (!csv_args->interval.empty()) options.interval = Interval::parse(csv_args->interval);
    if (!csv_args->format.empty()) options.format = parse_csv_format(csv_args->format);
    options.read.columns = column_map(csv_args->columns);
    if (!csv_args->date_format.empty()) options.read.date_format = csv_args->date_format;
    if (!csv_args->time_zone.empty()) options.time_zone = csv_args->time_zone;
    auto store = context.open_store(Store::OpenMode::create);
    auto report = ingest_csv_files(*store, context.config(), csv_args->files, options, now_utc());
    print_report(report, csv_args->output, store->location());
  });

  auto yahoo_args = std::make_shared<YahooArgs>();
  auto* yahoo = ingest->add_subcommand(
      "yahoo",
      "Fetch bars from Yahoo Finance's chart API (retries with backoff on 429/5xx, "
      "rate-limited; forex symbols map to Yahoo's EURUSD=X)");
  yahoo
      ->add_option("--symbols", yahoo_args->symbols,
                   "Comma-separated symbols (default: every configured symbol)")
      ->check(symbol_list());
  yahoo
      ->add_option("--interval", yahoo_args->interval,
                   "Bar interval (default: intervals.hourly from the configuration)")
      ->check(interval_name());
  yahoo
      ->add_option("--range", yahoo_args->range,
                   "Look-back: 1d 5d 1mo 3mo 6mo 1y 2y 5y 10y max (default: 1mo for intraday, "
                   "2y for daily)")
      ->check(range_name());
  yahoo
      ->add_option("--base-url", yahoo_args->base_url,
                   "API base URL (default: yahoo.base_url from the configuration)")
      ->check(http_url());
  add_format_flags(yahoo, yahoo_args->output, false);
  yahoo->callback([&context, yahoo_args] {
    context.begin();
    Config config = context.config();
    if (!yahoo_args->base_url.empty()) config.yahoo.base_url = yahoo_args->base_url;
    YahooIngestOptions options;
    options.symbols =
        yahoo_args->symbols.empty() ? config.all_symbols() : split_list(yahoo_args->symbols);
    options.interval = Interval::parse(yahoo_args->interval.empty() ? config.intervals.hourly
                                                                    : yahoo_args->interval);
    options.range = !yahoo_args->range.empty()    ? yahoo_args->range
                    : options.interval.intraday() ? "1mo"
                                                  : "2y";
    auto store = context.open_store(Store::OpenMode::create);
    auto report = ingest_yahoo(*store, config, options, now_utc());
    print_report(report, yahoo_args->output, store->location());
    if (!report.failed.empty()) {
      context.exit_code = report.failed.size() == options.symbols.size() ? 1 : kExitPartial;
    }
  });

  auto synthetic_args = std::make_shared<SyntheticArgs>();
  auto* synthetic = ingest->add_subcommand(
      "synthetic",
      "Generate a seeded market (GARCH(1,1) volatility, intraday seasonality, exchange "
      "calendars) and store it; optionally a cointegrated pair with a known hedge ratio");
  synthetic
      ->add_option("--symbols", synthetic_args->symbols,
                   "Comma-separated symbols (default: every configured symbol)")
      ->check(symbol_list());
  synthetic->add_option("--interval", synthetic_args->interval, "Bar interval")
      ->capture_default_str()
      ->check(interval_name());
  synthetic->add_option("--days", synthetic_args->days, "Days of bars ending at --end")
      ->capture_default_str()
      ->check(CLI::Range(1, 36500));
  synthetic->add_option("--start", synthetic_args->start, "First time (UTC; overrides --days)")
      ->check(utc_time());
  synthetic->add_option("--end", synthetic_args->end, "Last time (UTC; default: now)")
      ->check(utc_time());
  synthetic->add_option("--seed", synthetic_args->seed, "Random seed")->capture_default_str();
  synthetic
      ->add_option("--pair", synthetic_args->pair,
                   "A,B: make B cointegrated with A (B = hedge x A + spread)")
      ->check(symbol_list(2));
  synthetic->add_option("--hedge-ratio", synthetic_args->hedge_ratio, "Hedge ratio of the pair")
      ->capture_default_str()
      ->check(CLI::Range(-1e6, 1e6));
  synthetic
      ->add_option("--half-life", synthetic_args->half_life,
                   "Half-life of the pair's spread, in bars")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 1e6));
  add_format_flags(synthetic, synthetic_args->output, false);
  synthetic->callback([&context, synthetic_args] {
    context.begin();
    const Config& config = context.config();
    SyntheticOptions options;
    options.symbols = synthetic_args->symbols.empty() ? config.all_symbols()
                                                      : split_list(synthetic_args->symbols);
    options.interval = Interval::parse(synthetic_args->interval);
    const UnixSeconds step = options.interval.seconds();
    options.end = synthetic_args->end.empty() ? now_utc() / step * step - step
                                              : *parse_timestamp(synthetic_args->end);
    options.start = synthetic_args->start.empty()
                        ? options.end - synthetic_args->days * kSecondsPerDay
                        : *parse_timestamp(synthetic_args->start);
    if (options.start >= options.end) {
      usage_error("--start", fmt::format("{} is not before the end, {}", format_utc(options.start),
                                         format_utc(options.end)));
    }
    options.seed = synthetic_args->seed;
    if (!synthetic_args->pair.empty()) {
      auto pair = split_list(synthetic_args->pair);
      options.cointegrated_pair = {pair[0], pair[1]};
      if (std::find(options.symbols.begin(), options.symbols.end(), pair[0]) ==
          options.symbols.end()) {
        options.symbols.push_back(pair[0]);
      }
    }
    options.hedge_ratio = synthetic_args->hedge_ratio;
    options.spread_half_life_bars = synthetic_args->half_life;
    auto store = context.open_store(Store::OpenMode::create);
    const auto market = generate_market(options, config);
    auto report =
        ingest_series(*store, market, range_covering(options.end - options.start), now_utc());
    print_report(report, synthetic_args->output, store->location());
  });
}

void add_format_flags(CLI::App* command, OutputFormat& format, bool with_csv) {
  auto* json = command->add_flag_callback(
      "--json", [&format] { format = OutputFormat::json; }, "Print JSON for programs");
  if (with_csv) {
    auto* csv = command->add_flag_callback(
        "--csv", [&format] { format = OutputFormat::csv; }, "Print CSV for programs");
    json->excludes(csv);
  }
}

}  // namespace quantloop::cli
