#include "fma_peak.h"

#include <immintrin.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

extern "C" char* openblas_get_corename();

namespace quantloop::bench {

namespace {

// Twelve independent accumulators cover the FMA latency (4-5 cycles) on two FMA ports.
constexpr int kChains = 12;

__attribute__((target("avx2,fma"))) float fma_avx2(std::uint64_t iterations) {
  __m256 acc[kChains];
  for (int k = 0; k < kChains; ++k)
    acc[k] = _mm256_set1_ps(1.0f + 0.001f * float(k));
  const __m256 scale = _mm256_set1_ps(0.999999f), shift = _mm256_set1_ps(1e-6f);
  for (std::uint64_t i = 0; i < iterations; ++i) {
    for (int k = 0; k < kChains; ++k)
      acc[k] = _mm256_fmadd_ps(acc[k], scale, shift);
  }
  __m256 sum = acc[0];
  for (int k = 1; k < kChains; ++k)
    sum = _mm256_add_ps(sum, acc[k]);
  float lanes[8];
  _mm256_storeu_ps(lanes, sum);
  return lanes[0];
}

__attribute__((target("avx512f"))) float fma_avx512(std::uint64_t iterations) {
  __m512 acc[kChains];
  for (int k = 0; k < kChains; ++k)
    acc[k] = _mm512_set1_ps(1.0f + 0.001f * float(k));
  const __m512 scale = _mm512_set1_ps(0.999999f), shift = _mm512_set1_ps(1e-6f);
  for (std::uint64_t i = 0; i < iterations; ++i) {
    for (int k = 0; k < kChains; ++k)
      acc[k] = _mm512_fmadd_ps(acc[k], scale, shift);
  }
  __m512 sum = acc[0];
  for (int k = 1; k < kChains; ++k)
    sum = _mm512_add_ps(sum, acc[k]);
  // Not _mm512_reduce_add_ps: GCC 12 warns inside it (bug 105593).
  float lanes[16];
  _mm512_storeu_ps(lanes, sum);
  return lanes[0];
}

// GFLOP/s of one thread running the loop for about `seconds`.
double one_core(bool avx512, double seconds) {
  const int lanes = avx512 ? 16 : 8;
  auto run = [&](std::uint64_t iterations) {
    const auto start = std::chrono::steady_clock::now();
    volatile float sink = avx512 ? fma_avx512(iterations) : fma_avx2(iterations);
    (void)sink;
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  std::uint64_t iterations = 1 << 20;
  double elapsed = run(iterations);
  while (elapsed < seconds / 4) {  // calibrate, then measure once at full length
    iterations *= 2;
    elapsed = run(iterations);
  }
  iterations = std::uint64_t(double(iterations) * seconds / elapsed);
  elapsed = run(iterations);
  return double(iterations) * kChains * lanes * 2 / elapsed / 1e9;
}

}  // namespace

double fma_peak_gflops_per_core(const std::string& isa, unsigned cores, double seconds) {
  __builtin_cpu_init();
  const bool avx512 = isa == "avx512";
  if (avx512 ? !__builtin_cpu_supports("avx512f")
             : !(__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))) {
    return 0;
  }
  // A peak is the best the core does: the best of five runs per thread, so that a moment of
  // another tenant's load on a shared machine does not pass for the machine's speed.
  std::vector<double> rates(std::max(1u, cores));
  std::vector<std::thread> threads;
  for (std::size_t c = 0; c < rates.size(); ++c) {
    threads.emplace_back([&, c] {
      for (int repeat = 0; repeat < 5; ++repeat) {
        rates[c] = std::max(rates[c], one_core(avx512, seconds / 5));
      }
    });
  }
  for (auto& t : threads)
    t.join();
  double total = 0;
  for (double r : rates)
    total += r;
  return total / double(rates.size());
}

std::string openblas_isa() {
  std::string core = openblas_get_corename();
  for (char& c : core)
    c = char(std::tolower(static_cast<unsigned char>(c)));
  for (const char* wide : {"skylakex", "cooperlake", "sapphirerapids", "zen4"}) {
    if (core.find(wide) != std::string::npos) return "avx512";
  }
  return "avx2";
}

}  // namespace quantloop::bench
