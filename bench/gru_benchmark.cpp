// One GRU training step (forward, backward, Adam) of the seed model (32 features, hidden 64,
// 2 layers, sequence 30, batch 64, dropout 0.2) on one core: quantloop's network beside
// LibTorch's nn::GRU (the reference backend, from the plugin) in one run. Reports GFLOP/s of
// the step's multiply-adds and their share of this core's FMA peak, measured here in the ISA of
// the kernels OpenBLAS chose; the ratio of the two times is the per-step speed-up.
#include <benchmark/benchmark.h>

#include <chrono>
#include <random>

#include "fma_peak.h"
#include "models/blas.h"
#include "models/gru_backend.h"

namespace quantloop::models {
namespace {

constexpr GruShape kShape{32, 64, 2};
constexpr int kSteps = 30, kBatch = 64;

void train_steps(benchmark::State& state, std::unique_ptr<GruBackend> backend) {
  use_one_core_per_model();
  std::mt19937_64 random(7);
  std::normal_distribution<float> normal;
  std::vector<float> inputs(std::size_t(kSteps) * kBatch * kShape.inputs), labels(kBatch);
  for (float& x : inputs)
    x = normal(random);
  for (int b = 0; b < kBatch; ++b)
    labels[b] = float(b % 2);
  backend->reset_optimizer(1e-3f);
  const auto started = std::chrono::steady_clock::now();
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        backend->train_batch(inputs.data(), kSteps, kBatch, labels.data(), 0.2f, random));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const double gflops = 2 * gru_training_multiply_adds(kShape, kSteps, kBatch) *
                        double(state.iterations()) / seconds / 1e9;
  // One core's peak in the ISA of OpenBLAS's kernels, measured once per run.
  static const double peak = bench::fma_peak_gflops_per_core(bench::openblas_isa(), 1);
  state.counters["GFLOP/s"] = gflops;
  state.counters["% of peak"] = 100 * gflops / peak;
  state.SetLabel(bench::openblas_isa() + " peak " + std::to_string(int(peak)) + " GFLOP/s");
}

void BM_GruTrainingStepNative(benchmark::State& state) {
  train_steps(state, create_native_gru_backend(kShape, 1));
}
void BM_GruTrainingStepLibTorch(benchmark::State& state) {
  train_steps(state, create_torch_gru_backend(kShape, 1));
}

BENCHMARK(BM_GruTrainingStepNative)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_GruTrainingStepLibTorch)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace
}  // namespace quantloop::models

BENCHMARK_MAIN();
