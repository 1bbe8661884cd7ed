#pragma once

#include <vector>

#include "registry/live_scores.h"
#include "registry/predictor.h"
#include "registry/registry.h"
#include "store/result_table.h"

namespace quantloop::registry {

// The registry's records as tables: people read them boxed, programs as JSON or CSV.
ResultTable decisions_table(const std::vector<PromotionDecision>& decisions);
ResultTable alias_history_table(const std::vector<AliasChange>& changes);
ResultTable versions_table(const std::vector<ModelVersion>& versions,
                           const std::vector<AliasRow>& aliases);
ResultTable series_table(Store& store);
ResultTable live_table(const std::vector<LiveScore>& scores);
ResultTable predictions_table(const std::vector<Prediction>& predictions);
ResultTable gc_table(const std::vector<Registry::GcEntry>& entries);

}  // namespace quantloop::registry
