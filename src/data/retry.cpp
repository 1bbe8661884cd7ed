#include "data/retry.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/interrupt.h"

namespace quantloop {

double backoff_seconds(const RetryPolicy& policy, int attempt, std::mt19937_64& random,
                       std::optional<double> retry_after) {
  const double ceiling = std::min(policy.max_backoff_seconds,
                                  policy.initial_backoff_seconds * std::ldexp(1.0, attempt));
  std::uniform_real_distribution<double> jitter(0.0, std::max(ceiling, 0.0));
  double seconds = jitter(random);
  if (retry_after) seconds = std::max(seconds, std::min(*retry_after, policy.max_backoff_seconds));
  return seconds;
}

bool is_retryable_status(long status) {
  return status == 429 || status >= 500;
}

HttpResponse with_retries(const RetryPolicy& policy, const std::function<HttpResponse()>& attempt,
                          const std::function<void(double seconds)>& wait,
                          std::mt19937_64& random) {
  for (int tries = 0;; ++tries) {
    throw_if_interrupted();
    std::optional<double> retry_after;
    try {
      HttpResponse response = attempt();
      if (!is_retryable_status(response.status) || tries >= policy.max_retries) return response;
      retry_after = response.retry_after_seconds;
      spdlog::warn("HTTP {}; retry {} of {}", response.status, tries + 1, policy.max_retries);
    } catch (const Interrupted&) {
      throw;
    } catch (const Error& e) {
      if (tries >= policy.max_retries) throw;
      spdlog::warn("{}; retry {} of {}", e.what(), tries + 1, policy.max_retries);
    }
    wait(backoff_seconds(policy, tries, random, retry_after));
  }
}

}  // namespace quantloop
