// Backtests kept with --save (issue 12's backtests page) and their equity series.
#include <fmt/format.h>

#include "store/sql_store.h"

namespace quantloop::store_internal {

namespace {

constexpr std::string_view kBacktestColumns =
    "id, kind, subjects, interval, {}, {}, parameter_sets, sharpe, total_pnl, deflated_sharpe, "
    "{}";

SavedBacktest backtest_from(const std::vector<Value>& row) {
  SavedBacktest b;
  b.id = as_int(row[0]);
  b.kind = as_text(row[1]);
  b.subjects = as_text(row[2]);
  b.interval = as_text(row[3]);
  b.from = as_time(row[4]);
  b.to = as_time(row[5]);
  b.parameter_sets = int(as_int(row[6]));
  b.sharpe = as_double(row[7]);
  b.total_pnl = as_double(row[8]);
  b.deflated_sharpe = as_double(row[9]);
  b.created_at = as_time(row[10]);
  if (row.size() > 11) b.report_json = as_text(row[11]);
  return b;
}

}  // namespace

std::int64_t SqlStore::record_backtest(const SavedBacktest& backtest,
                                       std::span<const EquityPoint> equity) {
  std::int64_t id = 0;
  write([&] {
    id = insert_returning_id(
        "INSERT INTO backtests(kind, subjects, interval, from_date, to_date, parameter_sets, "
        "sharpe, total_pnl, deflated_sharpe, report, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?) RETURNING id",
        {backtest.kind, backtest.subjects, backtest.interval, timestamp_value(backtest.from),
         timestamp_value(backtest.to), std::int64_t{backtest.parameter_sets},
         number_or_null(backtest.sharpe), number_or_null(backtest.total_pnl),
         number_or_null(backtest.deflated_sharpe), backtest.report_json,
         timestamp_value(backtest.created_at)});
    std::vector<std::vector<Value>> rows;
    rows.reserve(equity.size());
    for (const EquityPoint& p : equity) {
      rows.push_back({id, p.series, timestamp_value(p.time),
                      p.position ? Value{std::int64_t{*p.position}} : Value{}, p.pnl, p.equity});
    }
    insert_rows("backtest_equity(backtest_id, series, date, position, pnl, equity)", rows);
  });
  return id;
}

std::vector<SavedBacktest> SqlStore::saved_backtests(int limit, std::int64_t before_id) {
  const auto rows = query(
      fmt::format(fmt::runtime("SELECT " + std::string(kBacktestColumns) +
                               " FROM backtests WHERE ? = 0 OR id < ? ORDER BY id DESC LIMIT ?"),
                  timestamp_text("from_date"), timestamp_text("to_date"),
                  timestamp_text("created_at")),
      {before_id, before_id, std::int64_t{limit}});
  std::vector<SavedBacktest> out;
  for (const auto& row : rows.rows)
    out.push_back(backtest_from(row));
  return out;
}

std::optional<SavedBacktest> SqlStore::saved_backtest(std::int64_t id) {
  const auto rows = query(fmt::format(fmt::runtime("SELECT " + std::string(kBacktestColumns) +
                                                   ", report FROM backtests WHERE id = ?"),
                                      timestamp_text("from_date"), timestamp_text("to_date"),
                                      timestamp_text("created_at")),
                          {id});
  if (rows.rows.empty()) return std::nullopt;
  return backtest_from(rows.rows[0]);
}

std::vector<EquityPoint> SqlStore::backtest_equity(std::int64_t id) {
  const auto rows = query(fmt::format("SELECT series, {}, position, pnl, equity FROM "
                                      "backtest_equity WHERE backtest_id = ? ORDER BY series, date",
                                      timestamp_text("date")),
                          {id});
  std::vector<EquityPoint> out;
  out.reserve(rows.rows.size());
  for (const auto& row : rows.rows) {
    EquityPoint p;
    p.series = as_text(row[0]);
    p.time = as_time(row[1]);
    if (!std::holds_alternative<std::monostate>(row[2])) p.position = int(as_int(row[2]));
    p.pnl = as_double(row[3]);
    p.equity = as_double(row[4]);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace quantloop::store_internal
