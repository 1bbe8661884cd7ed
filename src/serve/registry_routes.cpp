#include <fmt/format.h>

#include <map>
#include <set>

#include "core/asset_type.h"
#include "core/error.h"
#include "registry/registry.h"
#include "registry/tables.h"
#include "serve/api_routes.h"
#include "serve/http_replies.h"

namespace quantloop::serve {

void ApiRoutes::registry_routes() {
  server.Get(
      "/v1/models", timed("/v1/models", [this](const auto&, auto& res) {
        nlohmann::json body;
        service.with_store([&](Store& store) { body = to_json(registry::series_table(store)); });
        send_json(res, 200, dump(body));
      }));
  server.Get(R"(/v1/models/([^/]+))",
             timed("/v1/models/{symbol}", [this](const auto& req, auto& res) {
               const std::string symbol = symbol_of(req);
               nlohmann::json series = nlohmann::json::array();
               service.with_store([&](Store& store) { series = series_of(store, symbol); });
               if (series.empty()) {
                 send_error(res, 404, fmt::format("{} has no models", symbol));
                 return;
               }
               send_json(res, 200, dump({{"symbol", symbol}, {"series", series}}));
             }));
  server.Get("/v1/runs", timed("/v1/runs", [this](const auto& req, auto& res) {
               const int limit = int_param(req, "limit", 1, 10000).value_or(20);
               nlohmann::json body;
               service.with_store([&](Store& store) { body = to_json(store.recent_runs(limit)); });
               send_json(res, 200, dump(body));
             }));
  server.Get("/v1/promotions", timed("/v1/promotions", [this](const auto& req, auto& res) {
               const int limit = int_param(req, "limit", 1, 10000).value_or(100);
               std::string symbol;
               if (req.has_param("symbol")) {
                 symbol = req.get_param_value("symbol");
                 if (!valid_symbol(symbol)) throw std::invalid_argument("invalid symbol");
                 symbol = canonical_symbol(symbol);
               }
               std::vector<PromotionDecision> shown;
               service.with_store(
                   [&](Store& store) { shown = store.promotion_decisions(symbol, "", limit); });
               send_json(res, 200, dump(to_json(registry::decisions_table(shown))));
             }));
}

nlohmann::json ApiRoutes::series_of(Store& store, const std::string& symbol) {
  std::map<std::string, std::vector<ModelVersion>> by_interval;
  for (auto& v : store.model_versions("", "")) {
    if (v.symbol == symbol) by_interval[v.interval].push_back(std::move(v));
  }
  nlohmann::json series = nlohmann::json::array();
  for (const auto& [interval, versions] : by_interval) {
    series.push_back(
        {{"interval", interval},
         {"versions", to_json(registry::versions_table(versions, store.aliases(symbol, interval)))},
         {"alias_history",
          to_json(registry::alias_history_table(store.alias_history(symbol, interval)))}});
  }
  return series;
}

void ApiRoutes::rollback(const httplib::Request& req, httplib::Response& res) {
  const std::string symbol = symbol_of(req);
  std::string interval = interval_param(req);
  const std::optional<int> to = int_param(req, "to", 0, 1 << 30);
  nlohmann::json body;
  int status = 200;
  service.with_store([&](Store& store) {
    std::set<std::string> intervals;
    for (const auto& a : store.aliases("", "")) {
      if (a.symbol == symbol && a.alias == "champion") intervals.insert(a.interval);
    }
    if (interval.empty() && intervals.size() == 1) interval = *intervals.begin();
    if (!intervals.count(interval)) {
      status = intervals.empty() ? 404 : 400;
      body = {{"error", intervals.empty()
                            ? fmt::format("{} has no champion", symbol)
                            : fmt::format("{} has several series: give ?interval=", symbol)}};
      return;
    }
    try {
      registry::Registry registry(store, config);
      const auto d = registry.rollback(symbol, interval, to, now_utc(), "api");
      body = to_json(registry::decisions_table({d}))[0];
    } catch (const Error& e) {
      status = 409;
      body = {{"error", e.what()}};
    }
  });
  service.invalidate(symbol);
  send_json(res, status, dump(body));
}

}  // namespace quantloop::serve
