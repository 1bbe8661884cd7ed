// SqlStore's tables of models in production: aliases with their history, promotion
// decisions, predictions and their outcomes, and the state a server polls.
#include <fmt/format.h>

#include <map>
#include <set>

#include "core/error.h"
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
                                                      std::span<const AliasChange> changes,
                                                      std::span<const AliasRow> seen) {
  const std::string symbol = d.symbol.empty() && !changes.empty() ? changes[0].symbol : d.symbol;
  const std::string interval =
      d.interval.empty() && !changes.empty() ? changes[0].interval : d.interval;
  std::int64_t decision_id = 0;
  bool conflict = false;
  write([&] {
    lock_key(fmt::format("model_aliases {} {}", symbol, interval));
    // Every alias of the series as the decision saw it, a kept or deferred one included: a
    // decision made on a champion that was replaced meanwhile is not recorded.
    std::map<std::string, int> expected, current;
    for (const AliasRow& a : seen)
      expected[a.alias] = a.version;
    for (const auto& row :
         query("SELECT alias, version FROM model_aliases WHERE symbol = ? AND interval = ?",
               {symbol, interval})
             .rows)
      current[as_text(row[0])] = int(as_int(row[1]));
    for (const AliasChange& change : changes) {
      const auto now = current.find(change.alias);
      if ((now == current.end() ? -1 : now->second) != change.old_version) conflict = true;
    }
    if (conflict || current != expected) {
      conflict = true;
      return;
    }
    // The history is in time order: what was in production at t (alias_change_at) must be
    // what the aliases say once t has passed. A change dated before the newest recorded one
    // (a run replaying an earlier clock) would rewrite that.
    if (!changes.empty()) {
      const auto newest = query(
          fmt::format("SELECT {} FROM alias_history WHERE symbol = ? AND interval = ? ORDER BY "
                      "changed_at DESC, id DESC LIMIT 1",
                      timestamp_text("changed_at")),
          {symbol, interval});
      for (const AliasChange& change : changes) {
        if (!newest.rows.empty() && change.changed_at < as_time(newest.rows[0][0])) {
          throw Error(fmt::format(
              "{} {}: its aliases changed at {}, after this decision's clock {}: a decision "
              "is never recorded before a later one; nothing recorded",
              symbol, interval, format_iso8601(as_time(newest.rows[0][0])),
              format_iso8601(change.changed_at)));
        }
      }
      add_to_counter("aliases.changed", std::int64_t(changes.size()));
    }
    for (const AliasChange& change : changes) {
      if (change.new_version < 0) continue;
      const auto status = query(
          "SELECT status FROM model_versions WHERE symbol = ? AND interval = ? AND version = ?",
          {change.symbol, change.interval, std::int64_t{change.new_version}});
      if (!status.rows.empty() && as_text(status.rows[0][0]) == "archived") {
        throw Error(fmt::format(
            "{} {} v{} was archived by models gc (its artifact is gone): it cannot become the "
            "{}; nothing recorded",
            change.symbol, change.interval, change.new_version, change.alias));
      }
    }
    if (!d.decision.empty()) {
      add_to_counter("decisions." + d.decision, 1);
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
  if (!symbol.empty() && !interval.empty()) {
    sql += "WHERE symbol = ? AND interval = ? ";
    params = {std::string(symbol), std::string(interval)};
  } else if (!symbol.empty()) {
    sql += "WHERE symbol = ? ";
    params = {std::string(symbol)};
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

namespace {

// alias_history's columns, with the kind of the decision that made each change.
constexpr std::string_view kAliasChangeSelect =
    "SELECT h.id, h.symbol, h.interval, h.alias, h.old_version, h.new_version, {}, h.actor, "
    "h.reason, h.decision_id, d.decision FROM alias_history h "
    "LEFT JOIN promotion_decisions d ON d.id = h.decision_id ";

AliasChange alias_change_of(const std::vector<Value>& row) {
  return {as_int(row[0]),     as_text(row[1]),    as_text(row[2]), as_text(row[3]),
          version_of(row[4]), version_of(row[5]), as_time(row[6]), as_text(row[7]),
          as_text(row[8]),    as_int(row[9]),     as_text(row[10])};
}

}  // namespace

std::vector<AliasChange> SqlStore::alias_history(std::string_view symbol,
                                                 std::string_view interval) {
  const auto result = query(
      fmt::format(fmt::runtime(std::string(kAliasChangeSelect) +
                               "WHERE h.symbol = ? AND h.interval = ? ORDER BY h.changed_at, h.id"),
                  timestamp_text("h.changed_at")),
      {std::string(symbol), std::string(interval)});
  std::vector<AliasChange> changes;
  for (const auto& row : result.rows)
    changes.push_back(alias_change_of(row));
  return changes;
}

std::optional<AliasChange> SqlStore::alias_change_at(std::string_view symbol,
                                                     std::string_view interval,
                                                     std::string_view alias, UnixSeconds t) {
  const auto result =
      query(fmt::format(fmt::runtime(std::string(kAliasChangeSelect) +
                                     "WHERE h.symbol = ? AND h.interval = ? AND h.alias = ? AND "
                                     "h.changed_at <= ? ORDER BY h.changed_at DESC, h.id DESC "
                                     "LIMIT 1"),
                        timestamp_text("h.changed_at")),
            {std::string(symbol), std::string(interval), std::string(alias), timestamp_value(t)});
  if (result.rows.empty()) return std::nullopt;
  return alias_change_of(result.rows[0]);
}

std::string_view fill_outcomes_sql() {
  // The next stored bar after as_of is the target; the outcome is whether it closed higher,
  // as the training targets are defined (features/feature_set.h). Only a target complete at
  // the write's clock fills an outcome (the EXISTS bounds it): a bar still under way never
  // decides one.
  return "UPDATE predictions AS p SET "
         "target = (SELECT MIN(m.date) FROM market_data m WHERE m.symbol = p.symbol AND "
         "m.interval = p.interval AND m.date > p.as_of), "
         "outcome = (SELECT CASE WHEN n.close > c.close THEN 1 ELSE 0 END "
         "FROM market_data c, market_data n WHERE c.symbol = p.symbol AND "
         "c.interval = p.interval AND c.date = p.as_of AND n.symbol = p.symbol AND "
         "n.interval = p.interval AND n.date = (SELECT MIN(m.date) FROM market_data m WHERE "
         "m.symbol = p.symbol AND m.interval = p.interval AND m.date > p.as_of)) "
         "WHERE p.outcome IS NULL AND p.symbol = ? AND p.interval = ? AND EXISTS (SELECT 1 "
         "FROM market_data m WHERE m.symbol = p.symbol AND m.interval = p.interval AND "
         "m.date > p.as_of AND m.date <= ?)";
}

std::string_view reset_outcomes_sql() {
  // A bar that changed is a prediction's base (as_of), its target, or a bar that arrived
  // between the two (the target is then the new bar).
  return "UPDATE predictions SET target = NULL, outcome = NULL WHERE symbol = ? AND "
         "interval = ? AND outcome IS NOT NULL AND (as_of = ? OR target = ? OR (target > ? AND "
         "as_of < ?))";
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
    std::set<std::pair<std::string, std::string>> series;
    for (const PredictionRow& p : predictions)
      series.emplace(p.symbol, p.interval);
    const UnixSeconds now = now_utc();
    for (const auto& [symbol, interval] : series) {
      query(fill_outcomes_sql(),
            {symbol, interval, timestamp_value(Interval::parse(interval).last_complete_open(now))});
    }
  });
}

ServingState SqlStore::serving_state(UnixSeconds now) {
  // Polled four times a second: every read here is an index seek, whatever the tables hold.
  // Alias changes and finished runs are noticed by counters their writes keep under the
  // counter row's lock: a counter moves in commit order, where the ids of concurrent writers
  // (PostgreSQL takes them at insert) would let one commit go unnoticed.
  ServingState state;
  const auto totals = query(
      "SELECT (SELECT COALESCE(MAX(value), 0) FROM store_counters WHERE name = "
      "'aliases.changed'), (SELECT COALESCE(MAX(value), 0) FROM store_counters WHERE name = "
      "'runs.finished'), (SELECT COUNT(*) FROM training_runs WHERE status = 'running' AND "
      "mode = 'full' AND heartbeat_at >= ?)",
      {timestamp_value(now - 300)});
  state.last_alias_change = as_int(totals.rows.at(0)[0]);
  state.last_finished_run = as_int(totals.rows.at(0)[1]);
  state.full_retrain_running = as_int(totals.rows.at(0)[2]) > 0;
  // The newest run of each mode: the modes walked one index seek at a time, then each mode's
  // newest run by the same index (a join would let a planner hash the whole table).
  const auto modes = query(
      "WITH RECURSIVE modes(mode) AS (SELECT MIN(mode) FROM training_runs UNION ALL "
      "SELECT (SELECT MIN(m.mode) FROM training_runs m WHERE m.mode > modes.mode) "
      "FROM modes WHERE modes.mode IS NOT NULL) SELECT mode FROM modes WHERE mode IS NOT NULL");
  for (const auto& mode : modes.rows) {
    const auto row = query(fmt::format("SELECT mode, status, {} FROM training_runs WHERE mode = ? "
                                       "ORDER BY id DESC LIMIT 1",
                                       timestamp_text("run_date")),
                           {mode[0]})
                         .rows.at(0);
    state.last_runs.push_back({as_text(row[0]), as_text(row[1]), as_time(row[2])});
  }
  for (const auto& row : query("SELECT name, value FROM store_counters WHERE name > "
                               "'decisions.' AND name < 'decisions/' ORDER BY name")
                             .rows) {
    state.decisions.emplace_back(as_text(row[0]).substr(10), as_int(row[1]));
  }
  return state;
}

namespace {

std::vector<PredictionRow> prediction_rows(const ResultTable& result) {
  std::vector<PredictionRow> rows;
  for (const auto& row : result.rows) {
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

}  // namespace

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
  return prediction_rows(query(sql, params));
}

std::vector<PredictionRow> SqlStore::resolved_predictions(std::string_view symbol,
                                                          std::string_view interval, int version,
                                                          int limit, UnixSeconds clock) {
  // The outcome bar opened at target; it is complete once target + interval <= clock. A
  // prediction's target comes after its as_of, so the as_of bound keeps the read on the index.
  const UnixSeconds last_target = Interval::parse(interval).last_complete_open(clock);
  std::string sql = fmt::format(
      "SELECT id, symbol, interval, model_version, role, {}, prob_up, {}, {}, outcome "
      "FROM predictions WHERE symbol = ? AND interval = ? AND model_version = ? AND as_of < ? "
      "AND outcome IS NOT NULL AND target <= ? ORDER BY as_of DESC",
      timestamp_text("as_of"), timestamp_text("created_at"), timestamp_text("target"));
  if (limit > 0) sql += fmt::format(" LIMIT {}", limit);
  return prediction_rows(
      query(sql, {std::string(symbol), std::string(interval), std::int64_t{version},
                  timestamp_value(last_target), timestamp_value(last_target)}));
}

}  // namespace quantloop::store_internal
