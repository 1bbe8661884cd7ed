#pragma once

#include <span>
#include <vector>

#include "core/bar.h"

namespace quantloop::scanner {

// The start of the UTC-aligned bucket of `coarse` holding `t`: a multiple of its length from
// the epoch, a week from Monday 00:00 UTC.
UnixSeconds bucket_start(UnixSeconds t, Interval coarse);

// Makes bars of a coarser interval from finer ones as they arrive: open first, high max, low
// min, close last, volume sum, over each UTC-aligned bucket; a bar only once its bucket is
// complete (start + length <= clock), from the fine bars stored by then.
class Resampler {
 public:
  explicit Resampler(Interval coarse) : coarse_(coarse) {}
  // Fine bars, ascending, after every bar added before.
  void add(std::span<const Bar> fine);
  // The coarse bars complete at `clock` not taken before, ascending.
  std::vector<Bar> take_complete(UnixSeconds clock);

 private:
  Interval coarse_;
  std::vector<Bar> buckets_;  // not yet complete at the last clock, ascending
};

// The coarse bars of `fine` (ascending) complete at `clock`.
std::vector<Bar> resample(std::span<const Bar> fine, Interval coarse, UnixSeconds clock);

}  // namespace quantloop::scanner
