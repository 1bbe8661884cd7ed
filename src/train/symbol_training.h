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
  BarSeries bars;                // from window_start - history_before_window to window_end
  UnixSeconds window_start = 0;  // this symbol's (incremental windows differ per symbol)
  std::optional<std::filesystem::path>
      warm_start;  // the latest compatible model, if the plan wants one
};

struct SymbolResult {
  std::string symbol;
  std::string status;  // success | failed | interrupted
  std::string error;
  std::filesystem::path model_path;  // the saved model (success only)
  models::ModelRecord record;        // record.test: the test segment's metrics
  models::TrainOutcome outcome;      // outcome.validation: the segment that chose the epoch
  double edge_pvalue = 1;  // one-sided exact McNemar test against the baseline (test rows)
  std::int64_t rows = 0;   // feature rows in the window
  double seconds = 0;
  std::string warm_start_note;  // why a wanted warm start did not happen, if it did not
};

struct TrainingSettings {
  models::ModelType model = models::ModelType::gru;
  models::ModelSettings model_settings;
  int patience = 10;
  models::SplitFractions split;
  std::uint64_t seed = 20261122;
  std::filesystem::path models_dir;
  std::string config_hash;
  std::int64_t run_id = 0;
};

// Builds the features of the window, trains a model (continuing the warm-start model when it
// is compatible: same features, type and settings; else from scratch, saying why), evaluates it
// on the test segment's rows that no warm-start parent saw either, and saves it under
// models_dir/<symbol>/<interval>/. Never throws: any failure of the symbol's own (too little
// data, a diverging loss, a directory that cannot be written, a LibTorch error) is a failed
// result with the reason; Ctrl-C is status "interrupted".
SymbolResult train_symbol(const SymbolJob& job, const TrainingPlan& plan,
                          const TrainingSettings& settings,
                          const std::function<void(const models::EpochProgress&)>& on_epoch,
                          UnixSeconds now);

}  // namespace quantloop::train
