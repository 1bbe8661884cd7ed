#!/usr/bin/env bash
# Training benchmark: quantloop beside the seeds' Python way (bench/train_peer.py) in one run, on
# the same database, rows, features, model and epochs:
#  - full mode: 15 real daily series (14 bundled stocks and the S&P 500), 2 years (503 rows)
#    each, 100 epochs, every epoch run on both sides (identical work); then both sides with
#    early stopping (patience 10): the time each takes to its best validation loss;
#  - hourly mode: 15 generated coins, 720 hourly rows each, 5 epochs, warm-started from the
#    models an untimed hourly run an hour earlier left (each side its own).
# Both sides train 2 models at once, one per core, with the OpenBLAS kernels OpenBLAS chooses for
# this CPU ($OPENBLAS_CORETYPE unset). Where the environment forces a core type (this workplace
# sets Haswell), quantloop's identical-work run is repeated under it, for the record. Prints
# wall time, peak memory (the largest process), mean validation loss, test accuracy and the
# majority baseline on the test rows, the ratio, and quantloop's GRU throughput against this
# machine's FMA peak, measured in the same run (build/bench/fma_peak) in the ISA of the kernels
# OpenBLAS chose.
# Usage: bench/train_bench.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
quantloop=$(realpath "${1:-build}")/quantloop
fma_peak=$(realpath "${1:-build}")/bench/fma_peak
peer="/usr/bin/python3 $(pwd)/bench/train_peer.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/bench.db
cores=2
daily=AAPL,AMZN,BAC,CVX,GE,GOOGL,IBM,INTC,JNJ,JPM,MSFT,PFE,WMT,XOM,^GSPC
coins=BTC-USD,ETH-USD,SOL-USD,XRP-USD,ADA-USD,DOGE-USD,DOT-USD,LTC-USD,LINK-USD,BCH-USD,XLM-USD,ATOM-USD,ETC-USD,UNI-USD,AVAX-USD
daily_clock=2017-12-05T20:00:00Z
hourly_clock=2026-11-20T14:00:00Z
warm_up_clock=2026-11-20T13:00:00Z

q=("$quantloop" --db "$db" --quiet --set training.models_dir="$work/quantloop-models")
own_blas=(env -u OPENBLAS_CORETYPE)
blas_core() {
  "$@" /usr/bin/python3 -c "import ctypes; b = ctypes.CDLL('libopenblas.so.0'); \
b.openblas_get_corename.restype = ctypes.c_char_p; print(b.openblas_get_corename().decode())"
}
# timed NAME COMMAND...: JSON output to NAME.json, "seconds peak_kib" to NAME.time
timed() {
  local name=$1
  shift
  /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" > "$work/$name.json"
}

"${q[@]}" ingest csv data/daily/*_data.csv data/daily/sp500.csv.gz > /dev/null
"${q[@]}" ingest synthetic --symbols "$coins" --interval 1h --days 60 --end "$hourly_clock" > /dev/null

"${own_blas[@]}" "$fma_peak" $cores > "$work/peak.json"  # before the training, on an idle machine
echo "training benchmark: $(nproc) cores, $cores models at a time on each side, OpenBLAS kernels:" \
  "$(blas_core "${own_blas[@]}")" >&2
timed q_full "${own_blas[@]}" "${q[@]}" train --mode full --at "$daily_clock" --symbols "$daily" --epochs 100 --no-early-stop --workers $cores --json
timed p_full "${own_blas[@]}" $peer --db "$db" --mode full --at "$daily_clock" --symbols "$daily" --epochs 100 --processes $cores
timed q_full_es "${own_blas[@]}" "${q[@]}" train --mode full --at "$daily_clock" --symbols "$daily" --epochs 100 --workers $cores --json
timed p_full_es "${own_blas[@]}" $peer --db "$db" --mode full --at "$daily_clock" --symbols "$daily" --epochs 100 \
  --early-stop --processes $cores

"${q[@]}" train --mode hourly --at "$warm_up_clock" --symbols "$coins" --workers $cores --json > /dev/null
$peer --db "$db" --mode hourly --at "$warm_up_clock" --symbols "$coins" --epochs 5 --models "$work/peer-models" \
  --processes $cores > /dev/null
timed q_hourly "${own_blas[@]}" "${q[@]}" train --mode hourly --at "$hourly_clock" --symbols "$coins" --epochs 5 --workers $cores --json
timed p_hourly "${own_blas[@]}" $peer --db "$db" --mode hourly --at "$hourly_clock" --symbols "$coins" --epochs 5 \
  --models "$work/peer-models" --processes $cores
forced_core=${OPENBLAS_CORETYPE:-}
if [[ -n $forced_core ]]; then
  timed q_full_forced "${q[@]}" train --mode full --at "$daily_clock" --symbols "$daily" --epochs 100 --no-early-stop \
    --workers $cores --json
fi


/usr/bin/python3 - "$work" "$cores" "$forced_core" <<'PY'
import json, os, sys
work, cores, forced_core = sys.argv[1], int(sys.argv[2]), sys.argv[3]
peak = json.load(open(f"{work}/peak.json"))
# Measured in this run, every core busy: GFLOP/s per core of an fp32 FMA loop in the ISA of the
# kernels OpenBLAS chose (a forced Haswell core type means AVX2).
PEAK_ISA = peak["openblas_isa"]
PEAK_PER_CORE = peak[PEAK_ISA]

def run(name):
    data = json.load(open(f"{work}/{name}.json"))
    seconds, kib = open(f"{work}/{name}.time").read().split()
    symbols = data["symbols"]
    ok = [s for s in symbols if s.get("status", "success") == "success"]
    assert len(ok) == len(symbols) == 15, f"{name}: {len(ok)} of {len(symbols)} symbols trained"
    mean = lambda segment, key: sum(s[segment][key] for s in ok if s[segment][key] is not None) / len(ok)
    return {"seconds": float(seconds), "mib": int(kib) / 1024, "loss": mean("validation", "loss"),
            "accuracy": mean("test", "accuracy"), "baseline": mean("test", "baseline_accuracy"),
            "epochs": sum(s["epochs"] for s in ok) / len(ok),
            "warm": sum(bool(s.get("warm_started") or s.get("warm_started_from")) for s in ok),
            "gflops": data.get("gflops")}

def line(label, r):
    return (f"  {label:<34} {r['seconds']:7.2f} s  peak {r['mib']:6.0f} MiB  val loss {r['loss']:.4f}  "
            f"test accuracy {r['accuracy']:.4f}, baseline {r['baseline']:.4f}  epochs {r['epochs']:.1f}")

qf, pf, qe, pe, qh, ph = (run(n) for n in ["q_full", "p_full", "q_full_es", "p_full_es", "q_hourly", "p_hourly"])
print("full mode, 15 symbols x 503 daily rows, 100 epochs each (identical work)")
print(line("seeds' way (Python, torch, 2 procs)", pf))
print(line("quantloop", qf))
print(f"  ratio {pf['seconds'] / qf['seconds']:.1f}x; validation loss difference {qf['loss'] - pf['loss']:+.4f}")
print("full mode, both with early stopping (patience 10): time to the best validation loss")
print(line("seeds' way, early stopping", pe))
print(line("quantloop, early stopping", qe))
print(f"  ratio {pe['seconds'] / qe['seconds']:.1f}x; validation loss difference {qe['loss'] - pe['loss']:+.4f}")
print("hourly mode, 15 symbols x 720 hourly rows, 5 epochs, warm start")
print(line("seeds' way (Python, torch, 2 procs)", ph))
print(line("quantloop", qh))
print(f"  ratio {ph['seconds'] / qh['seconds']:.1f}x; validation loss difference {qh['loss'] - ph['loss']:+.4f}; "
      f"warm-started {qh['warm']}/15 and {ph['warm']}/15")
if forced_core:
    qx = run("q_full_forced")
    print(f"full mode, identical work, with OpenBLAS forced to {forced_core} kernels by the environment")
    print(line(f"quantloop ({forced_core})", qx))
    print(f"  ratio {pf['seconds'] / qx['seconds']:.1f}x; {qx['gflops'] / cores:.1f} GFLOP/s per core, "
          f"{100 * qx['gflops'] / cores / peak['avx2']:.0f} % of the measured AVX2 peak ({peak['avx2']:.0f} GFLOP/s per core)")
for label, r in [("full", qf), ("hourly", qh)]:
    per_core = r["gflops"] / cores
    print(f"GRU arithmetic, {label} mode: {r['gflops']:.1f} GFLOP/s on {cores} cores = {per_core:.1f} per core, "
          f"{100 * per_core / PEAK_PER_CORE:.0f} % of this machine's {PEAK_ISA} FMA peak, {PEAK_PER_CORE:.0f} GFLOP/s "
          f"per core measured now (whole run, I/O included)")
print("  (counted window by window, as the peer computes; quantloop projects the rows that windows share once,"
      " about 8 % fewer multiply-adds: build/bench/gru_benchmark gives the executed rate of one step)")
PY
