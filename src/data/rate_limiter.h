#pragma once

#include <chrono>
#include <mutex>

namespace quantloop {

// Spaces calls at least 1/rate seconds apart across threads (a token bucket holding one
// token), so a batch of symbols never bursts into a provider's rate limit.
class RateLimiter {
 public:
  explicit RateLimiter(double requests_per_second);
  // Blocks until the caller may send the next request.
  void acquire();

 private:
  std::mutex mutex_;
  std::chrono::steady_clock::duration spacing_;
  std::chrono::steady_clock::time_point next_;
};

}  // namespace quantloop
