#pragma once

#include <cstdint>
#include <vector>

#include "core/bar.h"

namespace quantloop {

struct MissingRun {
  UnixSeconds from = 0;  // first missing bar
  UnixSeconds to = 0;    // last missing bar
  std::int64_t bars = 0;
};

struct Outlier {
  UnixSeconds time = 0;
  double value = 0;     // the log return, or the volume
  double robust_z = 0;  // distance from the median in robust standard deviations
};

struct SeriesQuality {
  std::int64_t bars = 0;
  UnixSeconds first = 0;
  UnixSeconds last = 0;
  std::int64_t expected_bars = 0;        // what the venue's calendar has between first and last
  std::int64_t missing_bars = 0;         // expected but absent
  std::int64_t off_calendar_bars = 0;    // present at times the calendar does not expect
  std::vector<MissingRun> longest_gaps;  // up to 5, longest first
  std::vector<Outlier> price_jumps;      // |log return| beyond 10 robust sigma (and 2 %), up to 10
  std::vector<Outlier> volume_spikes;    // log volume beyond 8 robust sigma, up to 10
  std::int64_t zero_volume_bars = 0;
};

// Compares a series with its venue's calendar (calendar.h) and flags suspicious moves. The
// robust sigma is 1.4826 x the median absolute deviation, so that one wild bar cannot hide
// itself by inflating the scale, as it would a standard deviation.
SeriesQuality check_series(const BarSeries& series);

}  // namespace quantloop
