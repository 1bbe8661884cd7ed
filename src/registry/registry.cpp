#include "registry/registry.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/error.h"
#include "registry/paired_rows.h"
#include "registry/production_at.h"

namespace quantloop::registry {

namespace {

constexpr int kAttempts = 5;  // decisions retried when another process changed the aliases

std::optional<int> alias_of(const std::vector<AliasRow>& aliases, std::string_view name) {
  for (const auto& a : aliases) {
    if (a.alias == name) return a.version;
  }
  return std::nullopt;
}

AliasChange change_of(const std::string& symbol, const std::string& interval,
                      const std::string& alias, std::optional<int> from, int to, UnixSeconds clock,
                      const std::string& actor, const std::string& reason) {
  AliasChange c;
  c.symbol = symbol;
  c.interval = interval;
  c.alias = alias;
  c.old_version = from.value_or(-1);
  c.new_version = to;
  c.changed_at = clock;
  c.actor = actor;
  c.reason = reason;
  return c;
}

std::string series_name(const std::string& symbol, const std::string& interval) {
  return symbol + " " + interval;
}

}  // namespace

bool is_bar_series(std::string_view symbol) {
  return symbol.find(':') == std::string_view::npos;
}

Registry::Registry(Store& store, const Config& config)
    : store_(store),
      config_(config),
      rule_(PromotionRule::from(config.promotion)),
      models_(store) {}

void Registry::ensure_champion(const std::string& symbol, const std::string& interval,
                               UnixSeconds clock, const std::string& actor) {
  const auto aliases = store_.aliases(symbol, interval);
  if (alias_of(aliases, "champion")) return;
  const AliasChange first = change_of(
      symbol, interval, "champion", std::nullopt, 0, clock, actor,
      "version 0, the training rows' base rate as a model, is every series' first champion");
  // A conflict means another process set it first: there is a champion either way.
  store_.record_decision({}, std::span(&first, 1), aliases);
}

std::optional<PromotionDecision> Registry::apply(const std::string& symbol,
                                                 const std::string& interval, int challenger,
                                                 int champion, const Judgement& judgement,
                                                 const std::string& metric, const PairedRows& rows,
                                                 UnixSeconds clock, const std::string& actor,
                                                 std::int64_t run_id) {
  const auto aliases = store_.aliases(symbol, interval);
  if (alias_of(aliases, "champion") != champion) return std::nullopt;
  const std::optional<int> waiting = alias_of(aliases, "challenger");
  std::vector<AliasChange> changes;
  const std::string why = judgement.decision + ": " + judgement.reason;
  if (judgement.decision == "promoted" || judgement.decision == "rolled_back") {
    changes.push_back(
        change_of(symbol, interval, "champion", champion, challenger, clock, actor, why));
    // A waiting challenger steps down when it is the one promoted, or when a newer version
    // was promoted over it; a rollback leaves it waiting.
    if (waiting && (*waiting == challenger || judgement.decision == "promoted")) {
      changes.push_back(change_of(symbol, interval, "challenger", waiting, -1, clock, actor,
                                  *waiting == challenger
                                      ? "now the champion"
                                      : fmt::format("version {} was promoted", challenger)));
    }
  } else if (judgement.decision == "deferred") {
    if (waiting != challenger) {
      changes.push_back(
          change_of(symbol, interval, "challenger", waiting, challenger, clock, actor, why));
    }
  } else if (waiting) {  // kept: a losing challenger, and any older one waiting, step down
    changes.push_back(change_of(
        symbol, interval, "challenger", waiting, -1, clock, actor,
        *waiting == challenger ? why : fmt::format("replaced by version {}", challenger)));
  }
  PromotionDecision d;
  d.symbol = symbol;
  d.interval = interval;
  d.decided_at = clock;
  d.challenger_version = challenger;
  d.champion_version = champion;
  d.decision = judgement.decision;
  d.metric = metric;
  d.rows = std::int64_t(judgement.rows);
  d.challenger_value = judgement.challenger_value;
  d.champion_value = judgement.champion_value;
  d.statistic = judgement.statistic;
  d.pvalue = judgement.pvalue;
  d.reason = judgement.reason;
  d.actor = actor;
  d.run_id = run_id;
  d.evidence = evidence_json(rows).dump();
  const auto id = store_.record_decision(d, changes, aliases);
  if (!id) return std::nullopt;
  d.id = *id;
  return d;
}

PromotionDecision Registry::consider(const std::string& symbol, const std::string& interval,
                                     int version, UnixSeconds clock, const std::string& actor,
                                     std::int64_t run_id) {
  return consider_rows(
      symbol, interval, version,
      [&](int champion) {
        return paired_rows(store_, models_, symbol, interval, version, champion, clock);
      },
      rule_, clock, actor, run_id);
}

PromotionDecision Registry::consider_rows(
    const std::string& symbol, const std::string& interval, int version,
    const std::function<PairedRows(int champion)>& rows_against, const PromotionRule& rule,
    UnixSeconds clock, const std::string& actor, std::int64_t run_id) {
  ensure_champion(symbol, interval, clock, actor);
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    const int champion = *alias_of(store_.aliases(symbol, interval), "champion");
    if (champion == version) {
      throw Error(
          fmt::format("{} v{} is the champion already", series_name(symbol, interval), version));
    }
    const PairedRows rows = rows_against(champion);
    const Judgement judgement = judge(rule, rows);
    if (auto d = apply(symbol, interval, version, champion, judgement, rule.metric, rows, clock,
                       actor, run_id)) {
      return *d;
    }
  }
  throw Error(fmt::format("{}: the aliases kept changing under this decision; nothing recorded",
                          series_name(symbol, interval)));
}

std::optional<PromotionDecision> Registry::review_challenger(const AliasRow& challenger,
                                                             int champion, UnixSeconds clock,
                                                             const std::string& actor) {
  const PairedRows rows = paired_rows(store_, models_, challenger.symbol, challenger.interval,
                                      challenger.version, champion, clock);
  if (rows.size() < rule_.min_rows) return std::nullopt;  // still deferred: nothing new to say
  return apply(challenger.symbol, challenger.interval, challenger.version, champion,
               judge(rule_, rows), rule_.metric, rows, clock, actor, 0);
}

std::optional<int> Registry::previous_champion(const std::string& symbol,
                                               const std::string& interval, UnixSeconds clock) {
  const int previous = production_at(store_, symbol, interval, clock).previous;
  if (previous < 0) return std::nullopt;
  return previous;
}

std::optional<PromotionDecision> Registry::check_rollback(const std::string& symbol,
                                                          const std::string& interval, int champion,
                                                          UnixSeconds clock) {
  const ProductionAt production = production_at(store_, symbol, interval, clock);
  if (production.champion != champion || production.previous < 0) return std::nullopt;
  // Only a promotion is undone automatically: after a rollback the series stays put until a
  // person or a new challenger moves it, so two models never trade places back and forth.
  if (production.how == "rolled_back") return std::nullopt;
  const std::optional<int> previous = production.previous;
  const std::size_t window = std::size_t(config_.promotion.rollback_window);
  // Outcomes known at the clock only: a replayed review judges on what was known then.
  const auto current = store_.resolved_predictions(symbol, interval, champion, int(window), clock);
  if (current.size() < window) return std::nullopt;
  std::map<UnixSeconds, const PredictionRow*> replaced;
  const auto earlier =
      store_.resolved_predictions(symbol, interval, *previous, int(4 * window), clock);
  for (const auto& p : earlier)
    replaced[p.as_of] = &p;
  PairedRows rows;
  for (auto it = current.rbegin(); it != current.rend(); ++it) {
    auto other = replaced.find(it->as_of);
    if (other == replaced.end()) continue;
    rows.times.push_back(it->as_of);
    rows.challenger.push_back(other->second->prob_up);
    rows.champion.push_back(it->prob_up);
    rows.outcome.push_back(it->outcome);
    rows.next_log_return.push_back(std::nan(""));
  }
  if (rows.size() < window) return std::nullopt;
  PromotionRule live = rule_;
  live.metric = "log_loss";  // live predictions know outcomes, not returns
  live.min_rows = window;
  Judgement judgement = judge(live, rows);
  if (judgement.decision != "promoted") return std::nullopt;
  judgement.decision = "rolled_back";
  judgement.reason = fmt::format(
      "the champion's last {} live predictions did worse than version {}'s on the same bars: {}",
      rows.size(), *previous, judgement.reason);
  return apply(symbol, interval, *previous, champion, judgement, "log_loss", rows, clock,
               "rollback check", 0);
}

std::vector<PromotionDecision> Registry::review(UnixSeconds clock, const std::string& actor) {
  std::vector<PromotionDecision> decisions;
  std::map<std::pair<std::string, std::string>, std::vector<AliasRow>> series;
  for (const auto& alias : store_.aliases("", "")) {
    if (is_bar_series(alias.symbol)) series[{alias.symbol, alias.interval}].push_back(alias);
  }
  for (const auto& [key, aliases] : series) {
    const auto champion = alias_of(aliases, "champion");
    if (!champion) continue;
    // One series' problem (its history is later than this clock, an archived shadow) is that
    // series': the review goes on with the others.
    try {
      for (const auto& alias : aliases) {
        if (alias.alias != "challenger") continue;
        if (auto d = review_challenger(alias, *champion, clock, actor)) decisions.push_back(*d);
      }
      const int now_champion =
          alias_of(store_.aliases(key.first, key.second), "champion").value_or(*champion);
      if (auto d = check_rollback(key.first, key.second, now_champion, clock))
        decisions.push_back(*d);
    } catch (const Error& e) {
      spdlog::warn("{}: not reviewed: {}", series_name(key.first, key.second), e.what());
    }
  }
  return decisions;
}

PromotionDecision Registry::manual(const std::string& symbol, const std::string& interval, int to,
                                   const std::string& decision, UnixSeconds clock,
                                   const std::string& actor) {
  const auto version = store_.model_version(symbol, interval, to);  // throws when archived
  if (!version) {
    throw Error(fmt::format("{} has no version {}", series_name(symbol, interval), to));
  }
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    const auto champion = alias_of(store_.aliases(symbol, interval), "champion");
    if (!champion) {
      throw Error(fmt::format("{} has no champion: train it first", series_name(symbol, interval)));
    }
    if (*champion == to) {
      throw Error(fmt::format("{} v{} is the champion already", series_name(symbol, interval), to));
    }
    // The rule's verdict on the fair rows, for the record; the person decides.
    PairedRows rows;
    Judgement judgement;
    try {
      rows = paired_rows(store_, models_, symbol, interval, to, *champion, clock);
      judgement = judge(rule_, rows);
    } catch (const Error& e) {
      judgement.challenger_value = judgement.champion_value = std::nan("");
      judgement.statistic = judgement.pvalue = std::nan("");
      judgement.reason = std::string("no verdict: ") + e.what();
    }
    const std::string verdict = judgement.decision.empty()
                                    ? judgement.reason
                                    : fmt::format("the rule would have {} it: {}",
                                                  judgement.decision == "promoted" ? "promoted"
                                                  : judgement.decision == "kept"   ? "kept"
                                                                                   : "deferred",
                                                  judgement.reason);
    judgement.decision = decision;
    judgement.reason = fmt::format(
        "{} by {} ({})", decision == "promoted" ? "promoted" : "rolled back", actor, verdict);
    if (auto d = apply(symbol, interval, to, *champion, judgement, "manual", rows, clock, actor, 0))
      return *d;
  }
  throw Error(fmt::format("{}: the aliases kept changing under this decision; nothing recorded",
                          series_name(symbol, interval)));
}

PromotionDecision Registry::promote(const std::string& symbol, const std::string& interval,
                                    std::optional<int> version, UnixSeconds clock,
                                    const std::string& actor) {
  if (!version) {
    const auto versions = store_.model_versions(symbol, interval);
    if (versions.empty()) {
      throw Error(fmt::format("{} has no model versions", series_name(symbol, interval)));
    }
    version = versions.back().version;
  }
  return manual(symbol, interval, *version, "promoted", clock, actor);
}

PromotionDecision Registry::rollback(const std::string& symbol, const std::string& interval,
                                     std::optional<int> to, UnixSeconds clock,
                                     const std::string& actor) {
  if (!to) to = previous_champion(symbol, interval, clock);
  if (!to) {
    throw Error(fmt::format("{} has had one champion only: there is nothing to roll back to",
                            series_name(symbol, interval)));
  }
  return manual(symbol, interval, *to, "rolled_back", clock, actor);
}

std::vector<Registry::GcEntry> Registry::gc(UnixSeconds now, bool dry_run) {
  std::vector<GcEntry> entries;
  std::map<std::pair<std::string, std::string>, std::vector<ModelVersion>> series;
  for (auto& v : store_.model_versions("", ""))
    series[{v.symbol, v.interval}].push_back(std::move(v));
  const UnixSeconds window_start = now - UnixSeconds(config_.registry.retention_days) * 86400;
  for (const auto& [key, versions] : series) {
    const auto& [symbol, interval] = key;
    for (int attempt = 0;; ++attempt) {
      // The plan rests on the alias history as read here: archive_versions archives nothing
      // if an alias moved since (a promotion of a version planned out), and the series is
      // planned again.
      const auto history = store_.alias_history(symbol, interval);
      std::int64_t history_seen = 0;
      for (const auto& change : history)
        history_seen = std::max(history_seen, change.id);
      std::map<int, std::string> keep;
      keep[0] = "version 0: the baseline every series falls back to";
      for (const auto& a : store_.aliases(symbol, interval))
        keep.emplace(a.version, "the " + a.alias);
      if (const int previous = production_at(store_, symbol, interval, now).previous; previous >= 0)
        keep.emplace(previous, "the previous champion");
      std::optional<int> champion_then;
      for (const auto& change : history) {
        if (change.alias != "champion") continue;
        if (change.changed_at <= window_start) champion_then = change.new_version;
        if (change.changed_at < window_start) continue;
        for (int v : {change.old_version, change.new_version}) {
          if (v >= 0) keep.emplace(v, "champion within the retention window");
        }
      }
      if (champion_then && *champion_then >= 0)
        keep.emplace(*champion_then, "champion within the retention window");
      const std::size_t newest = std::size_t(config_.registry.keep_versions);
      for (std::size_t i = versions.size() > newest ? versions.size() - newest : 0;
           i < versions.size(); ++i) {
        keep.emplace(versions[i].version, fmt::format("among the newest {}", newest));
      }
      std::vector<int> archive;
      std::vector<GcEntry> planned;
      for (const auto& v : versions) {
        if (v.status == "archived") continue;
        GcEntry entry{symbol, interval, v.version, v.model_type, v.trained_at, false, {}};
        if (auto found = keep.find(v.version); found != keep.end()) {
          entry.reason = found->second;
        } else {
          entry.archive = true;
          entry.reason = "not needed";
          archive.push_back(v.version);
        }
        planned.push_back(std::move(entry));
      }
      if (dry_run || archive.empty() ||
          store_.archive_versions(symbol, interval, archive, history_seen)) {
        entries.insert(entries.end(), planned.begin(), planned.end());
        break;
      }
      if (attempt + 1 == kAttempts) {
        throw Error(fmt::format("{}: the aliases kept changing under models gc; nothing archived",
                                series_name(symbol, interval)));
      }
    }
  }
  return entries;
}

}  // namespace quantloop::registry
