#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.h"
#include "store/result_table.h"
#include "store/store_slice.h"

namespace quantloop {

// Which training runs a page shows: empty or 0 fields do not filter.
struct RunFilter {
  std::string mode, status;
  UnixSeconds from = 0, to = 0;  // run_date within [from, to]
  std::int64_t before_id = 0;    // ids below this: the next page
  int limit = 50;
};

// One row of training_runs: a run of the training system over many symbols.
struct TrainingRun {
  std::int64_t id = 0;  // assigned by the store
  UnixSeconds run_date = 0;
  std::string mode;       // hourly | full | incremental
  std::string timeframe;  // '1h', '2y', ...
  int hour = 0;           // UTC hour of run_date
  int symbols_count = 0;
  std::int64_t rows_processed = 0;
  std::string status;  // running | success | partial | failed | interrupted
  double duration_seconds = 0;
  std::string error;
  std::int64_t pid = 0;       // the process running it
  std::string host;           // and its host
  UnixSeconds heartbeat = 0;  // last sign of life while running
  std::string interval;       // bars trained on
};

// One row of model_metadata: one trained model of one symbol. accuracy, loss, f1 and
// baseline_accuracy are the test segment's: rows that neither trained the model nor chose it.
struct ModelMetadata {
  std::int64_t id = 0;  // assigned by the store
  std::string symbol;
  std::string model_type;  // gru | gbdt | linear
  UnixSeconds training_date = 0;
  double accuracy = 0;
  double loss = 0;
  int epochs = 0;
  std::string model_path;
  std::string timeframe;
  std::string training_mode;
  int hour = 0;
  // Beyond the seeds' columns.
  std::int64_t run_id = 0;
  double f1 = 0;
  double baseline_accuracy = 0;  // always predicting the training set's majority class
  std::int64_t validation_rows = 0;
  UnixSeconds data_start = 0;
  UnixSeconds data_end = 0;
  double duration_seconds = 0;
  int best_epoch = 0;
  std::string config_hash;
  std::string interval;
  std::string warm_started_from;  // model_path of the model training continued from, if any
  std::int64_t test_rows = 0;
  double validation_accuracy = 0;  // the segment that chose the epoch
  double validation_loss = 0;
  double edge_pvalue = 1;         // one-sided exact McNemar test against the baseline
  UnixSeconds selection_end = 0;  // last bar seen by any row that trained or chose it
};

// One symbol's outcome in a training run (training_run_symbols).
struct RunSymbol {
  std::int64_t run_id = 0;
  std::string symbol;
  std::string status;  // success | failed | interrupted
  std::string error;
  std::int64_t model_id = 0;  // 0 when no model was kept
  std::int64_t rows = 0;
  int epochs = 0;
  double duration_seconds = 0;
};

// A run's symbol outcome with the test and validation figures of the model it kept (the
// model_metadata row; default values when none was kept) and its registry version.
struct RunSymbolOutcome {
  RunSymbol outcome;
  ModelMetadata model;
  int version = 0;
};

// training_runs, model_metadata and training_run_symbols: what every training run records, and the
// seeds' monitoring queries over them. One slice of the Store (store.h): a layer that needs only
// these takes a RunStore&.
class RunStore : public virtual StoreSlice {
 public:
  virtual std::int64_t insert_training_run(const TrainingRun& run) = 0;
  // Rewrites the row with run.id.
  virtual void update_training_run(const TrainingRun& run) = 0;
  virtual std::vector<TrainingRun> training_runs_with_status(std::string_view status) = 0;
  virtual std::int64_t insert_model_metadata(const ModelMetadata& model) = 0;
  virtual void insert_run_symbol(const RunSymbol& outcome) = 0;
  // One run (nullopt when there is none); the symbol outcomes it recorded, in recording order.
  virtual std::optional<TrainingRun> training_run(std::int64_t id) = 0;
  virtual std::vector<RunSymbolOutcome> run_symbols(std::int64_t run_id) = 0;
  // The seeds' monitoring queries (seed 001's query_training_data.py).
  virtual ResultTable recent_runs(int limit) = 0;
  // A page of training runs, newest first, as recent_runs' columns plus interval; and how many
  // runs the filter matches in all (for the dashboard's runs page).
  virtual ResultTable find_runs(const RunFilter& filter) = 0;
  virtual std::int64_t count_runs(const RunFilter& filter) = 0;
  virtual ResultTable model_performance() = 0;
  virtual ResultTable runs_by_hour() = 0;
};

}  // namespace quantloop
