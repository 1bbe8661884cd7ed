#pragma once

#include <string>
#include <vector>

#include "store/store.h"

namespace quantloop::registry {

// How a version does on its live predictions (outcomes known), beside the test metrics it was
// registered with: the first honest answer to "does it still work".
struct LiveScore {
  std::string symbol;
  std::string interval;
  int version = 0;
  std::string model_type;
  std::string alias;  // champion | challenger | previous champion | "" (predicted before)
  std::int64_t predictions = 0;
  std::int64_t resolved = 0;  // with a known outcome
  double live_accuracy = 0;   // NaN without resolved predictions
  double live_log_loss = 0;
  std::int64_t test_rows = 0;
  double test_accuracy = 0;
  double test_log_loss = 0;
  UnixSeconds last_as_of = 0;
};

// Every version of every series that has predictions, champions first.
std::vector<LiveScore> live_scores(Store& store);

}  // namespace quantloop::registry
