#pragma once

#include <string>
#include <vector>

#include "core/config.h"
#include "core/time.h"
#include "signals/bar_feed.h"
#include "store/store.h"

namespace quantloop::signals {

// Seed 004's model 2 on the active pairs, at a clock: from the bars complete by then, each pair's
// spread z-score (on its formation's mean and deviation), the GARCH forecast of the spread's
// change (the scan's, carried bar by bar to the clock) and, when the pair has a GRU (pairs
// train), its reversion probability give:
//  - for a pair without an open trade, an entry beyond pairs.entry_z (and not beyond stop_z):
//    LONG_SPREAD below, SHORT_SPREAD above, with a confidence (the GRU's probability, else
//    2 Phi(|z|) - 1), a stop at the spread level of stop_z or 2 GARCH deviations from now,
//    whichever is wider, a take-profit at exit_z, and a size of risk_per_pair / that stop
//    distance; refused (recorded with the reason) beyond max_open_pairs or
//    max_gross_exposure;
//  - for an open trade, marked to the spread now, an EXIT at the take-profit or the stop;
//  - a pair whose correlation over the last drift_window bars fell below min_correlation is
//    deactivated and its trade closed (correlation drift); a trade whose pair left the active
//    set is closed.
// Every signal, opened trade, mark and close is written in one transaction (seed 002's
// signals and trades). Throws Error when there is no active pair and no open trade, or when a
// signal of the run was made before (the signals of this clock ran already).
struct SignalsRun {
  SignalsBatch batch;
  std::vector<PaperTrade> open;    // after the run, marked
  std::vector<std::string> notes;  // pairs skipped and why
};

// Bars come from `feed` when given (a replay), else from the store; signals and trades made or
// marked on a proxy's bars are marked data_source "proxy".
SignalsRun run_pair_signals(Store& store, const PairsConfig& config, UnixSeconds at,
                            BarFeed* feed = nullptr);

}  // namespace quantloop::signals
