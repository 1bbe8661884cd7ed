#pragma once

#include <string>

#include "store/sql_store.h"
#include "store/sqlite_database.h"

namespace quantloop::store_internal {

// The embedded backend: one SQLite file in WAL mode. Writers take the write lock up front
// (BEGIN IMMEDIATE) and wait up to a minute for another writer; readers never wait.
class SqliteStore final : public SqlStore {
 public:
  SqliteStore(const std::string& path, OpenMode mode);

  std::string location() const override;
  int schema_version() override;
  WriteCounts write_bars(std::span<const SeriesWrite> series, std::span<const RejectedBar> rejected,
                         UnixSeconds fetch_time) override;
  BarSeries read_bars(std::string_view symbol, Interval interval, UnixSeconds from,
                      UnixSeconds to) override;
  BarSeries read_last_bars(std::string_view symbol, Interval interval, UnixSeconds to,
                           std::size_t count) override;
  ResultTable run_sql(std::string_view sql) override;

 protected:
  void query_each(std::string_view sql, const std::vector<Value>& params,
                  const ColumnsCallback& on_columns, const RowCallback& on_row) override;
  std::string timestamp_text(std::string_view expression) const override;
  std::int64_t size_bytes() override;
  std::vector<std::string> explain(std::string_view sql, const std::vector<Value>& params) override;
  void in_transaction(const std::function<void()>& body) override;

 private:
  void configure(bool writable_required);
  void migrate();
  // The bars a SELECT of date, open, high, low, close, volume, adj_close, asset_type steps.
  BarSeries read_series(SqliteStatement& select, std::string_view symbol, Interval interval);

  SqliteDatabase db_;
  bool in_transaction_ = false;
};

}  // namespace quantloop::store_internal
