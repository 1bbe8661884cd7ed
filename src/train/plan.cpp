#include "train/plan.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.h"
#include "features/feature_set.h"

namespace quantloop::train {

std::string_view to_string(TrainingMode mode) {
  switch (mode) {
    case TrainingMode::hourly:
      return "hourly";
    case TrainingMode::full:
      return "full";
    case TrainingMode::incremental:
      return "incremental";
  }
  return "?";
}

TrainingMode parse_training_mode(std::string_view text) {
  if (text == "hourly") return TrainingMode::hourly;
  if (text == "full") return TrainingMode::full;
  if (text == "incremental") return TrainingMode::incremental;
  throw Error(fmt::format("unknown mode '{}' (expected hourly, full or incremental)", text));
}

std::optional<TrainingMode> scheduled_mode(const ScheduleConfig& schedule, int utc_hour) {
  if (utc_hour == schedule.full_hour_utc) return TrainingMode::full;
  if (utc_hour >= schedule.hourly_first_hour_utc && utc_hour <= schedule.hourly_last_hour_utc) {
    return TrainingMode::hourly;
  }
  return std::nullopt;
}

TrainingPlan plan_for(TrainingMode mode, const Config& config, UnixSeconds at) {
  const TrainingConfig& t = config.training;
  TrainingPlan plan;
  plan.mode = mode;
  plan.window_end = at;
  switch (mode) {
    case TrainingMode::hourly:
      plan.interval = Interval::parse(config.intervals.hourly);
      plan.window_start = at - t.hourly_window_days * kSecondsPerDay;
      plan.epochs = t.hourly_epochs;
      plan.warm_start = true;
      plan.early_stopping = false;  // a few epochs from a trained model: run them all
      plan.timeframe = config.intervals.hourly;
      break;
    case TrainingMode::full:
      plan.interval = Interval::parse(config.intervals.full);
      plan.window_start = at - range_seconds(t.full_range);
      plan.epochs = t.full_epochs;
      plan.warm_start = false;
      plan.early_stopping = true;
      plan.timeframe = t.full_range;
      break;
    case TrainingMode::incremental:
      plan.interval = Interval::parse(config.intervals.hourly);
      plan.window_start = at - t.hourly_window_days * kSecondsPerDay;  // per symbol: see the runner
      plan.epochs = t.incremental_epochs;
      plan.warm_start = true;
      plan.early_stopping = false;
      plan.timeframe = range_covering(at - plan.window_start);
      break;
  }
  return plan;
}

UnixSeconds history_before_window(Interval interval) {
  return std::max<UnixSeconds>(14 * kSecondsPerDay,
                               UnixSeconds(features::warm_up_bars()) * interval.seconds() * 4);
}

}  // namespace quantloop::train
