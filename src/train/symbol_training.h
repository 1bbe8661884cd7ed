#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "core/bar.h"
#include "models/model_directory.h"
#include "train/plan.h"

namespace quantloop::train {

// One symbol's work in a run, prepared by the runner (which alone talks to the store).
struct SymbolJob {
  std::string symbol;
  BarSeries bars;                 // from window_start - history_before_window to window_end
  UnixSeconds window_start = 0;   // this symbol's (incremental windows differ per symbol)
  std::optional<std::filesystem::path> warm_start;  // the latest compatible model, if the plan wants one
};

struct SymbolResult {
  std::string symbol;
  std::string status;  // success | failed | interrupted
  std::string error;
  std::filesystem::path model_path;  // the saved model (success only)
  models::ModelRecord record;
  models::TrainOutcome outcome;
  std::int64_t rows = 0;  // feature rows in the window
  double seconds = 0;
  std::string warm_start_note;  // why a wanted warm start did not happen, if it did not
};

struct TrainingSettings {
  models::ModelType model = models::ModelType::gru;
  models::ModelSettings model_settings;
  int patience = 10;
  double validation_fraction = 0.2;
  std::uint64_t seed = 20261122;
  std::filesystem::path models_dir;
  std::string config_hash;
  std::int64_t run_id = 0;
};

// Builds the features of the window, trains a model (continuing the warm-start model when it
// is compatible: same features, type and settings; else from scratch, saying why), and saves it
// under models_dir/<symbol>/<interval>/. Never throws for a problem of the symbol's own (too
// little data, a diverging loss): that is a failed result with the reason. Interrupted
// propagates as status "interrupted".
SymbolResult train_symbol(const SymbolJob& job, const TrainingPlan& plan, const TrainingSettings& settings,
                          const std::function<void(const models::EpochProgress&)>& on_epoch, UnixSeconds now);

}  // namespace quantloop::train
