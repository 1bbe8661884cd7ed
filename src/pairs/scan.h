#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/interval.h"
#include "core/time.h"
#include "pairs/screening.h"
#include "store/store.h"

namespace quantloop::pairs {

struct ScanRequest {
  std::vector<std::string> symbols;  // at least 2
  Interval interval = Interval::day();
  UnixSeconds as_of = 0;  // the scan's clock: only bars complete by then are read
  UnixSeconds from = 0;   // first bar time read
  ScreeningOptions screening;
};

struct ScanResult {
  PairScan scan;  // as recorded (its id set)
  Screening screening;
};

// `pairs scan`: reads each symbol's bars from `from` to the last bar complete at `as_of`
// (a bar starting at as_of minus one interval is the last), keeps the times every symbol has,
// screens every pair (screening.h) and records the scan, its candidates and the new active
// pairs in one transaction. A symbol with fewer than half the common rows of the others, or
// with no bars, is left out and reported in scan.skipped, not silently dropped. Throws Error
// when fewer than 2 symbols remain or the common bars are too few to screen.
ScanResult run_scan(Store& store, const ScanRequest& request);

}  // namespace quantloop::pairs
