// The registry's decisions on a real SQLite store, with models trained on a synthetic market
// whose predictability is known.
#include "registry/registry.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "core/error.h"
#include "registry/promotion_rule.h"
#include "registry_fixture.h"
#include "test_support.h"

namespace quantloop::registry {
namespace {

using namespace testing;
using quantloop::testing::TempDir;

std::optional<int> alias(Store& store, const std::string& name) {
  for (const auto& a : store.aliases("EURUSD", "1h")) {
    if (a.alias == name) return a.version;
  }
  return std::nullopt;
}

class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override { store = Store::open(dir.file("q.db")); }

  // Stores the market up to `until` and trains a version on it.
  int version_at(const BarSeries& bars, UnixSeconds until, const TrainSpec& spec = {}) {
    store_bars(*store, bars_until(bars, until));
    return train_and_register(*store, bars, until, spec);
  }

  TempDir dir;
  std::unique_ptr<Store> store;
  Config config;
};

TEST_F(RegistryTest, TheBaselineIsEverySeriesFirstChampion) {
  const BarSeries bars = market(0.3, 1);
  const UnixSeconds clock = bars.bars.back().time;
  const int version = version_at(bars, clock);
  EXPECT_EQ(version, 1);
  Registry registry(*store, config);
  const auto decision = registry.consider("EURUSD", "1h", version, clock, "run 1", 1);
  const auto history = store->alias_history("EURUSD", "1h");
  ASSERT_GE(history.size(), 1u);
  EXPECT_EQ(history[0].alias, "champion");
  EXPECT_EQ(history[0].old_version, -1);
  EXPECT_EQ(history[0].new_version, 0);
  EXPECT_EQ(history[0].actor, "run 1");
  EXPECT_EQ(decision.champion_version, 0);
  EXPECT_EQ(decision.challenger_version, 1);
  EXPECT_EQ(decision.run_id, 1);
  EXPECT_EQ(decision.metric, "log_loss");
  // The rows are the challenger's test rows after its selection: both models saw none of them.
  const auto versions = store->model_versions("EURUSD", "1h");
  const auto evidence = nlohmann::json::parse(decision.evidence);
  ASSERT_EQ(evidence["times"].size(), std::size_t(decision.rows));
  ASSERT_GE(decision.rows, 30);
  EXPECT_GT(*parse_timestamp(evidence["times"][0].get<std::string>()), versions[1].selection_end);
  EXPECT_EQ(store->promotion_decisions("EURUSD", "1h", 0).size(), 1u);
}

// The rows a decision is made on start where the model's test segment starts: selection_end
// (the bar the last validation target looked at) embargoes them from the selection rows just as
// the dataset's split does.
TEST_F(RegistryTest, PairedRowsBeginWhereTheTestSegmentBegins) {
  const BarSeries bars = market(0.3, 21, 50);
  const UnixSeconds clock = kMarketStart + 45 * kSecondsPerDay;
  const UnixSeconds trained_by = clock - 5 * kSecondsPerDay;
  store_bars(*store, bars_until(bars, clock));
  const int version = train_and_register(*store, bars, trained_by);
  const features::FeatureFrame frame = features::build_features(bars_until(bars, trained_by));
  const models::Dataset data = models::make_dataset(frame, 1, {});
  const auto decision = Registry(*store, config).consider("EURUSD", "1h", version, clock, "r", 1);
  const auto evidence = nlohmann::json::parse(decision.evidence);
  ASSERT_GT(evidence["times"].size(), 0u);
  EXPECT_EQ(*parse_timestamp(evidence["times"][0].get<std::string>()),
            frame.times[std::size_t(data.test.front())]);
}

// Stores `bars` through `until` with every bar opening at or after `from` moved 10 % against
// the direction the bar at `from` took: that bar closes the other way, the later ones follow.
void store_perturbed_from(Store& store, const BarSeries& bars, UnixSeconds from,
                          UnixSeconds until) {
  BarSeries out = bars_until(bars, until);
  std::size_t first = 0;
  while (out.bars[first].time < from)
    ++first;
  const double factor = out.bars[first].close > out.bars[first - 1].close ? 0.9 : 1.1;
  for (std::size_t i = first; i < out.bars.size(); ++i) {
    Bar& b = out.bars[i];
    b.open *= factor;
    b.high *= factor;
    b.low *= factor;
    b.close *= factor;
    b.adj_close *= factor;
  }
  store_bars(store, out);
}

// Nothing at or after the clock decides: the bar that opens at the clock is not complete then.
TEST_F(RegistryTest, ADecisionAndItsEvidenceIgnoreTheBarAtTheClockAndLater) {
  const BarSeries bars = market(0.3, 22, 50);
  const UnixSeconds clock = kMarketStart + 44 * kSecondsPerDay;  // a bar opens at the clock
  const UnixSeconds trained_by = clock - 6 * kSecondsPerDay;
  store_bars(*store, bars_until(bars, clock + 2 * kSecondsPerDay));
  TempDir other_dir;
  auto perturbed = Store::open(other_dir.file("q.db"));
  store_perturbed_from(*perturbed, bars, clock, clock + 2 * kSecondsPerDay);
  const int version = train_and_register(*store, bars, trained_by);
  ASSERT_EQ(train_and_register(*perturbed, bars, trained_by), version);
  const auto a = Registry(*store, config).consider("EURUSD", "1h", version, clock, "r", 1);
  const auto b = Registry(*perturbed, config).consider("EURUSD", "1h", version, clock, "r", 1);
  ASSERT_GT(a.rows, 0);
  EXPECT_EQ(a.decision, b.decision);
  EXPECT_EQ(a.rows, b.rows);
  EXPECT_EQ(a.challenger_value, b.challenger_value);
  EXPECT_EQ(a.champion_value, b.champion_value);
  EXPECT_EQ(a.pvalue, b.pvalue);
  EXPECT_EQ(a.evidence, b.evidence);
  // The last paired row's outcome is the bar before the clock's: complete at the clock.
  const auto evidence = nlohmann::json::parse(a.evidence);
  EXPECT_EQ(*parse_timestamp(evidence["times"].back().get<std::string>()),
            clock - 2 * kSecondsPerHour);
}

struct TrialCounts {
  int promoted = 0, kept = 0, deferred = 0;
};

// 100 seeded markets with the same known predictability (AR(1) shocks, phi 0.5: the sign of
// the last return says the next one's two times in three): a challenger trained on real or on
// permuted targets against the baseline champion, on about 150 fair rows each.
TrialCounts run_trials(bool permuted) {
  TrialCounts counts;
  Config config;
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    TempDir dir;
    auto store = Store::open(dir.file("q.db"));
    const BarSeries bars = market(0.5, seed, 80);
    const UnixSeconds clock = bars.bars.back().time;
    store_bars(*store, bars);
    TrainSpec spec;
    spec.permute_seed = permuted ? seed : 0;
    const int version = train_and_register(*store, bars, clock, spec);
    Registry registry(*store, config);
    const auto d = registry.consider("EURUSD", "1h", version, clock, "trial", 0);
    ++(d.decision == "promoted" ? counts.promoted
       : d.decision == "kept"   ? counts.kept
                                : counts.deferred);
  }
  return counts;
}

TEST(PromotionTrials, AChallengerTrainedOnPermutedTargetsIsRarelyPromoted) {
  const TrialCounts counts = run_trials(true);
  std::cout << "permuted targets: promoted " << counts.promoted << ", kept " << counts.kept
            << ", deferred " << counts.deferred << " of 100\n";
  EXPECT_EQ(counts.deferred, 0);
  EXPECT_LE(counts.promoted, 10);  // the test's size: p < 0.10
}

TEST(PromotionTrials, AChallengerWithRealSignalIsPromotedInMostTrials) {
  const TrialCounts counts = run_trials(false);
  std::cout << "real signal: promoted " << counts.promoted << ", kept " << counts.kept
            << ", deferred " << counts.deferred << " of 100\n";
  EXPECT_GE(counts.promoted, 70);
}

TEST_F(RegistryTest, TooFewRowsDeferAndTheChallengerIsJudgedWhenOutcomesArrive) {
  const BarSeries bars = market(0.3, 11, 50);
  const UnixSeconds clock = kMarketStart + 38 * kSecondsPerDay;
  TrainSpec few;
  few.test_fraction = 0.03;  // about 20 test rows, fewer than promotion.min_rows
  const int version = version_at(bars, clock, few);
  Registry registry(*store, config);
  const auto deferred = registry.consider("EURUSD", "1h", version, clock, "run 1", 1);
  EXPECT_EQ(deferred.decision, "deferred") << deferred.reason;
  EXPECT_LT(deferred.rows, 30);
  EXPECT_EQ(alias(*store, "challenger"), version);
  EXPECT_EQ(alias(*store, "champion"), 0);
  // Nothing new: the review says nothing.
  EXPECT_TRUE(registry.review(clock, "review").empty());
  // Three more days of bars: the challenger's rows grow past min_rows and it is judged.
  const UnixSeconds later = clock + 3 * kSecondsPerDay;
  store_bars(*store, bars_until(bars, later));
  const auto decisions = registry.review(later, "review");
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_NE(decisions[0].decision, "deferred");
  EXPECT_GE(decisions[0].rows, 30);
  EXPECT_EQ(decisions[0].actor, "review");
  EXPECT_FALSE(alias(*store, "challenger"));
  EXPECT_EQ(alias(*store, "champion"), decisions[0].decision == "promoted" ? version : 0);
}

TEST_F(RegistryTest, ANewerChallengerReplacesADeferredOne) {
  const BarSeries bars = market(0.3, 12, 50);
  const UnixSeconds clock = kMarketStart + 38 * kSecondsPerDay;
  TrainSpec few;
  few.test_fraction = 0.03;
  const int first = version_at(bars, clock, few);
  Registry registry(*store, config);
  registry.consider("EURUSD", "1h", first, clock, "run 1", 1);
  ASSERT_EQ(alias(*store, "challenger"), first);
  const int second = version_at(bars, clock + kSecondsPerHour, few);
  const auto d = registry.consider("EURUSD", "1h", second, clock + kSecondsPerHour, "run 2", 2);
  ASSERT_EQ(d.decision, "deferred") << d.reason;  // 3 % test rows: fewer than min_rows
  EXPECT_LT(d.rows, config.promotion.min_rows);
  EXPECT_EQ(alias(*store, "challenger"), second);
  const auto history = store->alias_history("EURUSD", "1h");
  EXPECT_EQ(history.back().alias, "challenger");
  EXPECT_EQ(history.back().old_version, first);
  EXPECT_EQ(history.back().new_version, second);
  EXPECT_EQ(history.back().actor, "run 2");
  // Once outcomes arrive, the review judges the newer challenger, never the one it replaced.
  store_bars(*store, bars_until(bars, clock + 3 * kSecondsPerDay));
  const auto reviewed = registry.review(clock + 3 * kSecondsPerDay, "review");
  ASSERT_EQ(reviewed.size(), 1u);
  EXPECT_EQ(reviewed[0].challenger_version, second);
}

// Predictions of the current and the previous champion on the same bars, with outcomes: the
// champion's `champion_right` and the previous one's 0.5.
void store_live_predictions(Store& store, const BarSeries& bars, UnixSeconds after, int count,
                            int champion, int previous, bool champion_right) {
  std::vector<PredictionRow> rows;
  for (std::size_t i = 0; i + 1 < bars.bars.size() && int(rows.size()) < 2 * count; ++i) {
    if (bars.bars[i].time <= after) continue;
    const bool up = bars.bars[i + 1].close > bars.bars[i].close;
    const double p = (up == champion_right) ? 0.8 : 0.2;
    rows.push_back({0, "EURUSD", "1h", champion, "champion", bars.bars[i].time, p, after, 0, -1});
    rows.push_back({0, "EURUSD", "1h", previous, "shadow", bars.bars[i].time, 0.5, after, 0, -1});
  }
  store.insert_predictions(rows);
}

TEST_F(RegistryTest, AChampionThatDoesWorseLiveIsRolledBackOnce) {
  const BarSeries bars = market(0.3, 13, 50);
  const UnixSeconds clock = kMarketStart + 38 * kSecondsPerDay;
  const int version = version_at(bars, clock);
  Registry registry(*store, config);
  registry.ensure_champion("EURUSD", "1h", clock, "run 1");
  registry.promote("EURUSD", "1h", version, clock, "user");
  ASSERT_EQ(alias(*store, "champion"), version);
  EXPECT_EQ(registry.previous_champion("EURUSD", "1h", clock), 0);
  store_bars(*store, bars);
  // 49 live predictions are not yet the rollback window.
  store_live_predictions(*store, bars, clock, 49, version, 0, false);
  EXPECT_TRUE(registry.review(clock + 3 * kSecondsPerDay, "review").empty());
  store_live_predictions(*store, bars, clock, 60, version, 0, false);
  // Judged once the window's outcomes are complete bars: the clock is past the weekend.
  const auto decisions = registry.review(clock + 6 * kSecondsPerDay, "review");
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].decision, "rolled_back");
  EXPECT_EQ(decisions[0].actor, "rollback check");
  EXPECT_EQ(decisions[0].rows, 50);
  EXPECT_LT(decisions[0].pvalue, 0.10);
  EXPECT_EQ(alias(*store, "champion"), 0);
  // The demoted champion is now the previous one; no automatic flip back.
  EXPECT_TRUE(registry.review(clock + 6 * kSecondsPerDay, "review").empty());
}

// A review replayed at an earlier clock judges on the outcomes known then, not on later ones.
TEST_F(RegistryTest, ARollbackCheckReadsOnlyOutcomesKnownAtItsClock) {
  const BarSeries bars = market(0.3, 23, 50);
  const UnixSeconds clock = kMarketStart + 38 * kSecondsPerDay;
  const int version = version_at(bars, clock);
  Registry registry(*store, config);
  registry.ensure_champion("EURUSD", "1h", clock, "run 1");
  registry.promote("EURUSD", "1h", version, clock, "user");
  store_bars(*store, bars);
  // 60 bad live predictions over the 60 hours after the clock, all resolved by now.
  store_live_predictions(*store, bars, clock, 60, version, 0, false);
  // A day after the clock fewer than the rollback window of 50 were resolved: no verdict yet.
  EXPECT_TRUE(registry.review(clock + kSecondsPerDay, "review").empty());
  EXPECT_EQ(alias(*store, "champion"), version);
  const auto decisions = registry.review(clock + 6 * kSecondsPerDay, "review");
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].decision, "rolled_back");
}

TEST_F(RegistryTest, AChampionThatDoesWellLiveStays) {
  const BarSeries bars = market(0.3, 14, 50);
  const UnixSeconds clock = kMarketStart + 38 * kSecondsPerDay;
  const int version = version_at(bars, clock);
  Registry registry(*store, config);
  registry.ensure_champion("EURUSD", "1h", clock, "run 1");
  registry.promote("EURUSD", "1h", version, clock, "user");
  store_bars(*store, bars);
  store_live_predictions(*store, bars, clock, 60, version, 0, true);
  EXPECT_TRUE(registry.review(clock + 6 * kSecondsPerDay, "review").empty());
  EXPECT_EQ(alias(*store, "champion"), version);
}

TEST_F(RegistryTest, ManualPromotionsAndRollbacksAreRecordedLikeAutomaticOnes) {
  const BarSeries bars = market(0.0, 15);
  const UnixSeconds clock = bars.bars.back().time;
  const int v1 = version_at(bars, clock - kSecondsPerDay);
  const int v2 = version_at(bars, clock);
  Registry registry(*store, config);
  EXPECT_THROW(registry.promote("EURUSD", "1h", std::nullopt, clock, "user"),
               Error);  // no champion
  registry.ensure_champion("EURUSD", "1h", clock, "run 1");
  try {
    registry.rollback("EURUSD", "1h", std::nullopt, clock, "user");
    FAIL() << "rolled back with one champion only";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("nothing to roll back to"), std::string::npos);
  }
  const auto promoted = registry.promote("EURUSD", "1h", std::nullopt, clock, "user");
  EXPECT_EQ(promoted.challenger_version, v2);  // the newest by default
  EXPECT_EQ(promoted.decision, "promoted");
  EXPECT_EQ(promoted.metric, "manual");
  EXPECT_NE(promoted.reason.find("promoted by user (the rule would have"), std::string::npos)
      << promoted.reason;
  EXPECT_GT(promoted.rows, 0);
  EXPECT_EQ(alias(*store, "champion"), v2);
  registry.promote("EURUSD", "1h", v1, clock + 60, "user");
  const auto back = registry.rollback("EURUSD", "1h", std::nullopt, clock + 120, "user");
  EXPECT_EQ(back.decision, "rolled_back");
  EXPECT_EQ(alias(*store, "champion"), v2);
  EXPECT_THROW(registry.promote("EURUSD", "1h", v2, clock, "user"), Error);  // already
  EXPECT_THROW(registry.promote("EURUSD", "1h", 99, clock, "user"), Error);
  const auto history = store->alias_history("EURUSD", "1h");
  ASSERT_EQ(history.size(), 4u);
  EXPECT_EQ(history.back().old_version, v1);
  EXPECT_EQ(history.back().new_version, v2);
  EXPECT_EQ(history.back().actor, "user");
  EXPECT_EQ(store->alias_at("EURUSD", "1h", "champion", clock + 90), v1);
}

TEST_F(RegistryTest, GcKeepsWhatProductionNeedsAndArchivesTheRest) {
  const BarSeries bars = market(0.0, 16);
  const UnixSeconds clock = bars.bars.back().time;
  for (int i = 5; i >= 0; --i)
    version_at(bars, clock - i * kSecondsPerDay);  // versions 1..6
  config.registry.keep_versions = 2;
  config.registry.retention_days = 0;
  Registry registry(*store, config);
  registry.ensure_champion("EURUSD", "1h", clock, "run");
  registry.promote("EURUSD", "1h", 2, clock, "user");
  registry.promote("EURUSD", "1h", 3, clock + 1, "user");
  const auto plan = registry.gc(clock + kSecondsPerDay, true);
  std::vector<int> archived;
  for (const auto& entry : plan) {
    if (entry.archive) archived.push_back(entry.version);
  }
  EXPECT_EQ(archived, (std::vector<int>{1, 4}));
  for (const auto& v : store->model_versions("EURUSD", "1h"))
    EXPECT_EQ(v.status, "active") << "a dry run archived version " << v.version;
  registry.gc(clock + kSecondsPerDay, false);
  for (const auto& v : store->model_versions("EURUSD", "1h")) {
    const bool gone = v.version == 1 || v.version == 4;
    EXPECT_EQ(v.status, gone ? "archived" : "active") << v.version;
  }
  EXPECT_THROW(registry.promote("EURUSD", "1h", 1, clock + 2, "user"), Error);
  // Within a retention window every version that was champion is kept.
  config.registry.retention_days = 90;
  Registry keeping(*store, config);
  for (const auto& entry : keeping.gc(clock + kSecondsPerDay, true))
    EXPECT_FALSE(entry.archive) << entry.version;
}

// A process killed at any moment while promoting leaves the champion on a complete model.
TEST_F(RegistryTest, AKillDuringPromotionLeavesTheAliasOnACompleteModel) {
  const BarSeries bars = market(0.0, 17);
  const UnixSeconds clock = bars.bars.back().time;
  const int v1 = version_at(bars, clock - kSecondsPerDay);
  const int v2 = version_at(bars, clock);
  Registry(*store, config).ensure_champion("EURUSD", "1h", clock, "run");
  const std::string path = dir.file("q.db");
  for (int round = 0; round < 6; ++round) {
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      auto own = Store::open(path);
      Registry registry(*own, config);
      for (int i = 0;; ++i) {
        try {
          registry.promote("EURUSD", "1h", i % 2 ? v1 : v2, clock + round * 100000 + i, "user");
        } catch (const Error&) {
        }
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(30 + 37 * round));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status));
    auto after = Store::open(path);
    const auto champion = alias(*after, "champion");
    ASSERT_TRUE(champion);
    const auto stored = after->model_version("EURUSD", "1h", *champion);  // checksum checked
    ASSERT_TRUE(stored);
    EXPECT_NO_THROW(models::unpack_model(stored->artifact, features::feature_names(), "test"));
    // The history ends where the alias is: no change half written.
    const auto history = after->alias_history("EURUSD", "1h");
    int last = -1;
    for (const auto& h : history) {
      if (h.alias == "champion") last = h.new_version;
    }
    EXPECT_EQ(last, *champion);
  }
}

}  // namespace
}  // namespace quantloop::registry
