#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace quantloop::models {

// Rows of numbers with a class each: what a classifier of tabular rows (the scanner's) learns
// from. NaN marks a missing value.
struct TabularRows {
  std::size_t features = 0;
  std::vector<float> x;    // rows x features, row-major
  std::vector<int> label;  // per row, 0 .. classes - 1 (unused for prediction)

  std::size_t rows() const { return features ? x.size() / features : 0; }
  void add(std::span<const float> values, int label_of_row);
};

struct TabularOptions {
  std::vector<int> depths{2, 3, 4};  // tree depths tried: the validation rows choose
  int max_rounds = 300;
  int patience = 20;  // rounds without a better validation log loss before a depth stops
  double learning_rate = 0.05;
  std::uint64_t seed = 1;
};

// Boosted trees (XGBoost, multi:softprob) over tabular rows. Missing values need no imputation:
// each split learns which way they go. Immutable once trained; predict may be called from one
// thread at a time.
class TabularClassifier {
 public:
  // One booster per depth on `train`, boosted while the log loss on `validation` improves
  // (`patience` rounds); keeps the depth and round count with the lowest validation log loss.
  // Throws Error for empty rows, labels outside [0, classes), or rows of different widths.
  static TabularClassifier train(const TabularRows& train, const TabularRows& validation,
                                 int classes, const TabularOptions& options);
  // From bytes(); throws Error naming `source` when they are damaged.
  static TabularClassifier from_bytes(std::string_view bytes, const std::string& source);

  std::string bytes() const;  // checksummed
  // P(class) of each row, row-major (rows x classes).
  std::vector<double> predict(const TabularRows& rows) const;

  int classes() const { return classes_; }
  std::size_t features() const { return features_; }
  int depth() const { return depth_; }
  int rounds() const { return rounds_; }
  double validation_log_loss() const { return validation_log_loss_; }

 private:
  struct Booster;
  std::shared_ptr<Booster> booster_;
  int classes_ = 0;
  std::size_t features_ = 0;
  int depth_ = 0;
  int rounds_ = 0;
  double validation_log_loss_ = 0;
};

// Mean log loss of class probabilities (rows x classes) against labels, clipped as in training.
double multiclass_log_loss(const std::vector<double>& probabilities, const std::vector<int>& labels,
                           int classes);

}  // namespace quantloop::models
