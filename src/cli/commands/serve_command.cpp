#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <memory>

#include "cli/commands/commands.h"
#include "serve/http_api.h"
#include "serve/prediction_service.h"

namespace quantloop::cli {

namespace {

struct ServeArgs {
  std::string host;
  int port = -1;
};

}  // namespace

void add_serve_command(CLI::App& app, Context& context) {
  auto args = std::make_shared<ServeArgs>();
  auto* serve = app.add_subcommand(
      "serve",
      "Serve the dashboard at / (health, champions, runs, pairs, backtests; its JSON under "
      "/v1/dashboard/) and the champions' predictions over HTTP (cached; GET "
      "/v1/predictions/{symbol}, /v1/predictions?top=N, /v1/models, /v1/runs, /v1/promotions, "
      "/healthz, /readyz, /metrics; POST /v1/models/{symbol}/rollback and /v1/cache/refresh with "
      "the serve token as "
      "Authorization: Bearer). SIGTERM or Ctrl-C finishes the requests in flight and exits 0");
  serve->add_option("--host", args->host, "Address to bind (default: serve.host, 127.0.0.1)");
  serve->add_option("--port", args->port, "Port (default: serve.port, 8080; 0: any free port)")
      ->check(CLI::Range(0, 65535));
  serve->callback([&context, args] {
    context.begin();
    const Config& config = context.config();
    const std::string host = args->host.empty() ? config.serve.host : args->host;
    const int port = args->port >= 0 ? args->port : config.serve.port;
    serve::PredictionService service(config.database.url, config);
    serve::HttpApi api(service, config);
    const int bound = api.bind(host, port);
    service.start([&api] {
      spdlog::info("stopping: finishing the requests in flight");
      api.stop();
    });
    // The one line a supervisor (or a test) waits for.
    std::cout << fmt::format("quantloop serving on http://{}:{}", host, bound) << std::endl;
    api.run();
    service.stop();
    std::cout << "quantloop serve stopped" << std::endl;
  });
}

}  // namespace quantloop::cli
