#include "registry/tables.h"

#include <fmt/format.h>

#include <cmath>
#include <map>

namespace quantloop::registry {

namespace {

Value number(double v) {
  return std::isfinite(v) ? Value{v} : Value{};
}
Value version_value(int v) {
  return v < 0 ? Value{} : Value{std::int64_t{v}};
}
Value time_value(UnixSeconds t) {
  return t == 0 ? Value{} : Value{format_utc(t)};
}

}  // namespace

ResultTable decisions_table(const std::vector<PromotionDecision>& decisions) {
  ResultTable table{
      {"decided_at", "symbol", "interval", "decision", "challenger", "champion", "metric", "rows",
       "challenger_value", "champion_value", "statistic", "pvalue", "actor", "reason"},
      {}};
  for (const auto& d : decisions) {
    table.rows.push_back({format_utc(d.decided_at), d.symbol, d.interval, d.decision,
                          std::int64_t{d.challenger_version}, std::int64_t{d.champion_version},
                          d.metric, d.rows, number(d.challenger_value), number(d.champion_value),
                          number(d.statistic), number(d.pvalue), d.actor, d.reason});
  }
  return table;
}

ResultTable alias_history_table(const std::vector<AliasChange>& changes) {
  ResultTable table{
      {"changed_at", "symbol", "interval", "alias", "from", "to", "actor", "reason", "decision"},
      {}};
  for (const auto& c : changes) {
    table.rows.push_back({format_utc(c.changed_at), c.symbol, c.interval, c.alias,
                          version_value(c.old_version), version_value(c.new_version), c.actor,
                          c.reason, c.decision_id == 0 ? Value{} : Value{c.decision_id}});
  }
  return table;
}

ResultTable versions_table(const std::vector<ModelVersion>& versions,
                           const std::vector<AliasRow>& aliases) {
  ResultTable table{{"symbol", "interval", "version", "alias", "type", "status", "trained_at",
                     "mode", "run", "data_start", "data_end", "test_rows", "test_accuracy",
                     "test_log_loss", "parent", "bytes", "sha256"},
                    {}};
  for (const auto& v : versions) {
    std::string alias;
    for (const auto& a : aliases) {
      if (a.symbol == v.symbol && a.interval == v.interval && a.version == v.version)
        alias += (alias.empty() ? "" : ", ") + a.alias;
    }
    table.rows.push_back({v.symbol, v.interval, std::int64_t{v.version}, alias, v.model_type,
                          v.status, time_value(v.trained_at), v.training_mode,
                          v.run_id == 0 ? Value{} : Value{v.run_id}, time_value(v.data_start),
                          time_value(v.data_end), v.test_rows, number(v.test_accuracy),
                          number(v.test_log_loss), version_value(v.parent_version),
                          v.artifact_bytes, v.artifact_sha256.substr(0, 12)});
  }
  return table;
}

ResultTable series_table(Store& store) {
  ResultTable table{{"symbol", "interval", "versions", "archived", "champion", "type", "trained_at",
                     "test_log_loss", "challenger", "last_decision"},
                    {}};
  std::map<std::pair<std::string, std::string>, std::vector<ModelVersion>> series;
  for (auto& v : store.model_versions("", ""))
    series[{v.symbol, v.interval}].push_back(std::move(v));
  for (const auto& [key, versions] : series) {
    const auto& [symbol, interval] = key;
    int champion = -1, challenger = -1;
    for (const auto& a : store.aliases(symbol, interval)) {
      (a.alias == "champion" ? champion : challenger) = a.version;
    }
    std::int64_t archived = 0;
    const ModelVersion* current = nullptr;
    for (const auto& v : versions) {
      archived += v.status == "archived";
      if (v.version == champion) current = &v;
    }
    const auto last = store.promotion_decisions(symbol, interval, 1);
    table.rows.push_back(
        {symbol, interval, std::int64_t(versions.size()), archived, version_value(champion),
         current ? Value{current->model_type} : Value{},
         current ? time_value(current->trained_at) : Value{},
         current ? number(current->test_log_loss) : Value{}, version_value(challenger),
         last.empty()
             ? Value{}
             : Value{fmt::format("{} v{} ({})", last[0].decision, last[0].challenger_version,
                                 format_utc(last[0].decided_at))}});
  }
  return table;
}

ResultTable live_table(const std::vector<registry::LiveScore>& scores) {
  ResultTable table{
      {"symbol", "interval", "version", "alias", "type", "predictions", "resolved", "live_accuracy",
       "live_log_loss", "test_rows", "test_accuracy", "test_log_loss", "last_as_of"},
      {}};
  for (const auto& s : scores) {
    table.rows.push_back({s.symbol, s.interval, std::int64_t{s.version}, s.alias, s.model_type,
                          s.predictions, s.resolved, number(s.live_accuracy),
                          number(s.live_log_loss), s.test_rows, number(s.test_accuracy),
                          number(s.test_log_loss), time_value(s.last_as_of)});
  }
  return table;
}

ResultTable predictions_table(const std::vector<registry::Prediction>& predictions) {
  ResultTable table{{"symbol", "interval", "as_of", "prob_up", "direction", "confidence",
                     "model_version", "model_type", "trained_at", "stale"},
                    {}};
  for (const auto& p : predictions) {
    table.rows.push_back({p.symbol, p.interval, format_utc(p.as_of), p.prob_up, p.direction,
                          p.confidence, std::int64_t{p.model_version}, p.model_type,
                          format_utc(p.trained_at), std::string(p.stale ? "yes" : "no")});
  }
  return table;
}

ResultTable gc_table(const std::vector<registry::Registry::GcEntry>& entries) {
  ResultTable table{{"symbol", "interval", "version", "type", "trained_at", "action", "reason"},
                    {}};
  for (const auto& e : entries) {
    table.rows.push_back({e.symbol, e.interval, std::int64_t{e.version}, e.model_type,
                          time_value(e.trained_at), std::string(e.archive ? "archive" : "keep"),
                          e.reason});
  }
  return table;
}

}  // namespace quantloop::registry
