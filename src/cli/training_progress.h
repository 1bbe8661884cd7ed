#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "train/progress.h"

namespace quantloop::cli {

// Shows a training run on stderr. On a terminal: one status line redrawn in place (symbols
// done, and each active symbol's epoch and validation loss), with a permanent line per finished
// symbol. Otherwise: a log line per finished symbol (and per epoch with --verbose).
class TrainingProgress final : public train::ProgressSink {
 public:
  explicit TrainingProgress(bool quiet);
  void run_started(const TrainingRun& run, int symbols, int workers) override;
  void symbol_started(const std::string& symbol) override;
  void epoch_finished(const std::string& symbol, const models::EpochProgress& epoch) override;
  void symbol_finished(const train::SymbolResult& result) override;
  void run_finished(const train::RunResult& result) override;

 private:
  void redraw();  // with mutex_ held
  void clear_line();

  bool terminal_;
  bool quiet_;
  std::mutex mutex_;
  int total_ = 0;
  int done_ = 0;
  std::map<std::string, models::EpochProgress> active_;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace quantloop::cli
