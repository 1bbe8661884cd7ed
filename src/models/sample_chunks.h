#pragma once

#include <span>
#include <vector>

namespace quantloop::models {

// Consecutive training samples grouped so that one window trains them all (truncated
// backpropagation through time, GruConfig::samples_per_sequence): a window of
// `sequence_length - 1 + scored` rows ends at `end` and scores its last `scored` rows; of those,
// the chunk's samples [first, last] take their labels and the others are context only.
struct SampleChunk {
  int end = 0;
  int first = 0;
  int last = 0;
};

struct SampleChunks {
  int scored = 1;  // steps each window scores (samples_per_sequence, fewer when rows are few)
  int steps = 1;   // rows of each window: sequence_length - 1 + scored
  std::vector<SampleChunk> chunks;
};

// Every sample (ascending rows, each with sequence_length - 1 rows before it) in exactly one
// chunk: runs of consecutive rows are cut into chunks of `per_sequence`, the remainder of a run
// scored in a window that ends at its last sample, its earlier rows context. A window never
// starts before row 0 (near the start it ends later, the rows after the chunk unscored: they
// cannot change a scored step's logit) and never ends past the last of `rows`.
SampleChunks chunk_samples(std::span<const int> samples, int per_sequence, int sequence_length,
                           int rows);

}  // namespace quantloop::models
