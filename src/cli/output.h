#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "cli/context.h"
#include "store/result_table.h"

namespace quantloop::cli {

// Tables for people: a box like the seeds' monitoring output, numbers right-aligned and
// rounded for reading. JSON and CSV keep full precision for programs.
void print_table(std::ostream& out, const ResultTable& table, const std::string& title = {});
void print_csv(std::ostream& out, const ResultTable& table);
void print_result(std::ostream& out, const ResultTable& table, OutputFormat format,
                  const std::string& title = {});

// A cell as people read it ("" for NULL, reals to at most 4 decimals).
std::string display(const Value& value);
// A cell for CSV: full precision, quoted when needed.
std::string csv_field(const Value& value);

std::string human_bytes(std::int64_t bytes);

// A real as a table cell or a JSON value: NULL or null when it is not finite (NaN: a metric of
// no rows, a ratio without a denominator).
Value finite_cell(double v);
nlohmann::json finite_json(double v);

// The last line of a command's output that says something (not CLI11's pointer to --help,
// not a table's rule or row), for a table cell.
std::string last_message_line(const std::string& text);

}  // namespace quantloop::cli
