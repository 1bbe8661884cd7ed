#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/bar.h"
#include "store/backtest_store.h"
#include "store/bar_store.h"
#include "store/job_store.h"
#include "store/pair_store.h"
#include "store/registry_store.h"
#include "store/result_table.h"
#include "store/run_store.h"
#include "store/scan_store.h"
#include "store/signal_store.h"

namespace quantloop {

// The database of quantloop: market_data and the seeds' other tables, behind one interface
// with two backends. The store is the only code that speaks SQL.
//
// Every method throws Error (naming the database, masked, and the reason) on failure.
// Every write is one transaction: on any failure nothing of it is stored.
// A Store is not safe for concurrent use from several threads; open one per thread. Several
// processes may use the same database at once (SQLite: WAL, readers never block writers).
// The tables of quantloop's schema, in order: what `query export` and `query stats` cover.
std::vector<std::string> store_table_names();

struct StoreStatistics {
  std::string location;  // file path or masked URL
  std::int64_t size_bytes = 0;
  int schema_version = 0;
  std::vector<std::pair<std::string, std::int64_t>> table_rows;  // every table, in schema order
  std::vector<SeriesSummary> series;
};

// What a monitor polls cheaply: counters the writes keep (store_counters), no table counted.
struct StoreSummary {
  std::string location;
  std::int64_t size_bytes = 0;
  int schema_version = 0;
  std::int64_t bars = 0;
  std::int64_t bars_fetched_since = 0;  // fetched at or after the `since` asked for
};

// The whole store: every slice, and what concerns the database as a whole.
class Store : public BarStore,
              public RunStore,
              public RegistryStore,
              public JobStore,
              public PairStore,
              public SignalStore,
              public ScanStore,
              public BacktestStore {
 public:
  enum class OpenMode {
    create,   // create the database (SQLite file) when missing
    existing  // fail when it does not exist: for commands that only read
  };

  // `url` is a SQLite file path or a postgresql:// URL. Applies pending schema migrations.
  static std::unique_ptr<Store> open(const std::string& url, OpenMode mode = OpenMode::create);

  virtual ~Store() = default;

  virtual int schema_version() = 0;
  // A random id made when the database was created: files of this database (reports, exports)
  // live under it, never over another database's.
  virtual std::string database_id() = 0;
  // Runs `body`, several of this store's writes, as one transaction: all of them or none.
  virtual void atomically(const std::function<void()>& body) = 0;
  // From now on every write of this store first checks, in its own transaction, that job `id`
  // is still running under `fencing_token`, and throws Error (writing nothing) when it is not:
  // a job's process paused past its lease (SIGSTOP, a partition) cannot commit a stale result
  // after another worker took the job over. Set from QUANTLOOP_JOB_ID/_FENCING_TOKEN.
  virtual void fence_writes(std::int64_t job_id, std::int64_t fencing_token) = 0;
  virtual StoreStatistics statistics() = 0;
  // `quantloop status`'s and the dashboard's few figures of the database, in milliseconds
  // however large the tables (statistics() counts every table).
  virtual StoreSummary summary(UnixSeconds since) = 0;
  // The tables a user may export, in schema order (store_table_names()).
  virtual std::vector<std::string> table_names() = 0;
  // Streams every row of `table` (one of table_names(), else Error) in key order: first the
  // column names, then each row.
  virtual void export_table(std::string_view table,
                            const std::function<void(const std::vector<std::string>&)>& on_columns,
                            const std::function<void(const std::vector<Value>&)>& on_row) = 0;
  // Runs one read-only SQL statement (a user's own query, e.g. the seeds' examples). Writing
  // is impossible by construction, not refused by reading the text: SQLite runs it on a
  // connection of its own opened read-only with query_only and an authorizer that permits
  // reads only; PostgreSQL runs it as the one statement of a cursor in a READ ONLY
  // transaction (a SELECT or VALUES). Throws Error for anything else, and for several
  // statements at once.
  virtual ResultTable run_sql(std::string_view sql) = 0;
};

}  // namespace quantloop
