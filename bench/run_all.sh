#!/usr/bin/env bash
# Every benchmark: the peer comparisons (ratios) and the component timings.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bench/ingest_bench.sh "$build"
"$build/bench/ingest_benchmark"
"$build/bench/fma_peak"
"$build/bench/gru_benchmark"
bench/stats_bench.sh "$build"
bench/pairs_bench.sh "$build"
bench/backtest_bench.sh "$build"
bench/train_bench.sh "$build"
bench/crypto_bench.sh "$build"
bench/chunked_training_bench.sh "$build"
bench/serve_bench.sh "$build"
bench/scanner_bench.sh "$build"
bench/python_bench.sh "$build"
