#include "store/sql_store.h"

#include <fmt/format.h>

#include <array>
#include <cmath>

#include "core/error.h"

namespace quantloop::store_internal {

// Tables in schema order; later migrations append here.
struct TableInfo {
  std::string_view name;
  std::string_view order;
};

// Tables in schema order; later migrations append here.
constexpr std::array<TableInfo, 5> kTables{{
    {"market_data", "symbol, interval, date"},
    {"training_runs", "id"},
    {"model_metadata", "id"},
    {"rejected_bars", "id"},
    {"training_run_symbols", "id"},
}};

namespace {

std::int64_t as_int(const Value& value) {
  if (auto* i = std::get_if<std::int64_t>(&value)) return *i;
  if (auto* d = std::get_if<double>(&value)) return static_cast<std::int64_t>(*d);
  return 0;
}

std::string as_text(const Value& value) {
  if (auto* s = std::get_if<std::string>(&value)) return *s;
  return {};
}

UnixSeconds as_time(const Value& value) {
  auto parsed = parse_timestamp(as_text(value));
  return parsed ? *parsed : 0;
}

Value text_or_null(const std::string& text) {
  return text.empty() ? Value{} : Value{text};
}
Value time_or_null(UnixSeconds t) {
  return t == 0 ? Value{} : Value{format_utc(t)};
}
// NaN (a metric of no rows) is NULL, so that averages skip it.
Value number_or_null(double v) {
  return std::isnan(v) ? Value{} : Value{v};
}

std::vector<Value> run_values(const TrainingRun& run) {
  return {format_utc(run.run_date),
          run.mode,
          run.timeframe,
          std::int64_t{run.hour},
          std::int64_t{run.symbols_count},
          run.rows_processed,
          run.status,
          run.duration_seconds,
          text_or_null(run.error),
          run.pid == 0 ? Value{} : Value{run.pid},
          text_or_null(run.host),
          time_or_null(run.heartbeat),
          text_or_null(run.interval)};
}

double as_double(const Value& value) {
  if (auto* d = std::get_if<double>(&value)) return *d;
  if (auto* i = std::get_if<std::int64_t>(&value)) return double(*i);
  return std::nan("");  // NULL
}

}  // namespace

Value timestamp_value(UnixSeconds t) {
  return format_utc(t);
}

std::string_view table_order(std::string_view table) {
  for (const auto& info : kTables) {
    if (info.name == table) return info.order;
  }
  return {};
}

ResultTable SqlStore::query(std::string_view sql, const std::vector<Value>& params) {
  ResultTable table;
  query_each(
      sql, params, [&](const std::vector<std::string>& columns) { table.columns = columns; },
      [&](const std::vector<Value>& row) { table.rows.push_back(row); });
  return table;
}

std::int64_t SqlStore::insert_returning_id(std::string_view sql, const std::vector<Value>& params) {
  auto result = query(sql, params);
  return std::get<std::int64_t>(result.rows.at(0).at(0));
}

std::int64_t SqlStore::insert_training_run(const TrainingRun& run) {
  return insert_returning_id(
      "INSERT INTO training_runs(run_date, mode, timeframe, hour, symbols_count, rows_processed, "
      "status, duration_seconds, error, pid, host, heartbeat_at, interval) "
      "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      run_values(run));
}

void SqlStore::update_training_run(const TrainingRun& run) {
  auto params = run_values(run);
  params.push_back(run.id);
  query(
      "UPDATE training_runs SET run_date = ?, mode = ?, timeframe = ?, hour = ?, "
      "symbols_count = ?, rows_processed = ?, status = ?, duration_seconds = ?, error = ?, "
      "pid = ?, host = ?, heartbeat_at = ?, interval = ? WHERE id = ?",
      params);
}

std::vector<TrainingRun> SqlStore::training_runs_with_status(std::string_view status) {
  const auto result =
      query(fmt::format("SELECT id, {}, mode, timeframe, hour, symbols_count, rows_processed, "
                        "status, duration_seconds, error, pid, host, {}, interval "
                        "FROM training_runs WHERE status = ? ORDER BY id",
                        timestamp_text("run_date"), timestamp_text("heartbeat_at")),
            {std::string(status)});
  std::vector<TrainingRun> runs;
  for (const auto& row : result.rows) {
    TrainingRun r;
    r.id = as_int(row[0]);
    r.run_date = as_time(row[1]);
    r.mode = as_text(row[2]);
    r.timeframe = as_text(row[3]);
    r.hour = int(as_int(row[4]));
    r.symbols_count = int(as_int(row[5]));
    r.rows_processed = as_int(row[6]);
    r.status = as_text(row[7]);
    r.duration_seconds = as_double(row[8]);
    r.error = as_text(row[9]);
    r.pid = as_int(row[10]);
    r.host = as_text(row[11]);
    r.heartbeat = as_time(row[12]);
    r.interval = as_text(row[13]);
    runs.push_back(std::move(r));
  }
  return runs;
}

std::int64_t SqlStore::insert_model_metadata(const ModelMetadata& m) {
  return insert_returning_id(
      "INSERT INTO model_metadata(symbol, model_type, training_date, accuracy, loss, epochs, "
      "model_path, timeframe, training_mode, hour, run_id, f1, baseline_accuracy, validation_rows, "
      "data_start, data_end, duration_seconds, best_epoch, config_hash, interval, "
      "warm_started_from, "
      "test_rows, validation_accuracy, validation_loss, edge_pvalue, selection_end) "
      "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      {m.symbol,
       m.model_type,
       format_utc(m.training_date),
       number_or_null(m.accuracy),
       number_or_null(m.loss),
       std::int64_t{m.epochs},
       m.model_path,
       m.timeframe,
       m.training_mode,
       std::int64_t{m.hour},
       m.run_id == 0 ? Value{} : Value{m.run_id},
       number_or_null(m.f1),
       number_or_null(m.baseline_accuracy),
       m.validation_rows,
       time_or_null(m.data_start),
       time_or_null(m.data_end),
       m.duration_seconds,
       std::int64_t{m.best_epoch},
       text_or_null(m.config_hash),
       text_or_null(m.interval),
       text_or_null(m.warm_started_from),
       m.test_rows,
       m.validation_accuracy,
       m.validation_loss,
       m.edge_pvalue,
       time_or_null(m.selection_end)});
}

std::optional<ModelMetadata> SqlStore::latest_model(std::string_view symbol,
                                                    std::string_view interval,
                                                    std::string_view model_type,
                                                    UnixSeconds trained_by,
                                                    UnixSeconds data_end_by) {
  const auto result =
      query(fmt::format(
                "SELECT id, symbol, model_type, {}, accuracy, loss, epochs, model_path, timeframe, "
                "training_mode, hour, run_id, f1, baseline_accuracy, validation_rows, {}, {}, "
                "duration_seconds, best_epoch, config_hash, interval, warm_started_from, "
                "test_rows, validation_accuracy, validation_loss, edge_pvalue, {} "
                "FROM model_metadata WHERE symbol = ? AND interval = ? AND model_type = ? "
                "AND training_date <= ? AND data_end <= ? "
                "ORDER BY training_date DESC, id DESC LIMIT 1",
                timestamp_text("training_date"), timestamp_text("data_start"),
                timestamp_text("data_end"), timestamp_text("selection_end")),
            {std::string(symbol), std::string(interval), std::string(model_type),
             timestamp_value(trained_by), timestamp_value(data_end_by)});
  if (result.rows.empty()) return std::nullopt;
  const auto& row = result.rows[0];
  ModelMetadata m;
  m.id = as_int(row[0]);
  m.symbol = as_text(row[1]);
  m.model_type = as_text(row[2]);
  m.training_date = as_time(row[3]);
  m.accuracy = as_double(row[4]);
  m.loss = as_double(row[5]);
  m.epochs = int(as_int(row[6]));
  m.model_path = as_text(row[7]);
  m.timeframe = as_text(row[8]);
  m.training_mode = as_text(row[9]);
  m.hour = int(as_int(row[10]));
  m.run_id = as_int(row[11]);
  m.f1 = as_double(row[12]);
  m.baseline_accuracy = as_double(row[13]);
  m.validation_rows = as_int(row[14]);
  m.data_start = as_time(row[15]);
  m.data_end = as_time(row[16]);
  m.duration_seconds = as_double(row[17]);
  m.best_epoch = int(as_int(row[18]));
  m.config_hash = as_text(row[19]);
  m.interval = as_text(row[20]);
  m.warm_started_from = as_text(row[21]);
  m.test_rows = as_int(row[22]);
  m.validation_accuracy = as_double(row[23]);
  m.validation_loss = as_double(row[24]);
  m.edge_pvalue = as_double(row[25]);
  m.selection_end = as_time(row[26]);
  return m;
}

void SqlStore::insert_run_symbol(const RunSymbol& o) {
  query(
      "INSERT INTO training_run_symbols(run_id, symbol, status, error, model_id, rows, epochs, "
      "duration_seconds) VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
      {o.run_id, o.symbol, o.status, text_or_null(o.error),
       o.model_id == 0 ? Value{} : Value{o.model_id}, o.rows, std::int64_t{o.epochs},
       o.duration_seconds});
}

std::vector<SeriesSummary> SqlStore::list_series() {
  const std::string sql = fmt::format(
      "SELECT symbol, MIN(asset_type), interval, COUNT(*), {}, {} FROM market_data "
      "GROUP BY symbol, interval ORDER BY symbol, interval",
      timestamp_text("MIN(date)"), timestamp_text("MAX(date)"));
  std::vector<SeriesSummary> series;
  for (const auto& row : query(sql).rows) {
    series.push_back({as_text(row[0]), as_text(row[1]), as_text(row[2]), as_int(row[3]),
                      as_time(row[4]), as_time(row[5])});
  }
  return series;
}

ResultTable SqlStore::recent_runs(int limit) {
  return query(fmt::format("SELECT id, {} AS run_date, mode, timeframe, hour, "
                           "symbols_count AS symbols, rows_processed AS rows, status, "
                           "duration_seconds, error FROM training_runs "
                           "ORDER BY run_date DESC, id DESC LIMIT ?",
                           timestamp_text("run_date")),
               {std::int64_t{limit}});
}

ResultTable SqlStore::model_performance() {
  // Seed 000's "compare hourly vs full training performance", on the test segment (rows that
  // neither trained nor chose the model), with the naive baseline beside the accuracy so that
  // nobody mistakes noise for skill, the validation accuracy that chose the epoch for
  // contrast, and how many models' edge over the baseline is significant at 5 %.
  return query(fmt::format(
      "SELECT m.symbol, m.model_type, m.timeframe, m.training_mode, COUNT(*) AS models, "
      "AVG(m.accuracy) AS avg_accuracy, AVG(m.baseline_accuracy) AS avg_baseline, "
      "AVG(m.accuracy - m.baseline_accuracy) AS avg_edge, AVG(m.f1) AS avg_f1, "
      "AVG(m.loss) AS avg_loss, SUM(m.test_rows) AS test_rows, "
      "AVG(m.validation_accuracy) AS avg_validation_accuracy, "
      "SUM(CASE WHEN m.edge_pvalue < 0.05 THEN 1 ELSE 0 END) AS significant_edges, "
      "{} AS last_trained "
      "FROM model_metadata m GROUP BY m.symbol, m.model_type, m.timeframe, m.training_mode "
      "ORDER BY m.symbol, m.model_type, m.timeframe, m.training_mode",
      timestamp_text("MAX(m.training_date)")));
}

ResultTable SqlStore::recent_bars(std::string_view symbol, Interval interval, UnixSeconds since) {
  return query(fmt::format("SELECT {} AS date, open, high, low, close, volume, timeframe, hour "
                           "FROM market_data WHERE symbol = ? AND interval = ? AND date >= ? "
                           "ORDER BY date DESC",
                           timestamp_text("date")),
               {std::string(symbol), std::string(interval.name()), timestamp_value(since)});
}

ResultTable SqlStore::runs_by_hour() {
  // Seed 000's "training runs by hour", for every mode, with outcomes.
  return query(
      "SELECT hour, mode, COUNT(*) AS run_count, AVG(rows_processed) AS avg_rows, "
      "SUM(CASE WHEN status = 'success' THEN 1 ELSE 0 END) AS succeeded, "
      "AVG(duration_seconds) AS avg_duration_seconds "
      "FROM training_runs GROUP BY hour, mode ORDER BY hour, mode");
}

StoreStatistics SqlStore::statistics() {
  StoreStatistics stats;
  stats.location = location();
  stats.size_bytes = size_bytes();
  stats.schema_version = schema_version();
  for (const auto& name : table_names()) {
    auto result = query(fmt::format("SELECT COUNT(*) FROM {}", name));
    stats.table_rows.emplace_back(name, as_int(result.rows.at(0).at(0)));
  }
  stats.series = list_series();
  return stats;
}

std::vector<std::string> SqlStore::table_names() {
  return store_table_names();
}

void SqlStore::export_table(std::string_view table, const ColumnsCallback& on_columns,
                            const RowCallback& on_row) {
  const std::string_view order = table_order(table);
  if (order.empty()) {
    std::string valid;
    for (const auto& name : table_names())
      valid += (valid.empty() ? "" : ", ") + name;
    throw Error(fmt::format("unknown table '{}' (expected one of {})", table, valid));
  }
  query_each(fmt::format("SELECT * FROM {} ORDER BY {}", table, order), {}, on_columns, on_row);
}

}  // namespace quantloop::store_internal

namespace quantloop {

std::vector<std::string> store_table_names() {
  std::vector<std::string> names;
  for (const auto& info : store_internal::kTables)
    names.emplace_back(info.name);
  return names;
}

}  // namespace quantloop
