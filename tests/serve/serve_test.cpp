// The HTTP API over real loopback connections, on a real store with a trained champion.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <malloc.h>

#include <atomic>
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

// A miss computed with the champion of before an alias change is answered but never cached
// after the poller cleared the cache for it: forced by holding the computation between
// predicting and caching while another process rolls back and the poller caches the new
// champion's prediction.
TEST_F(ServeTest, AMissComputedBeforeAnAliasChangeIsNeverCachedAfterIt) {
  std::atomic<bool> armed{false};
  std::atomic<bool> poller_done{false};
  PredictionService* running = nullptr;
  const auto hook = [&](const std::string&) {
    if (!armed.exchange(false)) return;  // the poller's own computations pass through
    const std::size_t before = running->pregenerated();
    registry::Registry(*Store::open(url), config)
        .rollback("EURUSD", "1h", std::nullopt, now_utc(), "user");
    const auto started = std::chrono::steady_clock::now();
    while (running->pregenerated() == before &&
           std::chrono::steady_clock::now() - started < std::chrono::seconds(5)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    poller_done = running->pregenerated() > before;
  };
  service = std::make_unique<PredictionService>(url, config);
  service->set_before_cache_insert(hook);
  running = service.get();
  api = std::make_unique<HttpApi>(*service, config);
  port = api->bind("127.0.0.1", 0);
  service->start(nullptr);
  server = std::thread([this] { api->run(); });
  client = std::make_unique<httplib::Client>("127.0.0.1", port);
  service->invalidate("EURUSD");
  armed = true;
  const auto answered = nlohmann::json::parse(service->predictions("EURUSD", "").body);
  ASSERT_TRUE(poller_done) << "the poller did not pre-generate the new champion in time";
  // The answer made before the promotion committed may say the old champion; the cache may not.
  EXPECT_EQ(answered["predictions"][0]["model_version"], version);
  EXPECT_EQ(get_json("/v1/predictions/EURUSD")["predictions"][0]["model_version"], 0);
  EXPECT_NE(client->Get("/metrics")->body.find("quantloop_cache_stale_inserts_total 1"),
            std::string::npos);
}

// GET ?top=N lists what the memory tier holds: an unauthenticated request never computes or
// writes a prediction, and N is bounded.
TEST_F(ServeTest, TheTopListComputesNothing) {
  start();
  service->invalidate("EURUSD");
  const auto top = get_json("/v1/predictions?top=5");
  EXPECT_EQ(top["predictions"].size(), 0u);
  EXPECT_EQ(top["pending"], 1);
  EXPECT_NE(client->Get("/metrics")->body.find("quantloop_cache_misses_total 0"),
            std::string::npos);
  EXPECT_TRUE(get_json("/v1/predictions?top=1001", 400).contains("error"));
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

std::size_t allocated_bytes() {  // by malloc, large blocks (its own mmaps) included
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

// A server of many series keeps at most serve.max_loaded_models models unpacked: 200 GRU
// champions (0.7 MB each once loaded) with a cap of 50.
TEST(ServeManySeries, LoadedModelsStayUnderTheCap) {
  using namespace registry::testing;
  quantloop::testing::TempDir dir;
  const std::string url = dir.file("q.db");
  auto store = Store::open(url);
  const BarSeries bars = market(0.3, 41, 30);
  const UnixSeconds clock = bars.bars.back().time;
  TrainSpec gru;
  gru.type = models::ModelType::gru;
  gru.epochs = 1;
  const TrainedModel trained = train_model(bars, clock, gru);
  std::vector<BarSeries> copies;
  for (int i = 0; i < 200; ++i) {
    copies.push_back(bars);
    copies.back().symbol = fmt::format("S{:03}", i);
  }
  std::vector<SeriesWrite> writes;
  for (const auto& c : copies)
    writes.push_back({&c, "30d"});
  store->write_bars(writes, {}, now_utc());
  for (const auto& c : copies) {
    const int version = register_as(*store, trained, c.symbol);
    const AliasChange champion{0,     c.symbol, "1h", "champion", -1, version,
                               clock, "test",   "",   0,          ""};
    ASSERT_TRUE(store->record_decision({}, std::span(&champion, 1), {}));
  }
  Config config;
  config.serve.max_loaded_models = 50;
  const std::size_t before = allocated_bytes();
  PredictionService service(url, config);
  service.start(nullptr);  // pre-generates every champion's prediction
  EXPECT_EQ(service.pregenerated(), 200u);
  EXPECT_LE(service.loaded_models(), 50u);
  EXPECT_EQ(service.refresh(), 200u);  // and once more, all of them, through the cache
  EXPECT_LE(service.loaded_models(), 50u);
  const std::size_t grown = allocated_bytes() - before;
  std::cout << "200 series served with 50 models loaded at most: the heap grew "
            << grown / (1 << 20) << " MiB\n";
  // Every model kept would be 200 x 0.7 MB; 50 and the cache's bodies fit in 60 MB.
  if (before > 0) {
    EXPECT_LT(grown, std::size_t(60) << 20);
  }
  service.stop();
}

}  // namespace
}  // namespace quantloop::serve
