#pragma once

#include <limits>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/time.h"
#include "models/tabular_classifier.h"
#include "scanner/model_inputs.h"
#include "store/store.h"

namespace quantloop::scanner {

// One row a scanner model learns from or is judged on.
struct Sample {
  UnixSeconds clock = 0;     // the scan's
  UnixSeconds known_at = 0;  // when its target was known (at the latest)
  std::vector<float> x;      // ModelInputs
  int label = 0;             // the class index (classes_of)
  double r = 0;              // signal quality: the trade's R
};

struct Samples {
  std::vector<Sample> quality, regime;
};

// The rows of both models as known at `clock` (dataset.h's known_at), from the scans since
// `from`, by clock. Signal quality: one row per signal whose trade's longest hold
// (max_hold_bars) had passed by the clock, whatever its outcome, since keeping the trades that
// closed early would keep the quick stops and targets and drop the slow ones near the clock.
// Market regime: the first scan of each symbol's entry bar whose future regime a scan by the
// clock saw.
Samples read_samples(Store& store, const Config& config, const ModelInputs& inputs,
                     UnixSeconds from, UnixSeconds clock);

// Train (the first 60 %), validation (to 80 %) and test in time; a segment begins only after
// every target of the segments before it was known (known_at), and selection_end is the latest
// known_at of the rows that trained or chose the model.
struct Segments {
  std::vector<std::size_t> train, validation, test;
  UnixSeconds selection_end = std::numeric_limits<UnixSeconds>::min();
};
Segments split_in_time(const std::vector<Sample>& samples);

// The samples `which` as a classifier's rows.
models::TabularRows rows_of(const std::vector<Sample>& samples,
                            const std::vector<std::size_t>& which, std::size_t features);

}  // namespace quantloop::scanner
