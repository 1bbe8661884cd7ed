#include "data/retry.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "data/rate_limiter.h"

namespace quantloop {
namespace {

TEST(Backoff, FullJitterWithinTheDoublingCeiling) {
  RetryPolicy policy{5, 0.5, 4.0};
  std::mt19937_64 random(1);
  for (int attempt = 0; attempt < 6; ++attempt) {
    const double ceiling = std::min(4.0, 0.5 * (1 << attempt));
    double largest = 0;
    for (int i = 0; i < 200; ++i) {
      const double wait = backoff_seconds(policy, attempt, random, std::nullopt);
      EXPECT_GE(wait, 0);
      EXPECT_LE(wait, ceiling);
      largest = std::max(largest, wait);
    }
    EXPECT_GT(largest, ceiling * 0.8);  // jitter spreads over the whole range
  }
  EXPECT_GE(backoff_seconds(policy, 0, random, 3.0), 3.0);   // Retry-After wins
  EXPECT_LE(backoff_seconds(policy, 0, random, 99.0), 4.0);  // but is capped
}

TEST(WithRetries, RetriesRateLimitsAndServerErrorsThenSucceeds) {
  std::vector<long> statuses{429, 503, 200};
  std::size_t calls = 0;
  std::vector<double> waits;
  std::mt19937_64 random(2);
  auto response = with_retries(
      {4, 0.01, 1.0},
      [&] {
        return HttpResponse{statuses[calls++], "body", std::nullopt};
      },
      [&](double s) { waits.push_back(s); }, random);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(calls, 3u);
  EXPECT_EQ(waits.size(), 2u);
}

TEST(WithRetries, AnswersAreNotRetriedAndExhaustionReturnsTheLastResponse) {
  std::size_t calls = 0;
  std::mt19937_64 random(3);
  auto not_found = with_retries(
      {4, 0.01, 1.0},
      [&] {
        ++calls;
        return HttpResponse{404, "", std::nullopt};
      },
      [](double) {}, random);
  EXPECT_EQ(not_found.status, 404);
  EXPECT_EQ(calls, 1u);
  calls = 0;
  auto down = with_retries(
      {2, 0.01, 1.0},
      [&] {
        ++calls;
        return HttpResponse{503, "", std::nullopt};
      },
      [](double) {}, random);
  EXPECT_EQ(down.status, 503);
  EXPECT_EQ(calls, 3u);  // the first try and two retries
}

TEST(WithRetries, TransportErrorsAreRetriedThenRethrown) {
  std::size_t calls = 0;
  std::mt19937_64 random(4);
  EXPECT_THROW(with_retries(
                   {3, 0.01, 1.0},
                   [&]() -> HttpResponse {
                     ++calls;
                     throw Error("connection refused");
                   },
                   [](double) {}, random),
               Error);
  EXPECT_EQ(calls, 4u);
}

TEST(RateLimiter, SpacesRequests) {
  RateLimiter limiter(50.0);  // 20 ms apart
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 6; ++i)
    limiter.acquire();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GE(elapsed, 0.095);  // five gaps of 20 ms
}

}  // namespace
}  // namespace quantloop
