#pragma once

#include <span>

namespace quantloop::models {

// How a direction classifier did on labelled rows: mean binary cross-entropy of the predicted
// probabilities, accuracy and F1 of "up" at the 0.5 threshold, and the accuracy of always
// predicting the training set's majority class (the baseline no model should lose to).
struct Evaluation {
  double loss = 0;
  double accuracy = 0;
  double f1 = 0;
  double baseline_accuracy = 0;
  std::size_t rows = 0;
  // The rows on which exactly one of the model and the baseline is right: McNemar's
  // discordant pairs, the evidence of an edge over the baseline.
  std::size_t right_where_baseline_wrong = 0;
  std::size_t wrong_where_baseline_right = 0;
  double precision = 0, recall = 0;  // of "up"; 0 when nothing is predicted or actually up
};

Evaluation evaluate(std::span<const double> probabilities, std::span<const float> labels,
                    bool majority_is_up);

// Mean binary cross-entropy, with probabilities clipped to [1e-7, 1 - 1e-7].
double binary_cross_entropy(std::span<const double> probabilities, std::span<const float> labels);

}  // namespace quantloop::models
