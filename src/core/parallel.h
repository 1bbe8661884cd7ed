#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace quantloop {

// Calls body(i) for i in [0, count) on up to `threads` threads (0: one per core), handing out
// indices in order. Returns when all calls are done; if any threw, rethrows the exception of
// the lowest index (the others are dropped), so errors do not depend on scheduling.
template <typename Body>
void parallel_for(std::size_t count, Body body, unsigned threads = 0) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = unsigned(std::min<std::size_t>(threads, count));
  if (threads <= 1) {
    for (std::size_t i = 0; i < count; ++i)
      body(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::size_t failed_index = count;
  std::exception_ptr failure;
  auto work = [&] {
    for (std::size_t i = next++; i < count; i = next++) {
      try {
        body(i);
      } catch (...) {
        std::lock_guard lock(mutex);
        if (i < failed_index) {
          failed_index = i;
          failure = std::current_exception();
        }
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t)
    pool.emplace_back(work);
  work();
  for (auto& thread : pool)
    thread.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace quantloop
