#pragma once

#include <string>

namespace quantloop::bench {

// This machine's fp32 arithmetic peak, measured rather than assumed (the same code ran a GRU step
// in 4.1 ms on one machine and 7.3 ms on another of the same nominal kind): GFLOP/s per core of
// a loop of independent fused multiply-adds in the vectors of `isa` ("avx2": 8 lanes,
// "avx512": 16), run on `cores` threads at once, the best of five runs each. 0 when the CPU
// lacks the ISA.
double fma_peak_gflops_per_core(const std::string& isa, unsigned cores, double seconds = 0.5);

// The ISA of the kernels OpenBLAS chose when it loaded ("avx512" for its SkylakeX-class
// kernels, else "avx2"), so that a "% of peak" compares like with like.
std::string openblas_isa();

}  // namespace quantloop::bench
