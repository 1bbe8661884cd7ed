#include "store/sql_store.h"

#include <fmt/format.h>

#include <array>
#include <cmath>

#include "core/error.h"
#include "core/sha256.h"

namespace quantloop::store_internal {

struct TableInfo {
  std::string_view name;
  std::string_view order;
};

// Tables in schema order; later migrations append here.
constexpr std::array<TableInfo, 28> kTables{{
    {"market_data", "symbol, interval, date"},
    {"training_runs", "id"},
    {"model_metadata", "id"},
    {"rejected_bars", "id"},
    {"training_run_symbols", "id"},
    {"model_versions", "symbol, interval, version"},
    {"model_aliases", "symbol, interval, alias"},
    {"promotion_decisions", "id"},
    {"alias_history", "id"},
    {"predictions", "id"},
    {"jobs", "id"},
    {"workers", "owner"},
    {"pair_scans", "id"},
    {"pair_candidates", "id"},
    {"active_pairs", "symbol_y, symbol_x"},
    {"pair_models", "symbol_y, symbol_x, version"},
    {"model_performance", "id"},
    {"pair_classifiers", "performance_id"},
    {"model_rankings", "id"},
    {"model_trends", "symbol_y, symbol_x, metric, period_days"},
    {"signals", "entry_time, signal_id"},
    {"trades", "id"},
    {"backtests", "id"},
    {"backtest_equity", "backtest_id, series, date"},
    {"pair_deactivations", "scan_id, symbol_y, symbol_x"},
    {"scans", "id"},
    {"market_conditions", "scan_id, symbol, timeframe"},
    {"ml_features", "scan_id, symbol, timeframe"},
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

double as_double(const Value& value) {
  if (auto* d = std::get_if<double>(&value)) return *d;
  if (auto* i = std::get_if<std::int64_t>(&value)) return double(*i);
  return std::nan("");  // NULL
}

namespace {

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

void SqlStore::observe_plans(PlanObserver observer) {
  prepare_plan_observation();
  plan_observer_ = std::move(observer);
}

ResultTable SqlStore::query(std::string_view sql, const std::vector<Value>& params) {
  if (plan_observer_ && (sql.starts_with("SELECT") || sql.starts_with("WITH")))
    plan_observer_(sql, explain(sql, params));
  ResultTable table;
  query_each(
      sql, params, [&](const std::vector<std::string>& columns) { table.columns = columns; },
      [&](const std::vector<Value>& row) { table.rows.push_back(row); });
  return table;
}

void SqlStore::insert_rows(std::string_view table_columns,
                           const std::vector<std::vector<Value>>& rows) {
  constexpr std::size_t kRowsPerInsert = 200;
  for (std::size_t first = 0; first < rows.size(); first += kRowsPerInsert) {
    const std::size_t last = std::min(rows.size(), first + kRowsPerInsert);
    std::string placeholders = "(";
    for (std::size_t c = 0; c < rows[first].size(); ++c)
      placeholders += c == 0 ? "?" : ", ?";
    placeholders += ")";
    std::string sql = fmt::format("INSERT INTO {} VALUES", table_columns);
    std::vector<Value> params;
    params.reserve((last - first) * rows[first].size());
    for (std::size_t k = first; k < last; ++k) {
      sql += k == first ? " " : ", ";
      sql += placeholders;
      params.insert(params.end(), rows[k].begin(), rows[k].end());
    }
    query(sql, params);
  }
}

std::string_view add_to_counter_sql() {
  return "INSERT INTO store_counters(name, value) VALUES(?, ?) ON CONFLICT (name) DO UPDATE SET "
         "value = store_counters.value + excluded.value";
}

std::string fetched_counter(UnixSeconds fetch_time) {
  return "market_data.fetched." + format_utc(fetch_time).substr(0, 13);
}

void SqlStore::add_to_counter(const std::string& name, std::int64_t delta) {
  query(add_to_counter_sql(), {name, delta});
}

std::int64_t SqlStore::insert_returning_id(std::string_view sql, const std::vector<Value>& params) {
  auto result = query(sql, params);
  return std::get<std::int64_t>(result.rows.at(0).at(0));
}

void SqlStore::fence_writes(std::int64_t job_id, std::int64_t fencing_token) {
  fence_job_ = job_id;
  fence_token_ = fencing_token;
}

void SqlStore::check_fence() {
  if (fence_job_ == 0) return;
  const auto rows =
      query(fmt::format("SELECT fencing_token, state FROM jobs WHERE id = ?{}", share_locked()),
            {fence_job_});
  if (rows.rows.empty()) {
    throw Error(fmt::format("job {}: no such job in {}; nothing written", fence_job_, location()));
  }
  const std::int64_t token = as_int(rows.rows[0][0]);
  const std::string state = as_text(rows.rows[0][1]);
  if (token != fence_token_ || state != "running") {
    throw Error(fmt::format(
        "job {}: this process held it with fencing token {}, but the job is now {} with token "
        "{} (its lease expired or it was cancelled): nothing written",
        fence_job_, fence_token_, state, token));
  }
}

void SqlStore::write(const std::function<void()>& body) {
  in_transaction([&] {
    check_fence();
    body();
  });
}

void SqlStore::atomically(const std::function<void()>& body) {
  write(body);
}

std::int64_t SqlStore::insert_training_run(const TrainingRun& run) {
  std::int64_t id = 0;
  write([&] {
    id = insert_returning_id(
        "INSERT INTO training_runs(run_date, mode, timeframe, hour, symbols_count, "
        "rows_processed, status, duration_seconds, error, pid, host, heartbeat_at, interval) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        run_values(run));
    if (run.status != "running") add_to_counter("runs.finished", 1);
  });
  return id;
}

void SqlStore::update_training_run(const TrainingRun& run) {
  auto params = run_values(run);
  params.push_back(run.id);
  write([&] {
    query(
        "UPDATE training_runs SET run_date = ?, mode = ?, timeframe = ?, hour = ?, "
        "symbols_count = ?, rows_processed = ?, status = ?, duration_seconds = ?, error = ?, "
        "pid = ?, host = ?, heartbeat_at = ?, interval = ? WHERE id = ?",
        params);
    // What a server polls to notice a finished run (serving_state): kept in commit order.
    if (run.status != "running") add_to_counter("runs.finished", 1);
  });
}

namespace {

std::string run_columns(const std::function<std::string(std::string_view)>& timestamp) {
  return fmt::format(
      "id, {}, mode, timeframe, hour, symbols_count, rows_processed, status, duration_seconds, "
      "error, pid, host, {}, interval",
      timestamp("run_date"), timestamp("heartbeat_at"));
}

TrainingRun run_of(const std::vector<Value>& row) {
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
  return r;
}

}  // namespace

std::vector<TrainingRun> SqlStore::training_runs_with_status(std::string_view status) {
  const auto timestamp = [this](std::string_view e) { return timestamp_text(e); };
  const auto result = query(fmt::format("SELECT {} FROM training_runs WHERE status = ? ORDER BY id",
                                        run_columns(timestamp)),
                            {std::string(status)});
  std::vector<TrainingRun> runs;
  for (const auto& row : result.rows)
    runs.push_back(run_of(row));
  return runs;
}

std::optional<TrainingRun> SqlStore::training_run(std::int64_t id) {
  const auto timestamp = [this](std::string_view e) { return timestamp_text(e); };
  const auto result =
      query(fmt::format("SELECT {} FROM training_runs WHERE id = ?", run_columns(timestamp)), {id});
  if (result.rows.empty()) return std::nullopt;
  return run_of(result.rows[0]);
}

std::vector<RunSymbolOutcome> SqlStore::run_symbols(std::int64_t run_id) {
  const auto result = query(
      "SELECT s.symbol, s.status, s.error, s.model_id, s.rows, s.epochs, s.duration_seconds, "
      "m.accuracy, m.loss, m.f1, m.baseline_accuracy, m.test_rows, m.validation_rows, "
      "m.validation_accuracy, m.validation_loss, m.edge_pvalue, m.best_epoch, "
      "m.warm_started_from, m.model_path, v.version FROM training_run_symbols s "
      "LEFT JOIN model_metadata m ON m.id = s.model_id "
      "LEFT JOIN model_versions v ON v.model_id = s.model_id WHERE s.run_id = ? ORDER BY s.id",
      {run_id});
  std::vector<RunSymbolOutcome> out;
  for (const auto& row : result.rows) {
    RunSymbolOutcome o;
    o.outcome = {run_id,         as_text(row[0]), as_text(row[1]),     as_text(row[2]),
                 as_int(row[3]), as_int(row[4]),  int(as_int(row[5])), as_double(row[6])};
    ModelMetadata& m = o.model;
    m.symbol = o.outcome.symbol;
    m.run_id = run_id;
    m.accuracy = as_double(row[7]);
    m.loss = as_double(row[8]);
    m.f1 = as_double(row[9]);
    m.baseline_accuracy = as_double(row[10]);
    m.test_rows = as_int(row[11]);
    m.validation_rows = as_int(row[12]);
    m.validation_accuracy = as_double(row[13]);
    m.validation_loss = as_double(row[14]);
    m.edge_pvalue = std::holds_alternative<std::monostate>(row[15]) ? 1 : as_double(row[15]);
    m.best_epoch = int(as_int(row[16]));
    m.epochs = o.outcome.epochs;
    m.warm_started_from = as_text(row[17]);
    m.model_path = as_text(row[18]);
    o.version = int(as_int(row[19]));
    out.push_back(std::move(o));
  }
  return out;
}

std::int64_t SqlStore::insert_model_metadata(const ModelMetadata& m) {
  std::int64_t id = 0;
  write([&] { id = insert_metadata_row(m); });
  return id;
}

std::int64_t SqlStore::insert_metadata_row(const ModelMetadata& m) {
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

namespace {

// The columns of model_versions that ModelVersion holds, for SELECTs; `timestamp_text` renders
// the times.
std::string version_columns(const std::function<std::string(std::string_view)>& timestamp_text) {
  return fmt::format(
      "id, symbol, interval, version, model_type, model_id, run_id, training_mode, {}, {}, {}, {}, "
      "config_hash, parent_version, artifact_sha256, artifact_bytes, status, {}, test_rows, "
      "test_accuracy, test_log_loss",
      timestamp_text("trained_at"), timestamp_text("data_start"), timestamp_text("data_end"),
      timestamp_text("selection_end"), timestamp_text("created_at"));
}

ModelVersion version_from(const std::vector<Value>& row) {
  ModelVersion v;
  v.id = as_int(row[0]);
  v.symbol = as_text(row[1]);
  v.interval = as_text(row[2]);
  v.version = int(as_int(row[3]));
  v.model_type = as_text(row[4]);
  v.model_id = as_int(row[5]);
  v.run_id = as_int(row[6]);
  v.training_mode = as_text(row[7]);
  v.trained_at = as_time(row[8]);
  v.data_start = as_time(row[9]);
  v.data_end = as_time(row[10]);
  v.selection_end = as_time(row[11]);
  v.config_hash = as_text(row[12]);
  v.parent_version = std::holds_alternative<std::monostate>(row[13]) ? -1 : int(as_int(row[13]));
  v.artifact_sha256 = as_text(row[14]);
  v.artifact_bytes = as_int(row[15]);
  v.status = as_text(row[16]);
  v.created_at = as_time(row[17]);
  v.test_rows = as_int(row[18]);
  v.test_accuracy = as_double(row[19]);
  v.test_log_loss = as_double(row[20]);
  return v;
}

}  // namespace

RegisteredModel SqlStore::register_model(const TrainedModel& model) {
  RegisteredModel out;
  const ModelVersion& v = model.version;
  auto insert_version = [&](const ModelVersion& version, int number, std::int64_t model_id,
                            const std::string& artifact) {
    query(
        "INSERT INTO model_versions(symbol, interval, version, model_type, model_id, run_id, "
        "training_mode, trained_at, data_start, data_end, selection_end, config_hash, "
        "parent_version, artifact, artifact_sha256, artifact_bytes, status, created_at, "
        "test_rows, test_accuracy, test_log_loss) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?)",
        {version.symbol,
         version.interval,
         std::int64_t{number},
         version.model_type,
         model_id == 0 ? Value{} : Value{model_id},
         version.run_id == 0 ? Value{} : Value{version.run_id},
         text_or_null(version.training_mode),
         format_utc(version.trained_at),
         time_or_null(version.data_start),
         time_or_null(version.data_end),
         time_or_null(version.selection_end),
         text_or_null(version.config_hash),
         version.parent_version < 0 ? Value{} : Value{std::int64_t{version.parent_version}},
         Blob{artifact},
         sha256_hex(artifact),
         std::int64_t(artifact.size()),
         format_utc(now_utc()),
         version.test_rows,
         number_or_null(version.test_accuracy),
         number_or_null(version.test_log_loss)});
  };
  write([&] {
    lock_key("model_versions " + v.symbol + " " + v.interval);
    const auto last = query(
        "SELECT COALESCE(MAX(version), -1) FROM model_versions WHERE symbol = ? AND interval = ?",
        {v.symbol, v.interval});
    int number = int(as_int(last.rows.at(0).at(0))) + 1;
    if (number == 0) {
      insert_version(model.baseline, 0, 0, model.baseline_artifact);
      number = 1;
    }
    ModelMetadata metadata = model.metadata;
    metadata.model_path = fmt::format("registry:{}/{}/v{}", v.symbol, v.interval, number);
    out.model_id = insert_metadata_row(metadata);
    insert_version(v, number, out.model_id, model.artifact);
    out.version = number;
  });
  return out;
}

std::optional<StoredModel> SqlStore::stored_model(std::string_view where,
                                                  const std::vector<Value>& params) {
  const auto result = query(
      fmt::format("SELECT {}, artifact FROM model_versions WHERE {}",
                  version_columns([this](std::string_view e) { return timestamp_text(e); }), where),
      params);
  if (result.rows.empty()) return std::nullopt;
  StoredModel stored{version_from(result.rows[0]), {}};
  if (stored.version.status == "archived") {
    throw Error(fmt::format("version {} of {} {} was archived (models gc): its artifact is gone",
                            stored.version.version, stored.version.symbol,
                            stored.version.interval));
  }
  if (auto* blob = std::get_if<Blob>(&result.rows[0].back())) stored.artifact = blob->bytes;
  if (sha256_hex(stored.artifact) != stored.version.artifact_sha256) {
    throw Error(fmt::format(
        "database {}: version {} of {} {}: the model's checksum does not "
        "match (the stored artifact is damaged)",
        location(), stored.version.version, stored.version.symbol, stored.version.interval));
  }
  return stored;
}

std::optional<StoredModel> SqlStore::latest_version(std::string_view symbol,
                                                    std::string_view interval,
                                                    std::string_view model_type,
                                                    UnixSeconds trained_by,
                                                    UnixSeconds data_end_by) {
  return stored_model(
      "symbol = ? AND interval = ? AND model_type = ? AND status = 'active' AND trained_at <= ? "
      "AND data_end <= ? ORDER BY trained_at DESC, version DESC LIMIT 1",
      {std::string(symbol), std::string(interval), std::string(model_type),
       timestamp_value(trained_by), timestamp_value(data_end_by)});
}

std::optional<StoredModel> SqlStore::model_version(std::string_view symbol,
                                                   std::string_view interval, int version) {
  return stored_model("symbol = ? AND interval = ? AND version = ?",
                      {std::string(symbol), std::string(interval), std::int64_t{version}});
}

std::vector<ModelVersion> SqlStore::model_versions(std::string_view symbol,
                                                   std::string_view interval) {
  const std::string columns =
      version_columns([this](std::string_view e) { return timestamp_text(e); });
  const auto result =
      symbol.empty()
          ? query(fmt::format("SELECT {} FROM model_versions ORDER BY symbol, interval, version",
                              columns))
          : query(fmt::format("SELECT {} FROM model_versions WHERE symbol = ? AND interval = ? "
                              "ORDER BY version",
                              columns),
                  {std::string(symbol), std::string(interval)});
  std::vector<ModelVersion> versions;
  for (const auto& row : result.rows)
    versions.push_back(version_from(row));
  return versions;
}

std::vector<ModelVersion> SqlStore::champion_versions() {
  const auto result = query(fmt::format(
      "SELECT {} FROM model_versions WHERE (symbol, interval, version) IN (SELECT symbol, "
      "interval, version FROM model_aliases WHERE alias = 'champion') ORDER BY symbol, interval",
      version_columns([this](std::string_view e) { return timestamp_text(e); })));
  std::vector<ModelVersion> versions;
  for (const auto& row : result.rows)
    versions.push_back(version_from(row));
  return versions;
}

std::string SqlStore::database_id() {
  return as_text(query("SELECT id FROM database_identity").rows.at(0).at(0));
}

void SqlStore::insert_run_symbol(const RunSymbol& o) {
  write([&] {
    query(
        "INSERT INTO training_run_symbols(run_id, symbol, status, error, model_id, rows, epochs, "
        "duration_seconds) VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
        {o.run_id, o.symbol, o.status, text_or_null(o.error),
         o.model_id == 0 ? Value{} : Value{o.model_id}, o.rows, std::int64_t{o.epochs},
         o.duration_seconds});
  });
}

bool SqlStore::archive_versions(std::string_view symbol, std::string_view interval,
                                std::span<const int> versions, std::int64_t history_seen) {
  bool planned_on = true;
  write([&] {
    // The lock every decision of the series takes: no alias moves between this check and the
    // commit. Every alias change appends to the history, so an unchanged newest id means the
    // aliases, the previous champion and the champions of the retention window are unchanged.
    lock_key(fmt::format("model_aliases {} {}", symbol, interval));
    const auto newest =
        query("SELECT COALESCE(MAX(id), 0) FROM alias_history WHERE symbol = ? AND interval = ?",
              {std::string(symbol), std::string(interval)});
    if (as_int(newest.rows.at(0).at(0)) != history_seen) {
      planned_on = false;
      return;
    }
    for (int version : versions) {
      query(
          "UPDATE model_versions SET status = 'archived', artifact = NULL "
          "WHERE symbol = ? AND interval = ? AND version = ? AND version <> 0 AND NOT EXISTS "
          "(SELECT 1 FROM model_aliases a WHERE a.symbol = model_versions.symbol AND "
          "a.interval = model_versions.interval AND a.version = model_versions.version)",
          {std::string(symbol), std::string(interval), std::int64_t{version}});
    }
  });
  return planned_on;
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

StoreSummary SqlStore::summary(UnixSeconds since) {
  StoreSummary s;
  s.location = location();
  s.size_bytes = size_bytes();
  s.schema_version = schema_version();
  // Counters the writes keep: polled by the dashboard, never a count over market_data.
  const auto counts = query(
      "SELECT (SELECT COALESCE(MAX(value), 0) FROM store_counters WHERE name = "
      "'market_data.rows'), (SELECT CAST(COALESCE(SUM(value), 0) AS BIGINT) FROM store_counters "
      "WHERE name >= ? "
      "AND name < 'market_data.fetched/')",
      {fetched_counter(since)});
  s.bars = as_int(counts.rows.at(0).at(0));
  s.bars_fetched_since = as_int(counts.rows.at(0).at(1));
  return s;
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
