// The dashboard's files and JSON endpoints over real loopback connections (issue 12): the page
// and every file it names, with the content policy and cache headers; the overview, models and
// series documents against the store; runs paged and filtered; empty pairs and backtests; bad
// parameters answered 400, unknown ids 404. The pages themselves run in chromium
// (tests/browser).
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "sched/schedule.h"
#include "serve_fixture.h"

namespace quantloop::serve {
namespace {

using testing::ServeFixture;

class DashboardApiTest : public ServeFixture {};

TEST_F(DashboardApiTest, ThePageAndEveryFileItNamesAreServedWithThePolicy) {
  start();
  auto page = client->Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("default-src 'self'"),
            std::string::npos);
  EXPECT_EQ(page->get_header_value("Cache-Control"), "no-cache");
  std::set<std::string> named;
  const std::regex reference(R"re((?:href|src)="(/assets/[^"]+)")re");
  for (std::sregex_iterator it(page->body.begin(), page->body.end(), reference), end; it != end;
       ++it)
    named.insert((*it)[1]);
  EXPECT_GE(named.size(), 6u);  // two styles, two scripts, the icon, the licence
  for (const std::string& path : named) {
    SCOPED_TRACE(path);
    auto file = client->Get(path.c_str());
    ASSERT_TRUE(file);
    EXPECT_EQ(file->status, 200);
    EXPECT_GT(file->body.size(), 100u);
    if (path.find("?v=") != std::string::npos) {
      EXPECT_EQ(file->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
    }
    const std::string type = file->get_header_value("Content-Type");
    if (path.find(".js") != std::string::npos) {
      EXPECT_EQ(type, "application/javascript; charset=utf-8");
    }
    if (path.find(".css") != std::string::npos) {
      EXPECT_EQ(type, "text/css; charset=utf-8");
    }
  }
  auto missing = client->Get("/assets/nothing.js");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST_F(DashboardApiTest, OverviewModelsAndSeriesSayWhatTheStoreHolds) {
  start();
  const auto overview = get_json("/v1/dashboard/overview");
  const auto& health = overview["health"];
  EXPECT_TRUE(health["verdict"] == "OK" || health["verdict"] == "WARNING" ||
              health["verdict"] == "CRITICAL");
  EXPECT_EQ(health["level"].get<int>(), health["verdict"] == "OK"        ? 0
                                        : health["verdict"] == "WARNING" ? 1
                                                                         : 2);
  ASSERT_EQ(health["models"]["champions"].size(), 1u);
  EXPECT_EQ(health["models"]["champions"][0]["champion"], version);
  EXPECT_EQ(health["cache"]["server"], "this process");
  EXPECT_EQ(health["database"]["bars"], registry::testing::bars_until(bars, clock).bars.size());
  EXPECT_EQ(overview["schedules"].size(), sched::enabled_schedules(config).size());
  for (const auto& s : overview["schedules"])
    EXPECT_EQ(s["next"].size(), 3u) << s.dump();

  const auto models = get_json("/v1/dashboard/models");
  ASSERT_EQ(models["series"].size(), 1u);
  const auto& series = models["series"][0];
  EXPECT_EQ(series["symbol"], "EURUSD");
  EXPECT_EQ(series["champion"], version);
  EXPECT_EQ(series["type"], "linear");
  EXPECT_EQ(series["versions"], 2);
  EXPECT_NEAR(series["coin_log_loss"].get<double>(), std::log(2.0), 1e-15);
  {
    auto store = Store::open(url);
    const auto versions = store->model_versions("EURUSD", "1h");
    ASSERT_EQ(versions.front().version, 0);
    EXPECT_EQ(series["baseline_test_log_loss"], versions.front().test_log_loss);
    EXPECT_EQ(series["test_log_loss"], versions.back().test_log_loss);
  }

  const auto detail = get_json("/v1/dashboard/models/eurusd/1h");
  EXPECT_EQ(detail["champion"], version);
  EXPECT_EQ(detail["versions"].size(), 2u);
  EXPECT_EQ(detail["timeline"].size(), 2u);  // the baseline made champion, then the promotion
  EXPECT_EQ(detail["decisions"].size(), 1u);
  // The champion's losses per epoch, as its record keeps them (the baseline has none).
  const auto& losses = detail["epoch_losses"];
  ASSERT_EQ(losses.size(), 1u);
  EXPECT_EQ(losses[0]["version"], version);
  {
    auto store = Store::open(url);
    const auto stored = store->model_version("EURUSD", "1h", version);
    const auto record = models::unpack_record(stored->artifact, "test");
    ASSERT_FALSE(record.history.empty());
    EXPECT_EQ(losses[0]["best_epoch"], record.best_epoch);
    ASSERT_EQ(losses[0]["train"].size(), record.history.size());
    ASSERT_EQ(losses[0]["validation"].size(), record.history.size());
    for (std::size_t e = 0; e < record.history.size(); ++e) {
      EXPECT_EQ(losses[0]["train"][e].get<double>(), record.history[e].train_loss);
      EXPECT_EQ(losses[0]["validation"][e].get<double>(), record.history[e].validation_loss);
    }
  }
  EXPECT_TRUE(get_json("/v1/dashboard/models/NOPE/1h", 404).contains("error"));
  EXPECT_TRUE(get_json("/v1/dashboard/models/EURUSD/2h", 400).contains("error"));
}

// The models page scores each champion on its latest serve.live_window resolved predictions.
TEST_F(DashboardApiTest, TheLiveScoreReadsTheConfiguredWindow) {
  {
    auto store = Store::open(url);
    const BarSeries stored = registry::testing::bars_until(bars, clock);
    std::vector<PredictionRow> made;
    for (std::size_t k = stored.bars.size() - 7; k + 1 < stored.bars.size(); ++k) {
      made.push_back(
          {0, "EURUSD", "1h", version, "champion", stored.bars[k].time, 0.6, clock, 0, -1});
    }
    store->insert_predictions(made);
    ASSERT_EQ(store->predictions("EURUSD", "1h", version, 0, true).size(), 6u);
  }
  config.serve.live_window = 4;
  start();
  const auto models = get_json("/v1/dashboard/models");
  ASSERT_EQ(models["series"].size(), 1u);
  EXPECT_EQ(models["series"][0]["live_resolved"], 4);
}

// gzip when asked (the client inflates it), never brotli: httplib's quality-11 brotli took 100 ms
// for the overview's 14 KB.
TEST_F(DashboardApiTest, PageJsonIsGzippedWhenAskedAndNeverBrotli) {
  start();
  const std::string path = "/v1/dashboard/models/EURUSD/1h";
  const auto plain = get_json(path);
  ASSERT_GT(plain.dump().size(), 1024u);
  for (const char* accepts : {"gzip, deflate, br", "br"}) {
    SCOPED_TRACE(accepts);
    auto res = client->Get(path.c_str(), {{"Accept-Encoding", accepts}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->get_header_value("Content-Encoding"),
              std::string(accepts) == "br" ? "" : "gzip");
    EXPECT_EQ(nlohmann::json::parse(res->body), plain);
  }
}

TEST_F(DashboardApiTest, TheScannerPageSaysWhatTheScansHold) {
  start();
  const auto empty = get_json("/v1/dashboard/scanner");
  EXPECT_TRUE(empty["scan"].is_null());
  EXPECT_TRUE(empty["conditions"].empty());
  EXPECT_TRUE(empty["signals"].empty());
  {
    auto store = Store::open(url);
    ScanRecord scan;
    scan.clock = clock;
    scan.symbols = 1;
    MarketCondition condition;
    condition.symbol = "BTC-USD";
    condition.timeframe = "5m";
    condition.price = 101;
    condition.rsi = 55;
    condition.market_structure = "bullish";
    condition.fvg_count = 2;
    scan.conditions.push_back(condition);
    MlFeatures features;
    features.symbol = "BTC-USD";
    features.timeframe = "5m";
    features.confluence_score = 0.8;
    scan.features.push_back(features);
    TradingSignal signal;
    signal.signal_id = "ict-BTC-USD-5m-1-long";
    signal.symbol = "BTC-USD";
    signal.direction = "LONG";
    signal.entry_price = 101;
    signal.confluence_score = 80;
    signal.ict_concepts = R"(["bias","structure","order_block","fvg"])";
    signal.session = "london";
    signal.entry_time = clock - 300;
    signal.source = "ict";
    scan.signals.push_back(signal);
    PaperTrade trade;
    trade.signal_id = signal.signal_id;
    trade.symbol = "BTC-USD";
    trade.direction = 1;
    trade.entry_price = trade.current_price = 101;
    trade.status = "CLOSED";
    trade.outcome = "win";
    trade.pnl = 2000;
    trade.opened_at = clock - 300;
    trade.closed_at = trade.marked_through = clock - 60;
    trade.expires_at = clock + 3600;
    trade.interval = "1m";
    trade.source = "ict";
    scan.opened.push_back(trade);
    ASSERT_TRUE(store->record_scan(scan));
  }
  const auto page = get_json("/v1/dashboard/scanner");
  EXPECT_EQ(page["scan"]["clock"], format_iso8601(clock));
  ASSERT_EQ(page["conditions"].size(), 1u);
  EXPECT_EQ(page["conditions"][0]["market_structure"], "bullish");
  EXPECT_EQ(page["conditions"][0]["fvg_count"], 2);
  ASSERT_EQ(page["signals"].size(), 1u);
  EXPECT_EQ(page["signals"][0]["factors"].size(), 4u);
  EXPECT_EQ(page["signals"][0]["outcome"], "win");
  EXPECT_TRUE(page["open_trades"].empty());
  ASSERT_EQ(page["sessions"].size(), 1u);
  EXPECT_EQ(page["sessions"][0]["session"], "london");
  EXPECT_EQ(page["sessions"][0]["wins"], 1);
  EXPECT_EQ(page["sessions"][0]["pnl"], 2000.0);
}

TEST_F(DashboardApiTest, RunsArePagedNewestFirstAndFiltered) {
  {
    auto store = Store::open(url);
    for (int k = 0; k < 7; ++k) {
      TrainingRun run;
      run.run_date = clock + k * 3600;
      run.mode = k % 3 == 0 ? "full" : "hourly";
      run.timeframe = "1h";
      run.status = k == 4 ? "failed" : "success";
      run.interval = "1h";
      store->insert_training_run(run);
    }
  }
  start();
  const auto first = get_json("/v1/dashboard/runs?limit=3");
  EXPECT_EQ(first["total"], 7);
  ASSERT_EQ(first["runs"].size(), 3u);
  EXPECT_EQ(first["runs"][0]["id"], 7);
  EXPECT_EQ(first["next_before"], 5);
  const auto second = get_json("/v1/dashboard/runs?limit=3&before=5");
  ASSERT_EQ(second["runs"].size(), 3u);
  EXPECT_EQ(second["runs"][0]["id"], 4);
  const auto last = get_json("/v1/dashboard/runs?limit=3&before=2");
  ASSERT_EQ(last["runs"].size(), 1u);
  EXPECT_TRUE(last["next_before"].is_null());
  EXPECT_EQ(get_json("/v1/dashboard/runs?mode=full")["total"], 3);
  EXPECT_EQ(get_json("/v1/dashboard/runs?status=failed")["runs"][0]["id"], 5);
  const std::string day = format_utc(clock + 2 * 3600).substr(0, 10);
  EXPECT_GE(get_json("/v1/dashboard/runs?from=" + day)["total"].get<int>(), 1);
  EXPECT_TRUE(get_json("/v1/dashboard/runs?limit=0", 400).contains("error"));
  EXPECT_TRUE(get_json("/v1/dashboard/runs?from=yesterday", 400).contains("error"));
  const auto run = get_json("/v1/dashboard/runs/5");
  EXPECT_EQ(run["status"], "failed");
  EXPECT_EQ(run["symbols"].size(), 0u);
  EXPECT_TRUE(get_json("/v1/dashboard/runs/99", 404).contains("error"));
  EXPECT_TRUE(get_json("/v1/dashboard/runs/99999999999999999999999", 400).contains("error"));
}

TEST_F(DashboardApiTest, PairsAndBacktestsAreEmptyUntilMade) {
  start();
  const auto pairs = get_json("/v1/dashboard/pairs");
  EXPECT_TRUE(pairs["scan"].is_null());
  EXPECT_EQ(pairs["ranking"].size(), 0u);
  EXPECT_EQ(pairs["active"].size(), 0u);
  EXPECT_TRUE(get_json("/v1/dashboard/pairs/AAA/BBB", 404).contains("error"));
  EXPECT_EQ(get_json("/v1/dashboard/backtests")["backtests"].size(), 0u);
  EXPECT_TRUE(get_json("/v1/dashboard/backtests/3", 404).contains("error"));
  EXPECT_TRUE(get_json("/v1/dashboard/backtests?before=-1", 400).contains("error"));
}

}  // namespace
}  // namespace quantloop::serve
