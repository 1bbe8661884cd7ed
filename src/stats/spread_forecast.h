#pragma once

#include <optional>
#include <span>
#include <vector>

#include "core/time.h"
#include "stats/coint.h"
#include "stats/garch.h"

namespace quantloop::stats {

// A pair's spread model as a scan fits it: spread = y - intercept - hedge_ratio x; its change
// reverts (d_t = a + b s_{t-1} + u_t) and u is a GARCH(1,1), whose forecast for the bar after the
// fit's last bar is next_variance.
struct FittedSpread {
  double intercept = 0, hedge_ratio = 0;
  Reversion reversion;
  GarchParameters garch;
  double next_variance = 0;
};

// The model's variance forecasts carried bar by bar after its fit, with its own parameters and
// regression: `spread` starts at the fit's last bar (spread[0]) and holds every later bar;
// result[k] is the forecast for the change into spread[k + 1], made at bar k (result[0] =
// next_variance). What the pair signals size and stop with, and what the dashboard draws.
std::vector<double> carried_variance(const FittedSpread& model, std::span<const double> spread);

// Where the carry starts in bars at `times` (ascending): the last bar at or before the fit's last
// bar `fit_end`; nullopt when the bars do not reach back to it (the carry would miss bars).
std::optional<std::size_t> carry_start(std::span<const UnixSeconds> times, UnixSeconds fit_end);

}  // namespace quantloop::stats
