#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <iostream>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "backtest/pair_backtest.h"
#include "backtest/report_json.h"
#include "cli/arguments.h"
#include "cli/commands/commands.h"
#include "cli/output.h"
#include "cli/validators.h"
#include "core/atomic_file.h"
#include "core/calendar.h"
#include "core/error.h"
#include "serve/dashboard_data.h"

namespace quantloop::cli {

namespace {

using nlohmann::json;

struct BacktestArgs {
  std::vector<std::string> pairs;
  std::string from, to, interval = "1d", equity, zscore = "rolling";
  std::string formation = "250", trading = "60", window = "20", entry = "2", exit = "0.5",
              stop = "4", cost_bps = "5";
  std::optional<double> bars_per_year;  // default: the pairs' calendar
  bool json = false, save = false;
};

// "1.5,2,2.5" as numbers; `option` names it in errors.
std::vector<double> numbers(const std::string& text, const std::string& option) {
  std::vector<double> out;
  for (const std::string& item : split_list(text)) {
    std::size_t used = 0;
    double v = 0;
    try {
      v = std::stod(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != item.size() || !std::isfinite(v)) {
      usage_error(option, fmt::format("'{}' is not a number", item));
    }
    out.push_back(v);
  }
  if (out.empty()) usage_error(option, "needs at least one value");
  return out;
}

std::vector<int> whole_numbers(const std::string& text, const std::string& option) {
  std::vector<int> out;
  for (double v : numbers(text, option)) {
    if (v != std::floor(v) || v < 1 || v > 1e6) {
      usage_error(option, fmt::format("'{}' is not a whole number of bars", v));
    }
    out.push_back(int(v));
  }
  return out;
}

// Every combination of the lists, formation varying slowest.
std::vector<backtest::PairStrategy> grid_of(const BacktestArgs& a) {
  std::vector<backtest::PairStrategy> grid;
  for (int f : whole_numbers(a.formation, "--formation"))
    for (int l : whole_numbers(a.trading, "--trading"))
      for (int w : whole_numbers(a.window, "--window"))
        for (double e : numbers(a.entry, "--entry"))
          for (double c : numbers(a.exit, "--exit"))
            for (double s : numbers(a.stop, "--stop"))
              for (double k : numbers(a.cost_bps, "--cost-bps")) {
                const backtest::PairStrategy set{f, l, w, e, c, s, k, a.zscore == "static"};
                try {
                  backtest::check_strategy(set);
                } catch (const Error& error) {
                  usage_error("--formation, --window, --entry, --exit, --stop or --cost-bps",
                              error.what());
                }
                grid.push_back(set);
              }
  return grid;
}

std::vector<Value> metric_cells(const backtest::BacktestMetrics& m) {
  return {finite_cell(m.total_pnl),
          finite_cell(m.sharpe),
          finite_cell(m.sortino),
          finite_cell(m.max_drawdown),
          std::int64_t{m.max_drawdown_bars},
          finite_cell(m.calmar),
          std::int64_t{m.trades},
          finite_cell(m.win_rate),
          finite_cell(m.profit_factor),
          finite_cell(m.exposure),
          finite_cell(m.costs)};
}

const std::vector<std::string> kMetricColumns = {
    "total_pnl", "sharpe",   "sortino",       "max_drawdown", "dd_bars", "calmar",
    "trades",    "win_rate", "profit_factor", "exposure",     "costs"};

// The best set's bars from the formation on: each pair's, and the portfolio's when there are
// several pairs.
std::vector<EquityPoint> equity_points(const backtest::PairBacktestReport& r,
                                       const backtest::PairBacktestRequest& request) {
  const auto& best = r.grid[r.best];
  const std::size_t first = std::size_t(best.strategy.formation);
  std::vector<EquityPoint> points;
  for (std::size_t k = 0; k < r.best_paths.size(); ++k) {
    const auto& path = r.best_paths[k];
    const std::string pair = request.pairs[k].first + "/" + request.pairs[k].second;
    double equity = 0;
    for (std::size_t t = first; t < r.times.size(); ++t) {
      equity += path.pnl[t];
      points.push_back({pair, r.times[t], path.position[t], path.pnl[t] + 0.0, equity + 0.0});
    }
  }
  if (r.best_paths.size() > 1) {
    double equity = 0;
    for (std::size_t i = 0; i < r.best_portfolio_pnl.size(); ++i) {
      equity += r.best_portfolio_pnl[i];
      points.push_back({"portfolio", r.times[first + i], std::nullopt,
                        r.best_portfolio_pnl[i] + 0.0, equity + 0.0});
    }
  }
  return points;
}

// date,position,pnl,equity of the best set: one pair's, or each pair's and the portfolio's.
void write_equity(const std::filesystem::path& file, const std::vector<EquityPoint>& points,
                  bool several) {
  std::string csv = several ? "date,pair,position,pnl,equity\n" : "date,position,pnl,equity\n";
  for (const EquityPoint& p : points) {
    csv += fmt::format("{}{},{},{:.17g},{:.17g}\n", format_utc(p.time).substr(0, 10),
                       several ? "," + p.series : "",
                       p.position ? std::to_string(*p.position) : std::string(), p.pnl, p.equity);
  }
  write_file_atomically(file, csv);
}

}  // namespace

void add_backtest_commands(CLI::App& app, Context& context) {
  auto* backtest = app.add_subcommand("backtest", "Backtests of trading strategies on stored bars");
  backtest->require_subcommand(1);
  auto args = std::make_shared<BacktestArgs>();
  auto* pairs = backtest->add_subcommand(
      "pairs",
      "Walk-forward backtest of the reference pairs strategy (docs/ARCHITECTURE.md): OLS hedge "
      "over --formation bars, re-estimated every --trading bars; z-score of the spread over "
      "--window bars; enter beyond --entry, leave inside --exit or beyond --stop; costs in basis "
      "points of the traded notional. Lists (--entry 1.5,2,2.5) make a grid: the best set by "
      "the portfolio's Sharpe is reported with its deflated Sharpe ratio");
  pairs->add_option("--pair", args->pairs, "Y/X, the dependent first (repeatable)")
      ->required()
      ->check(checked_by(
          [](const std::string& text) {
            const auto slash = text.find('/');
            if (slash == std::string::npos || slash == 0 || slash + 1 == text.size()) {
              throw Error("expected two symbols as Y/X");
            }
          },
          "Y/X"));
  pairs->add_option("--from", args->from, "First bar, UTC")->required()->check(utc_time());
  pairs->add_option("--to", args->to, "Last bar, UTC")->required()->check(utc_time());
  pairs->add_option("--interval", args->interval, "Bar interval")
      ->capture_default_str()
      ->check(interval_name());
  pairs->add_option("--formation", args->formation, "Bars of each OLS fit (list)")
      ->capture_default_str();
  pairs->add_option("--trading", args->trading, "Bars each fit trades (list)")
      ->capture_default_str();
  pairs->add_option("--window", args->window, "Bars of the z-score (list)")->capture_default_str();
  pairs->add_option("--entry", args->entry, "|z| that opens (list)")->capture_default_str();
  pairs->add_option("--exit", args->exit, "|z| that closes (list)")->capture_default_str();
  pairs->add_option("--stop", args->stop, "|z| that stops out (list)")->capture_default_str();
  pairs->add_option("--cost-bps", args->cost_bps, "Cost per unit of traded notional (list)")
      ->capture_default_str();
  pairs
      ->add_option("--zscore", args->zscore,
                   "rolling: the last --window spreads; static: the formation window's")
      ->capture_default_str()
      ->check(CLI::IsMember({"rolling", "static"}));
  pairs
      ->add_option("--bars-per-year", args->bars_per_year,
                   "Annualises Sharpe, Sortino, Calmar (default: the bars of --interval the "
                   "pairs' exchange calendars hold in the year before --to: about 252 for stock "
                   "days, 1,764 for stock hours, 365 and 8,760 for crypto days and hours)")
      ->check(CLI::Range(1.0, 1e7));
  pairs->add_option("--equity", args->equity,
                    "Write the best set's date,position,pnl,equity as CSV to this file");
  pairs->add_flag("--json", args->json, "Print JSON for programs");
  pairs->add_flag("--save", args->save,
                  "Keep the report and the best set's equity in the store (backtest list, "
                  "backtest show, the dashboard)");
  pairs->callback([&context, args] {
    context.begin();
    backtest::PairBacktestRequest request;
    for (const std::string& text : args->pairs) {
      const auto slash = text.find('/');
      request.pairs.emplace_back(canonical_symbol(text.substr(0, slash)),
                                 canonical_symbol(text.substr(slash + 1)));
    }
    request.interval = Interval::parse(args->interval);
    request.from = *parse_timestamp(args->from);
    request.to = *parse_timestamp(args->to);
    if (request.from >= request.to) usage_error("--from", "must be before --to");
    request.grid = grid_of(*args);
    if (args->bars_per_year) {
      request.bars_per_year = *args->bars_per_year;
    } else {
      // Common bars trade when both venues do: the sparser calendar counts.
      request.bars_per_year = std::numeric_limits<double>::infinity();
      for (const auto& [y, x] : request.pairs) {
        for (const std::string& symbol : {y, x}) {
          request.bars_per_year = std::min(
              request.bars_per_year,
              bars_per_year(context.config().asset_type_of(symbol), request.interval, request.to));
        }
      }
    }
    auto store = context.open_store(Store::OpenMode::existing);
    const auto report = backtest::run_pair_backtest(*store, request);
    const auto& best = report.grid[report.best];
    const bool several = request.pairs.size() > 1;
    const json out = backtest::report_json(report, request.bars_per_year,
                                           args->bars_per_year ? "--bars-per-year" : "calendar");
    std::optional<std::int64_t> saved;
    if (!args->equity.empty() || args->save) {
      const auto points = equity_points(report, request);
      if (!args->equity.empty()) write_equity(args->equity, points, several);
      if (args->save) {
        SavedBacktest b;
        b.kind = "pairs";
        for (const auto& [y, x] : request.pairs)
          b.subjects += (b.subjects.empty() ? "" : ",") + y + "/" + x;
        b.interval = request.interval.name();
        b.from = report.times.front();
        b.to = report.times.back();
        b.created_at = now_utc();
        b.parameter_sets = int(report.grid.size());
        b.sharpe = best.portfolio.sharpe;
        b.total_pnl = best.portfolio.total_pnl;
        b.deflated_sharpe = report.deflated_sharpe;
        b.report_json = out.dump();
        saved = store->record_backtest(b, points);
      }
    }
    if (args->json) {
      json printed = out;
      if (saved) printed["saved_id"] = *saved;
      std::cout << printed.dump(2) << '\n';
      return;
    }
    std::cout << fmt::format("{} common {} bars from {} to {}; {} parameter set{}\n",
                             report.times.size(), args->interval, format_utc(report.times.front()),
                             format_utc(report.times.back()), report.grid.size(),
                             report.grid.size() == 1 ? "" : "s");
    std::vector<std::string> columns = {"pair"};
    columns.insert(columns.end(), kMetricColumns.begin(), kMetricColumns.end());
    ResultTable table{columns, {}};
    for (const auto& p : best.pairs) {
      std::vector<Value> row = {p.y + "/" + p.x};
      for (Value& v : metric_cells(p.metrics))
        row.push_back(std::move(v));
      table.rows.push_back(std::move(row));
    }
    std::vector<Value> row = {std::string("portfolio")};
    for (Value& v : metric_cells(best.portfolio))
      row.push_back(std::move(v));
    table.rows.push_back(std::move(row));
    const auto& s = best.strategy;
    print_table(
        std::cout, table,
        fmt::format("{}formation {}, trading {}, window {}, entry {}, exit {}, stop {}, "
                    "cost {} bps, {} z-score",
                    report.grid.size() > 1 ? "BEST SET: " : "", s.formation, s.trading, s.window,
                    s.entry, s.exit, s.stop, s.cost_bps, s.static_zscore ? "static" : "rolling"));
    if (report.grid.size() > 1) {
      std::cout << fmt::format(
          "deflated Sharpe ratio of the best of {} sets: {:.4f} (the probability that its true "
          "Sharpe is above 0, given how many were tried)\n",
          report.grid.size(), report.deflated_sharpe);
    }
    if (!args->equity.empty()) std::cout << "equity written to " << args->equity << '\n';
    if (saved) {
      std::cout << fmt::format("saved as backtest {} (quantloop backtest show {})\n", *saved,
                               *saved);
    }
  });

  struct ListArgs {
    int limit = 20;
    std::int64_t before = 0;
    bool json = false;
  };
  auto list_args = std::make_shared<ListArgs>();
  auto* list = backtest->add_subcommand("list", "Backtests kept with --save, newest first");
  list->add_option("--limit", list_args->limit, "At most this many")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  list->add_option("--before", list_args->before, "Only those with an id below this (paging)")
      ->check(CLI::PositiveNumber);
  list->add_flag("--json", list_args->json, "Print JSON for programs");
  list->callback([&context, list_args] {
    context.begin();
    auto store = context.open_store(Store::OpenMode::existing);
    const auto saved = store->saved_backtests(list_args->limit, list_args->before);
    if (list_args->json) {
      json out = json::array();
      for (const SavedBacktest& b : saved)
        out.push_back(serve::dashboard::saved_backtest_json(b));
      std::cout << out.dump(2) << '\n';
      return;
    }
    ResultTable table{{"id", "kind", "pairs", "interval", "from", "to", "sets", "sharpe",
                       "total_pnl", "deflated_sharpe", "saved"},
                      {}};
    for (const SavedBacktest& b : saved) {
      table.rows.push_back({b.id, b.kind, b.subjects, b.interval, format_utc(b.from),
                            format_utc(b.to), std::int64_t{b.parameter_sets}, finite_cell(b.sharpe),
                            finite_cell(b.total_pnl), finite_cell(b.deflated_sharpe),
                            format_utc(b.created_at)});
    }
    print_table(std::cout, table, "SAVED BACKTESTS");
  });

  struct ShowArgs {
    std::int64_t id = 0;
    bool json = false;
  };
  auto show_args = std::make_shared<ShowArgs>();
  auto* show = backtest->add_subcommand(
      "show", "A saved backtest: its report as it was printed, and with --json its equity");
  show->add_option("ID", show_args->id, "The id backtest list shows")
      ->required()
      ->check(CLI::PositiveNumber);
  show->add_flag("--json", show_args->json,
                 "Print the report and the equity series (series, date, position, pnl, equity)");
  show->callback([&context, show_args] {
    context.begin();
    auto store = context.open_store(Store::OpenMode::existing);
    const auto saved = store->saved_backtest(show_args->id);
    if (!saved)
      throw Error(fmt::format("no saved backtest {} (see quantloop backtest list)", show_args->id));
    json report = json::parse(saved->report_json);
    if (show_args->json) {
      report["id"] = saved->id;
      report["equity"] = json::array();
      for (const EquityPoint& p : store->backtest_equity(saved->id)) {
        report["equity"].push_back({{"series", p.series},
                                    {"date", format_iso8601(p.time)},
                                    {"position", p.position ? json(*p.position) : json()},
                                    {"pnl", p.pnl},
                                    {"equity", p.equity}});
      }
      std::cout << report.dump(2) << '\n';
      return;
    }
    std::cout << fmt::format("backtest {} ({}) of {}, {} bars from {} to {}, saved {}\n", saved->id,
                             saved->kind, saved->subjects, saved->interval, format_utc(saved->from),
                             format_utc(saved->to), format_utc(saved->created_at));
    std::vector<std::string> columns = {"pair"};
    columns.insert(columns.end(), kMetricColumns.begin(), kMetricColumns.end());
    ResultTable table{columns, {}};
    json rows = report["pairs"];
    json portfolio = report["portfolio"];
    portfolio["pair"] = "portfolio";
    rows.push_back(portfolio);
    for (const json& r : rows) {
      std::vector<Value> row = {r["pair"].get<std::string>()};
      for (const std::string& c : kMetricColumns) {
        const json& v = r[c == "dd_bars" ? "max_drawdown_bars" : c];
        row.push_back(v.is_null() ? Value{} : Value{v.get<double>()});
      }
      table.rows.push_back(std::move(row));
    }
    print_table(std::cout, table,
                fmt::format("BEST OF {} SET{}: {}", saved->parameter_sets,
                            saved->parameter_sets == 1 ? "" : "S", report["best"].dump()));
    if (saved->parameter_sets > 1) {
      std::cout << fmt::format("deflated Sharpe ratio: {:.4f}\n", saved->deflated_sharpe);
    }
  });
}

}  // namespace quantloop::cli
