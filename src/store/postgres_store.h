#pragma once

#include <memory>
#include <string>

#include "store/sql_store.h"

namespace quantloop::store_internal {

// The scale-out backend (libpqxx). Bulk writes go through COPY into a temporary table and
// one INSERT ... ON CONFLICT, so a write costs a handful of round trips however many bars.
class PostgresStore final : public SqlStore {
 public:
  explicit PostgresStore(const std::string& url);
  ~PostgresStore() override;

  std::string location() const override;
  int schema_version() override;
  WriteCounts write_bars(std::span<const SeriesWrite> series, std::span<const RejectedBar> rejected,
                         UnixSeconds fetch_time) override;
  BarSeries read_bars(std::string_view symbol, Interval interval, UnixSeconds from,
                      UnixSeconds to) override;
  ResultTable run_sql(std::string_view sql) override;

 protected:
  void query_each(std::string_view sql, const std::vector<Value>& params,
                  const ColumnsCallback& on_columns, const RowCallback& on_row) override;
  std::string timestamp_text(std::string_view expression) const override;
  std::int64_t size_bytes() override;

 private:
  void migrate();
  [[noreturn]] void fail(const std::exception& e) const;

  struct Connection;  // libpqxx's connection, kept out of this header
  std::string masked_url_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace quantloop::store_internal
