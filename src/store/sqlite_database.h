#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "store/result_table.h"

struct sqlite3;
struct sqlite3_stmt;

namespace quantloop::store_internal {

// An open SQLite connection. Errors throw Error with the file name and SQLite's message.
class SqliteDatabase {
 public:
  enum class Access { create, existing, read_only };
  SqliteDatabase(const std::string& path, Access access);
  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }

  // Runs statements without results (DDL, pragmas, BEGIN/COMMIT).
  void execute(std::string_view sql);
  [[noreturn]] void fail(std::string_view what) const;

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
};

// A prepared statement; reset and reused across rows.
class SqliteStatement {
 public:
  SqliteStatement(SqliteDatabase& db, std::string_view sql);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  // Parameters are 1-based. Text is copied unless `stable`, i.e. it outlives the next step().
  void bind(int index, std::int64_t value);
  void bind(int index, double value);  // NaN binds NULL
  void bind_text(int index, std::string_view text, bool stable = false);
  void bind_value(int index, const Value& value);
  void bind_null(int index);

  // Advances; true when a row is available. Throws on error.
  bool step();
  void reset();

  int column_count() const;
  std::string column_name(int index) const;
  Value column(int index) const;
  double column_double(int index) const;
  std::int64_t column_int(int index) const;
  std::string_view column_text(int index) const;
  bool read_only() const;

 private:
  SqliteDatabase& db_;
  sqlite3_stmt* statement_ = nullptr;
};

}  // namespace quantloop::store_internal
