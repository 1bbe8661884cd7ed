// The pair identification tables (issue 10): pair_scans, pair_candidates, active_pairs.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "store/sql_store.h"

namespace quantloop::store_internal {

std::int64_t SqlStore::record_pair_scan(const PairScan& scan,
                                        std::span<const PairCandidate> candidates) {
  std::int64_t scan_id = 0;
  nlohmann::json skipped = nlohmann::json::object();
  for (const auto& [symbol, why] : scan.skipped)
    skipped[symbol] = why;
  write([&] {
    // A scan at or before a recorded signals run would change the pairs that run traded.
    if (const UnixSeconds watermark = signals_watermark(); scan.as_of <= watermark) {
      throw Error(fmt::format(
          "a signals run at {} is recorded already: a scan at {} would change the pairs it "
          "traded; nothing written (scan with a later --as-of, or replay into another database)",
          format_iso8601(watermark), format_iso8601(scan.as_of)));
    }
    scan_id = insert_returning_id(
        "INSERT INTO pair_scans(as_of, interval, data_start, data_end, rows, formation_rows, "
        "symbols, skipped, pairs, passed_correlation, passed_cointegration, fitted_garch, "
        "selected, options, created_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id",
        {timestamp_value(scan.as_of), scan.interval, timestamp_value(scan.data_start),
         timestamp_value(scan.data_end), std::int64_t{scan.rows}, std::int64_t{scan.formation_rows},
         nlohmann::json(scan.symbols).dump(), skipped.dump(), std::int64_t{scan.pairs},
         std::int64_t{scan.passed_correlation}, std::int64_t{scan.passed_cointegration},
         std::int64_t{scan.fitted_garch}, std::int64_t{scan.selected}, scan.options,
         timestamp_value(scan.created_at)});
    std::vector<std::vector<Value>> rows;
    rows.reserve(candidates.size());
    for (const PairCandidate& c : candidates) {
      rows.push_back({scan_id,
                      c.y,
                      c.x,
                      c.stage,
                      text_or_null(c.reason),
                      number_or_null(c.correlation),
                      number_or_null(c.pvalue_forward),
                      number_or_null(c.pvalue_backward),
                      number_or_null(c.coint_statistic),
                      number_or_null(c.coint_pvalue),
                      number_or_null(c.hedge_ratio),
                      number_or_null(c.intercept),
                      number_or_null(c.half_life),
                      number_or_null(c.spread_mean),
                      number_or_null(c.spread_sd),
                      number_or_null(c.garch_mu),
                      number_or_null(c.garch_omega),
                      number_or_null(c.garch_alpha),
                      number_or_null(c.garch_beta),
                      number_or_null(c.garch_bic),
                      number_or_null(c.constant_bic),
                      number_or_null(c.next_variance),
                      number_or_null(c.ljung_box_pvalue),
                      number_or_null(c.arch_lm_pvalue),
                      number_or_null(c.adf_pvalue),
                      number_or_null(c.score_fit),
                      number_or_null(c.score_volatility),
                      number_or_null(c.score_trading),
                      number_or_null(c.score_diagnostics),
                      number_or_null(c.score),
                      number_or_null(c.reversion_intercept),
                      number_or_null(c.reversion_slope)});
    }
    insert_rows(
        "pair_candidates(scan_id, symbol_y, symbol_x, stage, reason, correlation, "
        "pvalue_forward, pvalue_backward, coint_statistic, coint_pvalue, hedge_ratio, intercept, "
        "half_life, spread_mean, spread_sd, garch_mu, garch_omega, garch_alpha, garch_beta, "
        "garch_bic, constant_bic, next_variance, ljung_box_pvalue, arch_lm_pvalue, adf_pvalue, "
        "score_fit, score_volatility, score_trading, score_diagnostics, score, "
        "reversion_intercept, reversion_slope)",
        rows);
    // The registry of spread models: a new version for the first scan of a day that selects
    // the pair, that day's version updated by a later one.
    const std::string day = format_utc(scan.as_of).substr(0, 10);
    const auto selected = query(
        "SELECT id, symbol_y, symbol_x, hedge_ratio, intercept, half_life, spread_mean, "
        "spread_sd, garch_mu, garch_omega, garch_alpha, garch_beta, score, reversion_intercept, "
        "reversion_slope, next_variance FROM pair_candidates WHERE scan_id = ? AND "
        "stage = 'selected'",
        {scan_id});
    for (const auto& row : selected.rows) {
      const auto next = query(
          "SELECT COALESCE(MAX(version), 0) + 1 FROM pair_models WHERE symbol_y = ? AND "
          "symbol_x = ?",
          {row[1], row[2]});
      std::vector<Value> params = {row[1], row[2],  as_int(next.rows.at(0).at(0)),
                                   day,    scan_id, row[0]};
      params.insert(params.end(), row.begin() + 3, row.end());
      params.insert(params.end(),
                    {timestamp_value(scan.data_start), timestamp_value(scan.formation_end),
                     timestamp_value(scan.created_at), timestamp_value(scan.data_end)});
      query(
          "INSERT INTO pair_models(symbol_y, symbol_x, version, model_day, scan_id, "
          "candidate_id, hedge_ratio, intercept, half_life, spread_mean, spread_sd, garch_mu, "
          "garch_omega, garch_alpha, garch_beta, score, reversion_intercept, reversion_slope, "
          "next_variance, data_start, data_end, created_at, variance_from) "
          "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
          "(symbol_y, "
          "symbol_x, model_day) DO UPDATE SET scan_id = "
          "excluded.scan_id, candidate_id = excluded.candidate_id, hedge_ratio = "
          "excluded.hedge_ratio, intercept = excluded.intercept, half_life = excluded.half_life, "
          "spread_mean = excluded.spread_mean, spread_sd = excluded.spread_sd, garch_mu = "
          "excluded.garch_mu, garch_omega = excluded.garch_omega, garch_alpha = "
          "excluded.garch_alpha, garch_beta = excluded.garch_beta, score = excluded.score, "
          "reversion_intercept = excluded.reversion_intercept, reversion_slope = "
          "excluded.reversion_slope, next_variance = excluded.next_variance, "
          "data_start = excluded.data_start, data_end = excluded.data_end, created_at = "
          "excluded.created_at, variance_from = excluded.variance_from",
          params);
    }
  });
  return scan_id;
}

std::vector<PairScore> SqlStore::pair_scores(int scans) {
  const auto rows = query(
      fmt::format("SELECT s.id, {}, c.symbol_y, c.symbol_x, c.stage, c.score, c.correlation FROM "
                  "pair_candidates c "
                  "JOIN (SELECT id, as_of FROM pair_scans ORDER BY as_of DESC, id DESC LIMIT {}) s "
                  "ON s.id = c.scan_id ORDER BY s.as_of, s.id, c.id",
                  timestamp_text("s.as_of"), std::max(0, scans)));
  std::vector<PairScore> out;
  for (const auto& row : rows.rows) {
    out.push_back({as_int(row[0]), as_time(row[1]), as_text(row[2]), as_text(row[3]),
                   as_text(row[4]), as_double(row[5]), as_double(row[6])});
  }
  return out;
}

std::vector<PairScan> SqlStore::scans_where(std::string_view where,
                                            const std::vector<Value>& params) {
  const auto rows = query(
      fmt::format("SELECT id, {}, interval, {}, {}, rows, formation_rows, symbols, skipped, pairs, "
                  "passed_correlation, passed_cointegration, fitted_garch, selected, options, {} "
                  "FROM pair_scans {}",
                  timestamp_text("as_of"), timestamp_text("data_start"), timestamp_text("data_end"),
                  timestamp_text("created_at"), where),
      params);
  std::vector<PairScan> out;
  for (const auto& row : rows.rows) {
    PairScan s;
    s.id = as_int(row[0]);
    s.as_of = as_time(row[1]);
    s.interval = as_text(row[2]);
    s.data_start = as_time(row[3]);
    s.data_end = as_time(row[4]);
    s.rows = int(as_int(row[5]));
    s.formation_rows = int(as_int(row[6]));
    s.symbols = nlohmann::json::parse(as_text(row[7])).get<std::vector<std::string>>();
    const auto skipped = nlohmann::json::parse(as_text(row[8]));  // outlives the loop
    for (const auto& [symbol, why] : skipped.items())
      s.skipped.emplace_back(symbol, why.get<std::string>());
    s.pairs = int(as_int(row[9]));
    s.passed_correlation = int(as_int(row[10]));
    s.passed_cointegration = int(as_int(row[11]));
    s.fitted_garch = int(as_int(row[12]));
    s.selected = int(as_int(row[13]));
    s.options = as_text(row[14]);
    s.created_at = as_time(row[15]);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<PairScan> SqlStore::pair_scans(UnixSeconds since) {
  return scans_where("WHERE as_of >= ? ORDER BY as_of DESC, id DESC", {timestamp_value(since)});
}

std::optional<PairScan> SqlStore::latest_pair_scan(UnixSeconds until) {
  auto scans = scans_where("WHERE as_of <= ? ORDER BY as_of DESC, id DESC LIMIT 1",
                           {timestamp_value(until)});
  if (scans.empty()) return std::nullopt;
  return std::move(scans.front());
}

std::vector<std::pair<UnixSeconds, PairCandidate>> SqlStore::pair_history(std::string_view a,
                                                                          std::string_view b,
                                                                          int limit) {
  const auto rows = query(
      fmt::format(
          "SELECT {}, c.symbol_y, c.symbol_x, c.stage, c.reason, c.correlation, c.pvalue_forward, "
          "c.pvalue_backward, c.coint_statistic, c.coint_pvalue, c.hedge_ratio, c.intercept, "
          "c.half_life, c.spread_mean, c.spread_sd, c.garch_mu, c.garch_omega, c.garch_alpha, "
          "c.garch_beta, c.garch_bic, c.constant_bic, c.next_variance, c.ljung_box_pvalue, "
          "c.arch_lm_pvalue, c.adf_pvalue, c.score_fit, c.score_volatility, c.score_trading, "
          "c.score_diagnostics, c.score FROM pair_candidates c JOIN pair_scans s ON "
          "s.id = c.scan_id WHERE (c.symbol_y = ? AND c.symbol_x = ?) OR (c.symbol_y = ? AND "
          "c.symbol_x = ?) ORDER BY s.as_of DESC, s.id DESC LIMIT {}",
          timestamp_text("s.as_of"), std::max(0, limit)),
      {std::string(a), std::string(b), std::string(b), std::string(a)});
  std::vector<std::pair<UnixSeconds, PairCandidate>> out;
  for (const auto& row : rows.rows) {
    PairCandidate c;
    c.y = as_text(row[1]);
    c.x = as_text(row[2]);
    c.stage = as_text(row[3]);
    c.reason = as_text(row[4]);
    double* numbers[] = {
        &c.correlation,   &c.pvalue_forward,   &c.pvalue_backward, &c.coint_statistic,
        &c.coint_pvalue,  &c.hedge_ratio,      &c.intercept,       &c.half_life,
        &c.spread_mean,   &c.spread_sd,        &c.garch_mu,        &c.garch_omega,
        &c.garch_alpha,   &c.garch_beta,       &c.garch_bic,       &c.constant_bic,
        &c.next_variance, &c.ljung_box_pvalue, &c.arch_lm_pvalue,  &c.adf_pvalue,
        &c.score_fit,     &c.score_volatility, &c.score_trading,   &c.score_diagnostics,
        &c.score};
    for (std::size_t k = 0; k < std::size(numbers); ++k)
      *numbers[k] = as_double(row[5 + k]);
    out.emplace_back(as_time(row[0]), std::move(c));
  }
  return out;
}

}  // namespace quantloop::store_internal
