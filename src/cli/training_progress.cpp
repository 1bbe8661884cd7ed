#include "cli/training_progress.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>

#include "train/runner.h"

namespace quantloop::cli {

TrainingProgress::TrainingProgress(bool quiet)
    : terminal_(isatty(STDERR_FILENO) != 0), quiet_(quiet) {}

void TrainingProgress::run_started(const TrainingRun& run, int symbols, int workers) {
  std::lock_guard lock(mutex_);
  total_ = symbols;
  if (!quiet_) {
    spdlog::info("training run {}: {} mode on {} bars, {} symbols, {} workers", run.id, run.mode,
                 run.interval, symbols, workers);
  }
}

void TrainingProgress::symbol_started(const std::string& symbol) {
  std::lock_guard lock(mutex_);
  active_[symbol] = {};
  redraw();
}

void TrainingProgress::epoch_finished(const std::string& symbol,
                                      const models::EpochProgress& epoch) {
  std::lock_guard lock(mutex_);
  active_[symbol] = epoch;
  if (!terminal_) {
    spdlog::debug("{}: epoch {}/{} train loss {:.4f} validation loss {:.4f} accuracy {:.3f}",
                  symbol, epoch.epoch, epoch.epochs, epoch.train_loss, epoch.validation_loss,
                  epoch.validation_accuracy);
    return;
  }
  if (std::chrono::steady_clock::now() - last_draw_ > std::chrono::milliseconds(100)) redraw();
}

void TrainingProgress::symbol_finished(const train::SymbolResult& result) {
  std::lock_guard lock(mutex_);
  active_.erase(result.symbol);
  ++done_;
  clear_line();
  if (result.status == "success") {
    const auto& v = result.outcome.validation;
    if (!quiet_) {
      spdlog::info(
          "[{}/{}] {}: accuracy {:.3f} (baseline {:.3f}), loss {:.4f}, best epoch {} of {}, {:.1f} "
          "s{}",
          done_, total_, result.symbol, v.accuracy, v.baseline_accuracy, v.loss,
          result.outcome.best_epoch, result.outcome.epochs_run, result.seconds,
          result.record.warm_started_from.empty() ? "" : ", warm start");
    }
    if (!result.warm_start_note.empty())
      spdlog::warn("{}: trained from scratch: {}", result.symbol, result.warm_start_note);
  } else {
    spdlog::error("[{}/{}] {}: {}", done_, total_, result.symbol, result.error);
  }
  redraw();
}

void TrainingProgress::run_finished(const train::RunResult&) {
  std::lock_guard lock(mutex_);
  clear_line();
}

void TrainingProgress::clear_line() {
  if (terminal_) std::fputs("\r\033[K", stderr);
}

void TrainingProgress::redraw() {
  if (!terminal_ || quiet_) return;
  last_draw_ = std::chrono::steady_clock::now();
  std::string line = fmt::format("[{}/{}]", done_, total_);
  for (const auto& [symbol, epoch] : active_) {
    line += epoch.epoch == 0 ? fmt::format("  {} starting", symbol)
                             : fmt::format("  {} epoch {}/{} val {:.4f}", symbol, epoch.epoch,
                                           epoch.epochs, epoch.validation_loss);
  }
  std::fprintf(stderr, "\r\033[K%s", line.c_str());
  std::fflush(stderr);
}

}  // namespace quantloop::cli
