#include "train/plan.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace quantloop::train {
namespace {

UnixSeconds at(const char* text) {
  return *parse_timestamp(text);
}

TEST(Schedule, TheSeedsDayIsHourlyFromNineToNineteenAndFullAtTwenty) {
  const ScheduleConfig schedule;
  EXPECT_EQ(scheduled_mode(schedule, 14), TrainingMode::hourly);
  EXPECT_EQ(scheduled_mode(schedule, 9), TrainingMode::hourly);
  EXPECT_EQ(scheduled_mode(schedule, 19), TrainingMode::hourly);
  EXPECT_EQ(scheduled_mode(schedule, 20), TrainingMode::full);
  EXPECT_EQ(scheduled_mode(schedule, 8), std::nullopt);
  EXPECT_EQ(scheduled_mode(schedule, 21), std::nullopt);
  EXPECT_EQ(scheduled_mode(schedule, 3), std::nullopt);
}

TEST(Schedule, FullWinsWhereBothWouldRun) {
  ScheduleConfig schedule;
  schedule.full_hour_utc = 12;
  EXPECT_EQ(scheduled_mode(schedule, 12), TrainingMode::full);
  EXPECT_EQ(scheduled_mode(schedule, 11), TrainingMode::hourly);
}

TEST(Plan, HourlyIsTheRecentWindowOfHourlyBarsWarmStarted) {
  Config config;
  const UnixSeconds clock = at("2026-11-20T14:00:00Z");
  const TrainingPlan plan = plan_for(TrainingMode::hourly, config, clock);
  EXPECT_EQ(plan.interval, Interval::hour());
  EXPECT_EQ(plan.window_end, clock);
  EXPECT_EQ(plan.window_start, clock - 30 * kSecondsPerDay);
  EXPECT_EQ(plan.epochs, 5);
  EXPECT_TRUE(plan.warm_start);
  EXPECT_EQ(plan.timeframe, "1h");
}

TEST(Plan, FullIsTwoYearsOfDailyBarsFromScratchWithEarlyStopping) {
  Config config;
  const UnixSeconds clock = at("2026-11-20T20:00:00Z");
  const TrainingPlan plan = plan_for(TrainingMode::full, config, clock);
  EXPECT_EQ(plan.interval, Interval::day());
  EXPECT_NEAR(double(clock - plan.window_start), 2 * 365.25 * kSecondsPerDay, 2 * kSecondsPerDay);
  EXPECT_EQ(plan.epochs, 100);
  EXPECT_FALSE(plan.warm_start);
  EXPECT_TRUE(plan.early_stopping);
  EXPECT_EQ(plan.timeframe, "2y");
}

TEST(Plan, IncrementalFollowsTheConfiguration) {
  Config config;
  config.training.incremental_epochs = 7;
  config.intervals.hourly = "30m";
  const TrainingPlan plan = plan_for(TrainingMode::incremental, config, at("2026-11-20T18:00:00Z"));
  EXPECT_EQ(plan.interval, Interval::parse("30m"));
  EXPECT_EQ(plan.epochs, 7);
  EXPECT_TRUE(plan.warm_start);
  EXPECT_FALSE(plan.early_stopping);
}

TEST(Plan, HistoryBeforeTheWindowCoversTheFeatureWarmUp) {
  // 49 warm-up rows of daily bars span more than 49 calendar days once weekends are counted.
  EXPECT_GE(history_before_window(Interval::day()), 49 * 7 / 5 * kSecondsPerDay);
  EXPECT_GE(history_before_window(Interval::hour()), 14 * kSecondsPerDay);
}

TEST(Plan, AnUnknownModeIsNamed) {
  EXPECT_EQ(parse_training_mode("full"), TrainingMode::full);
  try {
    parse_training_mode("weekly");
    FAIL() << "accepted 'weekly'";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'weekly'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace quantloop::train
