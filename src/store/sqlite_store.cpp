#include "store/sqlite_store.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <optional>

#include "core/error.h"
#include "store/migrations.h"

namespace quantloop::store_internal {

namespace {

// Rolls back unless committed, so an exception anywhere inside leaves nothing behind.
class Transaction {
 public:
  explicit Transaction(SqliteDatabase& db) : db_(db) { db_.execute("BEGIN IMMEDIATE"); }
  ~Transaction() {
    if (!committed_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void commit() {
    db_.execute("COMMIT");
    committed_ = true;
  }

 private:
  SqliteDatabase& db_;
  bool committed_ = false;
};

constexpr int kBusyTimeoutMs = 60000;

// PRAGMAs that only describe: with an argument, it names what to describe.
constexpr std::array<std::string_view, 10> kDescribingPragmas{
    "table_info",  "table_xinfo",      "table_list",      "index_list",  "index_info",
    "index_xinfo", "foreign_key_list", "integrity_check", "quick_check", "foreign_key_check"};

// The authorizer of user queries: reading tables and calling functions, nothing else; a PRAGMA
// only in its reading form (no value), or one that describes a table.
int only_reads(void*, int action, const char* name, const char* value, const char*, const char*) {
  switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_FUNCTION:
    case SQLITE_RECURSIVE:
      return SQLITE_OK;
    case SQLITE_PRAGMA:
      if (value == nullptr) return SQLITE_OK;
      return std::find(kDescribingPragmas.begin(), kDescribingPragmas.end(),
                       std::string_view(name ? name : "")) != kDescribingPragmas.end()
                 ? SQLITE_OK
                 : SQLITE_DENY;
    default:
      return SQLITE_DENY;
  }
}
}  // namespace

SqliteStore::SqliteStore(const std::string& path, OpenMode mode)
    : db_(path, mode == OpenMode::create ? SqliteDatabase::Access::create
                                         : SqliteDatabase::Access::existing) {
  configure(mode == OpenMode::create);
  migrate();
}

void SqliteStore::configure(bool writable_required) {
  sqlite3_busy_timeout(db_.handle(), kBusyTimeoutMs);
  // Only takes effect on a new, empty file; must precede WAL mode.
  db_.execute("PRAGMA page_size=16384");  // fewer, larger writes for bulk ingest
  try {
    db_.execute("PRAGMA journal_mode=WAL");
  } catch (const Error&) {
    // A read-only database can still be read in its current journal mode.
    if (writable_required) throw;
  }
  db_.execute(
      "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; "
      "PRAGMA cache_size=-262144; PRAGMA mmap_size=268435456");
}

int SqliteStore::schema_version() {
  SqliteStatement exists(
      db_, "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_version'");
  if (!exists.step()) return 0;
  SqliteStatement version(db_, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
  version.step();
  return int(version.column_int(0));
}

void SqliteStore::migrate() {
  const auto migrations = sqlite_migrations();
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  int current = schema_version();
  if (current > latest) {
    throw Error(
        fmt::format("database {}: schema version {} is newer than this quantloop knows "
                    "({}); upgrade quantloop",
                    db_.path(), current, latest));
  }
  if (current == latest) return;
  Transaction transaction(db_);
  current = schema_version();  // another process may have migrated meanwhile
  db_.execute(
      "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
      "name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)");
  SqliteStatement record(db_,
                         "INSERT INTO schema_version(version, name, applied_at) VALUES(?, ?, ?)");
  for (const Migration& migration : migrations) {
    if (migration.version <= current) continue;
    db_.execute(migration.sql);
    record.bind(1, std::int64_t{migration.version});
    record.bind_text(2, migration.name);
    record.bind_text(3, format_utc(now_utc()));
    record.step();
    record.reset();
  }
  transaction.commit();
}

std::string SqliteStore::location() const {
  return db_.path();
}

void SqliteStore::in_transaction(const std::function<void()>& body) {
  if (in_transaction_) {
    body();  // already inside one: it commits with the outer
    return;
  }
  Transaction transaction(db_);
  in_transaction_ = true;
  try {
    body();
  } catch (...) {
    in_transaction_ = false;
    throw;
  }
  in_transaction_ = false;
  transaction.commit();
}

std::string SqliteStore::timestamp_text(std::string_view expression) const {
  return std::string(expression);  // dates are stored as 'YYYY-MM-DD HH:MM:SS' text
}

std::int64_t SqliteStore::size_bytes() {
  std::int64_t total = 0;
  for (const char* suffix : {"", "-wal"}) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(db_.path() + suffix, ec);
    if (!ec) total += std::int64_t(size);
  }
  return total;
}

WriteCounts SqliteStore::write_bars(std::span<const SeriesWrite> series,
                                    std::span<const RejectedBar> rejected, UnixSeconds fetch_time) {
  WriteCounts counts;
  Transaction transaction(db_);
  check_fence();
  SqliteStatement insert(db_,
                         "INSERT INTO market_data(symbol, asset_type, date, open, high, low, "
                         "close, volume, fetch_date, timeframe, interval, hour, adj_close) "
                         "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
                         "ON CONFLICT(symbol, interval, date) DO NOTHING");
  SqliteStatement update(db_,
                         "UPDATE market_data SET open = ?4, high = ?5, low = ?6, close = ?7, "
                         "volume = ?8, fetch_date = ?9, timeframe = ?10, adj_close = ?13, "
                         "asset_type = ?2, hour = ?12 "
                         "WHERE symbol = ?1 AND interval = ?11 AND date = ?3 AND NOT ("
                         "open IS ?4 AND high IS ?5 AND low IS ?6 AND close IS ?7 AND "
                         "volume IS ?8 AND adj_close IS ?13)");
  SqliteStatement predicted(db_,
                            "SELECT 1 FROM predictions WHERE symbol = ? AND interval = ? LIMIT 1");
  SqliteStatement reset(db_, reset_outcomes_sql());
  SqliteStatement fill(db_, fill_outcomes_sql());
  const std::string fetch_date = format_utc(fetch_time);
  char date[19];
  for (const SeriesWrite& write : series) {
    const BarSeries& s = *write.series;
    // Bindings survive reset(): bind what is constant for the series once.
    for (SqliteStatement* statement : {&insert, &update}) {
      statement->bind_text(1, s.symbol);
      statement->bind_text(2, to_string(s.asset_type));
      statement->bind_text(9, fetch_date);
      statement->bind_text(10, write.timeframe);
      statement->bind_text(11, s.interval.name());
    }
    for (SqliteStatement* statement : {&predicted, &reset, &fill}) {
      statement->bind_text(1, s.symbol);
      statement->bind_text(2, s.interval.name());
    }
    // A series without predictions has no outcome a bar could change (the bulk of an ingest).
    const bool has_predictions = predicted.step();
    predicted.reset();
    for (const Bar& bar : s.bars) {
      write_utc(bar.time, date);
      const std::int64_t hour =
          (bar.time % kSecondsPerDay + kSecondsPerDay) % kSecondsPerDay / kSecondsPerHour;
      for (SqliteStatement* statement : {&insert, &update}) {
        statement->bind_text(3, std::string_view(date, sizeof date), true);
        statement->bind(4, bar.open);
        statement->bind(5, bar.high);
        statement->bind(6, bar.low);
        statement->bind(7, bar.close);
        statement->bind(8, bar.volume);
        statement->bind(12, hour);
        statement->bind(13, bar.adj_close);
        bool changed = false;
        if (statement == &insert) {
          insert.step();
          insert.reset();
          changed = sqlite3_changes(db_.handle()) == 1;
          if (changed) ++counts.inserted;
        } else {
          update.step();
          update.reset();
          changed = sqlite3_changes(db_.handle()) == 1;
          ++(changed ? counts.updated : counts.unchanged);
        }
        if (changed && has_predictions) {
          for (int i = 3; i <= 6; ++i)
            reset.bind_text(i, std::string_view(date, sizeof date));
          reset.step();
          reset.reset();
        }
        if (changed) break;
      }
    }
    if (has_predictions) {
      fill.bind_text(3, format_utc(s.interval.last_complete_open(fetch_time)));
      fill.step();
      fill.reset();
    }
  }
  SqliteStatement reject(db_,
                         "INSERT INTO rejected_bars(rejected_at, source, line, symbol, interval, "
                         "raw, reason) VALUES(?, ?, ?, ?, ?, ?, ?)");
  for (const RejectedBar& r : rejected) {
    reject.bind_text(1, fetch_date);
    reject.bind_text(2, r.source);
    reject.bind(3, r.line);
    reject.bind_text(4, r.symbol);
    reject.bind_text(5, r.interval);
    reject.bind_text(6, r.raw);
    reject.bind_text(7, r.reason);
    reject.step();
    reject.reset();
    ++counts.rejected;
  }
  // The counters the dashboard polls instead of counting market_data.
  SqliteStatement count(db_, add_to_counter_sql());
  const std::pair<std::string, std::int64_t> counters[] = {
      {"market_data.rows", counts.inserted},
      {fetched_counter(fetch_time), counts.inserted + counts.updated}};
  for (const auto& [name, delta] : counters) {
    if (delta == 0) continue;
    count.bind_text(1, name);
    count.bind(2, delta);
    count.step();
    count.reset();
  }
  transaction.commit();
  // Keeps the planner's statistics current (bounded work), so queries that filter on interval
  // and date without a symbol skip-scan the unique key instead of scanning the table. It reads
  // and then writes: when another writer commits in between, WAL refuses it at once (busy, no
  // waiting). The bars are committed by then, so a refused optimisation waits for the next write.
  try {
    db_.execute("PRAGMA analysis_limit=1000; PRAGMA optimize");
  } catch (const Error& e) {
    spdlog::debug("database {}: PRAGMA optimize skipped: {}", db_.path(), e.what());
  }
  return counts;
}

BarSeries SqliteStore::read_bars(std::string_view symbol, Interval interval, UnixSeconds from,
                                 UnixSeconds to) {
  SqliteStatement select(db_,
                         "SELECT date, open, high, low, close, volume, adj_close, asset_type "
                         "FROM market_data WHERE symbol = ? AND interval = ? AND date >= ? AND "
                         "date <= ? ORDER BY date");
  select.bind_text(1, symbol);
  select.bind_text(2, interval.name());
  select.bind_text(3, format_utc(from));
  select.bind_text(4, format_utc(to));
  return read_series(select, symbol, interval);
}

BarSeries SqliteStore::read_last_bars(std::string_view symbol, Interval interval, UnixSeconds to,
                                      std::size_t count) {
  SqliteStatement select(db_,
                         "SELECT date, open, high, low, close, volume, adj_close, asset_type "
                         "FROM market_data WHERE symbol = ? AND interval = ? AND date <= ? "
                         "ORDER BY date DESC LIMIT ?");
  select.bind_text(1, symbol);
  select.bind_text(2, interval.name());
  select.bind_text(3, format_utc(to));
  select.bind(4, std::int64_t(count));
  BarSeries series = read_series(select, symbol, interval);
  std::reverse(series.bars.begin(), series.bars.end());
  return series;
}

BarSeries SqliteStore::read_series(SqliteStatement& select, std::string_view symbol,
                                   Interval interval) {
  BarSeries series;
  series.symbol = std::string(symbol);
  series.interval = interval;
  series.asset_type = classify_symbol(symbol);
  bool first = true;
  while (select.step()) {
    auto time = parse_timestamp(select.column_text(0));
    if (!time)
      throw Error(
          fmt::format("database {}: market_data row of {} has a malformed date "
                      "'{}'",
                      db_.path(), symbol, select.column_text(0)));
    if (first) {
      series.asset_type = parse_asset_type(select.column_text(7));
      first = false;
    }
    series.bars.push_back({*time, select.column_double(1), select.column_double(2),
                           select.column_double(3), select.column_double(4),
                           select.column_double(5), select.column_double(6)});
  }
  return series;
}

void SqliteStore::query_each(std::string_view sql, const std::vector<Value>& params,
                             const ColumnsCallback& on_columns, const RowCallback& on_row) {
  SqliteStatement statement(db_, sql);
  for (std::size_t i = 0; i < params.size(); ++i)
    statement.bind_value(int(i + 1), params[i]);
  std::vector<std::string> columns;
  for (int i = 0; i < statement.column_count(); ++i)
    columns.push_back(statement.column_name(i));
  on_columns(columns);
  std::vector<Value> row(columns.size());
  while (statement.step()) {
    for (int i = 0; i < int(columns.size()); ++i)
      row[i] = statement.column(i);
    on_row(row);
  }
}

std::vector<std::string> SqliteStore::explain(std::string_view sql,
                                              const std::vector<Value>& params) {
  std::vector<std::string> plan;
  query_each(
      "EXPLAIN QUERY PLAN " + std::string(sql), params, [](const auto&) {},
      [&](const std::vector<Value>& row) { plan.push_back(as_text(row.at(3))); });
  return plan;
}

ResultTable SqliteStore::run_sql(std::string_view sql) {
  // A connection of its own that cannot write: opened read-only, query_only, and an authorizer
  // that allows reading and nothing else (no ATTACH, no PRAGMA assignments, no transactions).
  SqliteDatabase reader(db_.path(), SqliteDatabase::Access::read_only);
  sqlite3_busy_timeout(reader.handle(), kBusyTimeoutMs);
  reader.execute("PRAGMA query_only=ON");
  sqlite3_set_authorizer(reader.handle(), &only_reads, nullptr);
  ResultTable table;
  const std::string refused = fmt::format(
      "database {}: quantloop sql runs one reading statement (SELECT, WITH ... SELECT, VALUES, "
      "a PRAGMA that reads)",
      db_.path());
  std::optional<SqliteStatement> prepared;
  try {
    prepared.emplace(reader, sql);
  } catch (const Error& e) {
    if (sqlite3_errcode(reader.handle()) == SQLITE_AUTH) throw Error(refused + "; this one writes");
    throw;
  }
  SqliteStatement& statement = *prepared;
  if (!statement.read_only()) throw Error(refused + "; this one writes");
  for (int i = 0; i < statement.column_count(); ++i)
    table.columns.push_back(statement.column_name(i));
  while (statement.step()) {
    std::vector<Value> row(table.columns.size());
    for (int i = 0; i < int(row.size()); ++i)
      row[std::size_t(i)] = statement.column(i);
    table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace quantloop::store_internal
