#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/time.h"
#include "pairs/pair_classifier.h"
#include "store/store.h"

namespace quantloop::pairs {

struct PairTrainingRequest {
  UnixSeconds as_of = 0;    // the run's clock: the latest scan at or before it, bars before it
  int lookback_days = 730;  // of bars each pair's GRU trains, validates and tests on
  PairClassifierOptions classifier;
  unsigned threads = 0;  // pairs trained at once; 0: one per core
  // Called on the calling thread as each pair finishes (done of total).
  std::function<void(const std::string& pair, std::size_t done, std::size_t total)> on_pair;
};

struct PairTrainingResult {
  std::int64_t run_id = 0;                                  // 0: no pair to train, nothing recorded
  PairScan scan;                                            // the scan whose pairs were trained
  std::vector<PairModelPerformance> trained;                // as recorded (ids set)
  std::vector<std::pair<std::string, std::string>> failed;  // Y/X, why
  std::string status;  // success | partial | failed | interrupted
};

// `pairs train` (seed 004 decision 7: every pair that passed the correlation gate): trains a GRU
// per pair of the latest scan at or before the clock (train_pair_classifier) on the interval's
// bars of the lookback before the clock, as one training run (training_runs, mode 'pairs', one
// training_run_symbols row per pair), records each model (model_performance,
// pair_classifiers) and then updates the rankings and trends (performance_history.h). A pair
// whose bars are too few fails alone. Throws Error when no scan is recorded by the clock.
PairTrainingResult run_pair_training(Store& store, const PairTrainingRequest& request);

}  // namespace quantloop::pairs
