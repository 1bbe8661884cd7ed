#include "models/dataset.h"

#include <fmt/format.h>

#include <cmath>

#include "core/error.h"

namespace quantloop::models {

namespace {

// Sample rows: those with a known next bar and a full window behind them.
std::vector<int> sample_rows(const features::FeatureFrame& frame, int sequence_length) {
  std::vector<int> samples;
  for (std::size_t r = std::size_t(sequence_length - 1); r < frame.rows(); ++r) {
    if (frame.next_direction[r] >= 0) samples.push_back(int(r));
  }
  return samples;
}

// Sample counts of the three segments and the embargo: validation and test round up, so
// neither is empty while there are samples for it.
struct SegmentSizes {
  std::size_t train = 0, validation = 0, test = 0;
};

SegmentSizes segment_sizes(std::size_t samples, SplitFractions split) {
  SegmentSizes sizes;
  sizes.validation = std::size_t(std::ceil(double(samples) * split.validation));
  sizes.test = std::size_t(std::ceil(double(samples) * split.test));
  const std::size_t held = sizes.validation + sizes.test + 2 * std::size_t(split.embargo);
  sizes.train = samples > held ? samples - held : 0;
  return sizes;
}

// The sample rows, when they are enough to train on, validate and test.
std::vector<int> trainable_samples(const features::FeatureFrame& frame, int sequence_length,
                                   SplitFractions split) {
  std::vector<int> samples = sample_rows(frame, sequence_length);
  const SegmentSizes sizes = segment_sizes(samples.size(), split);
  if (sizes.train < 2 || sizes.validation < 1 || sizes.test < 1) {
    throw Error(fmt::format(
        "{} feature rows give {} samples of {} rows: too few to train, validate and test "
        "(need at least {})",
        frame.rows(), samples.size(), sequence_length, 4 + 2 * split.embargo));
  }
  return samples;
}

void split(Dataset& d, const std::vector<int>& samples, SplitFractions fractions) {
  const SegmentSizes sizes = segment_sizes(samples.size(), fractions);
  auto at = samples.begin();
  d.train.assign(at, at + std::ptrdiff_t(sizes.train));
  at += std::ptrdiff_t(sizes.train) + fractions.embargo;
  d.validation.assign(at, at + std::ptrdiff_t(sizes.validation));
  at += std::ptrdiff_t(sizes.validation) + fractions.embargo;
  d.test.assign(at, samples.end());
}

}  // namespace

std::size_t training_samples(std::size_t samples, SplitFractions split) {
  return segment_sizes(samples, split).train;
}

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
                     SplitFractions fractions) {
  const std::vector<int> samples = trainable_samples(frame, sequence_length, fractions);
  const int last_training_row = samples[segment_sizes(samples.size(), fractions).train - 1];
  Dataset d = standardised(frame, Scaler::fit(frame, 0, std::size_t(last_training_row) + 1));
  split(d, samples, fractions);
  return d;
}

Dataset make_dataset_with(const features::FeatureFrame& frame, const Scaler& scaler,
                          int sequence_length, SplitFractions fractions) {
  const std::vector<int> samples = trainable_samples(frame, sequence_length, fractions);
  Dataset d = standardised(frame, scaler);
  split(d, samples, fractions);
  return d;
}

Dataset standardised(const features::FeatureFrame& frame, const Scaler& scaler) {
  if (scaler.mean.size() != frame.columns()) {
    throw Error(fmt::format("the scaler has {} features, the data {}", scaler.mean.size(),
                            frame.columns()));
  }
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

SequenceWindows windows_of(const Dataset& data, std::span<const int> rows, int steps) {
  return {data.x.data(), int(data.features), rows, steps};
}

}  // namespace quantloop::models
