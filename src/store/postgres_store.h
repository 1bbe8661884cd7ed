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
  BarSeries read_last_bars(std::string_view symbol, Interval interval, UnixSeconds to,
                           std::size_t count) override;
  ResultTable run_sql(std::string_view sql) override;

 protected:
  void query_each(std::string_view sql, const std::vector<Value>& params,
                  const ColumnsCallback& on_columns, const RowCallback& on_row) override;
  std::string timestamp_text(std::string_view expression) const override;
  std::int64_t size_bytes() override;
  std::vector<std::string> explain(std::string_view sql, const std::vector<Value>& params) override;
  void prepare_plan_observation() override;
  void in_transaction(const std::function<void()>& body) override;
  void lock_key(std::string_view key) override;
  std::string_view skip_locked() const override { return " FOR UPDATE SKIP LOCKED"; }
  std::string_view share_locked() const override { return " FOR SHARE"; }

 private:
  void migrate();
  [[noreturn]] void fail(const std::exception& e) const;

  struct Connection;   // libpqxx's connection, kept out of this header
  struct Transaction;  // the transaction in_transaction() holds open, if any
  std::string masked_url_;
  std::unique_ptr<Connection> connection_;
  Transaction* transaction_ = nullptr;
};

}  // namespace quantloop::store_internal
