// A prediction server on a loopback port over a SQLite store whose EURUSD series has a trained
// champion (version 1 promoted over the baseline).
#pragma once

#include <httplib.h>

#include <thread>

#include "../registry/registry_fixture.h"
#include "registry/registry.h"
#include "serve/http_api.h"
#include "serve/prediction_service.h"
#include "test_support.h"

namespace quantloop::serve::testing {

using namespace registry::testing;

class ServeFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    url = dir.file("q.db");
    auto store = Store::open(url);
    bars = market(0.3, 31, 50);
    clock = kMarketStart + 38 * kSecondsPerDay;
    store_bars(*store, bars_until(bars, clock));
    version = train_and_register(*store, bars, clock);
    registry::Registry registry(*store, config);
    registry.ensure_champion("EURUSD", "1h", clock, "run 1");
    registry.promote("EURUSD", "1h", version, clock + 600, "user");
  }
  void TearDown() override { stop(); }

  void start() {
    service = std::make_unique<PredictionService>(url, config);
    api = std::make_unique<HttpApi>(*service, config);
    port = api->bind("127.0.0.1", 0);
    service->start(nullptr);
    server = std::thread([this] { api->run(); });
    client = std::make_unique<httplib::Client>("127.0.0.1", port);
    client->set_read_timeout(10, 0);
  }
  void stop() {
    if (api) api->stop();
    if (server.joinable()) server.join();
    if (service) service->stop();
    api.reset();
    service.reset();
  }
  nlohmann::json get_json(const std::string& path, int expected = 200) {
    auto res = client->Get(path.c_str());
    EXPECT_TRUE(res) << path;
    if (!res) return {};
    EXPECT_EQ(res->status, expected) << path << ": " << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type").rfind("application/json", 0), 0u) << path;
    return nlohmann::json::parse(res->body);
  }

  quantloop::testing::TempDir dir;
  std::string url;
  Config config;
  BarSeries bars;
  UnixSeconds clock = 0;
  int version = 0;
  std::unique_ptr<PredictionService> service;
  std::unique_ptr<HttpApi> api;
  std::thread server;
  int port = 0;
  std::unique_ptr<httplib::Client> client;
};

}  // namespace quantloop::serve::testing
