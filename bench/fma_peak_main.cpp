// Prints this machine's measured fp32 FMA peak as JSON, for the benchmark scripts' "% of peak":
// {"cores": N, "avx2": GFLOP/s per core, "avx512": ..., "openblas_isa": "avx2"}, each measured
// with every core busy at once (the benchmarks run one model per core).
// Usage: fma_peak [CORES]
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "fma_peak.h"

int main(int argc, char** argv) {
  using namespace quantloop::bench;
  const unsigned cores =
      argc > 1 ? unsigned(std::atoi(argv[1])) : std::thread::hardware_concurrency();
  std::cout << nlohmann::json{{"cores", cores},
                              {"avx2", fma_peak_gflops_per_core("avx2", cores)},
                              {"avx512", fma_peak_gflops_per_core("avx512", cores)},
                              {"openblas_isa", openblas_isa()}}
                   .dump()
            << '\n';
}
