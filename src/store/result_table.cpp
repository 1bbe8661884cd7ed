#include "store/result_table.h"

#include <fmt/format.h>

#include <cmath>

namespace quantloop {

nlohmann::json to_json(const Value& value) {
  return std::visit(
      [](const auto& v) -> nlohmann::json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return nullptr;
        } else if constexpr (std::is_same_v<T, double>) {
          return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
        } else if constexpr (std::is_same_v<T, Blob>) {
          return fmt::format("<{} bytes>", v.bytes.size());
        } else {
          return v;
        }
      },
      value);
}

nlohmann::json to_json(const ResultTable& table) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : table.rows) {
    nlohmann::json object = nlohmann::json::object();
    for (std::size_t c = 0; c < table.columns.size(); ++c)
      object[table.columns[c]] = to_json(row[c]);
    rows.push_back(std::move(object));
  }
  return rows;
}

}  // namespace quantloop
