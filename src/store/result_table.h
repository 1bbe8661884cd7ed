#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace quantloop {

// One cell of a query result: NULL, an integer, a real or text.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

// A small result set for people and programs (the query CLI prints it as a table, JSON or
// CSV). Large exports stream rows instead (Store::export_table).
struct ResultTable {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;
};

}  // namespace quantloop
