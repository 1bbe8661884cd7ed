#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/interval.h"
#include "core/time.h"

namespace quantloop::train {

enum class TrainingMode { hourly, full, incremental };
std::string_view to_string(TrainingMode mode);
TrainingMode parse_training_mode(std::string_view text);  // throws Error

// The mode the configured schedule runs at a UTC hour: hourly from hourly_first_hour_utc to
// hourly_last_hour_utc, full at full_hour_utc (which wins if both match), nothing otherwise.
std::optional<TrainingMode> scheduled_mode(const ScheduleConfig& schedule, int utc_hour);

// What a run of a mode trains on, decided from the configuration and the clock:
//  hourly       intervals.hourly bars of the last training.hourly_window_days, hourly_epochs,
//               warm start from the symbol's latest model of that interval when compatible;
//  full         intervals.full bars of the last training.full_range, full_epochs from scratch
//               with early stopping (unless disabled);
//  incremental  intervals.hourly bars since the symbol's latest model's data end, plus
//               training.incremental_replay_days before it so the model does not forget,
//               incremental_epochs, warm start (from scratch over the hourly window when the
//               symbol has no model yet).
struct TrainingPlan {
  TrainingMode mode = TrainingMode::full;
  Interval interval = Interval::day();
  UnixSeconds window_start = 0;  // first bar trained on (earlier bars only feed the features)
  UnixSeconds window_end = 0;    // the run's clock: nothing after it is used
  int epochs = 0;
  bool warm_start = false;
  bool early_stopping = true;
  std::string timeframe;  // the seeds' label: '1h' for hourly, the range ('2y') for full
};

TrainingPlan plan_for(TrainingMode mode, const Config& config, UnixSeconds at);

// Seconds of bars to read before window_start so that the first row of the window has the
// full history every feature needs (weekends and nights included).
UnixSeconds history_before_window(Interval interval);

}  // namespace quantloop::train
