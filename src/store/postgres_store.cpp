#include "store/postgres_store.h"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <cstring>
#include <optional>
#include <pqxx/pqxx>
#include <set>

#include "core/error.h"
#include "core/url.h"
#include "store/migrations.h"

namespace quantloop::store_internal {

namespace {

// Serialises concurrent migrations of one database (an arbitrary constant key).
constexpr std::int64_t kMigrationLockKey = 0x71756e746c6f6f70;

// Rewrites `?` placeholders as $1, $2, ... outside quoted text.
std::string numbered_placeholders(std::string_view sql) {
  std::string out;
  int index = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '?') {
      out += fmt::format("${}", ++index);
      continue;
    }
    out += c;
  }
  return out;
}

// bytea's text form: \x and two hex digits a byte.
std::string hex_bytea(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text = "\\x";
  text.reserve(2 + 2 * bytes.size());
  for (unsigned char b : bytes) {
    text += kDigits[b >> 4];
    text += kDigits[b & 15];
  }
  return text;
}

std::string bytes_of_bytea(std::string_view text) {
  auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  std::string bytes;
  if (!text.starts_with("\\x")) return std::string(text);  // the old escape format: not ours
  bytes.reserve((text.size() - 2) / 2);
  for (std::size_t i = 2; i + 1 < text.size(); i += 2) {
    bytes += char(nibble(text[i]) << 4 | nibble(text[i + 1]));
  }
  return bytes;
}

// Parameter texts, with nullptr for NULL, in the form libpqxx's dynamic_params wants.
struct ParameterTexts {
  std::vector<std::string> storage;
  std::vector<const char*> pointers;

  explicit ParameterTexts(const std::vector<Value>& params) {
    storage.reserve(params.size());
    for (const Value& value : params) {
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
              storage.emplace_back();
            } else if constexpr (std::is_same_v<T, std::string>) {
              storage.push_back(v);
            } else if constexpr (std::is_same_v<T, Blob>) {
              storage.push_back(hex_bytea(v.bytes));
            } else {
              storage.push_back(fmt::format("{}", v));
            }
          },
          value);
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      pointers.push_back(std::holds_alternative<std::monostate>(params[i]) ? nullptr
                                                                           : storage[i].c_str());
    }
  }
};

Value field_value(const pqxx::field& field, pqxx::oid type) {
  if (field.is_null()) return std::monostate{};
  switch (type) {
    case 20:  // int8
    case 21:  // int2
    case 23:  // int4
      return field.as<std::int64_t>();
    case 700:   // float4
    case 701:   // float8
    case 1700:  // numeric
      return field.as<double>();
    case 17:  // bytea, in hex form
      return Blob{bytes_of_bytea(std::string_view(field.c_str(), field.size()))};
    default:
      return std::string(field.c_str(), field.size());
  }
}

// A COPY text field for a double; NaN is NULL.
const char* number_text(double value, char* buffer) {
  if (std::isnan(value)) return nullptr;
  auto end = fmt::format_to_n(buffer, 31, "{}", value).out;
  *end = '\0';
  return buffer;
}

constexpr std::array<const char*, 13> kStagingColumns{
    "symbol", "asset_type", "date",      "open",     "high", "low",      "close",
    "volume", "fetch_date", "timeframe", "interval", "hour", "adj_close"};

}  // namespace

struct PostgresStore::Connection : pqxx::connection {
  using pqxx::connection::connection;
};

struct PostgresStore::Transaction {
  explicit Transaction(pqxx::connection& connection) : work(connection) {}
  pqxx::work work;
};

void PostgresStore::in_transaction(const std::function<void()>& body) {
  if (transaction_) {
    body();  // already inside one: it commits with the outer
    return;
  }
  try {
    Transaction tx(*connection_);
    transaction_ = &tx;
    try {
      body();
    } catch (...) {
      transaction_ = nullptr;
      throw;
    }
    transaction_ = nullptr;
    tx.work.commit();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    fail(e);
  }
}

void PostgresStore::lock_key(std::string_view key) {
  query("SELECT pg_advisory_xact_lock(hashtext(?))", {std::string(key)});
}

PostgresStore::PostgresStore(const std::string& url) : masked_url_(mask_password(url)) {
  try {
    connection_ = std::make_unique<Connection>(url);
    pqxx::nontransaction setup(*connection_);
    setup.exec("SET TIME ZONE 'UTC'");
    setup.exec("SET client_min_messages = warning");
  } catch (const std::exception& e) {
    fail(e);
  }
  migrate();
}

PostgresStore::~PostgresStore() = default;

void PostgresStore::fail(const std::exception& e) const {
  std::string reason = e.what();
  while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' '))
    reason.pop_back();
  for (auto& c : reason) {
    if (c == '\n') c = ' ';
  }
  throw Error(fmt::format("database {}: {}", masked_url_, mask_password(reason)));
}

std::string PostgresStore::location() const {
  return masked_url_;
}

int PostgresStore::schema_version() {
  try {
    pqxx::read_transaction tx(*connection_);
    auto exists = tx.exec("SELECT to_regclass('schema_version') IS NOT NULL");
    if (!exists[0][0].as<bool>()) return 0;
    return tx.exec("SELECT COALESCE(MAX(version), 0) FROM schema_version")[0][0].as<int>();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    fail(e);
  }
}

void PostgresStore::migrate() {
  const auto migrations = postgres_migrations();
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  int current = schema_version();
  if (current > latest) {
    throw Error(
        fmt::format("database {}: schema version {} is newer than this quantloop knows "
                    "({}); upgrade quantloop",
                    masked_url_, current, latest));
  }
  if (current == latest) return;
  try {
    pqxx::work tx(*connection_);
    tx.exec(fmt::format("SELECT pg_advisory_xact_lock({})", kMigrationLockKey));
    tx.exec(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
        "name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)");
    current = tx.exec("SELECT COALESCE(MAX(version), 0) FROM schema_version")[0][0].as<int>();
    for (const Migration& migration : migrations) {
      if (migration.version <= current) continue;
      tx.exec(std::string(migration.sql));
      tx.exec_params("INSERT INTO schema_version(version, name, applied_at) VALUES($1, $2, now())",
                     migration.version, std::string(migration.name));
    }
    tx.commit();
  } catch (const std::exception& e) {
    fail(e);
  }
}

std::string PostgresStore::timestamp_text(std::string_view expression) const {
  return fmt::format("to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')", expression);
}

std::int64_t PostgresStore::size_bytes() {
  auto result = query("SELECT pg_database_size(current_database())");
  return std::get<std::int64_t>(result.rows.at(0).at(0));
}

WriteCounts PostgresStore::write_bars(std::span<const SeriesWrite> series,
                                      std::span<const RejectedBar> rejected,
                                      UnixSeconds fetch_time) {
  WriteCounts counts;
  try {
    Transaction transaction(*connection_);
    // The fence's check (and its lock) runs in this transaction.
    transaction_ = &transaction;
    struct Leave {
      Transaction*& current;
      ~Leave() { current = nullptr; }
    } leave{transaction_};
    check_fence();
    pqxx::work& tx = transaction.work;
    tx.exec(
        "CREATE TEMP TABLE staging_bars (symbol TEXT, asset_type TEXT, date TIMESTAMPTZ, "
        "open DOUBLE PRECISION, high DOUBLE PRECISION, low DOUBLE PRECISION, "
        "close DOUBLE PRECISION, volume DOUBLE PRECISION, fetch_date TIMESTAMPTZ, "
        "timeframe TEXT, interval TEXT, hour INTEGER, adj_close DOUBLE PRECISION) "
        "ON COMMIT DROP");
    std::int64_t total = 0;
    {
      pqxx::stream_to copy(tx, "staging_bars", kStagingColumns);
      const std::string fetch_date = format_utc(fetch_time) + "+00";
      char date[23] = {};
      char numbers[6][32];
      char hour[4];
      std::array<const char*, 13> row{};
      for (const SeriesWrite& write : series) {
        const BarSeries& s = *write.series;
        const std::string interval(s.interval.name());
        row[0] = s.symbol.c_str();
        row[1] = to_string(s.asset_type).data();
        row[8] = fetch_date.c_str();
        row[9] = write.timeframe.c_str();
        row[10] = interval.c_str();
        for (const Bar& bar : s.bars) {
          write_utc(bar.time, date);
          std::memcpy(date + 19, "+00", 4);
          row[2] = date;
          row[3] = number_text(bar.open, numbers[0]);
          row[4] = number_text(bar.high, numbers[1]);
          row[5] = number_text(bar.low, numbers[2]);
          row[6] = number_text(bar.close, numbers[3]);
          row[7] = number_text(bar.volume, numbers[4]);
          auto end = fmt::format_to(hour, "{}", hour_of(bar.time));
          *end = '\0';
          row[11] = hour;
          row[12] = number_text(bar.adj_close, numbers[5]);
          copy << row;
          ++total;
        }
      }
      copy.complete();
    }
    const std::string columns =
        "symbol, asset_type, date, open, high, low, close, volume, fetch_date, timeframe, "
        "interval, hour, adj_close";
    // A series without predictions has no outcome a bar could change (the bulk of an ingest):
    // then the bars are written without returning what changed.
    const bool has_predictions =
        tx.exec(
              "SELECT EXISTS (SELECT 1 FROM (SELECT DISTINCT symbol, interval FROM "
              "staging_bars) s WHERE EXISTS (SELECT 1 FROM predictions p WHERE "
              "p.symbol = s.symbol AND p.interval = s.interval))")[0][0]
            .as<bool>();
    // `change` writes market_data under the name `table` (its alias, if it has one).
    const auto write_counting = [&](const std::string& change, std::string_view table) {
      if (!has_predictions) return std::int64_t(tx.exec(change).affected_rows());
      // The outcomes a new or revised bar decided are opened again, and refilled below.
      const std::string reopen = fmt::format(
          "WITH changed AS ({0} RETURNING {1}.symbol, {1}.interval, {1}.date), reopened AS ("
          "UPDATE predictions p SET target = NULL, outcome = NULL FROM changed c WHERE "
          "p.symbol = c.symbol AND p.interval = c.interval AND p.outcome IS NOT NULL AND "
          "(p.as_of = c.date OR p.target = c.date OR (p.target > c.date AND p.as_of < c.date)) "
          "RETURNING 1) SELECT COUNT(*) FROM changed",
          change, table);
      return tx.exec(reopen)[0][0].as<std::int64_t>();
    };
    counts.inserted =
        write_counting(fmt::format("INSERT INTO market_data({0}) SELECT {0} FROM staging_bars "
                                   "ON CONFLICT (symbol, interval, date) DO NOTHING",
                                   columns),
                       "market_data");
    counts.updated = write_counting(
        "UPDATE market_data m SET open = s.open, high = s.high, low = s.low, "
        "close = s.close, volume = s.volume, fetch_date = s.fetch_date, "
        "timeframe = s.timeframe, adj_close = s.adj_close, asset_type = s.asset_type, "
        "hour = s.hour FROM staging_bars s WHERE m.symbol = s.symbol AND "
        "m.interval = s.interval AND m.date = s.date AND "
        "(m.open, m.high, m.low, m.close, m.volume, m.adj_close) IS DISTINCT FROM "
        "(s.open, s.high, s.low, s.close, s.volume, s.adj_close)",
        "m");
    counts.unchanged = total - counts.inserted - counts.updated;
    for (const RejectedBar& r : rejected) {
      tx.exec_params(
          "INSERT INTO rejected_bars(rejected_at, source, line, symbol, interval, raw, reason) "
          "VALUES($1, $2, $3, $4, $5, $6, $7)",
          format_utc(fetch_time) + "+00", r.source, r.line, r.symbol, r.interval, r.raw, r.reason);
      ++counts.rejected;
    }
    if (has_predictions) {
      std::set<std::pair<std::string, Interval>> written;
      for (const SeriesWrite& write : series)
        written.emplace(write.series->symbol, write.series->interval);
      for (const auto& [symbol, interval] : written) {
        tx.exec_params(numbered_placeholders(fill_outcomes_sql()), symbol,
                       std::string(interval.name()),
                       format_utc(interval.last_complete_open(fetch_time)) + "+00");
      }
    }
    // The counters the dashboard polls instead of counting market_data, last: their row locks
    // are held to the commit, and concurrent ingests wait on them only that long.
    const std::pair<std::string, std::int64_t> counters[] = {
        {"market_data.rows", counts.inserted},
        {fetched_counter(fetch_time), counts.inserted + counts.updated}};
    for (const auto& [name, delta] : counters) {
      if (delta != 0) tx.exec_params(numbered_placeholders(add_to_counter_sql()), name, delta);
    }
    tx.commit();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    fail(e);
  }
  return counts;
}

namespace {

// Bars from a SELECT of epoch, open, high, low, close, volume, adj_close, asset_type.
BarSeries series_of(const pqxx::result& result, std::string_view symbol, Interval interval) {
  BarSeries series;
  series.symbol = std::string(symbol);
  series.interval = interval;
  series.asset_type = classify_symbol(symbol);
  auto number = [](const pqxx::field& f) { return f.is_null() ? std::nan("") : f.as<double>(); };
  series.bars.reserve(result.size());
  for (const auto& row : result) {
    series.bars.push_back({row[0].as<std::int64_t>(), number(row[1]), number(row[2]),
                           number(row[3]), number(row[4]), number(row[5]), number(row[6])});
  }
  if (!result.empty()) series.asset_type = parse_asset_type(result[0][7].c_str());
  return series;
}

}  // namespace

BarSeries PostgresStore::read_bars(std::string_view symbol, Interval interval, UnixSeconds from,
                                   UnixSeconds to) {
  try {
    pqxx::read_transaction tx(*connection_);
    return series_of(
        tx.exec_params(
            "SELECT EXTRACT(EPOCH FROM date)::BIGINT, open, high, low, close, volume, adj_close, "
            "asset_type FROM market_data WHERE symbol = $1 AND interval = $2 AND date >= $3 AND "
            "date <= $4 ORDER BY date",
            std::string(symbol), std::string(interval.name()), format_utc(from) + "+00",
            format_utc(to) + "+00"),
        symbol, interval);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    fail(e);
  }
}

BarSeries PostgresStore::read_last_bars(std::string_view symbol, Interval interval, UnixSeconds to,
                                        std::size_t count) {
  try {
    pqxx::read_transaction tx(*connection_);
    return series_of(
        tx.exec_params(
            "SELECT * FROM (SELECT EXTRACT(EPOCH FROM date)::BIGINT AS epoch, open, high, low, "
            "close, volume, adj_close, asset_type FROM market_data WHERE symbol = $1 AND "
            "interval = $2 AND date <= $3 ORDER BY date DESC LIMIT $4) last ORDER BY epoch",
            std::string(symbol), std::string(interval.name()), format_utc(to) + "+00",
            std::int64_t(count)),
        symbol, interval);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    fail(e);
  }
}

std::vector<std::string> PostgresStore::explain(std::string_view sql,
                                                const std::vector<Value>& params) {
  std::vector<std::string> plan;
  query_each(
      "EXPLAIN " + std::string(sql), params, [](const auto&) {},
      [&](const std::vector<Value>& row) { plan.push_back(as_text(row.at(0))); });
  return plan;
}

void PostgresStore::prepare_plan_observation() {
  query_each(
      "SET enable_seqscan = off", {}, [](const auto&) {}, [](const auto&) {});
}

void PostgresStore::query_each(std::string_view sql, const std::vector<Value>& params,
                               const ColumnsCallback& on_columns, const RowCallback& on_row) {
  try {
    // Inside in_transaction() a query joins its transaction; otherwise it is one of its own.
    std::optional<pqxx::work> own;
    if (!transaction_) own.emplace(*connection_);
    pqxx::work& tx = transaction_ ? transaction_->work : *own;
    ParameterTexts texts(params);
    auto result = tx.exec_params(numbered_placeholders(sql),
                                 pqxx::prepare::make_dynamic_params(texts.pointers));
    std::vector<std::string> columns;
    std::vector<pqxx::oid> types;
    for (pqxx::row::size_type i = 0; i < result.columns(); ++i) {
      columns.emplace_back(result.column_name(i));
      types.push_back(result.column_type(i));
    }
    on_columns(columns);
    std::vector<Value> values(columns.size());
    for (const auto& row : result) {
      for (std::size_t i = 0; i < columns.size(); ++i)
        values[i] = field_value(row[int(i)], types[i]);
      on_row(values);
    }
    if (own) own->commit();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    fail(e);
  }
}

ResultTable PostgresStore::run_sql(std::string_view sql) {
  ResultTable table;
  try {
    // A READ ONLY transaction, and the statement inside a cursor declared through the extended
    // query protocol: that protocol takes exactly one statement (so "COMMIT; DELETE ..." cannot
    // escape the transaction), and a cursor holds only a SELECT or VALUES without
    // data-modifying WITH clauses. The transaction is never committed: the few writes
    // PostgreSQL allows in READ ONLY mode (creating a large object) vanish with it.
    pqxx::read_transaction tx(*connection_);
    tx.exec_params("DECLARE quantloop_sql NO SCROLL CURSOR FOR " + std::string(sql));
    auto result = tx.exec("FETCH ALL FROM quantloop_sql");
    std::vector<pqxx::oid> types;
    for (pqxx::row::size_type i = 0; i < result.columns(); ++i) {
      table.columns.emplace_back(result.column_name(i));
      types.push_back(result.column_type(i));
    }
    for (const auto& row : result) {
      std::vector<Value> values;
      for (std::size_t i = 0; i < types.size(); ++i)
        values.push_back(field_value(row[int(i)], types[i]));
      table.rows.push_back(std::move(values));
    }
    tx.abort();
  } catch (const std::exception& e) {
    try {
      fail(e);
    } catch (const Error& error) {
      throw Error(std::string(error.what()) +
                  " (quantloop sql runs one reading statement: SELECT, WITH ... SELECT, VALUES)");
    }
  }
  return table;
}

}  // namespace quantloop::store_internal
