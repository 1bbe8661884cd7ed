#!/usr/bin/env bash
# Seed 002's scanner, measured (issue 21):
#  - one day of 6 symbols x 5 timeframes (1m 5m 15m 1h 4h, 500-bar windows) at 30 s: 2,880
#    scans of generated 1-minute bars (85 days of history, so that even the 4h windows are
#    full), their time per scan (median, p99, computing; and wall time with the write) and the
#    database bytes the day added, beside seed 002's 428 MB per day;
#  - the scanner's models trained on four days of such scans (scanner train), and the next hour
#    scanned with their champions scoring each scan beside the same hour without them;
#  - 100 symbols x 5 timeframes, each timeframe stored, an hour of scans at 30 s;
#  - the concepts of one 500-bar window, quantloop vs the open package smartmoneyconcepts
#    0.0.27 (../shared/ict/vendor, MIT) run with Debian's python3-pandas, as a ratio.
# Usage: bench/scanner_bench.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath "${1:-build}")
quantloop="$build/quantloop"
vendor=""
for dir in ../shared/ict/vendor /work/shared/ict/vendor; do
  [ -d "$dir/smartmoneyconcepts" ] && vendor=$(realpath "$dir") && break
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
six="BTC-USD,ETH-USD,SOL-USD,XRP-USD,ADA-USD,DOGE-USD"

# --- 6 x 5, one day -------------------------------------------------------------------------
db="$work/six.db"
cat > "$work/six.toml" <<TOML
[scanner]
symbols = ["BTC-USD", "ETH-USD", "SOL-USD", "XRP-USD", "ADA-USD", "DOGE-USD"]
TOML
"$quantloop" --db "$db" --quiet ingest synthetic --symbols "$six" --interval 1m \
  --start 2025-07-08 --end 2025-10-01T00:59:00Z --seed 3 > /dev/null
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
cp "$db" "$work/models.db"
before=$(stat -c %s "$db")
start=$(date +%s.%N)
"$quantloop" --db "$db" --config "$work/six.toml" --quiet scanner run --replay \
  --from 2025-09-30T00:00:00Z --to 2025-09-30T23:59:30Z > /dev/null 2> "$work/six.err"
end=$(date +%s.%N)
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
after=$(stat -c %s "$db")
tables=$(sqlite3 "$db" "SELECT SUM(pgsize) FROM dbstat WHERE name IN ('scans', 'market_conditions', 'ml_features', 'idx_ml_features_signal', 'sqlite_autoindex_scans_1')" 2>/dev/null || echo "")
sqlite3 -separator ' ' "$db" "SELECT COUNT(*), (SELECT COUNT(*) FROM market_conditions), (SELECT COUNT(*) FROM signals WHERE source = 'ict') FROM scans" > "$work/six.counts"
sqlite3 "$db" "SELECT duration_ms FROM scans ORDER BY duration_ms" > "$work/six.ms"

# --- the scanner's models: trained on four days of scans, then an hour scanned with and without
#     their champions scoring each scan (a copy of the database made before training) ----------
models="$work/models.db"
"$quantloop" --db "$models" --config "$work/six.toml" --quiet scanner run --replay \
  --from 2025-09-27T00:00:00Z --to 2025-09-30T23:59:30Z > /dev/null 2>&1
cp "$models" "$work/plain.db"
tstart=$(date +%s.%N)
"$quantloop" --db "$models" --config "$work/six.toml" --quiet scanner train \
  --at 2025-09-30T23:59:30Z --days 4 --json > "$work/train.json" 2> /dev/null
tend=$(date +%s.%N)
for copy in "$models" "$work/plain.db"; do
  "$quantloop" --db "$copy" --config "$work/six.toml" --quiet scanner run --replay \
    --from 2025-10-01T00:00:00Z --to 2025-10-01T00:59:30Z > /dev/null 2>&1
done
sqlite3 "$models" "SELECT duration_ms FROM scans WHERE clock >= '2025-10-01'" > "$work/scored.ms"
sqlite3 "$work/plain.db" "SELECT duration_ms FROM scans WHERE clock >= '2025-10-01'" > "$work/unscored.ms"
sqlite3 "$models" "SELECT COUNT(signal_confidence) FROM ml_features JOIN scans ON scans.id = scan_id WHERE clock >= '2025-10-01'" > "$work/scored.rows"

# --- 100 x 5, an hour -----------------------------------------------------------------------
big="$work/hundred.db"
symbols=$(seq -f "S%03g-USD" 1 100 | paste -sd, -)
list=$(seq -f '"S%03g-USD"' 1 100 | paste -sd, -)
printf '[scanner]\nsymbols = [%s]\nsector = [%s]\nreference_symbol = "S001-USD"\n' "$list" "$list" > "$work/hundred.toml"
for spec in "1m 2" "5m 3" "15m 7" "1h 25" "4h 90"; do
  set -- $spec
  "$quantloop" --db "$big" --quiet ingest synthetic --symbols "$symbols" --interval "$1" \
    --days "$2" --end 2025-09-30T23:59:00Z --seed 5 > /dev/null
done
hstart=$(date +%s.%N)
"$quantloop" --db "$big" --config "$work/hundred.toml" --quiet scanner run --replay \
  --from 2025-09-30T20:00:00Z --to 2025-09-30T21:00:00Z > /dev/null 2> "$work/hundred.err"
hend=$(date +%s.%N)
sqlite3 "$big" "SELECT duration_ms FROM scans ORDER BY id" > "$work/hundred.ms"

# --- concepts of a 500-bar window, quantloop vs the package ---------------------------------
/usr/bin/python3 - "$work/bars.csv" <<'PY'
import sys
import pandas as pd
df = pd.read_csv("data/intraday/AAPL_1h.csv", skiprows=3, header=None,
                 names=["Datetime", "Close", "High", "Low", "Open", "Volume"])
df[["Datetime", "Open", "High", "Low", "Close", "Volume"]].to_csv(sys.argv[1], index=False)
PY
"$build/bench/concepts_benchmark" "$work/bars.csv" 500 200 > "$work/q_concepts.json"
if [ -n "$vendor" ]; then
  /usr/bin/python3 bench/concepts_peer.py "$vendor" "$work/bars.csv" 500 20 > "$work/p_concepts.json"
else
  echo '{}' > "$work/p_concepts.json"
fi

/usr/bin/python3 - "$work" "$before" "$after" "${tables:-0}" "$start" "$end" "$hstart" "$hend" "$tstart" "$tend" <<'PY'
import json, sys
work, before, after, tables = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4] or 0)
start, end, hstart, hend, tstart, tend = map(float, sys.argv[5:11])
def quantile(v, q):
    v = sorted(v)
    return v[int(q * (len(v) - 1))]
scans, rows, signals = map(int, open(f"{work}/six.counts").read().split())
ms = [float(x) for x in open(f"{work}/six.ms").read().split()]
wall = (end - start) / scans * 1000
mb = (after - before) / 1e6
print(f"scanner, 6 symbols x 5 timeframes, one day at 30 s: {scans} scans, {rows} market_conditions rows, {signals} signals")
print(f"  per scan: median {quantile(ms, 0.5):.2f} ms, p99 {quantile(ms, 0.99):.2f} ms computing; "
      f"{wall:.2f} ms wall with the write (goal: median < 10 ms)")
print(f"  database: +{mb:.1f} MB for the day (the scanner's tables {tables / 1e6:.1f} MB) vs seed 002's 428 MB: "
      f"{428 / max(mb, 1e-9):.0f}x smaller (goal: <= 40 MB)")
trained = json.load(open(f"{work}/train.json"))
models = {m["model"]: m for m in trained["models"]}
described = "; ".join(f"{name} {m['status']} on {m['rows']} rows" + (f", {m['decision']}" if m["decision"] else "")
                      for name, m in models.items())
print(f"scanner train on four days of those scans: {tend - tstart:.2f} s wall ({described})")
scored = sorted(float(x) for x in open(f"{work}/scored.ms").read().split())
unscored = sorted(float(x) for x in open(f"{work}/unscored.ms").read().split())
rows = int(open(f"{work}/scored.rows").read())
if rows == 0:
    print("  (no model of theirs is champion: the scans were not scored, nothing to compare)")
print(f"  the next hour's {len(scored)} scans with the models' champions scoring them ({rows} rows scored): "
      f"median {quantile(scored, 0.5):.2f} ms vs {quantile(unscored, 0.5):.2f} ms without "
      f"({quantile(scored, 0.5) / quantile(unscored, 0.5):.2f}x), p99 {quantile(scored, 0.99):.2f} vs "
      f"{quantile(unscored, 0.99):.2f} ms")
hms = [float(x) for x in open(f"{work}/hundred.ms").read().split()]
print(f"scanner, 100 symbols x 5 timeframes (stored), an hour at 30 s: {len(hms)} scans; first (windows read whole) "
      f"{hms[0]:.1f} ms; then median {quantile(hms[1:], 0.5):.1f} ms, p99 {quantile(hms[1:], 0.99):.1f} ms, "
      f"max {max(hms[1:]):.1f} ms (goal: < 1000 ms); wall {(hend - hstart) / len(hms) * 1000:.1f} ms per scan with the write")
q = json.load(open(f"{work}/q_concepts.json"))
p = json.load(open(f"{work}/p_concepts.json"))
if p:
    print(f"concepts of a 500-bar window (AAPL 1h): smartmoneyconcepts {p['seconds_per_window'] * 1000:.1f} ms | "
          f"quantloop {q['seconds_per_window'] * 1000:.3f} ms: {p['seconds_per_window'] / q['seconds_per_window']:.0f}x (goal: >= 200x)")
else:
    print(f"concepts of a 500-bar window: quantloop {q['seconds_per_window'] * 1000:.3f} ms (the package was not found)")
PY
