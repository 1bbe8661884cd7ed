#pragma once

#include <span>
#include <string_view>

namespace quantloop::store_internal {

// A schema change, applied once in version order and recorded in schema_version. The SQL
// lives in src/store/migrations/<backend>/NNN_name.sql and is compiled into the binary.
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

std::span<const Migration> sqlite_migrations();
std::span<const Migration> postgres_migrations();

}  // namespace quantloop::store_internal
