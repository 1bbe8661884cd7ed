#include "scanner/resample.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.h"

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
    if (b.time < taken_until_ || b.time <= last_fine_) continue;
    const UnixSeconds start = bucket_start(b.time, coarse_);
    if (b.time + fine_.seconds() > start + coarse_.seconds() ||
        (b.time - start) % fine_.seconds()) {
      throw Error(
          fmt::format("a {} bar opening at {} does not fit the UTC-aligned {} bars: they "
                      "cannot be made from these bars",
                      fine_.name(), format_iso8601(b.time), coarse_.name()));
    }
    last_fine_ = b.time;
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

std::vector<Bar> Resampler::take_complete(UnixSeconds clock, UnixSeconds now) {
  std::size_t ready = 0;
  for (; ready < buckets_.size(); ++ready) {
    const UnixSeconds start = buckets_[ready].time, end = start + coarse_.seconds();
    if (!coarse_.complete_at(start, clock)) break;
    const bool last_bar_in = ready + 1 < buckets_.size() || last_fine_ + fine_.seconds() >= end;
    if (!last_bar_in && clock < end + late_bar_grace(fine_) && now < end + late_bar_grace(fine_))
      break;
  }
  std::vector<Bar> complete(buckets_.begin(), buckets_.begin() + std::ptrdiff_t(ready));
  buckets_.erase(buckets_.begin(), buckets_.begin() + std::ptrdiff_t(ready));
  if (!complete.empty()) taken_until_ = complete.back().time + coarse_.seconds();
  return complete;
}

std::vector<Bar> resample(std::span<const Bar> fine, Interval fine_interval, Interval coarse,
                          UnixSeconds clock) {
  Resampler resampler(coarse, fine_interval);
  resampler.add(fine);
  return resampler.take_complete(clock, now_utc());
}

}  // namespace quantloop::scanner
