#include "scanner/resample.h"

#include <algorithm>

namespace quantloop::scanner {

UnixSeconds bucket_start(UnixSeconds t, Interval coarse) {
  // The epoch was a Thursday: weeks start 4 days later.
  const UnixSeconds offset = coarse.seconds() == 7 * kSecondsPerDay ? 4 * kSecondsPerDay : 0;
  const UnixSeconds length = coarse.seconds();
  UnixSeconds shifted = t - offset;
  UnixSeconds floor = shifted / length * length;
  if (floor > shifted) floor -= length;  // before the epoch
  return floor + offset;
}

void Resampler::add(std::span<const Bar> fine) {
  for (const Bar& b : fine) {
    const UnixSeconds start = bucket_start(b.time, coarse_);
    if (!buckets_.empty() && buckets_.back().time == start) {
      Bar& bucket = buckets_.back();
      bucket.high = std::max(bucket.high, b.high);
      bucket.low = std::min(bucket.low, b.low);
      bucket.close = b.close;
      bucket.adj_close = b.adj_close;
      bucket.volume += b.volume;
    } else {
      Bar bucket = b;
      bucket.time = start;
      buckets_.push_back(bucket);
    }
  }
}

std::vector<Bar> Resampler::take_complete(UnixSeconds clock) {
  const auto incomplete = std::find_if(buckets_.begin(), buckets_.end(), [&](const Bar& b) {
    return !coarse_.complete_at(b.time, clock);
  });
  std::vector<Bar> complete(buckets_.begin(), incomplete);
  buckets_.erase(buckets_.begin(), incomplete);
  return complete;
}

std::vector<Bar> resample(std::span<const Bar> fine, Interval coarse, UnixSeconds clock) {
  Resampler resampler(coarse);
  resampler.add(fine);
  return resampler.take_complete(clock);
}

}  // namespace quantloop::scanner
