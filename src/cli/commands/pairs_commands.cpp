#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/arguments.h"
#include "cli/commands/commands.h"
#include "cli/output.h"
#include "cli/validators.h"
#include "core/error.h"
#include "pairs/ranking.h"
#include "pairs/scan.h"

namespace quantloop::cli {

namespace {

using nlohmann::json;

// Unset options take the [pairs] configuration's values.
struct ScanArgs {
  std::string symbols, universe, interval, as_of, from, to;
  std::optional<int> lookback_days;
  std::optional<double> min_correlation, max_pvalue, min_score;
  bool returns = false;
  OutputFormat format = OutputFormat::table;
};

// The pairs past the correlation gate, with how far each went.
ResultTable candidates_table(const std::vector<PairCandidate>& candidates) {
  ResultTable table{{"y", "x", "stage", "correlation", "coint p", "hedge ratio", "half-life",
                     "score", "fit", "volatility", "trading", "diagnostics", "reason"},
                    {}};
  for (const auto& c : candidates) {
    if (c.stage == "correlation") continue;
    const bool scored = c.stage == "selected" || c.stage == "score";
    table.rows.push_back({c.y, c.x, c.stage, finite_cell(c.correlation),
                          finite_cell(c.coint_pvalue), finite_cell(c.hedge_ratio),
                          finite_cell(c.half_life), scored ? finite_cell(c.score) : Value{},
                          scored ? finite_cell(c.score_fit) : Value{},
                          scored ? finite_cell(c.score_volatility) : Value{},
                          scored ? finite_cell(c.score_trading) : Value{},
                          scored ? finite_cell(c.score_diagnostics) : Value{},
                          c.reason.empty() ? Value{} : Value{c.reason}});
  }
  return table;
}

json candidate_json(const PairCandidate& c) {
  return {{"y", c.y},
          {"x", c.x},
          {"stage", c.stage},
          {"reason", c.reason},
          {"correlation", finite_json(c.correlation)},
          {"pvalue_forward", finite_json(c.pvalue_forward)},
          {"pvalue_backward", finite_json(c.pvalue_backward)},
          {"coint_statistic", finite_json(c.coint_statistic)},
          {"coint_pvalue", finite_json(c.coint_pvalue)},
          {"hedge_ratio", finite_json(c.hedge_ratio)},
          {"intercept", finite_json(c.intercept)},
          {"half_life", finite_json(c.half_life)},
          {"spread_mean", finite_json(c.spread_mean)},
          {"spread_sd", finite_json(c.spread_sd)},
          {"garch",
           {{"mu", finite_json(c.garch_mu)},
            {"omega", finite_json(c.garch_omega)},
            {"alpha", finite_json(c.garch_alpha)},
            {"beta", finite_json(c.garch_beta)},
            {"bic", finite_json(c.garch_bic)},
            {"constant_bic", finite_json(c.constant_bic)},
            {"next_variance", finite_json(c.next_variance)}}},
          {"diagnostics",
           {{"ljung_box_pvalue", finite_json(c.ljung_box_pvalue)},
            {"arch_lm_pvalue", finite_json(c.arch_lm_pvalue)},
            {"adf_pvalue", finite_json(c.adf_pvalue)}}},
          {"scores",
           {{"fit", finite_json(c.score_fit)},
            {"volatility", finite_json(c.score_volatility)},
            {"trading", finite_json(c.score_trading)},
            {"diagnostics", finite_json(c.score_diagnostics)},
            {"composite", finite_json(c.score)}}}};
}

// "Y/X" as the two canonical symbols.
std::pair<std::string, std::string> parse_pair(const std::string& text) {
  const auto slash = text.find('/');
  return {canonical_symbol(text.substr(0, slash)), canonical_symbol(text.substr(slash + 1))};
}

CLI::Validator pair_name() {
  return checked_by(
      [](const std::string& text) {
        const auto slash = text.find('/');
        if (slash == std::string::npos || slash == 0 || slash + 1 == text.size()) {
          throw Error("expected two symbols as Y/X");
        }
      },
      "Y/X");
}

struct TrendsArgs {
  std::string pair;
  bool json = false;
};

struct RecentArgs {
  int days = 7;
  OutputFormat format = OutputFormat::table;
};

struct ShowArgs {
  std::string pair;
  int limit = 10;
  bool json = false;
};

struct BestArgs {
  int limit = 10, scans = 10, window = 3;
  std::string by = "score";
  OutputFormat format = OutputFormat::table;
};

json version_json(const PairModelVersion& v) {
  return {{"y", v.y},
          {"x", v.x},
          {"version", v.version},
          {"day", v.model_day},
          {"scan_id", v.scan_id},
          {"hedge_ratio", v.hedge_ratio},
          {"intercept", v.intercept},
          {"half_life", std::isfinite(v.half_life) ? json(v.half_life) : json()},
          {"spread_mean", v.spread_mean},
          {"spread_sd", v.spread_sd},
          {"garch",
           {{"mu", v.garch_mu},
            {"omega", v.garch_omega},
            {"alpha", v.garch_alpha},
            {"beta", v.garch_beta}}},
          {"score", v.score},
          {"data_start", format_iso8601(v.data_start)},
          {"data_end", format_iso8601(v.data_end)}};
}

ResultTable versions_table(const std::vector<PairModelVersion>& versions) {
  ResultTable table{{"version", "day", "y", "x", "hedge ratio", "intercept", "spread sd",
                     "garch alpha", "garch beta", "score", "scan"},
                    {}};
  for (const auto& v : versions) {
    table.rows.push_back({std::int64_t{v.version}, v.model_day, v.y, v.x, v.hedge_ratio,
                          v.intercept, v.spread_sd, v.garch_alpha, v.garch_beta, v.score,
                          v.scan_id});
  }
  return table;
}

}  // namespace

void add_pairs_commands(CLI::App& app, Context& context) {
  auto* pairs = app.add_subcommand(
      "pairs",
      "Seed 004: the daily pair screening and active set, a GRU per pair, rankings and trends, and "
      "the signals and paper trades of the active pairs");
  pairs->require_subcommand(1);

  auto args = std::make_shared<ScanArgs>();
  auto* scan = pairs->add_subcommand(
      "scan",
      "Screen every pair of the symbols on their bars complete at --as-of (or through --to): "
      "correlation, Engle-Granger both ways, GARCH(1,1) of the spread, diagnostics, composite "
      "score; record every candidate (pair_candidates). Its selected pairs are the active pairs "
      "(active_pairs) of every clock from --as-of until a scan with a later clock");
  scan->add_option("--symbols", args->symbols, "Comma-separated symbols (default: the universe's)");
  scan->add_option("--universe", args->universe,
                   "technology, healthcare or financial: the [pairs] list of that name "
                   "(default: pairs.universe)")
      ->check(CLI::IsMember({"technology", "healthcare", "financial"}))
      ->excludes("--symbols");
  scan->add_option("--interval", args->interval, "Bar interval (default: pairs.interval)")
      ->check(interval_name());
  auto* as_of = scan->add_option("--as-of", args->as_of,
                                 "The scan's clock, UTC: it reads the bars complete by then "
                                 "(default: now)")
                    ->check(utc_time());
  scan->add_option("--to", args->to,
                   "The last bar to read, UTC, instead of --as-of: the clock is its close (a "
                   "date alone takes that whole day's intraday bars)")
      ->check(utc_time())
      ->excludes(as_of);
  scan->add_option("--from", args->from, "First bar time, UTC (default: --lookback-days before)")
      ->check(utc_time());
  scan->add_option("--lookback-days", args->lookback_days,
                   "Days of bars before --as-of (default: pairs.lookback_days)")
      ->check(CLI::Range(1, 36500))
      ->excludes("--from");
  scan->add_option("--min-correlation", args->min_correlation,
                   "Correlation gate (default: pairs.min_correlation)")
      ->check(CLI::Range(-1.0, 1.0));
  scan->add_option("--max-pvalue", args->max_pvalue,
                   "Engle-Granger p-value gate (default: pairs.max_coint_pvalue)")
      ->check(CLI::Range(0.0, 1.0));
  scan->add_option("--min-score", args->min_score,
                   "Composite score gate (default: pairs.min_score)")
      ->check(CLI::Range(0.0, 1.0));
  scan->add_flag("--returns", args->returns,
                 "Correlate log returns instead of prices (default: pairs.correlate)");
  add_format_flags(scan, args->format, false);
  scan->callback([&context, args] {
    context.begin();
    const PairsConfig& config = context.config().pairs;
    pairs::ScanRequest request;
    request.symbols =
        args->symbols.empty()
            ? config.symbols_of(args->universe.empty() ? config.universe : args->universe)
            : split_list(args->symbols);
    for (auto& s : request.symbols)
      s = canonical_symbol(s);
    request.interval = Interval::parse(args->interval.empty() ? config.interval : args->interval);
    if (!args->to.empty()) {
      // A bar counts once complete: the scan that reads through the bar at --to runs at its
      // close. A date alone means every bar of that day.
      const UnixSeconds last = *parse_timestamp(args->to);
      const bool whole_day = args->to.size() == 10 && request.interval.intraday();
      request.as_of = whole_day ? last + kSecondsPerDay : last + request.interval.seconds();
    } else {
      request.as_of = args->as_of.empty() ? now_utc() : *parse_timestamp(args->as_of);
    }
    request.from =
        args->from.empty()
            ? request.as_of - args->lookback_days.value_or(config.lookback_days) * kSecondsPerDay
            : *parse_timestamp(args->from);
    if (request.from >= request.as_of)
      usage_error("--from", args->to.empty() ? "must be before --as-of" : "must be before --to");
    request.screening.min_correlation = args->min_correlation.value_or(config.min_correlation);
    request.screening.max_coint_pvalue = args->max_pvalue.value_or(config.max_coint_pvalue);
    request.screening.min_score = args->min_score.value_or(config.min_score);
    request.screening.correlate_returns = args->returns || config.correlate == "log_returns";
    request.screening.entry_z = config.entry_z;
    request.screening.exit_z = config.exit_z;
    auto store = context.open_store(Store::OpenMode::existing);
    const auto result = pairs::run_scan(*store, request);
    const PairScan& s = result.scan;
    if (args->format == OutputFormat::json) {
      json out = {{"scan_id", s.id},
                  {"as_of", format_iso8601(s.as_of)},
                  {"interval", s.interval},
                  {"data_start", format_iso8601(s.data_start)},
                  {"data_end", format_iso8601(s.data_end)},
                  {"rows", s.rows},
                  {"formation_rows", s.formation_rows},
                  {"symbols", s.symbols},
                  {"skipped", json::object()},
                  {"funnel",
                   {{"pairs", s.pairs},
                    {"correlation", s.passed_correlation},
                    {"cointegration", s.passed_cointegration},
                    {"garch", s.fitted_garch},
                    {"selected", s.selected}}},
                  {"candidates", json::array()}};
      for (const auto& [symbol, why] : s.skipped)
        out["skipped"][symbol] = why;
      for (const auto& c : result.screening.candidates)
        out["candidates"].push_back(candidate_json(c));
      std::cout << out.dump(2) << '\n';
      return;
    }
    std::cout << fmt::format(
        "pair scan {} at {}: {} symbols, {} common {} bars from {} to {} (the first {} form the "
        "pairs, the rest score them)\n",
        s.id, format_iso8601(s.as_of), s.symbols.size(), s.rows, s.interval,
        format_iso8601(s.data_start), format_iso8601(s.data_end), s.formation_rows);
    for (const auto& [symbol, why] : s.skipped)
      std::cout << fmt::format("skipped {}: {}\n", symbol, why);
    print_table(
        std::cout,
        ResultTable{{"stage", "pairs in", "passed"},
                    {{"correlation", std::int64_t{s.pairs}, std::int64_t{s.passed_correlation}},
                     {"cointegration", std::int64_t{s.passed_correlation},
                      std::int64_t{s.passed_cointegration}},
                     {"garch", std::int64_t{s.passed_cointegration}, std::int64_t{s.fitted_garch}},
                     {"score", std::int64_t{s.fitted_garch}, std::int64_t{s.selected}}}},
        "FUNNEL");
    const ResultTable tested = candidates_table(result.screening.candidates);
    if (!tested.rows.empty()) {
      print_table(std::cout, tested, "PAIRS PAST THE CORRELATION GATE (selected: active now)");
    }
    std::cout << fmt::format("{} active pair{}; every candidate is in pair_candidates (scan {})\n",
                             s.selected, s.selected == 1 ? "" : "s", s.id);
  });

  auto best_args = std::make_shared<BestArgs>();
  auto* best = pairs->add_subcommand(
      "best",
      "The best pairs of the recent scans (seed 004's get_best_performing_pairs): ranked by the "
      "rolling average of their composite score over their last --window scans (3) among the "
      "last --scans scans (10)");
  best->add_option("--limit", best_args->limit, "How many")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  best->add_option("--scans", best_args->scans, "The latest scans read")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  best->add_option("--window", best_args->window, "Scans each rolling average spans")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  best->add_option("--by", best_args->by,
                   "score: the rolling composite score; f1: the test F1 of each pair's latest "
                   "GRU (pairs train), beside always-revert's, as the last update of "
                   "model_rankings (current_best_models) has them")
      ->capture_default_str()
      ->check(CLI::IsMember({"score", "f1"}));
  add_format_flags(best, best_args->format);
  best->callback([&context, best_args] {
    context.begin();
    auto store = context.open_store(Store::OpenMode::existing);
    if (best_args->by == "f1") {
      ResultTable table{
          {"rank", "y", "x", "f1", "always_revert_f1", "model", "score_rank", "composite_score"},
          {}};
      for (const PairRanking& r : store->current_pair_rankings()) {
        if (r.rank_f1 == 0 || r.rank_f1 > best_args->limit) continue;
        table.rows.push_back({std::int64_t{r.rank_f1}, r.y, r.x, r.f1, r.baseline_f1,
                              r.performance_id,
                              r.rank_score ? Value{std::int64_t{r.rank_score}} : Value{},
                              finite_cell(r.composite_score)});
      }
      if (table.rows.empty()) {
        throw Error("no pair GRU is ranked yet: run quantloop pairs train after a pairs scan");
      }
      print_result(std::cout, table, best_args->format,
                   "BEST PAIRS BY TEST F1 (current_best_models; model = model_performance.id)");
      return;
    }
    const auto scores = store->pair_scores(best_args->scans);
    if (scores.empty()) throw Error("no pair scan is recorded yet: run quantloop pairs scan");
    auto ranks = pairs::rank_pairs(scores, best_args->window);
    if (int(ranks.size()) > best_args->limit) ranks.resize(std::size_t(best_args->limit));
    ResultTable table{{"rank", "y", "x", "average", "last_score", "last_stage", "scans", "rolling"},
                      {}};
    for (const auto& r : ranks) {
      std::string rolling;
      for (double v : r.rolling)
        rolling += fmt::format("{}{:.3f}", rolling.empty() ? "" : " ", v);
      table.rows.push_back({std::int64_t{r.rank}, r.y, r.x, r.average, r.last_score, r.last_stage,
                            std::int64_t{r.scans}, rolling});
    }
    print_result(std::cout, table, best_args->format,
                 fmt::format("BEST PAIRS (mean score of their last {} scans, of the latest {})",
                             best_args->window, best_args->scans));
  });

  add_pairs_train_command(*pairs, context);
  add_pairs_signals_command(*pairs, context);

  auto trends_args = std::make_shared<TrendsArgs>();
  auto* trends = pairs->add_subcommand(
      "trends",
      "A pair's performance trends (seed 004's get_pair_performance_trends): the 7- and 30-day "
      "average and slope per day of its composite score and GRU test F1 (model_trends)");
  trends->add_option("pair", trends_args->pair, "The pair, Y/X (either order)")
      ->required()
      ->check(pair_name());
  trends->add_flag("--json", trends_args->json, "Print JSON for programs");
  trends->callback([&context, trends_args] {
    context.begin();
    const auto [a, b] = parse_pair(trends_args->pair);
    auto store = context.open_store(Store::OpenMode::existing);
    const auto rows = store->pair_trends(a, b);
    if (rows.empty()) {
      throw Error(
          fmt::format("{}/{}: no trend recorded: the pair was not in a scan or a pair "
                      "training of the last 30 days before the latest update",
                      a, b));
    }
    ResultTable table{{"metric", "days", "observations", "average", "slope_per_day", "first",
                       "last", "computed_at"},
                      {}};
    for (const auto& t : rows) {
      table.rows.push_back({t.metric, std::int64_t{t.period_days}, std::int64_t{t.observations},
                            finite_cell(t.average), finite_cell(t.slope_per_day),
                            format_utc(t.first_at), format_utc(t.last_at),
                            format_utc(t.computed_at)});
    }
    if (trends_args->json) {
      const json out = {{"y", rows.front().y}, {"x", rows.front().x}, {"trends", to_json(table)}};
      std::cout << out.dump(2) << '\n';
      return;
    }
    print_table(std::cout, table,
                fmt::format("TRENDS OF {}/{} (slope: change per day, least squares)",
                            rows.front().y, rows.front().x));
  });

  auto recent_args = std::make_shared<RecentArgs>();
  auto* recent = pairs->add_subcommand(
      "recent",
      "The scans of the last days with their funnels (seed 004's recent pair performance)");
  recent->add_option("--days", recent_args->days, "Days back from now, by the scans' clocks")
      ->capture_default_str()
      ->check(CLI::Range(1, 36500));
  add_format_flags(recent, recent_args->format);
  recent->callback([&context, recent_args] {
    context.begin();
    auto store = context.open_store(Store::OpenMode::existing);
    ResultTable table{{"scan", "as_of", "interval", "symbols", "skipped", "rows", "pairs",
                       "correlation", "cointegration", "garch", "selected"},
                      {}};
    for (const PairScan& s : store->pair_scans(now_utc() - recent_args->days * kSecondsPerDay)) {
      table.rows.push_back({s.id, format_utc(s.as_of), s.interval, std::int64_t(s.symbols.size()),
                            std::int64_t(s.skipped.size()), std::int64_t{s.rows},
                            std::int64_t{s.pairs}, std::int64_t{s.passed_correlation},
                            std::int64_t{s.passed_cointegration}, std::int64_t{s.fitted_garch},
                            std::int64_t{s.selected}});
    }
    print_result(std::cout, table, recent_args->format,
                 fmt::format("PAIR SCANS OF THE LAST {} DAYS", recent_args->days));
  });

  auto show_args = std::make_shared<ShowArgs>();
  auto* show = pairs->add_subcommand(
      "show", "One pair in its latest scans: every figure of the latest, and its history");
  show->add_option("pair", show_args->pair, "The pair, Y/X (either order)")
      ->required()
      ->check(pair_name());
  show->add_option("--limit", show_args->limit, "Scans of its history")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  show->add_flag("--json", show_args->json, "Print JSON for programs");
  show->callback([&context, show_args] {
    context.begin();
    const auto [a, b] = parse_pair(show_args->pair);
    auto store = context.open_store(Store::OpenMode::existing);
    const auto history = store->pair_history(a, b, show_args->limit);
    const auto versions = store->pair_model_versions(a, b);
    if (history.empty()) {
      throw Error(fmt::format("{}/{}: no scan has screened this pair", a, b));
    }
    if (show_args->json) {
      json out = candidate_json(history.front().second);
      out["as_of"] = format_iso8601(history.front().first);
      out["history"] = json::array();
      for (const auto& [at, c] : history) {
        json h = candidate_json(c);
        h["as_of"] = format_iso8601(at);
        out["history"].push_back(std::move(h));
      }
      out["versions"] = json::array();
      for (const auto& v : versions)
        out["versions"].push_back(version_json(v));
      std::cout << out.dump(2) << '\n';
      return;
    }
    const json latest = candidate_json(history.front().second);
    std::cout << fmt::format("{}/{} in the scan at {}\n", latest["y"].get<std::string>(),
                             latest["x"].get<std::string>(), format_iso8601(history.front().first));
    for (const auto& [key, value] : latest.items()) {
      if (key == "y" || key == "x") continue;
      std::cout << fmt::format("{:>18}  {}\n", key,
                               value.is_string() ? value.get<std::string>() : value.dump());
    }
    ResultTable table{
        {"as_of", "y", "x", "stage", "correlation", "coint p", "hedge ratio", "score"}, {}};
    for (const auto& [at, c] : history) {
      table.rows.push_back({format_utc(at), c.y, c.x, c.stage, finite_cell(c.correlation),
                            finite_cell(c.coint_pvalue), finite_cell(c.hedge_ratio),
                            finite_cell(c.score)});
    }
    print_table(std::cout, table, "HISTORY (newest first)");
    if (!versions.empty())
      print_table(std::cout, versions_table(versions), "MODEL VERSIONS (pair_models, one per day)");
  });
}

}  // namespace quantloop::cli
