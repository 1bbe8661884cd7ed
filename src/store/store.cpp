#include "store/store.h"

#include "core/url.h"
#include "store/postgres_store.h"
#include "store/sqlite_store.h"

namespace quantloop {

std::unique_ptr<Store> Store::open(const std::string& url, OpenMode mode) {
  if (is_postgres_url(url)) return std::make_unique<store_internal::PostgresStore>(url);
  std::string path = url;
  if (path.starts_with("sqlite://")) path = path.substr(9);
  return std::make_unique<store_internal::SqliteStore>(path, mode);
}

std::optional<int> RegistryStore::alias_at(std::string_view symbol, std::string_view interval,
                                           std::string_view alias, UnixSeconds t) {
  const auto change = alias_change_at(symbol, interval, alias, t);
  if (!change || change->new_version < 0) return std::nullopt;
  return change->new_version;
}

}  // namespace quantloop
