// Seed 004's pair model registry and performance history (issue 10): pair_models,
// model_performance with pair_classifiers, model_rankings (current_best_models), model_trends.
#include <fmt/format.h>

#include "store/sql_store.h"

namespace quantloop::store_internal {

namespace {

// NULL for the "not ranked" 0 of a rank or an id.
Value positive_or_null(std::int64_t v) {
  return v > 0 ? Value{v} : Value{};
}

std::string pair_name(const std::string& y, const std::string& x) {
  return y + "/" + x;
}

}  // namespace

std::vector<PairScore> SqlStore::passed_pair_scores(UnixSeconds since, UnixSeconds until) {
  const auto rows = query(
      fmt::format("SELECT s.id, {}, c.symbol_y, c.symbol_x, c.stage, c.score, c.correlation FROM "
                  "pair_candidates "
                  "c JOIN pair_scans s ON s.id = c.scan_id WHERE s.as_of >= ? AND s.as_of <= ? AND "
                  "c.stage <> 'correlation' "
                  "ORDER BY s.as_of, s.id, c.id",
                  timestamp_text("s.as_of")),
      {timestamp_value(since), timestamp_value(until)});
  std::vector<PairScore> out;
  for (const auto& row : rows.rows) {
    out.push_back({as_int(row[0]), as_time(row[1]), as_text(row[2]), as_text(row[3]),
                   as_text(row[4]), as_double(row[5]), as_double(row[6])});
  }
  return out;
}

std::vector<PairModelVersion> SqlStore::pair_model_versions(std::string_view a,
                                                            std::string_view b) {
  const auto rows = query(
      fmt::format("SELECT symbol_y, symbol_x, version, model_day, scan_id, hedge_ratio, "
                  "intercept, half_life, spread_mean, spread_sd, garch_mu, garch_omega, "
                  "garch_alpha, garch_beta, score, {}, {}, {}, reversion_intercept, "
                  "reversion_slope, next_variance, {} FROM pair_models WHERE (symbol_y "
                  "= ? AND symbol_x = ?) OR (symbol_y = ? AND symbol_x = ?) ORDER BY model_day "
                  "DESC, symbol_y, symbol_x",
                  timestamp_text("data_start"), timestamp_text("data_end"),
                  timestamp_text("created_at"), timestamp_text("variance_from")),
      {std::string(a), std::string(b), std::string(b), std::string(a)});
  std::vector<PairModelVersion> out;
  for (const auto& row : rows.rows) {
    PairModelVersion v;
    v.y = as_text(row[0]);
    v.x = as_text(row[1]);
    v.version = int(as_int(row[2]));
    v.model_day = as_text(row[3]);
    v.scan_id = as_int(row[4]);
    double* numbers[] = {&v.hedge_ratio, &v.intercept, &v.half_life,   &v.spread_mean,
                         &v.spread_sd,   &v.garch_mu,  &v.garch_omega, &v.garch_alpha,
                         &v.garch_beta,  &v.score};
    for (std::size_t k = 0; k < std::size(numbers); ++k)
      *numbers[k] = as_double(row[5 + k]);
    v.data_start = as_time(row[15]);
    v.data_end = as_time(row[16]);
    v.created_at = as_time(row[17]);
    v.reversion_intercept = as_double(row[18]);
    v.reversion_slope = as_double(row[19]);
    v.next_variance = as_double(row[20]);
    v.variance_from = as_time(row[21]);
    out.push_back(std::move(v));
  }
  return out;
}

std::int64_t SqlStore::record_pair_model(const PairModelPerformance& m, const std::string& settings,
                                         const std::string& weights) {
  std::int64_t id = 0;
  write([&] {
    id = insert_returning_id(
        "INSERT INTO model_performance(run_id, model_run_id, pair, symbol_y, symbol_x, "
        "model_type, as_of, trained_at, interval, data_start, data_end, train_rows, "
        "validation_rows, test_rows, f1_score, precision_score, recall_score, accuracy, loss, "
        "baseline_f1, test_positive_rate, validation_f1, hidden_size, num_layers, "
        "learning_rate, sequence_length, horizon, epochs, best_epoch, configs_tried, "
        "hedge_ratio, intercept, correlation, composite_score, duration_seconds) VALUES(?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?) RETURNING id",
        {m.run_id,
         fmt::format("run-{}-{}-{}", m.run_id, m.y, m.x),
         pair_name(m.y, m.x),
         m.y,
         m.x,
         std::string("garch_gru"),
         timestamp_value(m.as_of),
         timestamp_value(m.trained_at),
         m.interval,
         timestamp_value(m.data_start),
         timestamp_value(m.data_end),
         std::int64_t{m.train_rows},
         std::int64_t{m.validation_rows},
         std::int64_t{m.test_rows},
         m.f1,
         m.precision,
         m.recall,
         m.accuracy,
         m.loss,
         m.baseline_f1,
         m.test_positive_rate,
         m.validation_f1,
         std::int64_t{m.hidden_size},
         std::int64_t{m.layers},
         m.learning_rate,
         std::int64_t{m.sequence_length},
         std::int64_t{m.horizon},
         std::int64_t{m.epochs},
         std::int64_t{m.best_epoch},
         std::int64_t{m.configs_tried},
         m.hedge_ratio,
         m.intercept,
         number_or_null(m.correlation),
         number_or_null(m.composite_score),
         m.duration_seconds});
    query("INSERT INTO pair_classifiers(performance_id, settings, weights) VALUES(?, ?, ?)",
          {id, settings, Blob{weights}});
  });
  return id;
}

std::vector<PairModelPerformance> SqlStore::performance_where(std::string_view where,
                                                              const std::vector<Value>& params) {
  const auto rows = query(
      fmt::format("SELECT id, run_id, symbol_y, symbol_x, {}, {}, interval, {}, {}, train_rows, "
                  "validation_rows, test_rows, f1_score, precision_score, recall_score, accuracy, "
                  "loss, baseline_f1, test_positive_rate, validation_f1, hidden_size, num_layers, "
                  "learning_rate, sequence_length, horizon, epochs, best_epoch, configs_tried, "
                  "hedge_ratio, intercept, correlation, composite_score, duration_seconds FROM "
                  "model_performance {}",
                  timestamp_text("as_of"), timestamp_text("trained_at"),
                  timestamp_text("data_start"), timestamp_text("data_end"), where),
      params);
  std::vector<PairModelPerformance> out;
  for (const auto& row : rows.rows) {
    PairModelPerformance m;
    m.id = as_int(row[0]);
    m.run_id = as_int(row[1]);
    m.y = as_text(row[2]);
    m.x = as_text(row[3]);
    m.as_of = as_time(row[4]);
    m.trained_at = as_time(row[5]);
    m.interval = as_text(row[6]);
    m.data_start = as_time(row[7]);
    m.data_end = as_time(row[8]);
    m.train_rows = int(as_int(row[9]));
    m.validation_rows = int(as_int(row[10]));
    m.test_rows = int(as_int(row[11]));
    double* metrics[] = {
        &m.f1,          &m.precision,          &m.recall,       &m.accuracy, &m.loss,
        &m.baseline_f1, &m.test_positive_rate, &m.validation_f1};
    for (std::size_t k = 0; k < std::size(metrics); ++k)
      *metrics[k] = as_double(row[12 + k]);
    m.hidden_size = int(as_int(row[20]));
    m.layers = int(as_int(row[21]));
    m.learning_rate = as_double(row[22]);
    m.sequence_length = int(as_int(row[23]));
    m.horizon = int(as_int(row[24]));
    m.epochs = int(as_int(row[25]));
    m.best_epoch = int(as_int(row[26]));
    m.configs_tried = int(as_int(row[27]));
    m.hedge_ratio = as_double(row[28]);
    m.intercept = as_double(row[29]);
    m.correlation = as_double(row[30]);
    m.composite_score = as_double(row[31]);
    m.duration_seconds = as_double(row[32]);
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<PairModelPerformance> SqlStore::pair_performance(UnixSeconds since, UnixSeconds until) {
  return performance_where("WHERE as_of >= ? AND as_of <= ? ORDER BY as_of, id",
                           {timestamp_value(since), timestamp_value(until)});
}

std::vector<PairModelPerformance> SqlStore::pair_performance_of(std::string_view a,
                                                                std::string_view b,
                                                                UnixSeconds until) {
  return performance_where(
      "WHERE ((symbol_y = ? AND symbol_x = ?) OR (symbol_y = ? AND symbol_x = ?)) AND as_of <= ? "
      "ORDER BY as_of, id",
      {std::string(a), std::string(b), std::string(b), std::string(a), timestamp_value(until)});
}

std::optional<std::pair<std::string, std::string>> SqlStore::pair_classifier(
    std::int64_t performance_id) {
  const auto rows = query("SELECT settings, weights FROM pair_classifiers WHERE performance_id = ?",
                          {performance_id});
  if (rows.rows.empty()) return std::nullopt;
  const auto* weights = std::get_if<Blob>(&rows.rows[0][1]);
  return std::pair{as_text(rows.rows[0][0]), weights ? weights->bytes : std::string()};
}

void SqlStore::record_pair_rankings(UnixSeconds at, std::span<const PairRanking> rankings,
                                    std::span<const PairTrend> trends) {
  write([&] {
    // One set per clock: a training at a scan's clock replaces the scan's set.
    query("DELETE FROM model_rankings WHERE ranked_at = ?", {timestamp_value(at)});
    std::vector<std::vector<Value>> rows;
    for (const PairRanking& r : rankings) {
      rows.push_back({timestamp_value(at), pair_name(r.y, r.x), r.y, r.x,
                      positive_or_null(r.rank_f1), number_or_null(r.f1),
                      number_or_null(r.baseline_f1), positive_or_null(r.performance_id),
                      positive_or_null(r.rank_score), number_or_null(r.composite_score),
                      std::int64_t{r.scans}});
    }
    insert_rows(
        "model_rankings(ranked_at, pair, symbol_y, symbol_x, rank_f1, f1_score, baseline_f1, "
        "performance_id, rank_score, composite_score, scans)",
        rows);
    query("DELETE FROM model_trends");
    rows.clear();
    for (const PairTrend& t : trends) {
      rows.push_back({pair_name(t.y, t.x), t.y, t.x, t.metric, std::int64_t{t.period_days},
                      std::int64_t{t.observations}, number_or_null(t.average),
                      number_or_null(t.slope_per_day), time_or_null(t.first_at),
                      time_or_null(t.last_at), timestamp_value(at)});
    }
    insert_rows(
        "model_trends(pair, symbol_y, symbol_x, metric, period_days, observations, average, "
        "slope_per_day, first_at, last_at, computed_at)",
        rows);
  });
}

std::vector<PairRanking> SqlStore::current_pair_rankings() {
  const auto rows = query(
      "SELECT symbol_y, symbol_x, rank_f1, f1_score, baseline_f1, performance_id, rank_score, "
      "composite_score, scans FROM current_best_models ORDER BY rank_f1 IS NULL, rank_f1, "
      "rank_score IS NULL, rank_score, symbol_y, symbol_x");
  std::vector<PairRanking> out;
  for (const auto& row : rows.rows) {
    out.push_back({as_text(row[0]), as_text(row[1]), int(as_int(row[2])), as_double(row[3]),
                   as_double(row[4]), as_int(row[5]), int(as_int(row[6])), as_double(row[7]),
                   int(as_int(row[8]))});
  }
  return out;
}

std::vector<PairTrend> SqlStore::pair_trends(std::string_view a, std::string_view b) {
  const auto rows = query(
      fmt::format("SELECT symbol_y, symbol_x, metric, period_days, observations, average, "
                  "slope_per_day, {}, {}, {} FROM model_trends WHERE (symbol_y = ? AND symbol_x "
                  "= ?) OR (symbol_y = ? AND symbol_x = ?) ORDER BY metric, period_days",
                  timestamp_text("first_at"), timestamp_text("last_at"),
                  timestamp_text("computed_at")),
      {std::string(a), std::string(b), std::string(b), std::string(a)});
  std::vector<PairTrend> out;
  for (const auto& row : rows.rows) {
    out.push_back({as_text(row[0]), as_text(row[1]), as_text(row[2]), int(as_int(row[3])),
                   int(as_int(row[4])), as_double(row[5]), as_double(row[6]), as_time(row[7]),
                   as_time(row[8]), as_time(row[9])});
  }
  return out;
}

}  // namespace quantloop::store_internal
