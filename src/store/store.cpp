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

}  // namespace quantloop
