#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

namespace quantloop::models {

// Sequences as windows over the rows of one row-major matrix (`features` floats a row):
// sequence b at step t is row ends[b] - steps + 1 + t. Overlapping windows (a training batch
// draws 64 windows of 30 from a few hundred rows) share each row's input projection.
struct SequenceWindows {
  const float* rows = nullptr;
  int features = 0;
  std::span<const int> ends;
  int steps = 0;
  // The last `scored` steps of each window give a logit and take a label (truncated
  // backpropagation through time: one window trains several consecutive samples), time-major:
  // logit and label k * batch + b belong to window b's step steps - scored + k. A NaN label
  // leaves its step unscored (context only). Only the native network scores more than 1.
  int scored = 1;

  int batch() const { return int(ends.size()); }
  // The time-major copy the gathered-input functions take: out[t][b] = row ends[b]-steps+1+t.
  // (Inline: the LibTorch plugin uses it without linking quantloop's libraries.)
  void gather(std::vector<float>& out) const {
    const std::size_t count = ends.size(), width = std::size_t(features);
    out.resize(std::size_t(steps) * count * width);
    for (int t = 0; t < steps; ++t) {
      for (std::size_t b = 0; b < count; ++b) {
        const float* source = rows + std::size_t(ends[b] - steps + 1 + t) * width;
        std::copy(source, source + width, out.data() + (std::size_t(t) * count + b) * width);
      }
    }
  }
};

}  // namespace quantloop::models
