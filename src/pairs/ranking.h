#pragma once

#include <string>
#include <vector>

#include "store/pair_store.h"

namespace quantloop::pairs {

// A pair's standing over recent scans (seed 004, section 14).
struct PairRank {
  int rank = 0;                 // 1 = best
  std::string y, x;             // as its latest scan directed it
  double average = 0;           // the latest rolling average: the mean of its last `window` scores
  double last_score = 0;        // its latest scan's composite (0 when it stopped at a gate
  std::string last_stage;       // before the score) and the stage it reached
  int scans = 0;                // scans it appears in
  std::vector<double> rolling;  // the rolling averages, oldest first, one per scan from the
                                // window's first full one (or from its first, if fewer)
};

// Ranks every pair of `scores` (Store::pair_scores, oldest first) by the mean of its last
// `window` scores (seed: a 3-day rolling average over the last 10 daily scans), best first;
// ties by the latest score, then by name.
std::vector<PairRank> rank_pairs(const std::vector<PairScore>& scores, int window = 3);

}  // namespace quantloop::pairs
