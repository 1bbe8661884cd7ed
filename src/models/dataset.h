#pragma once

#include <span>
#include <string>
#include <vector>

#include "features/feature_set.h"
#include "models/sequence_windows.h"

namespace quantloop::models {

// Standardisation of each feature by the mean and standard deviation of the training rows:
// fitted on the training window only and saved with the model.
struct Scaler {
  std::vector<double> mean;
  std::vector<double> scale;  // standard deviation; 1 where a feature is constant

  // Fits on frame rows [first, last).
  static Scaler fit(const features::FeatureFrame& frame, std::size_t first, std::size_t last);
};

// What a model trains and is evaluated on: the standardised features of every row (float, as the
// networks compute) and the samples, i.e. the rows whose next bar is known, split in time.
// A sample of a sequence model is the window of `sequence_length` rows ending at the sample row.
struct Dataset {
  std::size_t features = 0;
  std::vector<float> x;            // rows x features, row-major, standardised
  std::vector<float> direction;    // per row: 1 up, 0 otherwise (meaningless for the last row)
  std::vector<UnixSeconds> times;  // per row
  std::vector<int> train;          // sample rows the model fits, ascending
  std::vector<int> validation;     // sample rows it is judged on, all after the training rows
  Scaler scaler;

  std::size_t rows() const { return times.size(); }
  const float* row(std::size_t r) const { return x.data() + r * features; }
};

// Splits the samples chronologically (the last `validation_fraction` for validation), fits the
// scaler on the rows up to the last training sample (the only rows the training samples see),
// and standardises every row with it. A sample needs `sequence_length` rows ending at it.
// Throws Error when fewer than 2 training or 1 validation sample remain.
Dataset make_dataset(const features::FeatureFrame& frame, int sequence_length,
                     double validation_fraction);

// The same, standardised with a given scaler instead: a warm start keeps its model's, since its
// weights were learned on inputs standardised that way.
Dataset make_dataset_with(const features::FeatureFrame& frame, const Scaler& scaler,
                          int sequence_length, double validation_fraction);

// The windows of `steps` rows ending at each of `rows`, over the dataset's rows.
SequenceWindows windows_of(const Dataset& data, std::span<const int> rows, int steps);

}  // namespace quantloop::models
