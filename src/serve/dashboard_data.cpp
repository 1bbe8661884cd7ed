#include "serve/dashboard_data.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "models/model_directory.h"
#include "registry/predictor.h"
#include "registry/promotion_rule.h"
#include "registry/tables.h"
#include "sched/schedule.h"
#include "stats/spread_forecast.h"
#include "stats/transforms.h"

namespace quantloop::serve::dashboard {

namespace {

// Bars a pair page reads beyond those it shows to carry the GARCH forecast from the scan.
constexpr UnixSeconds kCarryBars = 2000;

using nlohmann::json;

// Outcomes of a champion's live accuracy and log loss on the models page.

json number(double v) {
  return std::isfinite(v) ? json(v) : json();
}

json time_or_null(UnixSeconds t) {
  return t ? json(format_iso8601(t)) : json();
}

// The per-epoch losses of the newest versions that recorded them (their artifacts' records):
// three at most, among the ten newest trained versions (each read is an artifact).
json epoch_losses(Store& store, const std::string& symbol, const std::string& interval,
                  const std::vector<ModelVersion>& versions) {
  json out = json::array();
  int read = 0;
  for (auto v = versions.rbegin(); v != versions.rend() && out.size() < 3 && read < 10; ++v) {
    if (v->model_type == "baseline" || v->status == "archived") continue;
    ++read;
    const auto stored = store.model_version(symbol, interval, v->version);
    if (!stored) continue;
    const models::ModelRecord record = models::unpack_record(
        stored->artifact, fmt::format("{} {} version {}", symbol, interval, v->version));
    if (record.history.empty()) continue;
    json train = json::array(), validation = json::array();
    for (const auto& e : record.history) {
      train.push_back(number(e.train_loss));
      validation.push_back(number(e.validation_loss));
    }
    out.push_back({{"version", v->version},
                   {"best_epoch", record.best_epoch},
                   {"train", train},
                   {"validation", validation}});
  }
  return out;
}

}  // namespace

json overview(const HealthInputs& in) {
  json schedules = json::array();
  for (const auto& s : sched::enabled_schedules(*in.config)) {
    json next = json::array();
    for (auto t = s.fires.next(in.now); t && next.size() < 3; t = s.fires.next(*t))
      next.push_back(format_iso8601(*t));
    std::optional<UnixSeconds> last;
    if (in.store) last = in.store->last_fire(s.settings.name);
    schedules.push_back({{"name", s.settings.name},
                         {"cron", s.settings.cron},
                         {"timezone", s.settings.timezone},
                         {"job", s.settings.job},
                         {"last", last ? json(format_iso8601(*last)) : json()},
                         {"next", next}});
  }
  return {{"health", health_report(in)}, {"schedules", schedules}};
}

json models(Store& store, const Config& config, UnixSeconds now) {
  std::map<std::pair<std::string, std::string>, std::vector<ModelVersion>> series;
  for (auto& v : store.model_versions("", ""))
    series[{v.symbol, v.interval}].push_back(std::move(v));
  std::map<std::pair<std::string, std::string>, std::map<std::string, int>> aliases;
  for (const auto& a : store.aliases("", ""))
    aliases[{a.symbol, a.interval}][a.alias] = a.version;
  json out = json::array();
  for (const auto& [key, versions] : series) {
    const auto& [symbol, interval] = key;
    const auto& named = aliases[key];
    // Version 0 is the baseline, a champion like any other.
    const auto alias = [&](const char* name) {
      return named.count(name) ? json(named.at(name)) : json();
    };
    json row = {{"symbol", symbol},
                {"interval", interval},
                {"versions", versions.size()},
                {"champion", alias("champion")},
                {"challenger", alias("challenger")},
                {"coin_log_loss", std::log(2.0)}};
    if (!named.count("champion")) {
      out.push_back(std::move(row));
      continue;
    }
    const int champion = named.at("champion");
    for (const auto& v : versions) {
      // Version 0, the training base rate: the baseline the test metrics stand beside.
      if (v.version == 0) {
        row["baseline_test_accuracy"] = number(v.test_accuracy);
        row["baseline_test_log_loss"] = number(v.test_log_loss);
      }
      if (v.version != champion) continue;
      const UnixSeconds allowed = registry::allowed_model_age(config, interval);
      row["type"] = v.model_type;
      row["trained_at"] = format_iso8601(v.trained_at);
      row["age_hours"] = double(now - v.trained_at) / 3600;
      row["stale"] = now - v.trained_at > allowed;
      row["test_rows"] = v.test_rows;
      row["test_accuracy"] = number(v.test_accuracy);
      row["test_log_loss"] = number(v.test_log_loss);
      // The champion's latest outcomes: how it does now, read by an index however many
      // predictions the table holds.
      const auto recent =
          store.predictions(symbol, interval, champion, config.serve.live_window, true);
      double right = 0, loss = 0;
      for (const auto& p : recent) {
        right += (p.prob_up > 0.5) == (p.outcome == 1);
        loss += registry::log_loss(p.prob_up, p.outcome);
      }
      const double n = double(recent.size());
      row["live_resolved"] = recent.size();
      row["live_accuracy"] = n > 0 ? json(right / n) : json();
      row["live_log_loss"] = n > 0 ? json(loss / n) : json();
    }
    out.push_back(std::move(row));
  }
  return {{"series", out}};
}

json model_series(Store& store, const std::string& symbol, const std::string& interval) {
  const auto versions = store.model_versions(symbol, interval);
  if (versions.empty()) return json::object();
  const auto aliases = store.aliases(symbol, interval);
  std::optional<int> champion;
  for (const auto& a : aliases) {
    if (a.alias == "champion") champion = a.version;
  }
  json predictions = json::array();
  if (champion) {
    for (const auto& p : store.predictions(symbol, interval, *champion, 200, false)) {
      predictions.push_back({{"as_of", format_iso8601(p.as_of)},
                             {"prob_up", p.prob_up},
                             {"outcome", p.outcome < 0 ? json() : json(p.outcome)}});
    }
  }
  return {
      {"symbol", symbol},
      {"interval", interval},
      {"champion", champion ? json(*champion) : json()},
      {"versions", to_json(registry::versions_table(versions, aliases))},
      {"timeline", to_json(registry::alias_history_table(store.alias_history(symbol, interval)))},
      {"decisions",
       to_json(registry::decisions_table(store.promotion_decisions(symbol, interval, 100)))},
      {"predictions", predictions},
      {"epoch_losses", epoch_losses(store, symbol, interval, versions)}};
}

json runs(Store& store, const RunFilter& filter) {
  const ResultTable page = store.find_runs(filter);
  json rows = to_json(page);
  json out = {{"total", store.count_runs(filter)}, {"runs", rows}};
  out["next_before"] =
      rows.size() == std::size_t(filter.limit) && !rows.empty() ? rows.back()["id"] : json();
  return out;
}

json run(Store& store, std::int64_t id) {
  const auto found = store.training_run(id);
  if (!found) return json::object();
  const TrainingRun& r = *found;
  json symbols = json::array();
  for (const auto& s : store.run_symbols(id)) {
    symbols.push_back(
        {{"symbol", s.outcome.symbol},
         {"status", s.outcome.status},
         {"error", s.outcome.error},
         {"rows", s.outcome.rows},
         {"epochs", s.outcome.epochs},
         {"seconds", s.outcome.duration_seconds},
         {"version", s.version ? json(s.version) : json()},
         {"test_accuracy", s.outcome.model_id ? number(s.model.accuracy) : json()},
         {"baseline_accuracy", s.outcome.model_id ? number(s.model.baseline_accuracy) : json()}});
  }
  return {{"id", r.id},
          {"run_date", format_iso8601(r.run_date)},
          {"mode", r.mode},
          {"interval", r.interval},
          {"status", r.status},
          {"symbols_count", r.symbols_count},
          {"symbols_done", symbols.size()},
          {"rows", r.rows_processed},
          {"seconds", r.duration_seconds},
          {"error", r.error},
          {"heartbeat", time_or_null(r.heartbeat)},
          {"symbols", symbols}};
}

json pairs(Store& store) {
  json scan;
  if (const auto latest = store.latest_pair_scan(kEndOfTime)) {
    const PairScan& s = *latest;
    scan = {{"id", s.id},
            {"as_of", format_iso8601(s.as_of)},
            {"interval", s.interval},
            {"symbols", s.symbols},
            {"funnel",
             {{"pairs", s.pairs},
              {"passed_correlation", s.passed_correlation},
              {"passed_cointegration", s.passed_cointegration},
              {"fitted_garch", s.fitted_garch},
              {"selected", s.selected}}}};
  }
  json ranking = json::array();
  for (const auto& r : store.current_pair_rankings()) {
    ranking.push_back({{"pair", r.y + "/" + r.x},
                       {"rank_f1", r.rank_f1 ? json(r.rank_f1) : json()},
                       {"f1", number(r.f1)},
                       {"baseline_f1", number(r.baseline_f1)},
                       {"rank_score", r.rank_score},
                       {"composite_score", number(r.composite_score)},
                       {"scans", r.scans}});
  }
  json active = json::array();
  for (const auto& p : store.active_pairs(kEndOfTime)) {
    active.push_back({{"pair", p.candidate.y + "/" + p.candidate.x},
                      {"hedge_ratio", p.candidate.hedge_ratio},
                      {"half_life", number(p.candidate.half_life)},
                      {"correlation", p.candidate.correlation},
                      {"score", p.candidate.score},
                      {"scan_as_of", format_iso8601(p.scan_as_of)}});
  }
  json trades = json::array();
  for (const auto& t : store.open_trades()) {
    trades.push_back({{"pair", t.symbol},
                      {"direction", t.direction > 0 ? "long" : "short"},
                      {"entry", t.entry_price},
                      {"current", t.current_price},
                      {"quantity", t.quantity},
                      {"pnl", t.pnl},
                      {"data_source", t.data_source},
                      {"opened_at", format_iso8601(t.opened_at)}});
  }
  return {{"scan", scan}, {"ranking", ranking}, {"active", active}, {"open_trades", trades}};
}

json pair(Store& store, const PairsConfig& config, const std::string& y, const std::string& x,
          UnixSeconds now, int bars) {
  json history = json::array();
  for (const auto& [as_of, c] : store.pair_history(y, x, 500)) {
    history.push_back({{"as_of", format_iso8601(as_of)},
                       {"stage", c.stage},
                       {"score", c.score},
                       {"correlation", c.correlation}});
  }
  if (history.empty()) return json::object();
  json f1 = json::array();
  for (const auto& m : store.pair_performance_of(y, x, now)) {
    f1.push_back({{"as_of", format_iso8601(m.as_of)},
                  {"f1", number(m.f1)},
                  {"baseline_f1", number(m.baseline_f1)}});
  }
  json trends = json::array();
  for (const auto& t : store.pair_trends(y, x)) {
    trends.push_back({{"metric", t.metric},
                      {"period_days", t.period_days},
                      {"observations", t.observations},
                      {"average", number(t.average)},
                      {"slope_per_day", number(t.slope_per_day)}});
  }
  json out = {{"pair", y + "/" + x}, {"history", history}, {"f1", f1}, {"trends", trends}};
  const auto versions = store.pair_model_versions(y, x);
  if (versions.empty()) return out;
  const PairModelVersion& m = versions.front();  // the newest
  out["model"] = {{"version", m.version},
                  {"day", m.model_day},
                  {"hedge_ratio", m.hedge_ratio},
                  {"intercept", m.intercept},
                  {"spread_mean", m.spread_mean},
                  {"spread_sd", m.spread_sd},
                  {"half_life", number(m.half_life)}};
  // Bars complete by now, reaching back to the scan's last bar: the GARCH band is the forecast
  // the pair signals size and stop with, carried from the scan (stats::carried_variance).
  const Interval interval = Interval::parse(config.interval);
  const UnixSeconds last = interval.last_complete_open(now);
  const UnixSeconds since_scan =
      m.variance_from > 0 ? std::max<UnixSeconds>(0, last - m.variance_from) : 0;
  // Polled: at most kCarryBars more than the page shows (no band when the scan is older).
  const std::size_t read =
      std::size_t(bars) +
      std::size_t(std::min<UnixSeconds>(since_scan / interval.seconds() + 2, kCarryBars));
  const auto aligned = stats::align_closes(store.read_last_bars(m.y, interval, last, read).bars,
                                           store.read_last_bars(m.x, interval, last, read).bars);
  std::vector<double> levels;
  for (std::size_t k = 0; k < aligned.times.size(); ++k)
    levels.push_back(aligned.first[k] - m.intercept - m.hedge_ratio * aligned.second[k]);
  // sd[k]: the forecast for the bar after k, made at k; none before the scan's last bar, and
  // none at all when the bars read do not reach back to it.
  std::vector<double> forecast(levels.size(), std::nan(""));
  const auto start = stats::carry_start(aligned.times, m.variance_from);
  if (std::isfinite(m.reversion_slope) && std::isfinite(m.next_variance) && start) {
    const std::size_t from = *start;
    const stats::FittedSpread model{m.intercept,
                                    m.hedge_ratio,
                                    {m.reversion_intercept, m.reversion_slope},
                                    {m.garch_mu, m.garch_omega, m.garch_alpha, m.garch_beta},
                                    m.next_variance};
    const auto path = stats::carried_variance(model, std::span(levels).subspan(from));
    for (std::size_t k = from; k < levels.size(); ++k)
      forecast[k] = path[k - from];
  }
  json times = json::array(), spread = json::array(), z = json::array(), sd = json::array();
  for (std::size_t k = levels.size() > std::size_t(bars) ? levels.size() - std::size_t(bars) : 0;
       k < levels.size(); ++k) {
    times.push_back(aligned.times[k]);
    spread.push_back(levels[k]);
    z.push_back((levels[k] - m.spread_mean) / m.spread_sd);
    sd.push_back(std::isfinite(forecast[k]) ? json(std::sqrt(forecast[k])) : json());
  }
  out["spread"] = {
      {"times", times},
      {"spread", spread},
      {"z", z},
      {"garch_sd", sd},
      {"bands", {{"entry", config.entry_z}, {"exit", config.exit_z}, {"stop", config.stop_z}}}};
  return out;
}

json saved_backtest_json(const SavedBacktest& b) {
  return {{"id", b.id},
          {"kind", b.kind},
          {"subjects", b.subjects},
          {"interval", b.interval},
          {"from", format_iso8601(b.from)},
          {"to", format_iso8601(b.to)},
          {"sets", b.parameter_sets},
          {"sharpe", number(b.sharpe)},
          {"total_pnl", number(b.total_pnl)},
          {"deflated_sharpe", number(b.deflated_sharpe)},
          {"created_at", format_iso8601(b.created_at)}};
}

json backtests(Store& store, int limit, std::int64_t before_id) {
  json rows = json::array();
  for (const auto& b : store.saved_backtests(limit, before_id))
    rows.push_back(saved_backtest_json(b));
  json out = {{"backtests", rows}};
  out["next_before"] =
      rows.size() == std::size_t(limit) && !rows.empty() ? rows.back()["id"] : json();
  return out;
}

json backtest(Store& store, std::int64_t id) {
  const auto saved = store.saved_backtest(id);
  if (!saved) return json::object();
  json series = json::object();
  for (const auto& p : store.backtest_equity(id)) {
    json& s = series[p.series];
    if (s.is_null())
      s = {{"times", json::array()}, {"pnl", json::array()}, {"equity", json::array()}};
    s["times"].push_back(p.time);
    s["pnl"].push_back(p.pnl);
    s["equity"].push_back(p.equity);
  }
  return {{"id", saved->id},
          {"kind", saved->kind},
          {"subjects", saved->subjects},
          {"created_at", format_iso8601(saved->created_at)},
          {"report", json::parse(saved->report_json)},
          {"equity", series}};
}

}  // namespace quantloop::serve::dashboard
