// The HTTP API over real loopback connections, on a real store with a trained champion.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "serve_fixture.h"

namespace quantloop::serve {
namespace {

using testing::ServeFixture;

class ServeTest : public ServeFixture {};

TEST_F(ServeTest, PredictionsComeFromTheChampionAndThenFromTheCache) {
  start();
  const auto first = get_json("/v1/predictions/EURUSD");
  EXPECT_EQ(first["symbol"], "EURUSD");
  ASSERT_EQ(first["predictions"].size(), 1u);
  const auto& p = first["predictions"][0];
  EXPECT_EQ(p["model_version"], version);
  EXPECT_EQ(p["model_type"], "linear");
  EXPECT_EQ(p["interval"], "1h");
  EXPECT_EQ(p["as_of"], format_utc(clock));  // the last stored bar
  for (const char* field : {"prob_up", "direction", "confidence", "trained_at", "stale"})
    EXPECT_TRUE(p.contains(field)) << field;
  // The same answer again, from memory; lower case is the same symbol.
  EXPECT_EQ(get_json("/v1/predictions/eurusd"), first);
  EXPECT_EQ(get_json("/v1/predictions/EURUSD?interval=1h"), first);
  const auto top = get_json("/v1/predictions?top=5");
  EXPECT_EQ(top["top"], 5);
  ASSERT_EQ(top["predictions"].size(), 1u);
  auto metrics = client->Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("quantloop_cache_misses_total 0"), std::string::npos)
      << "the champion was pre-generated at start";
  EXPECT_NE(metrics->body.find("quantloop_cache_hits_total 4"), std::string::npos) << metrics->body;
  // The predictions table holds what was served, for the live scores.
  auto store = Store::open(url);
  const auto stored = store->predictions("EURUSD", "1h", version, 0, false);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].prob_up, p["prob_up"].get<double>());
}

// No brotli on the JSON API: Debian's cpp-httplib compresses at quality 11, four times slower
// than sending a prediction as it is.
TEST_F(ServeTest, PredictionsAreNotBrotliCompressed) {
  start();
  const auto plain = get_json("/v1/predictions/EURUSD");
  auto res = client->Get("/v1/predictions/EURUSD", {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Encoding"), "");
  EXPECT_EQ(nlohmann::json::parse(res->body), plain);
}

TEST_F(ServeTest, BadRequestsGetJsonErrors) {
  start();
  EXPECT_TRUE(get_json("/v1/predictions/NOPE", 404)["error"].get<std::string>().find(
                  "NOPE has no champion") != std::string::npos);
  EXPECT_TRUE(get_json("/v1/predictions/EURUSD?interval=1d", 404).contains("error"));
  EXPECT_TRUE(get_json("/v1/predictions/EURUSD?interval=2h", 400).contains("error"));
  EXPECT_TRUE(get_json("/v1/predictions/%FF%FEx", 400).contains("error"));  // not UTF-8
  EXPECT_TRUE(get_json("/v1/predictions/EUR%20USD", 400).contains("error"));
  EXPECT_TRUE(get_json("/v1/predictions?top=abc", 400).contains("error"));
  EXPECT_TRUE(get_json("/v1/predictions?top=0", 400).contains("error"));
  EXPECT_TRUE(get_json("/v1/runs?limit=-1", 400).contains("error"));
  EXPECT_TRUE(get_json("/v1/models/NOPE", 404).contains("error"));
  EXPECT_TRUE(get_json("/v2/anything", 404).contains("error"));
  auto post = client->Post("/v1/predictions/EURUSD", "", "application/json");
  ASSERT_TRUE(post);
  EXPECT_GE(post->status, 400);
  EXPECT_TRUE(nlohmann::json::parse(post->body).contains("error"));
}

TEST_F(ServeTest, RegistryRunsAndPromotionsAndHealth) {
  start();
  const auto models = get_json("/v1/models");
  ASSERT_EQ(models.size(), 1u);
  EXPECT_EQ(models[0]["champion"], version);
  const auto detail = get_json("/v1/models/EURUSD");
  ASSERT_EQ(detail["series"].size(), 1u);
  EXPECT_EQ(detail["series"][0]["versions"].size(), 2u);
  EXPECT_EQ(detail["series"][0]["alias_history"].size(), 2u);
  EXPECT_EQ(get_json("/v1/runs?limit=5").size(), 0u);
  const auto promotions = get_json("/v1/promotions?symbol=EURUSD");
  ASSERT_EQ(promotions.size(), 1u);
  EXPECT_EQ(promotions[0]["metric"], "manual");
  EXPECT_EQ(get_json("/healthz")["status"], "ok");
  const auto ready = get_json("/readyz");
  EXPECT_EQ(ready["ready"], true);
  EXPECT_EQ(ready["database"], "ok");
  ASSERT_EQ(ready["champions"].size(), 1u);
  EXPECT_EQ(ready["champions"][0]["version"], version);
}

TEST_F(ServeTest, APromotionIsVisibleWithinASecond) {
  start();
  EXPECT_EQ(get_json("/v1/predictions/EURUSD")["predictions"][0]["model_version"], version);
  // Another process's connection rolls the champion back to version 0.
  auto other = Store::open(url);
  registry::Registry(*other, config).rollback("EURUSD", "1h", std::nullopt, now_utc(), "user");
  const auto changed = std::chrono::steady_clock::now();
  int seen = version;
  while (seen != 0 && std::chrono::steady_clock::now() - changed < std::chrono::seconds(5)) {
    seen = get_json("/v1/predictions/EURUSD")["predictions"][0]["model_version"];
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - changed).count();
  EXPECT_EQ(seen, 0);
  EXPECT_LT(seconds, 1.0);
}

TEST_F(ServeTest, WritesNeedTheConfiguredBearerToken) {
  start();
  auto refused = client->Post("/v1/cache/refresh", "", "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);  // no token configured: disabled
  stop();
  config.serve.token = "s3cret";
  start();
  auto none = client->Post("/v1/cache/refresh", "", "application/json");
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(none->get_header_value("WWW-Authenticate"), "Bearer");
  httplib::Headers wrong{{"Authorization", "Bearer s3creT"}};
  EXPECT_EQ(client->Post("/v1/cache/refresh", wrong, "", "application/json")->status, 401);
  httplib::Headers right{{"Authorization", "Bearer s3cret"}};
  auto refreshed = client->Post("/v1/cache/refresh", right, "", "application/json");
  ASSERT_EQ(refreshed->status, 200) << refreshed->body;
  EXPECT_EQ(nlohmann::json::parse(refreshed->body)["refreshed"], 1);
  auto rolled = client->Post("/v1/models/EURUSD/rollback", right, "", "application/json");
  ASSERT_EQ(rolled->status, 200) << rolled->body;
  EXPECT_EQ(nlohmann::json::parse(rolled->body)["decision"], "rolled_back");
  EXPECT_EQ(get_json("/v1/predictions/EURUSD")["predictions"][0]["model_version"], 0);
  auto missing = client->Post("/v1/models/EURUSD/rollback?to=99", right, "", "application/json");
  EXPECT_EQ(missing->status, 409) << missing->body;
  EXPECT_NE(missing->body.find("EURUSD 1h has no version 99"), std::string::npos);
  EXPECT_EQ(client->Post("/v1/models/EURUSD/rollback?to=x", right, "", "application/json")->status,
            400);
  EXPECT_EQ(client->Post("/v1/models/NOPE/rollback", right, "", "application/json")->status, 404);
  // The token is nowhere in what the server tells.
  EXPECT_EQ(client->Get("/metrics")->body.find("s3cret"), std::string::npos);
}

TEST_F(ServeTest, MetricsPassPromtool) {
  start();
  get_json("/v1/predictions/EURUSD");
  get_json("/v1/predictions/NOPE", 404);
  get_json("/nope", 404);
  auto metrics = client->Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->get_header_value("Content-Type"), "text/plain; version=0.0.4");
  for (const char* family :
       {"quantloop_http_requests_total{route=\"/v1/predictions/{symbol}\",status=\"404\"} 1",
        "quantloop_http_request_duration_seconds_bucket{route=\"/v1/predictions/"
        "{symbol}\",le=\"+Inf\"} 2",
        "quantloop_cache_entries 1", "quantloop_champion_age_seconds{symbol=\"EURUSD\"",
        "quantloop_promotions_total 1", "quantloop_rollbacks_total 0"}) {
    EXPECT_NE(metrics->body.find(family), std::string::npos) << family << "\n" << metrics->body;
  }
  const std::string file = dir.file("metrics.txt");
  quantloop::testing::write_file(file, metrics->body);
  const std::string command = "promtool check metrics < " + file + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe))
    output += buffer;
  const int status = pclose(pipe);
  EXPECT_EQ(status, 0) << "promtool (Debian package prometheus) says: " << output;
}

TEST_F(ServeTest, ARestartedServerAnswersFromTheDiskTierAtOnce) {
  start();
  const auto before = get_json("/v1/predictions/EURUSD");
  stop();
  start();
  EXPECT_EQ(get_json("/v1/predictions/EURUSD"), before);
  auto metrics = client->Get("/metrics");
  EXPECT_NE(metrics->body.find("quantloop_cache_hits_total 1"), std::string::npos);
  EXPECT_NE(metrics->body.find("quantloop_cache_misses_total 0"), std::string::npos);
  EXPECT_EQ(service->pregenerated(), 0u) << "the disk tier had it: nothing recomputed";
}

}  // namespace
}  // namespace quantloop::serve
