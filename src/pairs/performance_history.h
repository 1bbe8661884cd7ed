#pragma once

#include "core/time.h"
#include "store/store.h"

namespace quantloop::pairs {

// Seed 004's update_model_rankings() and update_model_trends(), run at the end of every scan and
// every pair training with its clock `at` (nothing after it is read):
//  - model_rankings gains one set of rows: every pair past the correlation gate of a scan, or
//    with a GRU trained, in the last 90 days, ranked by its latest GRU's test F1 and by the mean of
//    its last `window` composite scores (ranking.h);
//  - model_trends is replaced: for each such pair and each of f1_score and composite_score, the
//    average and the least-squares slope per day of its values in the last 7 and 30 days.
void refresh_pair_rankings(Store& store, UnixSeconds at, int scans = 10, int window = 3);

}  // namespace quantloop::pairs
