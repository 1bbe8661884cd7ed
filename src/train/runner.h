#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "store/store.h"
#include "train/plan.h"
#include "train/progress.h"
#include "train/symbol_training.h"

namespace quantloop::train {

struct RunRequest {
  TrainingMode mode = TrainingMode::full;
  UnixSeconds at = 0;                       // the run's clock (now, or --at)
  std::vector<std::string> symbols;         // empty: every configured symbol
  std::optional<models::ModelType> model;   // empty: training.model
  std::optional<int> epochs;                // overrides the mode's
  bool early_stopping = true;               // false: every epoch, as the seeds do
  int workers = 0;                          // 0: training.workers, else one per core
  std::optional<int> batch_size;            // GRU mini-batch
  std::optional<int> samples_per_sequence;  // GRU training in chunks (gru.samples_per_sequence)
  std::string gru_backend = "native";
};

struct RunResult {
  TrainingRun run;  // as recorded in training_runs
  TrainingPlan plan;
  std::vector<SymbolResult> symbols;
  std::vector<std::int64_t> abandoned;    // older runs found dead and marked failed
  std::filesystem::path evaluation_file;  // empty when it could not be written:
  std::string report_error;               // why
  double multiply_adds = 0;               // GRU arithmetic of the run, for throughput
};

// One training run: records it in training_runs (status "running", this process, heartbeats),
// trains the symbols in batches of training.batch_symbols on a pool of workers (each model on
// one core), records a model_metadata row (test-segment metrics) and a training_run_symbols
// row per symbol, finishes the run row with its status: success (every symbol), partial
// (some), failed (none), or interrupted (Ctrl-C: the finished symbols are kept, the rest are
// not started), and then writes evaluation_results.json under training.models_dir/<database
// id>/. Every trained model becomes a registry version (its artifact in the store; the naive
// baseline first, as version 0, for a new series). Warm starts continue only versions trained
// by the run's clock on bars before it. Throws Error only for
// problems of the run as a whole (no symbols, the database); each symbol's own failure, of any
// kind, is in its result.
RunResult run_training(Store& store, const Config& config, const RunRequest& request,
                       ProgressSink& progress);

// A run shared by several processes: the job queue fans a run out into one job per symbol
// and a last job that completes it, so that any number of workers on any host share it.
//
// start_shared_run records the run (status "running", of request's symbols) with no owning
// process (pid 0; `owner` says which job fanned it out): the queue's leases, not a process
// check, look after it.
TrainingRun start_shared_run(Store& store, const Config& config, const RunRequest& request,
                             const std::string& owner);
// Trains request.symbols into the shared run `run_id` (whose mode and clock the request must
// repeat) and records each outcome, skipping symbols the run has recorded already: a job run
// again after its first holder recorded its symbol trains nothing twice. Returns the outcomes
// this call recorded.
std::vector<SymbolResult> train_into_run(Store& store, const Config& config,
                                         const RunRequest& request, std::int64_t run_id,
                                         ProgressSink& progress);
// Completes a shared run once no job of it is left: records `unrecorded` (symbols whose job
// failed for good before recording anything) as failed, sets the run's status from its
// symbols' outcomes as run_training does, and writes the evaluation report. The result's
// symbols are read back from the store; `started` (when the run was fanned out) gives its
// duration. A run completed already is returned as it is.
RunResult complete_shared_run(Store& store, const Config& config, std::int64_t run_id,
                              const std::vector<RunSymbol>& unrecorded, UnixSeconds started);

}  // namespace quantloop::train
