#include "models/metrics.h"

#include <algorithm>
#include <cmath>

namespace quantloop::models {

double binary_cross_entropy(std::span<const double> probabilities, std::span<const float> labels) {
  double sum = 0;
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    const double p = std::clamp(probabilities[i], 1e-7, 1 - 1e-7);
    sum -= labels[i] > 0.5f ? std::log(p) : std::log(1 - p);
  }
  return probabilities.empty() ? 0.0 : sum / double(probabilities.size());
}

Evaluation evaluate(std::span<const double> probabilities, std::span<const float> labels,
                    bool majority_is_up) {
  Evaluation e;
  e.rows = probabilities.size();
  if (e.rows == 0) return e;
  e.loss = binary_cross_entropy(probabilities, labels);
  std::size_t correct = 0, true_positive = 0, predicted_positive = 0, actual_positive = 0,
              baseline = 0;
  for (std::size_t i = 0; i < e.rows; ++i) {
    const bool up = labels[i] > 0.5f, predicted_up = probabilities[i] > 0.5;
    correct += up == predicted_up;
    true_positive += up && predicted_up;
    predicted_positive += predicted_up;
    actual_positive += up;
    baseline += up == majority_is_up;
    e.right_where_baseline_wrong += up == predicted_up && up != majority_is_up;
    e.wrong_where_baseline_right += up != predicted_up && up == majority_is_up;
  }
  e.accuracy = double(correct) / double(e.rows);
  e.baseline_accuracy = double(baseline) / double(e.rows);
  e.precision = predicted_positive ? double(true_positive) / double(predicted_positive) : 0.0;
  e.recall = actual_positive ? double(true_positive) / double(actual_positive) : 0.0;
  e.f1 = e.precision + e.recall > 0 ? 2 * e.precision * e.recall / (e.precision + e.recall) : 0.0;
  return e;
}

}  // namespace quantloop::models
