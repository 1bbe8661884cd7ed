#include "models/sample_chunks.h"

#include <gtest/gtest.h>

#include <array>
#include <map>
#include <numeric>

#include "core/error.h"

namespace quantloop::models {
namespace {

// (first, last, end) of each chunk, in order.
using Chunks = std::vector<std::array<int, 3>>;
Chunks chunks_of(const SampleChunks& plan) {
  Chunks out;
  for (const SampleChunk& c : plan.chunks)
    out.push_back({c.first, c.last, c.end});
  return out;
}

// What every plan must hold: each sample in exactly one chunk, scored inside its window, the
// window within the rows; chunks of consecutive samples.
void expect_sound(const SampleChunks& plan, const std::vector<int>& samples, int sequence_length,
                  int rows) {
  EXPECT_EQ(plan.steps, sequence_length - 1 + plan.scored);
  std::map<int, int> seen;
  for (const SampleChunk& c : plan.chunks) {
    SCOPED_TRACE(::testing::Message() << "chunk " << c.first << ".." << c.last << " end " << c.end);
    EXPECT_GE(c.end - plan.steps + 1, 0);
    EXPECT_LT(c.end, rows);
    EXPECT_GE(c.first, c.end - plan.scored + 1);  // scored steps are the window's last
    EXPECT_LE(c.last, c.end);
    EXPECT_LE(c.last - c.first + 1, plan.scored);
    for (int row = c.first; row <= c.last; ++row)
      ++seen[row];
  }
  std::map<int, int> wanted;
  for (int row : samples)
    wanted[row] = 1;
  EXPECT_EQ(seen, wanted);  // every sample once, no row that is not a sample
}

TEST(SampleChunks, CutRunsIntoChunksAndScoreTheRemainderWithContextBefore) {
  std::vector<int> samples(20);
  std::iota(samples.begin(), samples.end(), 29);  // rows 29..48, windows of 30
  const SampleChunks plan = chunk_samples(samples, 8, 30, 100);
  EXPECT_EQ(plan.scored, 8);
  EXPECT_EQ(plan.steps, 37);
  // 29..36, 37..44, and the remainder 45..48 in a window ending at 48 (41..44 context).
  EXPECT_EQ(chunks_of(plan), (Chunks{{29, 36, 36}, {37, 44, 44}, {45, 48, 48}}));
  expect_sound(plan, samples, 30, 100);
}

TEST(SampleChunks, GapsStartNewChunksAndShortRunsNearTheStartEndLater) {
  // A run of 3 at the first possible rows: its window cannot start before row 0, so it ends
  // later (rows after the run unscored); a gap; then a run of 11.
  const std::vector<int> samples{4, 5, 6, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
  const SampleChunks plan = chunk_samples(samples, 4, 5, 30);
  EXPECT_EQ(plan.steps, 8);
  EXPECT_EQ(chunks_of(plan), (Chunks{{4, 6, 7}, {10, 13, 13}, {14, 17, 17}, {18, 20, 20}}));
  expect_sound(plan, samples, 5, 30);
}

TEST(SampleChunks, FewRowsScoreFewerStepsAndOneStepIsAWindowPerSample) {
  std::vector<int> samples(6);
  std::iota(samples.begin(), samples.end(), 2);  // rows 2..7 of 8, windows of 3
  const SampleChunks few = chunk_samples(samples, 16, 3, 8);
  EXPECT_EQ(few.scored, 6);  // 8 rows hold windows of at most 8 = 3 - 1 + 6
  expect_sound(few, samples, 3, 8);
  const SampleChunks one = chunk_samples(samples, 1, 3, 8);
  ASSERT_EQ(one.chunks.size(), samples.size());
  for (const SampleChunk& c : one.chunks)
    EXPECT_EQ(c.end, c.first);
  expect_sound(one, samples, 3, 8);
}

TEST(SampleChunks, ASampleWithoutAFullWindowIsRefused) {
  EXPECT_THROW(chunk_samples(std::vector<int>{1, 2, 3}, 2, 5, 10), Error);
  EXPECT_THROW(chunk_samples(std::vector<int>{8, 9, 10}, 2, 5, 10), Error);
  EXPECT_THROW(chunk_samples(std::vector<int>{4}, 0, 5, 10), Error);
}

}  // namespace
}  // namespace quantloop::models
