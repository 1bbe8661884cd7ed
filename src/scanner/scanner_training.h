#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/time.h"
#include "scanner/scanner_model.h"
#include "store/store.h"

namespace quantloop::scanner {

struct ScannerTrainingRequest {
  UnixSeconds clock = 0;  // what was known then: scans and trade outcomes at or before it
  // The clock is now: a promotion is dated when it is made (scans meanwhile were scored by the
  // champion before it).
  bool live = false;
  int days = 30;  // of scans before the clock
  std::uint64_t seed = 1;
  std::function<void(const std::string&)> on_progress;  // a line per step
};

// What one model's training did. Metrics are NaN where there are none.
struct ScannerModelReport {
  ScannerModelKind kind = ScannerModelKind::signal_quality;
  std::string status;  // trained | skipped (too few rows) | failed
  std::string reason;  // why skipped or failed, or why a trained one has no decision
  std::size_t rows = 0, train_rows = 0, validation_rows = 0, test_rows = 0;
  int version = -1;  // the registry's, once trained
  int depth = 0, rounds = 0;
  double threshold = 0;  // signal quality: P(win) from which a signal is kept (validation's)
  double validation_log_loss = 0;
  // The test rows: neither trained the model nor chose its depth, rounds or threshold. The
  // baseline predicts the training rows' majority class, with their class rates.
  double test_accuracy = 0, test_log_loss = 0, baseline_accuracy = 0, baseline_log_loss = 0;
  double edge_pvalue = 1;  // one-sided exact McNemar test of the model against the baseline
  // Signal quality on the test rows: signals kept, and the Sharpe ratio per signal (mean over
  // standard deviation of each signal's R, 0 for a skipped one) of those kept and of all.
  std::size_t test_kept = 0;
  double test_sharpe_kept = 0, test_sharpe_all = 0;
  std::optional<PromotionDecision> decision;  // the registry's gate on the new version
  // The series' challenger that waited for rows (deferred), judged again first once enough
  // rows are known.
  std::optional<PromotionDecision> waiting_decision;
  std::string waiting_reason;  // why a waiting challenger could not be judged again
};

struct ScannerTrainingResult {
  std::int64_t run_id = 0;
  // success: no model failed (one with too few rows is skipped, with the reason); partial:
  // one failed and another trained; failed; interrupted.
  std::string status;
  std::vector<ScannerModelReport> models;
};

// `scanner train`: trains seed 002's signal-quality model (one row per scanner signal whose
// trade's longest hold had passed by the clock: will it win) and market-regime model (one row
// per symbol and entry bar, its first scan: the entry timeframe's regime 12 entry bars later,
// once a scan by the clock saw it) on the dataset's rows of the `days` before the clock
// (dataset.h, known_at the clock). Rows split in time: the first 60 % train, the next 20 %
// choose (tree depth, rounds, the signal threshold), the last 20 % test; a segment begins only
// after every target of the segments before it was known. Each trained model becomes a new
// version of its registry series (the series' version 0 is the training rows' class rates) and
// reaches the scanner only through the registry's gate, on rows after everything both versions
// trained or were chosen on: signal quality by the Sharpe ratio of the signals each keeps
// (version 0 keeps all; one that keeps none scores 0, which beats a losing champion), regime by
// log loss. A challenger deferred by an earlier run is judged again first. Decisions are dated
// at the clock, or just after the latest recorded scan when that is at or after it (a scan
// already scored keeps its champion), or for a live run when made. One training run (mode
// 'scanner') records it all. A model whose series has a version trained after the clock, or an
// alias change after the date its decision would get, fails before training, with the reason.
ScannerTrainingResult train_scanner_models(Store& store, const Config& config,
                                           const ScannerTrainingRequest& request);

}  // namespace quantloop::scanner
