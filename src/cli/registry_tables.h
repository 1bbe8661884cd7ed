#pragma once

#include <vector>

#include "registry/live_scores.h"
#include "registry/predictor.h"
#include "registry/registry.h"
#include "store/result_table.h"

namespace quantloop::cli {

// The registry's records as tables: people read them boxed, programs as JSON or CSV.
ResultTable decisions_table(const std::vector<PromotionDecision>& decisions);
ResultTable alias_history_table(const std::vector<AliasChange>& changes);
ResultTable versions_table(const std::vector<ModelVersion>& versions,
                           const std::vector<AliasRow>& aliases);
ResultTable series_table(Store& store);
ResultTable live_table(const std::vector<registry::LiveScore>& scores);
ResultTable predictions_table(const std::vector<registry::Prediction>& predictions);
ResultTable gc_table(const std::vector<registry::Registry::GcEntry>& entries);

}  // namespace quantloop::cli
