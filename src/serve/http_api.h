#pragma once

#include <memory>
#include <string>

#include "core/config.h"
#include "serve/prediction_service.h"

namespace quantloop::serve {

// quantloop's HTTP API (cpp-httplib) over a PredictionService:
//   GET  /, /assets/...                          the dashboard (dashboard_assets.h)
//   GET  /v1/dashboard/{overview, models[/{symbol}/{interval}], runs[/{id}], pairs[/{y}/{x}],
//        backtests[/{id}]}                       its pages' JSON (dashboard_data.h)
//   GET  /v1/predictions/{symbol}[?interval=]   the champion's prediction (cached)
//   GET  /v1/predictions?top=N                   the N most confident
//   GET  /v1/models, /v1/models/{symbol}         the registry, with alias history
//   GET  /v1/runs?limit=N, /v1/promotions?symbol=S
//   GET  /healthz, /readyz, /metrics (Prometheus text format)
//   POST /v1/models/{symbol}/rollback[?interval=&to=], /v1/cache/refresh   (Bearer token)
// Every error is JSON {"error": ...}: 400 for a bad parameter, 401/403 for the token, 404
// for an unknown symbol or route. TCP_NODELAY is on; slow clients time out; request lines
// and headers over 8 KiB and bodies over 64 KiB are refused.
class HttpApi {
 public:
  HttpApi(PredictionService& service, const Config& config);
  ~HttpApi();

  // Binds host:port (port 0: any free port); throws Error naming the address on failure.
  // Returns the port bound.
  int bind(const std::string& host, int port);
  // Serves until stop(); in-flight requests finish first.
  void run();
  void stop();

 private:
  struct Impl;  // keeps httplib out of this header
  std::unique_ptr<Impl> impl_;
};

}  // namespace quantloop::serve
