#pragma once
// The routes of quantloop's HTTP API (http_api.h), one file per concern: predictions
// (prediction_routes.cpp), the registry and runs (registry_routes.cpp), the dashboard
// (dashboard_routes.cpp), health, metrics and what no route takes (api_routes.cpp). Internal to
// src/serve: it names httplib's types.
#include <httplib.h>

#include <functional>
#include <regex>
#include <string>
#include <vector>

#include "core/config.h"
#include "serve/metrics.h"
#include "serve/prediction_service.h"

namespace quantloop::serve {

struct ApiRoutes {
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

  ApiRoutes(PredictionService& s, const Config& c) : service(s), config(c) {}

  // Registers every route on `server`.
  void add_all();

  // A route whose requests are counted and timed under `label`; a handler's bad parameter is a
  // 400, a quantloop Error a 500, both as JSON.
  Handler timed(const std::string& label, Handler handler);
  // The token check of the POST endpoints; false after answering.
  bool authorized(const httplib::Request& req, httplib::Response& res);
  // The {symbol} of a route: its first capture, or what follows the last '/'.
  std::string symbol_of(const httplib::Request& req);

  void prediction_routes();
  void registry_routes();
  void dashboard_routes();
  // POST routes (the Bearer-protected writes), routed also without a body.
  void write_routes();

  PredictionService& service;
  const Config& config;
  httplib::Server server;
  HttpMetrics metrics;
  int other_route = 0;

  struct PostRoute {
    std::string pattern;
    Handler handler;
    std::regex regex;
  };
  std::vector<PostRoute> post_routes;

 private:
  httplib::Server::HandlerResponse post_without_body(const httplib::Request& req,
                                                     httplib::Response& res);
  nlohmann::json series_of(Store& store, const std::string& symbol);
  void rollback(const httplib::Request& req, httplib::Response& res);
};

}  // namespace quantloop::serve
