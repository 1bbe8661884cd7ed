#pragma once

#include <limits>
#include <span>
#include <vector>

#include "core/bar.h"

namespace quantloop::scanner {

// The start of the UTC-aligned bucket of `coarse` holding `t`: a multiple of its length from
// the epoch, a week from Monday 00:00 UTC.
UnixSeconds bucket_start(UnixSeconds t, Interval coarse);

// How long after a fine bar's end a live scan waits for it to be stored before going on without
// it (a feed's bars arrive a little after they close).
inline UnixSeconds late_bar_grace(Interval fine) {
  return 2 * fine.seconds();
}

// Makes bars of a coarser interval from finer ones as they arrive: open first, high max, low
// min, close last, volume sum, over each UTC-aligned bucket. A bucket is taken once complete
// (start + length <= clock); while the wall clock `now` is within late_bar_grace of its end (a
// live feed that may still store its last fine bar), only once that bar, or a later one, is in.
// A fine bar of a bucket already taken (stored after the grace) is left out. Fine bars must
// open on the coarse grid's multiples of their length (Yahoo's stock hours open at :30 and
// cannot make 4-hour bars): Error otherwise.
class Resampler {
 public:
  Resampler(Interval coarse, Interval fine) : coarse_(coarse), fine_(fine) {}
  // Fine bars, ascending, after every bar added before.
  void add(std::span<const Bar> fine);
  // The coarse bars ready at `clock` not taken before, ascending; `now` the wall clock.
  std::vector<Bar> take_complete(UnixSeconds clock, UnixSeconds now);

 private:
  Interval coarse_, fine_;
  std::vector<Bar> buckets_;  // not taken yet, ascending
  UnixSeconds last_fine_ =
      std::numeric_limits<UnixSeconds>::min();  // the open of the last fine bar added
  UnixSeconds taken_until_ =
      std::numeric_limits<UnixSeconds>::min();  // the end of the last bucket taken
};

// The coarse bars of `fine` (ascending, of interval `fine_interval`) ready at `clock`.
std::vector<Bar> resample(std::span<const Bar> fine, Interval fine_interval, Interval coarse,
                          UnixSeconds clock);

}  // namespace quantloop::scanner
