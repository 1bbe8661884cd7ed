#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/arguments.h"
#include "cli/commands/commands.h"
#include "cli/output.h"
#include "cli/validators.h"
#include "core/error.h"
#include "pairs/scan.h"

namespace quantloop::cli {

namespace {

using nlohmann::json;

struct ScanArgs {
  std::string symbols, interval = "1d", as_of, from;
  int lookback_days = 60;
  double min_correlation = 0.8, max_pvalue = 0.05, min_score = 0.7;
  bool returns = false;
  OutputFormat format = OutputFormat::table;
};

Value number(double v) {
  return std::isfinite(v) ? Value{v} : Value{};
}

ResultTable candidates_table(const std::vector<PairCandidate>& candidates, bool reached_garch) {
  ResultTable table{{"y", "x", "stage", "correlation", "coint p", "hedge ratio", "half-life",
                     "score", "fit", "volatility", "trading", "diagnostics", "reason"},
                    {}};
  for (const auto& c : candidates) {
    if (reached_garch != (c.stage == "selected" || c.stage == "score")) continue;
    const bool tested = c.stage != "correlation";
    const bool scored = c.stage == "selected" || c.stage == "score";
    table.rows.push_back(
        {c.y, c.x, c.stage, number(c.correlation), tested ? number(c.coint_pvalue) : Value{},
         tested ? number(c.hedge_ratio) : Value{}, tested ? number(c.half_life) : Value{},
         scored ? number(c.score) : Value{}, scored ? number(c.score_fit) : Value{},
         scored ? number(c.score_volatility) : Value{}, scored ? number(c.score_trading) : Value{},
         scored ? number(c.score_diagnostics) : Value{},
         c.reason.empty() ? Value{} : Value{c.reason}});
  }
  return table;
}

json candidate_json(const PairCandidate& c) {
  auto n = [](double v) { return std::isfinite(v) ? json(v) : json(); };
  return {{"y", c.y},
          {"x", c.x},
          {"stage", c.stage},
          {"reason", c.reason},
          {"correlation", n(c.correlation)},
          {"pvalue_forward", n(c.pvalue_forward)},
          {"pvalue_backward", n(c.pvalue_backward)},
          {"coint_statistic", n(c.coint_statistic)},
          {"coint_pvalue", n(c.coint_pvalue)},
          {"hedge_ratio", n(c.hedge_ratio)},
          {"intercept", n(c.intercept)},
          {"half_life", n(c.half_life)},
          {"spread_mean", n(c.spread_mean)},
          {"spread_sd", n(c.spread_sd)},
          {"garch",
           {{"mu", n(c.garch_mu)},
            {"omega", n(c.garch_omega)},
            {"alpha", n(c.garch_alpha)},
            {"beta", n(c.garch_beta)},
            {"bic", n(c.garch_bic)},
            {"constant_bic", n(c.constant_bic)},
            {"next_variance", n(c.next_variance)}}},
          {"diagnostics",
           {{"ljung_box_pvalue", n(c.ljung_box_pvalue)},
            {"arch_lm_pvalue", n(c.arch_lm_pvalue)},
            {"adf_pvalue", n(c.adf_pvalue)}}},
          {"scores",
           {{"fit", n(c.score_fit)},
            {"volatility", n(c.score_volatility)},
            {"trading", n(c.score_trading)},
            {"diagnostics", n(c.score_diagnostics)},
            {"composite", n(c.score)}}}};
}

}  // namespace

void add_pairs_commands(CLI::App& app, Context& context) {
  auto* pairs = app.add_subcommand(
      "pairs", "Seed 004's daily pair identification: screen pairs, keep the active trading set");
  pairs->require_subcommand(1);

  auto args = std::make_shared<ScanArgs>();
  auto* scan = pairs->add_subcommand(
      "scan",
      "Screen every pair of the symbols on their common bars before --as-of: correlation, "
      "Engle-Granger both ways, GARCH(1,1) of the spread, diagnostics, composite score; record "
      "every candidate (pair_candidates) and replace the active pairs (active_pairs)");
  scan->add_option("--symbols", args->symbols,
                   "Comma-separated symbols (default: every configured symbol)");
  scan->add_option("--interval", args->interval, "Bar interval")
      ->capture_default_str()
      ->check(interval_name());
  scan->add_option("--as-of", args->as_of, "The scan's clock, UTC (default: now)")
      ->check(utc_time());
  scan->add_option("--from", args->from, "First bar time, UTC (default: --lookback-days before)")
      ->check(utc_time());
  scan->add_option("--lookback-days", args->lookback_days, "Days of bars before --as-of")
      ->capture_default_str()
      ->check(CLI::Range(1, 36500));
  scan->add_option("--min-correlation", args->min_correlation, "Correlation gate")
      ->capture_default_str()
      ->check(CLI::Range(-1.0, 1.0));
  scan->add_option("--max-pvalue", args->max_pvalue, "Engle-Granger p-value gate")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  scan->add_option("--min-score", args->min_score, "Composite score gate")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  scan->add_flag("--returns", args->returns, "Correlate log returns instead of prices");
  add_format_flags(scan, args->format, false);
  scan->callback([&context, args] {
    context.begin();
    pairs::ScanRequest request;
    request.symbols =
        args->symbols.empty() ? context.config().all_symbols() : split_list(args->symbols);
    for (auto& s : request.symbols)
      s = canonical_symbol(s);
    request.interval = Interval::parse(args->interval);
    request.as_of = args->as_of.empty() ? now_utc() : *parse_timestamp(args->as_of);
    request.from = args->from.empty() ? request.as_of - args->lookback_days * kSecondsPerDay
                                      : *parse_timestamp(args->from);
    if (request.from >= request.as_of) usage_error("--from", "must be before --as-of");
    request.screening.min_correlation = args->min_correlation;
    request.screening.max_coint_pvalue = args->max_pvalue;
    request.screening.min_score = args->min_score;
    request.screening.correlate_returns = args->returns;
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
    const ResultTable scored = candidates_table(result.screening.candidates, true);
    if (!scored.rows.empty()) print_table(std::cout, scored, "SCORED PAIRS (selected: active now)");
    std::cout << fmt::format("{} active pair{}; every candidate is in pair_candidates (scan {})\n",
                             s.selected, s.selected == 1 ? "" : "s", s.id);
  });
}

}  // namespace quantloop::cli
