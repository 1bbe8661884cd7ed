#pragma once

#include <string>

#include "features/feature_set.h"
#include "registry/loaded_models.h"
#include "registry/promotion_rule.h"
#include "store/store.h"

namespace quantloop::registry {

// Bars of extra history read before the rows a prediction needs, so that the exponential
// averages among the features have forgotten where the read began.
constexpr std::size_t kFeatureHistorySlack = 200;

// The feature rows of the bars at or before `to`: at least the newest `rows` rows a model
// reading `sequence_length` rows predicts, with the history the features need before them.
features::FeatureFrame recent_features(Store& store, const std::string& symbol, Interval interval,
                                       UnixSeconds to, std::size_t rows, int sequence_length);

// The rows on which `challenger` and `champion` (versions of one series) compare fairly at the
// clock: every row after the last bar either of them trained on or was chosen on
// (selection_end), whose next bar is stored and complete at `clock`, with both models' P(up).
PairedRows paired_rows(Store& store, LoadedModels& models, const std::string& symbol,
                       const std::string& interval, int challenger, int champion,
                       UnixSeconds clock);

}  // namespace quantloop::registry
