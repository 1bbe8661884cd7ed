#include "registry/predictor.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "registry/registry.h"
#include "registry_fixture.h"
#include "test_support.h"

namespace quantloop::registry {
namespace {

using namespace testing;
using quantloop::testing::TempDir;

class PredictorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store = Store::open(dir.file("q.db"));
    bars = market(0.3, 21, 50);
    clock = kMarketStart + 38 * kSecondsPerDay;  // a Thursday, 00:00
    store_bars(*store, bars_until(bars, clock));
    version = train_and_register(*store, bars, clock);
    Registry registry(*store, config);
    registry.ensure_champion("EURUSD", "1h", clock, "run 1");
    registry.promote("EURUSD", "1h", version, clock + 600, "user");
  }

  // The last bar at or before t.
  UnixSeconds bar_before(UnixSeconds t) const {
    UnixSeconds last = 0;
    for (const Bar& b : bars.bars) {
      if (b.time <= t) last = b.time;
    }
    return last;
  }

  TempDir dir;
  std::unique_ptr<Store> store;
  Config config;
  BarSeries bars;
  UnixSeconds clock = 0;
  int version = 0;
};

TEST_F(PredictorTest, TheChampionPredictsTheBarAfterTheLastCompleteBar) {
  Predictor predictor(*store, config);
  const UnixSeconds at = clock + 1800;  // the bar that opened at `clock` is not complete
  const auto predictions = predictor.predict("EURUSD", "", at, false);
  ASSERT_EQ(predictions.size(), 1u);
  const Prediction& p = predictions[0];
  EXPECT_EQ(p.symbol, "EURUSD");
  EXPECT_EQ(p.interval, "1h");
  EXPECT_EQ(p.as_of, bar_before(clock - 3600));
  EXPECT_EQ(p.model_version, version);
  EXPECT_EQ(p.model_type, "linear");
  EXPECT_EQ(p.trained_at, clock);
  EXPECT_GT(p.prob_up, 0.0);
  EXPECT_LT(p.prob_up, 1.0);
  EXPECT_EQ(p.direction, p.prob_up > 0.5 ? "up" : "down");
  EXPECT_NEAR(p.confidence, std::abs(2 * p.prob_up - 1), 1e-15);
  EXPECT_FALSE(p.stale);
  const auto json = to_json(p);
  for (const char* field : {"symbol", "interval", "as_of", "prob_up", "direction", "confidence",
                            "model_version", "model_type", "trained_at", "stale"}) {
    EXPECT_TRUE(json.contains(field)) << field;
  }
  // An hourly model 16 hours old is older than the schedule (09-19 UTC hourly) allows.
  EXPECT_EQ(allowed_model_age(config, "1h"), 15 * kSecondsPerHour);
  EXPECT_TRUE(predictor.predict("EURUSD", "1h", clock + 16 * kSecondsPerHour, false)[0].stale);
  EXPECT_EQ(allowed_model_age(config, "1d"), 25 * kSecondsPerHour);
}

TEST_F(PredictorTest, NothingReadsPastTheClock) {
  Predictor predictor(*store, config);
  // At clock + 700 s the bar that opened at `clock` is still forming: the prediction is from
  // the bar before it.
  const UnixSeconds at = clock + 700;
  const auto before = predictor.predict("EURUSD", "1h", at, false);
  EXPECT_EQ(before[0].as_of, clock - kSecondsPerHour);
  // Rewrite the future: the forming bar and every later one change wildly.
  BarSeries future{"EURUSD", AssetType::forex, Interval::hour(), {}};
  for (const Bar& b : bars.bars) {
    if (b.time < clock) continue;
    Bar changed = b;
    changed.close *= 1.5;
    changed.high = changed.close * 1.1;
    changed.volume *= 7;
    future.bars.push_back(changed);
  }
  store_bars(*store, future);
  Predictor fresh(*store, config);
  const auto after = fresh.predict("EURUSD", "1h", at, false);
  EXPECT_EQ(after[0].as_of, before[0].as_of);
  EXPECT_EQ(after[0].prob_up, before[0].prob_up);
  EXPECT_NE(fresh.predict("EURUSD", "1h", clock + 2 * kSecondsPerHour, false)[0].prob_up,
            before[0].prob_up);
  // Before the promotion at clock + 600 s the champion was version 0.
  EXPECT_EQ(fresh.predict("EURUSD", "1h", clock + 300, false)[0].model_version, 0);
  EXPECT_EQ(fresh.predict("EURUSD", "1h", clock + 600, false)[0].model_version, version);
}

TEST_F(PredictorTest, RecordsTheChampionAndItsShadowsWithOutcomesWhenTheNextBarArrives) {
  Predictor predictor(*store, config);
  const UnixSeconds at = clock + kSecondsPerHour;  // the bar at `clock` is complete
  predictor.predict("EURUSD", "1h", at, true);
  predictor.predict("EURUSD", "1h", at, true);  // once per model and bar
  const auto rows = store->predictions("EURUSD", "1h", -1, 0, false);
  ASSERT_EQ(rows.size(), 2u);  // the champion and the one it replaced (version 0), in shadow
  EXPECT_EQ(rows[0].model_version, version);
  EXPECT_EQ(rows[0].role, "champion");
  EXPECT_EQ(rows[1].model_version, 0);
  EXPECT_EQ(rows[1].role, "shadow");
  EXPECT_EQ(rows[0].as_of, clock);
  EXPECT_EQ(rows[0].outcome, -1);
  // The next bar arrives: the outcome is whether it closed above the bar predicted from.
  store_bars(*store, bars_until(bars, clock + 3 * kSecondsPerHour));
  const auto resolved = store->predictions("EURUSD", "1h", version, 0, true);
  ASSERT_EQ(resolved.size(), 1u);
  double close_then = 0, close_next = 0;
  for (std::size_t i = 0; i + 1 < bars.bars.size(); ++i) {
    if (bars.bars[i].time == clock) {
      close_then = bars.bars[i].close;
      close_next = bars.bars[i + 1].close;
      EXPECT_EQ(resolved[0].target, bars.bars[i + 1].time);
    }
  }
  EXPECT_EQ(resolved[0].outcome, close_next > close_then ? 1 : 0);
}

TEST_F(PredictorTest, ASymbolWithoutAChampionIsAnErrorNamingIt) {
  Predictor predictor(*store, config);
  try {
    predictor.predict("NOPE", "", clock, false);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("NOPE has no champion"), std::string::npos) << e.what();
  }
  EXPECT_THROW(predictor.predict("EURUSD", "1h", kMarketStart - kSecondsPerDay, false), Error);
  EXPECT_EQ(predictor.series().size(), 1u);
}

}  // namespace
}  // namespace quantloop::registry
