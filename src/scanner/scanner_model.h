#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "models/tabular_classifier.h"

namespace quantloop::scanner {

// Seed 002's two models of what the scanner stores. Each is a series of the registry named
// "ict:<model>" on the entry timeframe (registry::is_bar_series: not a bar series).
enum class ScannerModelKind {
  signal_quality,  // will a signal's paper trade win (classes: not a win, win)
  market_regime,  // the entry timeframe's regime 12 of its bars later (trending, volatile, ranging)
};
inline constexpr ScannerModelKind kScannerModelKinds[] = {ScannerModelKind::signal_quality,
                                                          ScannerModelKind::market_regime};
std::string series_of(ScannerModelKind kind);  // "ict:signal_quality", "ict:market_regime"
const std::vector<std::string>& classes_of(ScannerModelKind kind);

// One version of a scanner model, as the registry stores it (its artifact): the inputs it reads
// (model_inputs.h) and the trees, or for version 0 the training rows' class rates. A signal
// quality model keeps a signal when its P(win) is at least `threshold` (chosen on the validation
// rows; 0 for version 0, which keeps every signal).
class ScannerModel {
 public:
  static ScannerModel baseline(ScannerModelKind kind, std::vector<double> class_rates);
  static ScannerModel trained(ScannerModelKind kind, std::vector<std::string> inputs,
                              models::TabularClassifier classifier, double threshold);
  // Throws Error naming `source` when the bytes are not a scanner model's.
  static ScannerModel from_artifact(std::string_view bytes, const std::string& source);
  std::string artifact() const;

  ScannerModelKind kind() const { return kind_; }
  bool is_baseline() const { return !classifier_; }
  const std::vector<std::string>& inputs() const { return inputs_; }
  double threshold() const { return threshold_; }
  // P(class) of each row of inputs (rows x classes), row-major.
  std::vector<double> probabilities(const models::TabularRows& rows) const;
  bool keeps(double p_win) const { return p_win >= threshold_; }

 private:
  ScannerModelKind kind_ = ScannerModelKind::signal_quality;
  std::vector<std::string> inputs_;
  std::vector<double> class_rates_;  // version 0's
  std::optional<models::TabularClassifier> classifier_;
  double threshold_ = 0;
};

}  // namespace quantloop::scanner
