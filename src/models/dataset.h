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

// Bars between a sample row and the bar its target looks at (the next bar's direction). That
// many samples are dropped after the training and after the validation segment (the
// embargo), so the bar a segment's last target looked at is no later segment's sample row.
constexpr int kTargetHorizon = 1;

// How the samples are split in time: the first for training, then `validation_fraction` that
// choose the model (its epoch), then `test_fraction` that only report how it does.
struct SplitFractions {
  double validation = 0.15;
  double test = 0.15;
  // Samples dropped after the training and after the validation segment: the bars a target
  // looks ahead (a pair's reversion target looks further than the next bar).
  int embargo = kTargetHorizon;
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
  std::vector<int> validation;     // sample rows that choose it (epoch), after train + embargo
  std::vector<int> test;           // sample rows that only report, after validation + embargo
  Scaler scaler;

  std::size_t rows() const { return times.size(); }
  const float* row(std::size_t r) const { return x.data() + r * features; }
};

// Splits the samples chronologically into train, validation and test with the embargo between
// them, fits the scaler on the rows up to the last training sample (the only rows the training
// samples see), and standardises every row with it. A sample needs `sequence_length` rows
// ending at it. Throws Error when fewer than 2 training, 1 validation or 1 test sample remain.
Dataset make_dataset(const features::FeatureFrame& frame, int sequence_length,
                     SplitFractions split);

// How many of `samples` sample rows the training segment takes: what make_dataset would train on,
// for callers that fit something of their own (a pair's hedge ratio) on the training rows only.
std::size_t training_samples(std::size_t samples, SplitFractions split);

// The same, standardised with a given scaler instead: a warm start keeps its model's, since its
// weights were learned on inputs standardised that way.
Dataset make_dataset_with(const features::FeatureFrame& frame, const Scaler& scaler,
                          int sequence_length, SplitFractions split);

// Every row standardised with `scaler`, without samples: what a saved model predicts from.
Dataset standardised(const features::FeatureFrame& frame, const Scaler& scaler);

// The windows of `steps` rows ending at each of `rows`, over the dataset's rows.
SequenceWindows windows_of(const Dataset& data, std::span<const int> rows, int steps);

}  // namespace quantloop::models
