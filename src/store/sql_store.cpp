#include "store/sql_store.h"

#include <array>
#include <fmt/format.h>

#include "core/error.h"

namespace quantloop::store_internal {

namespace {

struct TableInfo {
  std::string_view name;
  std::string_view order;
};

// Tables in schema order; later migrations append here.
constexpr std::array<TableInfo, 4> kTables{{
    {"market_data", "symbol, interval, date"},
    {"training_runs", "id"},
    {"model_metadata", "id"},
    {"rejected_bars", "id"},
}};

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

std::vector<Value> run_values(const TrainingRun& run) {
  return {format_utc(run.run_date), run.mode,          run.timeframe,
          std::int64_t{run.hour},   std::int64_t{run.symbols_count}, run.rows_processed,
          run.status,               run.duration_seconds,
          run.error.empty() ? Value{} : Value{run.error}};
}

}  // namespace

Value timestamp_value(UnixSeconds t) { return format_utc(t); }

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

std::int64_t SqlStore::insert_returning_id(std::string_view sql,
                                              const std::vector<Value>& params) {
  auto result = query(sql, params);
  return std::get<std::int64_t>(result.rows.at(0).at(0));
}

std::int64_t SqlStore::insert_training_run(const TrainingRun& run) {
  return insert_returning_id(
      "INSERT INTO training_runs(run_date, mode, timeframe, hour, symbols_count, "
      "rows_processed, status, duration_seconds, error) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      run_values(run));
}

void SqlStore::update_training_run(const TrainingRun& run) {
  auto params = run_values(run);
  params.push_back(run.id);
  query(
      "UPDATE training_runs SET run_date = ?, mode = ?, timeframe = ?, hour = ?, "
      "symbols_count = ?, rows_processed = ?, status = ?, duration_seconds = ?, error = ? "
      "WHERE id = ?",
      params);
}

std::int64_t SqlStore::insert_model_metadata(const ModelMetadata& m) {
  return insert_returning_id(
      "INSERT INTO model_metadata(symbol, model_type, training_date, accuracy, loss, epochs, "
      "model_path, timeframe, training_mode, hour) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      {m.symbol, m.model_type, format_utc(m.training_date), m.accuracy, m.loss,
       std::int64_t{m.epochs}, m.model_path, m.timeframe, m.training_mode, std::int64_t{m.hour}});
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
  // Seed 000's "compare hourly vs full training performance", with the latest model beside it.
  return query(fmt::format(
      "SELECT m.symbol, m.timeframe, m.training_mode, COUNT(*) AS models, "
      "AVG(m.accuracy) AS avg_accuracy, AVG(m.loss) AS avg_loss, {} AS last_trained "
      "FROM model_metadata m GROUP BY m.symbol, m.timeframe, m.training_mode "
      "ORDER BY m.symbol, m.timeframe, m.training_mode",
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
  std::vector<std::string> names;
  for (const auto& info : kTables) names.emplace_back(info.name);
  return names;
}

void SqlStore::export_table(std::string_view table, const ColumnsCallback& on_columns,
                            const RowCallback& on_row) {
  const std::string_view order = table_order(table);
  if (order.empty()) {
    std::string valid;
    for (const auto& name : table_names()) valid += (valid.empty() ? "" : ", ") + name;
    throw Error(fmt::format("unknown table '{}' (expected one of {})", table, valid));
  }
  query_each(fmt::format("SELECT * FROM {} ORDER BY {}", table, order), {}, on_columns, on_row);
}

}  // namespace quantloop::store_internal
