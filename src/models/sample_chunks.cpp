#include "models/sample_chunks.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.h"

namespace quantloop::models {

SampleChunks chunk_samples(std::span<const int> samples, int per_sequence, int sequence_length,
                           int rows) {
  if (per_sequence < 1 || sequence_length < 1 || rows < sequence_length) {
    throw Error(fmt::format("chunks of {} samples of {} rows over {} rows", per_sequence,
                            sequence_length, rows));
  }
  SampleChunks plan;
  plan.scored = std::min(per_sequence, rows - sequence_length + 1);
  plan.steps = sequence_length - 1 + plan.scored;
  for (std::size_t i = 0; i < samples.size();) {
    std::size_t run_end = i + 1;  // one past the run of consecutive rows starting at i
    while (run_end < samples.size() && samples[run_end] == samples[run_end - 1] + 1)
      ++run_end;
    while (i < run_end) {
      const std::size_t next = std::min(i + std::size_t(plan.scored), run_end);
      SampleChunk c;
      c.first = samples[i];
      c.last = samples[next - 1];
      i = next;
      if (c.first < sequence_length - 1 || c.last >= rows) {
        throw Error(fmt::format("sample row {} has no full window of {} rows in {}", c.first,
                                sequence_length, rows));
      }
      c.end = std::max(c.last, plan.steps - 1);
      plan.chunks.push_back(c);
    }
  }
  return plan;
}

}  // namespace quantloop::models
