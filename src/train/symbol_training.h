#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "core/bar.h"
#include "models/model_directory.h"
#include "store/registry_store.h"
#include "train/plan.h"

namespace quantloop::train {

// One symbol's work in a run, prepared by the runner (which alone talks to the store).
struct SymbolJob {
  std::string symbol;
  BarSeries bars;                         // from window_start - history_before_window to window_end
  UnixSeconds window_start = 0;           // this symbol's (incremental windows differ per symbol)
  std::optional<StoredModel> warm_start;  // the version to continue, if the plan wants one
};

struct SymbolResult {
  std::string symbol;
  std::string status;  // success | failed | interrupted
  std::string error;
  std::string artifact;           // the trained model, packed for the registry (success only)
  models::ModelRecord record;     // record.test: the test segment's metrics
  std::string baseline_artifact;  // the naive model of the same training rows (version 0's)
  models::ModelRecord baseline_record;
  int parent_version = -1;       // the registry version training continued, if any
  std::string model_path;        // its registry reference, once the runner registered it
  int version = 0;               // its version, likewise
  models::TrainOutcome outcome;  // outcome.validation: the segment that chose the epoch
  double edge_pvalue = 1;        // one-sided exact McNemar test against the baseline (test rows)
  std::int64_t rows = 0;         // feature rows in the window
  double seconds = 0;
  std::string warm_start_note;  // why a wanted warm start did not happen, if it did not
};

struct TrainingSettings {
  models::ModelType model = models::ModelType::gru;
  models::ModelSettings model_settings;
  int patience = 10;
  models::SplitFractions split;
  std::uint64_t seed = 20261122;
  std::string config_hash;
  std::int64_t run_id = 0;
};

// Builds the features of the window, trains a model (continuing the warm-start model when it
// is compatible: same features, type and settings; else from scratch, saying why), evaluates it
// on the test segment's rows that no warm-start parent saw either, and packs it, with the naive
// baseline of the same training rows, for the registry. Never throws: any failure of the
// symbol's own (too little data, a diverging loss, a LibTorch error) is a failed result with
// the reason; Ctrl-C is status "interrupted".
SymbolResult train_symbol(const SymbolJob& job, const TrainingPlan& plan,
                          const TrainingSettings& settings,
                          const std::function<void(const models::EpochProgress&)>& on_epoch,
                          UnixSeconds now);

}  // namespace quantloop::train
