#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

namespace quantloop {

// Bytes stored as a BLOB (SQLite) or bytea (PostgreSQL): model artifacts.
struct Blob {
  std::string bytes;
  bool operator==(const Blob&) const = default;
};

// One cell of a query result: NULL, an integer, a real, text or bytes.
using Value = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;

// A small result set for people and programs (the query CLI prints it as a table, JSON or
// CSV). Large exports stream rows instead (Store::export_table).
struct ResultTable {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;
};

// For programs: NULL and non-finite reals are null, bytes are "<N bytes>".
nlohmann::json to_json(const Value& value);
// An array of one object per row, keyed by column name.
nlohmann::json to_json(const ResultTable& table);

}  // namespace quantloop
