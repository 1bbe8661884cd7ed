#include "registry/live_scores.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "registry/production_at.h"
#include "registry/promotion_rule.h"

namespace quantloop::registry {

std::vector<LiveScore> live_scores(Store& store) {
  std::vector<LiveScore> scores;
  std::map<std::pair<std::string, std::string>, std::map<int, std::string>> aliases;
  for (const auto& a : store.aliases("", ""))
    aliases[{a.symbol, a.interval}][a.version] = a.alias;
  for (const auto& [key, named] : aliases) {
    const auto& [symbol, interval] = key;
    std::map<int, std::string> roles = named;
    // The champion replaced last keeps predicting in shadow.
    if (const int previous = production_at(store, symbol, interval, kEndOfTime).previous;
        previous >= 0)
      roles.emplace(previous, "previous champion");
    std::map<int, LiveScore> by_version;
    for (const auto& p : store.predictions(symbol, interval, -1, 0, false)) {
      LiveScore& s = by_version[p.model_version];
      s.version = p.model_version;
      ++s.predictions;
      s.last_as_of = std::max(s.last_as_of, p.as_of);
      if (p.outcome < 0) continue;
      ++s.resolved;
      s.live_accuracy += ((p.prob_up > 0.5) == (p.outcome == 1)) ? 1.0 : 0.0;
      s.live_log_loss += log_loss(p.prob_up, p.outcome);
    }
    std::map<int, ModelVersion> versions;
    for (auto& v : store.model_versions(symbol, interval))
      versions[v.version] = std::move(v);
    for (auto& [version, s] : by_version) {
      s.symbol = symbol;
      s.interval = interval;
      if (auto role = roles.find(version); role != roles.end()) s.alias = role->second;
      if (auto v = versions.find(version); v != versions.end()) {
        s.model_type = v->second.model_type;
        s.test_rows = v->second.test_rows;
        s.test_accuracy = v->second.test_accuracy;
        s.test_log_loss = v->second.test_log_loss;
      }
      s.live_accuracy = s.resolved ? s.live_accuracy / double(s.resolved) : std::nan("");
      s.live_log_loss = s.resolved ? s.live_log_loss / double(s.resolved) : std::nan("");
      scores.push_back(s);
    }
  }
  std::stable_sort(scores.begin(), scores.end(), [](const LiveScore& a, const LiveScore& b) {
    if (a.symbol != b.symbol) return a.symbol < b.symbol;
    if (a.interval != b.interval) return a.interval < b.interval;
    return (a.alias == "champion") > (b.alias == "champion");
  });
  return scores;
}

}  // namespace quantloop::registry
