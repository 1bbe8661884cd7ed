#include "store/sqlite_database.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <cmath>

#include "core/error.h"

namespace quantloop::store_internal {

SqliteDatabase::SqliteDatabase(const std::string& path, Access access) : path_(path) {
  const bool create = access == Access::create;
  int flags = (access == Access::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
              SQLITE_OPEN_NOMUTEX;
  if (create) flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    if (!create && rc == SQLITE_CANTOPEN) message = "no such database file";
    throw Error(fmt::format("database {}: {}", path, message));
  }
  sqlite3_extended_result_codes(db_, 1);
}

SqliteDatabase::~SqliteDatabase() {
  sqlite3_close_v2(db_);
}

void SqliteDatabase::fail(std::string_view what) const {
  throw Error(fmt::format("database {}: {}: {}", path_, what, sqlite3_errmsg(db_)));
}

void SqliteDatabase::execute(std::string_view sql) {
  char* message = nullptr;
  const std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string reason = message ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    throw Error(fmt::format("database {}: {}", path_, reason));
  }
}

SqliteStatement::SqliteStatement(SqliteDatabase& db, std::string_view sql) : db_(db) {
  const char* tail = nullptr;
  if (sqlite3_prepare_v3(db.handle(), sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &statement_, &tail) != SQLITE_OK) {
    db.fail("cannot prepare query");
  }
  if (!statement_) throw Error(fmt::format("database {}: empty SQL statement", db.path()));
  for (; tail && tail < sql.data() + sql.size(); ++tail) {
    if (!std::isspace(static_cast<unsigned char>(*tail)) && *tail != ';') {
      sqlite3_finalize(statement_);
      throw Error(fmt::format("database {}: give one SQL statement at a time", db.path()));
    }
  }
}

SqliteStatement::~SqliteStatement() {
  sqlite3_finalize(statement_);
}

void SqliteStatement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(statement_, index, value);
}

void SqliteStatement::bind(int index, double value) {
  if (std::isnan(value)) {
    sqlite3_bind_null(statement_, index);
  } else {
    sqlite3_bind_double(statement_, index, value);
  }
}

void SqliteStatement::bind_text(int index, std::string_view text, bool stable) {
  sqlite3_bind_text(statement_, index, text.data(), int(text.size()),
                    stable ? SQLITE_STATIC : SQLITE_TRANSIENT);
}

void SqliteStatement::bind_value(int index, const Value& value) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          bind_null(index);
        } else if constexpr (std::is_same_v<T, std::string>) {
          bind_text(index, v);
        } else if constexpr (std::is_same_v<T, Blob>) {
          sqlite3_bind_blob(statement_, index, v.bytes.data(), int(v.bytes.size()),
                            SQLITE_TRANSIENT);
        } else {
          bind(index, v);
        }
      },
      value);
}

void SqliteStatement::bind_null(int index) {
  sqlite3_bind_null(statement_, index);
}

bool SqliteStatement::step() {
  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const std::string reason = sqlite3_errmsg(db_.handle());
  sqlite3_reset(statement_);
  throw Error(fmt::format("database {}: {}", db_.path(), reason));
}

void SqliteStatement::reset() {
  sqlite3_reset(statement_);
}

int SqliteStatement::column_count() const {
  return sqlite3_column_count(statement_);
}

std::string SqliteStatement::column_name(int index) const {
  return sqlite3_column_name(statement_, index);
}

Value SqliteStatement::column(int index) const {
  switch (sqlite3_column_type(statement_, index)) {
    case SQLITE_INTEGER:
      return std::int64_t{sqlite3_column_int64(statement_, index)};
    case SQLITE_FLOAT:
      return sqlite3_column_double(statement_, index);
    case SQLITE_NULL:
      return std::monostate{};
    case SQLITE_BLOB: {
      const auto* data = static_cast<const char*>(sqlite3_column_blob(statement_, index));
      return Blob{
          std::string(data ? data : "", std::size_t(sqlite3_column_bytes(statement_, index)))};
    }
    default:
      return std::string(column_text(index));
  }
}

double SqliteStatement::column_double(int index) const {
  if (sqlite3_column_type(statement_, index) == SQLITE_NULL) return std::nan("");
  return sqlite3_column_double(statement_, index);
}

std::int64_t SqliteStatement::column_int(int index) const {
  return sqlite3_column_int64(statement_, index);
}

std::string_view SqliteStatement::column_text(int index) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, index));
  return text ? std::string_view(text, sqlite3_column_bytes(statement_, index))
              : std::string_view();
}

bool SqliteStatement::read_only() const {
  return sqlite3_stmt_readonly(statement_) != 0;
}

}  // namespace quantloop::store_internal
