#include <fmt/format.h>

#include <limits>
#include <utility>

#include "core/asset_type.h"
#include "serve/api_routes.h"
#include "serve/dashboard_assets.h"
#include "serve/dashboard_data.h"
#include "serve/health_report.h"
#include "serve/http_replies.h"

namespace quantloop::serve {

// The dashboard (issue 12): its files at / and /assets/, and the JSON of each page under
// /v1/dashboard/. The page may load nothing from elsewhere (Content-Security-Policy).
void ApiRoutes::dashboard_routes() {
  for (const Asset& asset : dashboard_assets()) {
    const std::string path(asset.path);
    server.Get(
        path, timed(path == "/" ? "/" : "/assets/{file}", [asset](const auto&, auto& res) {
          res.status = 200;
          res.set_header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
          res.set_header("X-Content-Type-Options", "nosniff");
          res.set_header("Referrer-Policy", "no-referrer");
          // index.html names the others by their content's hash: they never change.
          res.set_header("Cache-Control",
                         asset.path == "/" ? "no-cache" : "public, max-age=31536000, immutable");
          res.set_content(reinterpret_cast<const char*>(asset.bytes.data()), asset.bytes.size(),
                          std::string(asset.content_type));
        }));
  }
  const auto json_route = [this](
                              const std::string& pattern, const std::string& label,
                              std::function<nlohmann::json(const httplib::Request&, Store&)> make) {
    server.Get(pattern, timed(label, [this, make](const auto& req, auto& res) {
                 nlohmann::json body;
                 service.with_store([&](Store& store) { body = make(req, store); });
                 if (body.is_object() && body.empty()) {
                   send_error(res, 404, fmt::format("nothing at {}", req.path.substr(0, 200)));
                   return;
                 }
                 send_page_json(req, res, dump(body));
               }));
  };
  json_route("/v1/dashboard/overview", "/v1/dashboard/overview", [this](const auto&, Store& s) {
    HealthInputs in;
    in.config = &config;
    in.database = service.database_url();
    in.store = &s;
    in.cache = service.cache_figures();
    in.now = now_utc();
    return dashboard::overview(in);
  });
  json_route("/v1/dashboard/models", "/v1/dashboard/models",
             [this](const auto&, Store& s) { return dashboard::models(s, config, now_utc()); });
  json_route(R"(/v1/dashboard/models/([^/]+)/([^/]+))", "/v1/dashboard/models/{symbol}/{interval}",
             [this](const auto& req, Store& s) {
               const std::string interval = req.matches[2];
               if (!Interval::try_parse(interval)) throw std::invalid_argument("invalid interval");
               return dashboard::model_series(s, symbol_of(req), interval);
             });
  json_route("/v1/dashboard/runs", "/v1/dashboard/runs", [](const auto& req, Store& s) {
    RunFilter filter;
    filter.limit = int_param(req, "limit", 1, 1000).value_or(50);
    filter.before_id = int_param(req, "before", 1, std::numeric_limits<int>::max()).value_or(0);
    for (const auto& [name, field] :
         {std::pair{"mode", &filter.mode}, {"status", &filter.status}}) {
      if (!req.has_param(name)) continue;
      *field = req.get_param_value(name);
      if (field->size() > 32) throw std::invalid_argument(fmt::format("invalid {}", name));
    }
    for (const auto& [name, field] : {std::pair{"from", &filter.from}, {"to", &filter.to}}) {
      if (!req.has_param(name)) continue;
      const auto t = parse_timestamp(req.get_param_value(name));
      if (!t) throw std::invalid_argument(fmt::format("parameter {} must be a UTC date", name));
      *field = *t;
    }
    return dashboard::runs(s, filter);
  });
  json_route(R"(/v1/dashboard/runs/(\d+))", "/v1/dashboard/runs/{id}",
             [](const auto& req, Store& s) { return dashboard::run(s, id_of(req)); });
  json_route("/v1/dashboard/pairs", "/v1/dashboard/pairs",
             [](const auto&, Store& s) { return dashboard::pairs(s); });
  json_route(R"(/v1/dashboard/pairs/([^/]+)/([^/]+))", "/v1/dashboard/pairs/{y}/{x}",
             [this](const auto& req, Store& s) {
               const std::string y = req.matches[1], x = req.matches[2];
               if (!valid_symbol(y) || !valid_symbol(x))
                 throw std::invalid_argument("invalid symbol");
               return dashboard::pair(s, config.pairs, canonical_symbol(y), canonical_symbol(x),
                                      now_utc());
             });
  json_route("/v1/dashboard/scanner", "/v1/dashboard/scanner",
             [](const auto&, Store& s) { return dashboard::scanner(s, now_utc()); });
  json_route("/v1/dashboard/backtests", "/v1/dashboard/backtests", [](const auto& req, Store& s) {
    return dashboard::backtests(
        s, int_param(req, "limit", 1, 1000).value_or(50),
        int_param(req, "before", 1, std::numeric_limits<int>::max()).value_or(0));
  });
  json_route(R"(/v1/dashboard/backtests/(\d+))", "/v1/dashboard/backtests/{id}",
             [](const auto& req, Store& s) { return dashboard::backtest(s, id_of(req)); });
}

}  // namespace quantloop::serve
