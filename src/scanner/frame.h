#pragma once

#include <span>
#include <string>

#include "concepts/concepts.h"
#include "core/bar.h"

namespace quantloop::scanner {

// One symbol's timeframe at a scan: its window (bars complete at the clock) and their concepts.
// The scan's rows describe the window's last bar.
struct Frame {
  std::string symbol;
  Interval timeframe = Interval::minute();
  std::span<const Bar> bars;
  const concepts::Concepts* concepts = nullptr;
  int max_age_bars = 100;  // concepts.max_age_bars: what is active

  bool empty() const { return bars.empty(); }
  std::size_t last() const { return bars.size() - 1; }
  const concepts::BarConcepts& now() const { return concepts->bars.back(); }
  // The first of the window's last 10 bars: "in its last 10 bars" (a sweep, a structure event).
  std::size_t first_recent() const { return bars.size() > 10 ? bars.size() - 10 : 0; }
};

}  // namespace quantloop::scanner
