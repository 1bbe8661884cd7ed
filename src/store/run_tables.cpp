// Pages of training runs for the dashboard's runs page (issue 12).
#include <fmt/format.h>

#include "store/sql_store.h"

namespace quantloop::store_internal {

namespace {

// The WHERE clause of a RunFilter and its parameters.
std::string run_filter_sql(const RunFilter& f, std::vector<Value>& params) {
  std::string where = "WHERE 1 = 1";
  if (!f.mode.empty()) {
    where += " AND mode = ?";
    params.push_back(f.mode);
  }
  if (!f.status.empty()) {
    where += " AND status = ?";
    params.push_back(f.status);
  }
  if (f.from != 0) {
    where += " AND run_date >= ?";
    params.push_back(timestamp_value(f.from));
  }
  if (f.to != 0) {
    where += " AND run_date <= ?";
    params.push_back(timestamp_value(f.to));
  }
  if (f.before_id != 0) {
    where += " AND id < ?";
    params.push_back(f.before_id);
  }
  return where;
}

}  // namespace

ResultTable SqlStore::find_runs(const RunFilter& filter) {
  std::vector<Value> params;
  const std::string where = run_filter_sql(filter, params);
  params.push_back(std::int64_t{filter.limit});
  return query(fmt::format("SELECT id, {} AS run_date, mode, timeframe, hour, "
                           "symbols_count AS symbols, rows_processed AS rows, status, "
                           "duration_seconds, error, interval FROM training_runs {} "
                           "ORDER BY id DESC LIMIT ?",
                           timestamp_text("run_date"), where),
               params);
}

std::int64_t SqlStore::count_runs(const RunFilter& filter) {
  std::vector<Value> params;
  const std::string where = run_filter_sql(filter, params);
  return as_int(query("SELECT COUNT(*) FROM training_runs " + where, params).rows.at(0).at(0));
}

}  // namespace quantloop::store_internal
