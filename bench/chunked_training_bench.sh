#!/usr/bin/env bash
# Truncated backpropagation (gru.samples_per_sequence = N: consecutive samples share one window,
# each scored at its own step) against a window per sample (N = 1, the seeds' way) on real hourly
# bars: Coinbase BTC-USD, 2017-07 to 2019-10 (bundled: data/intraday, see data/PROVENANCE.md).
# Each slice is a full retrain on 6 months of 1h bars, seed 003's 50 epochs, every epoch run (the
# best on validation kept); the slices' clocks step a month, so each slice's test rows (its last
# 15 %, after validation and an embargo) are its own. Both ways train the same rows from the same
# seed and are judged on the test rows only. Prints per slice the seconds, test accuracy and log
# loss of each way; then the mean of the differences with its standard error, and the time ratio.
# Usage: [N=8] [SLICES=22] [EPOCHS=50] bench/chunked_training_bench.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
quantloop=$(realpath "${1:-build}")/quantloop
data=data/intraday/Coinbase_BTCUSD_1h.csv
per_sequence=${N:-8}
slices=${SLICES:-22}
epochs=${EPOCHS:-50}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
q=("$quantloop" --db "$work/bench.db" --quiet --set training.models_dir="$work/models"
  --set intervals.full=1h --set training.full_range=6mo --set training.workers=1)
"${q[@]}" ingest csv "$data" > /dev/null
symbol=$("${q[@]}" sql "SELECT DISTINCT symbol FROM market_data" --csv | tail -1)
echo "chunked training: $symbol 1h, $slices slices of 6 months, $epochs epochs; samples_per_sequence $per_sequence vs 1 ($(nproc) cores, one per way)" >&2

# train N CLOCK: the run's JSON report
train() {
  "${q[@]}" --set gru.samples_per_sequence="$1" train --mode full --at "$2" --symbols "$symbol" \
    --epochs "$epochs" --no-early-stop --json
}
for i in $(seq 0 $((slices - 1))); do
  clock=$(date -u -d "2018-01-01 +$i month" +%Y-%m-%dT00:00:00Z)
  # The two ways side by side, one core each.
  train 1 "$clock" > "$work/windows-$i.json" &
  train "$per_sequence" "$clock" > "$work/chunks-$i.json"
  wait
done
/usr/bin/python3 - "$work" "$slices" "$per_sequence" << 'PY'
import json, math, sys
work, slices, n = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = []
print(f"{'clock':<22}{'test rows':>10}{'acc (1)':>9}{'acc (' + n + ')':>9}{'loss (1)':>10}{'loss (' + n + ')':>10}{'s (1)':>8}{'s (' + n + ')':>8}")
for i in range(slices):
    w = json.load(open(f"{work}/windows-{i}.json"))
    c = json.load(open(f"{work}/chunks-{i}.json"))
    sw, sc = w["symbols"][0], c["symbols"][0]
    assert sw["test"]["rows"] == sc["test"]["rows"]
    rows.append((sw, sc))
    print(f"{w['run_date']:<22}{sw['test']['rows']:>10}{sw['test']['accuracy']:>9.4f}{sc['test']['accuracy']:>9.4f}"
          f"{sw['test']['loss']:>10.4f}{sc['test']['loss']:>10.4f}{sw['seconds']:>8.1f}{sc['seconds']:>8.1f}")
def paired(key):
    d = [sc["test"][key] - sw["test"][key] for sw, sc in rows]
    mean = sum(d) / len(d)
    se = math.sqrt(sum((x - mean) ** 2 for x in d) / (len(d) - 1) / len(d))
    return mean, se
for key in ("accuracy", "loss"):
    mean, se = paired(key)
    print(f"test {key} ({n}) - ({1}): mean {mean:+.4f}, standard error {se:.4f} over {len(rows)} slices")
base = sum(sw["test"]["baseline_accuracy"] for sw, _ in rows) / len(rows)
print(f"mean test accuracy: 1 {sum(sw['test']['accuracy'] for sw, _ in rows) / len(rows):.4f}, "
      f"{n} {sum(sc['test']['accuracy'] for _, sc in rows) / len(rows):.4f}, the baseline (training majority) {base:.4f}")
tw = sum(sw["seconds"] for sw, _ in rows)
tc = sum(sc["seconds"] for _, sc in rows)
print(f"training seconds: 1 {tw:.1f}, {n} {tc:.1f}: {tw / tc:.2f}x faster with samples_per_sequence {n}")
PY
