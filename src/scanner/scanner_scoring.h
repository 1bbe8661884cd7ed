#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "scanner/dataset.h"
#include "scanner/model_inputs.h"
#include "scanner/scanner_model.h"
#include "store/registry_store.h"
#include "store/scan_store.h"

namespace quantloop::scanner {

// Scores a scan with the scanner models in production at its clock (each series' champion
// then: a version trained later does not exist yet), each loaded once per version. Fills the
// entry timeframe's ml_features rows: signal_quality, the signal-quality model's P(win), on a
// row that made a signal; signal_confidence, the regime model's probability of the regime it
// expects, on every symbol's row; and the scan's record of the versions that scored it. Left
// null without a champion, with version 0 (class rates, which know nothing of a row) as
// champion, or with one that reads other inputs than this configuration gives (said once).
class ScanScoring {
 public:
  ScanScoring(RegistryStore& store, const ScannerConfig& config);
  void score(ScanRecord& record);

 private:
  struct Current {
    int version = -1;
    std::optional<ScannerModel> model;  // none: not usable
  };
  const ScannerModel* current(ScannerModelKind kind, UnixSeconds clock);

  RegistryStore& store_;
  std::string entry_;
  RowLayout layout_;
  ModelInputs inputs_;
  Current current_[std::size(kScannerModelKinds)];
};

}  // namespace quantloop::scanner
