#!/usr/bin/env bash
# Seed 003's workload, measured (issue 9): 100 synthetic coins, 6 months of 1h bars each (24/7).
#  - full: every coin from scratch on its 6 months, 50 epochs, every epoch run (the seed's
#    settings; batches of 25), 2 models at a time (one per core). Seed: 20 h 10 min on a
#    t3.micro. Goal here: < 10 min, peak memory < 1 GB.
#  - incremental, 6 hours later: the new bars plus the replay window, 5 epochs, warm. Goal < 15 s.
#  - both again with gru.samples_per_sequence = SAMPLES_PER_SEQUENCE (8): consecutive samples
#    share one window (truncated backpropagation), about 6x less arithmetic a sample.
#  - the Python peer (bench/train_peer.py, the seeds' PyTorch way) on 10 of the coins, beside
#    quantloop on the same 10, same rows and epochs: the ratio.
#  - the daemon, idle with seed 003's schedules loaded: its CPU over 30 s. Goal < 1 %.
#  - a 20-coin run submitted as a job and fanned out, run by 1 worker slot and then by 2: the
#    throughput of each and the ratio (SQLite; the PostgreSQL fleet is tests/cli/scale_out_test).
# Usage: [COINS=100] [PEER_COINS=10] [JOB_COINS=20] [JOB_EPOCHS=10] [SAMPLES_PER_SEQUENCE=8]
#   bench/crypto_bench.sh [BUILD_DIR]
# (smaller counts for a quicker look; the report says what was run)
set -euo pipefail
cd "$(dirname "$0")/.."
quantloop=$(realpath "${1:-build}")/quantloop
peer="/usr/bin/python3 $(pwd)/bench/train_peer.py"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2> /dev/null || true; rm -rf "$work"' EXIT
db=$work/bench.db
end=2026-11-20T18:00:00Z
full_clock=2026-11-20T12:00:00Z
count=${COINS:-100}
peer_count=${PEER_COINS:-10}
job_count=${JOB_COINS:-20}
job_epochs=${JOB_EPOCHS:-10}
coins=$(for i in $(seq -w 1 "$count"); do printf 'C%03d-USD,' "$((10#$i))"; done)
coins=${coins%,}
ten=$(echo "$coins" | cut -d, -f1-"$peer_count")
twenty=$(echo "$coins" | cut -d, -f1-"$job_count")
settings=(--quiet --set intervals.full=1h --set training.full_range=6mo --set training.full_epochs=50
  --set training.batch_symbols=25 --set training.incremental_epochs=5)
q=("$quantloop" --db "$db" --set training.models_dir="$work/models" "${settings[@]}")
timed() {  # timed NAME COMMAND...: output to NAME.out, "seconds peak_kib" to NAME.time
  local name=$1
  shift
  /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" > "$work/$name.out"
}
seconds() { cut -d' ' -f1 "$work/$1.time"; }
peak_mib() { awk '{printf "%.0f", $2 / 1024}' "$work/$1.time"; }

"${q[@]}" ingest synthetic --symbols "$coins" --interval 1h --days 181 --end "$end" > /dev/null
echo "crypto benchmark: $(nproc) cores; $count coins, $("${q[@]}" sql "SELECT COUNT(*) FROM market_data" --csv | tail -1) hourly bars" >&2

cp "$db" "$work/chunks.db"
timed q_full "${q[@]}" train --mode full --at "$full_clock" --symbols "$coins" --no-early-stop --workers 2
timed q_incremental "${q[@]}" train --mode incremental --at "$end" --symbols "$coins" --workers 2
# The same two with consecutive samples sharing a window (gru.samples_per_sequence, truncated
# backpropagation), on a copy of the bars; bench/chunked_training_bench.sh compares the two ways'
# test metrics on real BTC-USD hours.
chunk=${SAMPLES_PER_SEQUENCE:-8}
qc=("$quantloop" --db "$work/chunks.db" --set training.models_dir="$work/chunk-models" "${settings[@]}"
  --set gru.samples_per_sequence="$chunk")
timed q_full_chunks "${qc[@]}" train --mode full --at "$full_clock" --symbols "$coins" --no-early-stop --workers 2
timed q_incremental_chunks "${qc[@]}" train --mode incremental --at "$end" --symbols "$coins" --workers 2
timed q_ten "${q[@]}" train --mode full --at "$full_clock" --symbols "$ten" --no-early-stop --workers 2
timed p_ten $peer --db "$db" --mode crypto_full --at "$full_clock" --symbols "$ten" --epochs 50 --processes 2

# The daemon idle: seed 003's crypto schedules (every 6 h, Sundays 02:00, 01:55), none due.
"$quantloop" --db "$work/daemon.db" --quiet --set symbols.crypto="$ten" --set jobs.log_dir="$work/logs" \
  --set schedule.hourly.enabled=false --set schedule.full.enabled=false daemon --workers 2 \
  > "$work/daemon.out" 2>&1 &
daemon=$!
sleep 3  # started, migrated
ticks() { awk '{print $14 + $15}' "/proc/$daemon/stat"; }
before=$(ticks)
sleep 30
after=$(ticks)
kill -TERM $daemon
wait $daemon || true
idle_cpu=$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", 100 * t / hz / 30}')

# One run fanned out into jobs, run by 1 and then by 2 worker slots.
fan_out() {  # fan_out SLOTS
  "${q[@]}" jobs submit train --mode full --at "$full_clock" --symbols "$twenty" --epochs "$job_epochs" \
    --no-early-stop > /dev/null
  timed "workers_$1" "${q[@]}" --set jobs.log_dir="$work/logs" worker --until-idle --concurrency "$1"
}
fan_out 1
fan_out 2

q_full=$(seconds q_full)
q_inc=$(seconds q_incremental)
w1=$(seconds workers_1)
w2=$(seconds workers_2)
cat << REPORT
seed 003 (t3.micro, 100 coins, full retrain):  20 h 10 min
quantloop full, $count coins x 6 months 1h, 50 epochs each:  ${q_full} s; scaled linearly to 100 coins $(awk -v s="$q_full" -v n="$count" 'BEGIN {printf "%.0f", s * 100 / n}') s (goal < 600 s; the seed's time / ours: $(awk -v s="$q_full" -v n="$count" 'BEGIN {printf "%.0f", 72600 / (s * 100 / n)}')x), peak memory $(peak_mib q_full) MiB (goal < 1024)
quantloop incremental 6 h later, 5 epochs warm:            ${q_inc} s  (goal < 15 s), peak memory $(peak_mib q_incremental) MiB
the same with gru.samples_per_sequence = $chunk (consecutive samples share a window):
  full:  $(seconds q_full_chunks) s; scaled linearly to 100 coins $(awk -v s="$(seconds q_full_chunks)" -v n="$count" 'BEGIN {printf "%.0f", s * 100 / n}') s (goal < 600 s; the seed's time / ours: $(awk -v s="$(seconds q_full_chunks)" -v n="$count" 'BEGIN {printf "%.0f", 72600 / (s * 100 / n)}')x; $(awk -v a="$q_full" -v b="$(seconds q_full_chunks)" 'BEGIN {printf "%.2f", a / b}')x faster than a window per sample), peak memory $(peak_mib q_full_chunks) MiB
  incremental:  $(seconds q_incremental_chunks) s  (goal < 15 s), peak memory $(peak_mib q_incremental_chunks) MiB
$peer_count coins, full, identical work:  quantloop $(seconds q_ten) s, Python peer (PyTorch) $(seconds p_ten) s: quantloop $(awk -v q="$(seconds q_ten)" -v p="$(seconds p_ten)" 'BEGIN {printf "%.1f", p / q}')x faster; peak memory $(peak_mib q_ten) vs $(peak_mib p_ten) MiB
daemon idle with the crypto schedules, 30 s:  ${idle_cpu} % of one core (goal < 1 %)
$job_count-coin run as jobs ($job_epochs epochs): 1 worker slot ${w1} s ($(awk -v s="$w1" -v n="$job_count" 'BEGIN {printf "%.2f", n / s}') symbols/s), 2 slots ${w2} s ($(awk -v s="$w2" -v n="$job_count" 'BEGIN {printf "%.2f", n / s}') symbols/s): $(awk -v a="$w1" -v b="$w2" 'BEGIN {printf "%.2f", a / b}')x
REPORT
