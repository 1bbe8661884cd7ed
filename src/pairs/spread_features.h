#pragma once

#include <span>
#include <vector>

#include "core/time.h"
#include "features/feature_set.h"

namespace quantloop::pairs {

// What a pair's GRU sees and predicts (seed 004's GARCH-GRU): features of the spread
// s_t = y_t - intercept - hedge x_t, and whether it reverts.
struct SpreadFeatureOptions {
  int zscore_window = 20;        // bars of the rolling mean and deviation of the z-score
  int horizon = 5;               // bars the target looks ahead
  double reversion_share = 0.5;  // the target: |z| falls to at most this share of today's
};

// The parameters fitted on the training rows only, kept with the model.
struct SpreadModel {
  double intercept = 0, hedge_ratio = 0;                                  // OLS of y on x
  double garch_mu = 0, garch_omega = 0, garch_alpha = 0, garch_beta = 0;  // of the spread's change
  double start_variance = 0;  // the changes' variance over the training rows: the filter's start
};

// Fits the hedge (OLS with an intercept) and a GARCH(1,1) of the spread's changes on rows
// [0, fit_rows). Throws Error under 30 rows or for a constant x.
SpreadModel fit_spread_model(std::span<const double> y, std::span<const double> x,
                             std::size_t fit_rows);

// Rows of history before the first feature row.
int spread_warm_up(const SpreadFeatureOptions& options);

// One row per bar from spread_warm_up() on, each from bars at or before it: the z-score, the
// spread's change and its 4 lags, the spread less its 10-bar mean, RSI(14) of the spread, and
// the GARCH's conditional deviation and standardized change (filtered with `model`'s
// parameters). next_direction holds the target: 1 when |z| falls to at most reversion_share of
// |z_t| within `horizon` bars, 0 when not, -1 for the last `horizon` rows (not known yet).
features::FeatureFrame spread_features(std::span<const UnixSeconds> times,
                                       std::span<const double> y, std::span<const double> x,
                                       const SpreadModel& model,
                                       const SpreadFeatureOptions& options);

}  // namespace quantloop::pairs
