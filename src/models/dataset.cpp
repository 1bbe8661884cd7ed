#include "models/dataset.h"

#include <fmt/format.h>

#include <cmath>

#include "core/error.h"

namespace quantloop::models {

namespace {

Dataset standardise(const features::FeatureFrame& frame, const Scaler& scaler) {
  Dataset d;
  d.features = frame.columns();
  d.scaler = scaler;
  d.times = frame.times;
  d.x.resize(frame.values.size());
  d.direction.resize(frame.rows());
  for (std::size_t r = 0; r < frame.rows(); ++r) {
    for (std::size_t c = 0; c < d.features; ++c) {
      d.x[r * d.features + c] = float((frame.row(r)[c] - scaler.mean[c]) / scaler.scale[c]);
    }
    d.direction[r] = frame.next_direction[r] == 1 ? 1.0f : 0.0f;
  }
  return d;
}

// Sample rows: those with a known next bar and a full window behind them.
std::vector<int> sample_rows(const features::FeatureFrame& frame, int sequence_length) {
  std::vector<int> samples;
  for (std::size_t r = std::size_t(sequence_length - 1); r < frame.rows(); ++r) {
    if (frame.next_direction[r] >= 0) samples.push_back(int(r));
  }
  return samples;
}

std::size_t validation_count(std::size_t samples, double validation_fraction) {
  return std::size_t(std::ceil(double(samples) * validation_fraction));
}

// The sample rows, when they are enough to train on and validate.
std::vector<int> trainable_samples(const features::FeatureFrame& frame, int sequence_length,
                                   double validation_fraction) {
  std::vector<int> samples = sample_rows(frame, sequence_length);
  const std::size_t validation = validation_count(samples.size(), validation_fraction);
  if (samples.size() < validation + 2 || validation < 1) {
    throw Error(
        fmt::format("{} feature rows give {} samples of {} rows: too few to train and validate "
                    "(need at least 3)",
                    frame.rows(), samples.size(), sequence_length));
  }
  return samples;
}

void split(Dataset& d, const std::vector<int>& samples, double validation_fraction) {
  const std::size_t training =
      samples.size() - validation_count(samples.size(), validation_fraction);
  d.train.assign(samples.begin(), samples.begin() + std::ptrdiff_t(training));
  d.validation.assign(samples.begin() + std::ptrdiff_t(training), samples.end());
}

}  // namespace

Scaler Scaler::fit(const features::FeatureFrame& frame, std::size_t first, std::size_t last) {
  const std::size_t k = frame.columns();
  Scaler s{std::vector<double>(k, 0.0), std::vector<double>(k, 1.0)};
  const double n = double(last - first);
  for (std::size_t r = first; r < last; ++r) {
    for (std::size_t c = 0; c < k; ++c)
      s.mean[c] += frame.row(r)[c] / n;
  }
  for (std::size_t c = 0; c < k; ++c) {
    double variance = 0;
    for (std::size_t r = first; r < last; ++r)
      variance += std::pow(frame.row(r)[c] - s.mean[c], 2) / n;
    s.scale[c] = variance > 1e-24 ? std::sqrt(variance) : 1.0;
  }
  return s;
}

Dataset make_dataset(const features::FeatureFrame& frame, int sequence_length,
                     double validation_fraction) {
  const std::vector<int> samples = trainable_samples(frame, sequence_length, validation_fraction);
  const std::size_t validation = validation_count(samples.size(), validation_fraction);
  const int last_training_row = samples[samples.size() - validation - 1];
  Dataset d = standardise(frame, Scaler::fit(frame, 0, std::size_t(last_training_row) + 1));
  split(d, samples, validation_fraction);
  return d;
}

Dataset make_dataset_with(const features::FeatureFrame& frame, const Scaler& scaler,
                          int sequence_length, double validation_fraction) {
  if (scaler.mean.size() != frame.columns()) {
    throw Error(fmt::format("the scaler has {} features, the data {}", scaler.mean.size(),
                            frame.columns()));
  }
  const std::vector<int> samples = trainable_samples(frame, sequence_length, validation_fraction);
  Dataset d = standardise(frame, scaler);
  split(d, samples, validation_fraction);
  return d;
}

SequenceWindows windows_of(const Dataset& data, std::span<const int> rows, int steps) {
  return {data.x.data(), int(data.features), rows, steps};
}

}  // namespace quantloop::models
