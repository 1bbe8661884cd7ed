#include <string>

#include "serve/api_routes.h"
#include "serve/http_replies.h"

namespace quantloop::serve {

void ApiRoutes::prediction_routes() {
  // The hot route is matched by prefix before httplib's regular expressions are tried: a
  // cached prediction costs a map lookup, not a regex per route.
  const std::string prefix = "/v1/predictions/";
  auto predictions = timed("/v1/predictions/{symbol}", [this](const auto& req, auto& res) {
    const auto answer = service.predictions(symbol_of(req), interval_param(req));
    send_json(res, answer.status, answer.body);
  });
  server.set_pre_routing_handler([=, this](const httplib::Request& req, httplib::Response& res) {
    if (req.method == "POST" && !req.has_header("Content-Length") &&
        !req.has_header("Transfer-Encoding")) {
      return post_without_body(req, res);
    }
    if (req.method != "GET" || req.path.compare(0, prefix.size(), prefix) != 0 ||
        req.path.find('/', prefix.size()) != std::string::npos) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    predictions(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  server.Get("/v1/predictions", timed("/v1/predictions", [this](const auto& req, auto& res) {
               const int n = int_param(req, "top", 1, 1000).value_or(config.serve.top);
               const auto answer = service.top(n);
               send_json(res, answer.status, answer.body);
             }));
}

}  // namespace quantloop::serve
