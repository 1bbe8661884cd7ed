#pragma once

#include <functional>
#include <optional>
#include <random>
#include <string>

#include "data/http_client.h"

namespace quantloop {

struct RetryPolicy {
  int max_retries = 4;
  double initial_backoff_seconds = 1.0;
  double max_backoff_seconds = 60.0;
};

// Exponential backoff with full jitter: uniform in [0, min(max, initial * 2^attempt)], but at
// least what the server asked for in Retry-After (capped at the maximum). attempt is 0-based.
double backoff_seconds(const RetryPolicy& policy, int attempt, std::mt19937_64& random,
                       std::optional<double> retry_after);

// 429 (rate limited) and 5xx are worth retrying; other statuses are answers.
bool is_retryable_status(long status);

// Calls `attempt` until it returns a non-retryable response or the retries are used up;
// transport errors are retried too. `wait` sleeps (tests pass a recorder). The last error
// or response is what the caller gets.
HttpResponse with_retries(const RetryPolicy& policy, const std::function<HttpResponse()>& attempt,
                          const std::function<void(double seconds)>& wait, std::mt19937_64& random);

}  // namespace quantloop
