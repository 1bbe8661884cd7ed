#include "data/rate_limiter.h"

#include <thread>

namespace quantloop {

RateLimiter::RateLimiter(double requests_per_second)
    : spacing_(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double>(1.0 / requests_per_second))),
      next_(std::chrono::steady_clock::now()) {}

void RateLimiter::acquire() {
  std::chrono::steady_clock::time_point slot;
  {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    slot = std::max(now, next_);
    next_ = slot + spacing_;
  }
  std::this_thread::sleep_until(slot);
}

}  // namespace quantloop
