#!/usr/bin/env bash
# The pairs backtest grid (issue 11): 1,000 parameter sets x 20 pairs of real daily bars
# (../shared/data via data/daily: 14 stocks, 2012-2017) with the walk-forward reference
# strategy, quantloop against a pandas/statsmodels implementation of the same text, in one run.
# The peer runs the first PEER_SETS sets (default 10; all 1,000 would take about an hour here)
# and its time is scaled to the grid, said so in the output; both sides' portfolio PnL of
# those sets must agree.
# Usage: bench/backtest_bench.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
quantloop=$(realpath "${1:-build}")/quantloop
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/bench.db
"$quantloop" --db "$db" --quiet ingest csv data/daily/*_data.csv > /dev/null
pairs=$(/usr/bin/python3 -c '
import itertools
s = "AAPL AMZN BAC CVX GE GOOGL IBM INTC JNJ JPM MSFT PFE WMT XOM".split()
print(",".join(f"{y}/{x}" for y, x in list(itertools.combinations(s, 2))[::4][:20]))')
lists=(--formation 250 --trading 60,120 --window 10,20,30,40,60 --entry 1.5,1.75,2,2.25,2.5
       --exit 0,0.25,0.5,0.75,1 --stop 3,4 --cost-bps 5,10)
/usr/bin/python3 - "$work/grid.json" << 'PY'
import itertools, json, sys
grid = [{"formation": f, "trading": l, "window": w, "entry": e, "exit": c, "stop": s,
         "cost_bps": k, "zscore": "rolling"}
        for f, l, w, e, c, s, k in itertools.product(
            [250], [60, 120], [10, 20, 30, 40, 60], [1.5, 1.75, 2, 2.25, 2.5],
            [0, 0.25, 0.5, 0.75, 1], [3, 4], [5, 10])]
json.dump(grid, open(sys.argv[1], "w"))
PY
args=(backtest pairs --from 2012-01-01 --to 2017-12-31 "${lists[@]}" --json)
for p in ${pairs//,/ }; do args+=(--pair "$p"); done
"$quantloop" --db "$db" --quiet "${args[@]}" > /dev/null  # warm the page cache
for run in 1 2 3; do
  /usr/bin/time -f "%e %M" -o "$work/q$run.time" "$quantloop" --db "$db" --quiet "${args[@]}" \
    > "$work/q.json"
done
/usr/bin/python3 bench/backtest_peer.py --db "$db" --pairs "$pairs" --from 2012-01-01 \
  --to 2017-12-31 --grid "$work/grid.json" --sets "${PEER_SETS:-10}" > "$work/p.json"
/usr/bin/python3 - "$work" << 'PY'
import json, sys
work = sys.argv[1]
q = json.load(open(f"{work}/q.json"))
p = json.load(open(f"{work}/p.json"))
runs = sorted((float(w), int(m)) for w, m in (open(f"{work}/q{r}.time").read().split() for r in range(1, 4)))
wall, peak = runs[1]
sets = q["sets"]
peer_full = p["seconds"] / p["sets"] * sets
worst = max(abs(a["portfolio"]["total_pnl"] - b) for a, b in zip(q["grid"], p["total_pnl"]))
print(f"pairs backtest grid: {sets} parameter sets x {len(q['pairs'])} pairs x {q['bars']} daily bars")
print(f"  quantloop: {wall:.3f} s wall, the median of 3 runs ({runs[0][0]:.3f}-{runs[-1][0]:.3f}; "
      f"process start, reads and JSON included), peak memory {peak / 1024:.0f} MiB")
print(f"  peer (pandas + statsmodels): {p['seconds']:.2f} s for the first {p['sets']} sets, "
      f"{peer_full:.0f} s scaled to {sets}")
print(f"  ratio: quantloop {peer_full / wall:.0f}x faster (goals: < 1 s, >= 100x)")
print(f"  agreement: the {p['sets']} sets' portfolio PnL differ by at most {worst:.2e}")
print(f"  best set: {json.dumps(q['best'])}, portfolio Sharpe {q['portfolio']['sharpe']:.3f}, "
      f"deflated Sharpe {q['deflated_sharpe']:.3f}")
PY
