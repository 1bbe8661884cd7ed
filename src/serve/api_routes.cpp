#include "serve/api_routes.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <stdexcept>

#include "core/asset_type.h"
#include "serve/http_replies.h"

namespace quantloop::serve {

ApiRoutes::Handler ApiRoutes::timed(const std::string& label, Handler handler) {
  const int route = metrics.add_route(label);
  return [this, route, handler](const httplib::Request& req, httplib::Response& res) {
    const auto started = std::chrono::steady_clock::now();
    try {
      handler(req, res);
    } catch (const std::invalid_argument& e) {
      send_error(res, 400, e.what());
    } catch (const std::exception& e) {
      spdlog::error("{} {}: {}", req.method, req.path, e.what());
      send_error(res, 500, e.what());
    }
    metrics.observe(
        route, res.status,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  };
}

bool ApiRoutes::authorized(const httplib::Request& req, httplib::Response& res) {
  if (config.serve.token.empty()) {
    send_error(res, 403, "disabled: no token is configured (serve.token or QUANTLOOP_SERVE_TOKEN)");
    return false;
  }
  const std::string header = req.get_header_value("Authorization");
  const std::string prefix = "Bearer ";
  if (header.rfind(prefix, 0) != 0 ||
      !same_secret(header.substr(prefix.size()), config.serve.token)) {
    res.set_header("WWW-Authenticate", "Bearer");
    send_error(res, 401, "a valid Authorization: Bearer token is required");
    return false;
  }
  return true;
}

std::string ApiRoutes::symbol_of(const httplib::Request& req) {
  const std::string symbol = req.matches.size() > 1 ? std::string(req.matches[1])
                                                    : req.path.substr(req.path.rfind('/') + 1);
  if (!valid_symbol(symbol)) {
    throw std::invalid_argument("invalid symbol: letters, digits and . ^ = _ - only, at most 32");
  }
  return canonical_symbol(symbol);
}

// A POST with neither Content-Length nor Transfer-Encoding has an empty body (RFC 9112
// section 6.3), as `curl -X POST` sends it; httplib 0.11 would wait for a body until the
// read timeout and answer 400 (fixed upstream in 0.28), so such requests are routed here.
httplib::Server::HandlerResponse ApiRoutes::post_without_body(const httplib::Request& req,
                                                              httplib::Response& res) {
  for (const auto& route : post_routes) {
    httplib::Request matched = req;
    if (std::regex_match(matched.path, matched.matches, route.regex)) {
      route.handler(matched, res);
      return httplib::Server::HandlerResponse::Handled;
    }
  }
  send_error(res, 404, fmt::format("no such endpoint: POST {}", req.path.substr(0, 200)));
  metrics.observe(other_route, 404, 0);
  return httplib::Server::HandlerResponse::Handled;
}

void ApiRoutes::add_all() {
  prediction_routes();
  registry_routes();
  server.Get("/healthz", timed("/healthz", [](const auto&, auto& res) {
               send_json(res, 200, R"({"status":"ok"})");
             }));
  server.Get("/readyz", timed("/readyz", [this](const auto&, auto& res) {
               nlohmann::json detail;
               const bool ready = service.ready(detail);
               send_json(res, ready ? 200 : 503, dump(detail));
             }));
  server.Get("/metrics", timed("/metrics", [this](const auto&, auto& res) {
               res.status = 200;
               res.set_content(metrics.render() + service.metrics_text(),
                               "text/plain; version=0.0.4");
             }));
  dashboard_routes();
  write_routes();
  other_route = metrics.add_route("other");
  server.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    // httplib calls this for every status >= 400: a handler's own JSON error stays as it is.
    if (!res.body.empty()) return;
    // Requests no route took (404), or that httplib refused (400, 413, 414, ...).
    const int status = res.status > 0 ? res.status : 500;
    send_error(res, status,
               status == 404
                   ? fmt::format("no such endpoint: {} {}", req.method, req.path.substr(0, 200))
                   : fmt::format("the request was refused (HTTP {})", status));
    metrics.observe(other_route, status, 0);
  });
}

void ApiRoutes::write_routes() {
  post_routes = {
      {R"(/v1/models/([^/]+)/rollback)", timed("/v1/models/{symbol}/rollback",
                                               [this](const auto& req, auto& res) {
                                                 if (!authorized(req, res)) return;
                                                 rollback(req, res);
                                               })},
      {"/v1/cache/refresh", timed("/v1/cache/refresh",
                                  [this](const auto& req, auto& res) {
                                    if (!authorized(req, res)) return;
                                    const std::size_t made = service.refresh();
                                    send_json(res, 200, dump({{"refreshed", made}}));
                                  })},
  };
  for (auto& route : post_routes) {
    route.regex = std::regex(route.pattern);
    server.Post(route.pattern, route.handler);
  }
}

}  // namespace quantloop::serve
