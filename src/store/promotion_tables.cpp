// SqlStore's tables of models in production: aliases with their history, promotion
// decisions, predictions and their outcomes, and the state a server polls.
#include <fmt/format.h>

#include "store/sql_store.h"

namespace quantloop::store_internal {

namespace {

Value version_or_null(int version) {
  return version < 0 ? Value{} : Value{std::int64_t{version}};
}
int version_of(const Value& value) {
  return std::holds_alternative<std::monostate>(value) ? -1 : int(as_int(value));
}

}  // namespace

std::vector<AliasRow> SqlStore::aliases(std::string_view symbol, std::string_view interval) {
  const std::string select =
      fmt::format("SELECT symbol, interval, alias, version, {} FROM model_aliases ",
                  timestamp_text("updated_at"));
  const auto result = symbol.empty()
                          ? query(select + "ORDER BY symbol, interval, alias")
                          : query(select + "WHERE symbol = ? AND interval = ? ORDER BY alias",
                                  {std::string(symbol), std::string(interval)});
  std::vector<AliasRow> rows;
  for (const auto& row : result.rows) {
    rows.push_back(
        {as_text(row[0]), as_text(row[1]), as_text(row[2]), int(as_int(row[3])), as_time(row[4])});
  }
  return rows;
}

std::optional<std::int64_t> SqlStore::record_decision(const PromotionDecision& d,
                                                      std::span<const AliasChange> changes) {
  std::int64_t decision_id = 0;
  bool conflict = false;
  write([&] {
    lock_key("model_aliases " + d.symbol + " " + d.interval);
    for (const AliasChange& change : changes) {
      const auto current =
          query("SELECT version FROM model_aliases WHERE symbol = ? AND interval = ? AND alias = ?",
                {change.symbol, change.interval, change.alias});
      const int now = current.rows.empty() ? -1 : int(as_int(current.rows[0][0]));
      if (now != change.old_version) {
        conflict = true;
        return;
      }
    }
    if (!d.decision.empty()) {
      decision_id = insert_returning_id(
          "INSERT INTO promotion_decisions(symbol, interval, decided_at, challenger_version, "
          "champion_version, decision, metric, rows, challenger_value, champion_value, "
          "statistic, pvalue, reason, actor, run_id, evidence) "
          "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {d.symbol, d.interval, format_utc(d.decided_at), std::int64_t{d.challenger_version},
           std::int64_t{d.champion_version}, d.decision, d.metric, d.rows,
           number_or_null(d.challenger_value), number_or_null(d.champion_value),
           number_or_null(d.statistic), number_or_null(d.pvalue), d.reason, d.actor,
           d.run_id == 0 ? Value{} : Value{d.run_id}, text_or_null(d.evidence)});
    }
    for (const AliasChange& change : changes) {
      if (change.new_version < 0) {
        query("DELETE FROM model_aliases WHERE symbol = ? AND interval = ? AND alias = ?",
              {change.symbol, change.interval, change.alias});
      } else if (change.old_version < 0) {
        query(
            "INSERT INTO model_aliases(symbol, interval, alias, version, updated_at) "
            "VALUES(?, ?, ?, ?, ?)",
            {change.symbol, change.interval, change.alias, std::int64_t{change.new_version},
             format_utc(change.changed_at)});
      } else {
        query(
            "UPDATE model_aliases SET version = ?, updated_at = ? "
            "WHERE symbol = ? AND interval = ? AND alias = ?",
            {std::int64_t{change.new_version}, format_utc(change.changed_at), change.symbol,
             change.interval, change.alias});
      }
      query(
          "INSERT INTO alias_history(symbol, interval, alias, old_version, new_version, "
          "changed_at, actor, reason, decision_id) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {change.symbol, change.interval, change.alias, version_or_null(change.old_version),
           version_or_null(change.new_version), format_utc(change.changed_at), change.actor,
           change.reason, decision_id == 0 ? Value{} : Value{decision_id}});
    }
  });
  if (conflict) return std::nullopt;
  return decision_id;
}

std::vector<PromotionDecision> SqlStore::promotion_decisions(std::string_view symbol,
                                                             std::string_view interval, int limit) {
  std::string sql = fmt::format(
      "SELECT id, symbol, interval, {}, challenger_version, champion_version, decision, metric, "
      "rows, challenger_value, champion_value, statistic, pvalue, reason, actor, run_id, "
      "evidence FROM promotion_decisions ",
      timestamp_text("decided_at"));
  std::vector<Value> params;
  if (!symbol.empty()) {
    sql += "WHERE symbol = ? AND interval = ? ";
    params = {std::string(symbol), std::string(interval)};
  }
  sql += "ORDER BY decided_at DESC, id DESC";
  if (limit > 0) sql += fmt::format(" LIMIT {}", limit);
  std::vector<PromotionDecision> decisions;
  for (const auto& row : query(sql, params).rows) {
    PromotionDecision d;
    d.id = as_int(row[0]);
    d.symbol = as_text(row[1]);
    d.interval = as_text(row[2]);
    d.decided_at = as_time(row[3]);
    d.challenger_version = int(as_int(row[4]));
    d.champion_version = int(as_int(row[5]));
    d.decision = as_text(row[6]);
    d.metric = as_text(row[7]);
    d.rows = as_int(row[8]);
    d.challenger_value = as_double(row[9]);
    d.champion_value = as_double(row[10]);
    d.statistic = as_double(row[11]);
    d.pvalue = as_double(row[12]);
    d.reason = as_text(row[13]);
    d.actor = as_text(row[14]);
    d.run_id = as_int(row[15]);
    d.evidence = as_text(row[16]);
    decisions.push_back(std::move(d));
  }
  return decisions;
}

std::vector<AliasChange> SqlStore::alias_history(std::string_view symbol,
                                                 std::string_view interval) {
  const auto result =
      query(fmt::format("SELECT id, symbol, interval, alias, old_version, new_version, {}, actor, "
                        "reason, decision_id FROM alias_history WHERE symbol = ? AND interval = ? "
                        "ORDER BY changed_at, id",
                        timestamp_text("changed_at")),
            {std::string(symbol), std::string(interval)});
  std::vector<AliasChange> changes;
  for (const auto& row : result.rows) {
    changes.push_back({as_int(row[0]), as_text(row[1]), as_text(row[2]), as_text(row[3]),
                       version_of(row[4]), version_of(row[5]), as_time(row[6]), as_text(row[7]),
                       as_text(row[8]), as_int(row[9])});
  }
  return changes;
}

std::optional<int> SqlStore::alias_at(std::string_view symbol, std::string_view interval,
                                      std::string_view alias, UnixSeconds t) {
  const auto result = query(
      "SELECT new_version FROM alias_history WHERE symbol = ? AND interval = ? AND alias = ? "
      "AND changed_at <= ? ORDER BY changed_at DESC, id DESC LIMIT 1",
      {std::string(symbol), std::string(interval), std::string(alias), timestamp_value(t)});
  if (result.rows.empty()) return std::nullopt;
  const int version = version_of(result.rows[0][0]);
  if (version < 0) return std::nullopt;
  return version;
}

std::string_view fill_outcomes_sql() {
  // The next stored bar after as_of is the target; the outcome is whether it closed higher,
  // as the training targets are defined (features/feature_set.h).
  return "UPDATE predictions AS p SET "
         "target = (SELECT MIN(m.date) FROM market_data m WHERE m.symbol = p.symbol AND "
         "m.interval = p.interval AND m.date > p.as_of), "
         "outcome = (SELECT CASE WHEN n.close > c.close THEN 1 ELSE 0 END "
         "FROM market_data c, market_data n WHERE c.symbol = p.symbol AND "
         "c.interval = p.interval AND c.date = p.as_of AND n.symbol = p.symbol AND "
         "n.interval = p.interval AND n.date = (SELECT MIN(m.date) FROM market_data m WHERE "
         "m.symbol = p.symbol AND m.interval = p.interval AND m.date > p.as_of)) "
         "WHERE p.outcome IS NULL AND EXISTS (SELECT 1 FROM market_data m WHERE "
         "m.symbol = p.symbol AND m.interval = p.interval AND m.date > p.as_of)";
}

void SqlStore::insert_predictions(std::span<const PredictionRow> predictions) {
  if (predictions.empty()) return;
  write([&] {
    for (const PredictionRow& p : predictions) {
      query(
          "INSERT INTO predictions(symbol, interval, model_version, role, as_of, prob_up, "
          "created_at) VALUES(?, ?, ?, ?, ?, ?, ?) "
          "ON CONFLICT(symbol, interval, model_version, as_of) DO NOTHING",
          {p.symbol, p.interval, std::int64_t{p.model_version}, p.role, format_utc(p.as_of),
           p.prob_up, format_utc(p.created_at)});
    }
    query(fill_outcomes_sql());
  });
}

ServingState SqlStore::serving_state(UnixSeconds now) {
  ServingState state;
  const auto totals = query(
      "SELECT (SELECT COALESCE(MAX(id), 0) FROM alias_history), "
      "(SELECT COALESCE(MAX(id), 0) FROM training_runs WHERE status <> 'running'), "
      "(SELECT COUNT(*) FROM training_runs WHERE status = 'running' AND mode = 'full' AND "
      "heartbeat_at >= ?)",
      {timestamp_value(now - 300)});
  state.last_alias_change = as_int(totals.rows.at(0)[0]);
  state.last_finished_run = as_int(totals.rows.at(0)[1]);
  state.full_retrain_running = as_int(totals.rows.at(0)[2]) > 0;
  for (const auto& row :
       query(
           fmt::format("SELECT mode, status, {} FROM training_runs t WHERE id = "
                       "(SELECT MAX(id) FROM training_runs u WHERE u.mode = t.mode) ORDER BY mode",
                       timestamp_text("run_date")))
           .rows) {
    state.last_runs.push_back({as_text(row[0]), as_text(row[1]), as_time(row[2])});
  }
  for (const auto& row :
       query("SELECT decision, COUNT(*) FROM promotion_decisions GROUP BY decision ORDER BY "
             "decision")
           .rows) {
    state.decisions.emplace_back(as_text(row[0]), as_int(row[1]));
  }
  return state;
}

std::vector<PredictionRow> SqlStore::predictions(std::string_view symbol, std::string_view interval,
                                                 int version, int limit, bool resolved_only) {
  std::string sql = fmt::format(
      "SELECT id, symbol, interval, model_version, role, {}, prob_up, {}, {}, outcome "
      "FROM predictions WHERE symbol = ? AND interval = ?",
      timestamp_text("as_of"), timestamp_text("created_at"), timestamp_text("target"));
  std::vector<Value> params{std::string(symbol), std::string(interval)};
  if (version >= 0) {
    sql += " AND model_version = ?";
    params.emplace_back(std::int64_t{version});
  }
  if (resolved_only) sql += " AND outcome IS NOT NULL";
  sql += " ORDER BY as_of DESC, model_version DESC";
  if (limit > 0) sql += fmt::format(" LIMIT {}", limit);
  std::vector<PredictionRow> rows;
  for (const auto& row : query(sql, params).rows) {
    PredictionRow p;
    p.id = as_int(row[0]);
    p.symbol = as_text(row[1]);
    p.interval = as_text(row[2]);
    p.model_version = int(as_int(row[3]));
    p.role = as_text(row[4]);
    p.as_of = as_time(row[5]);
    p.prob_up = as_double(row[6]);
    p.created_at = as_time(row[7]);
    p.target = as_time(row[8]);
    p.outcome = version_of(row[9]);
    rows.push_back(std::move(p));
  }
  return rows;
}

}  // namespace quantloop::store_internal
