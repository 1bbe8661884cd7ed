#!/usr/bin/env bash
# Statistics benchmark, quantloop beside its peers in one run on the same generated data:
#  - Engle-Granger on all 4,950 pairs of 100 series of 500 daily bars vs statsmodels' coint
#  - GARCH(1,1) on 100 series of 2,500 returns vs R's fGarch (tseries timed for the record)
#  - the correlation matrix of 500 series vs pandas and numpy.corrcoef
# Prints times, ratios (quantloop on one core and on all cores) and how far results differ.
# Usage: bench/stats_bench.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
bench=$(realpath "${1:-build}")/bench/stats_benchmark
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 bench/stats_peers.py generate "$work"
cores=$(nproc)

"$bench" coint "$work/prices.csv" 1 > "$work/q_coint_1.json"
"$bench" coint "$work/prices.csv" "$cores" > "$work/q_coint.json"
/usr/bin/python3 bench/stats_peers.py coint "$work/prices.csv" > "$work/p_coint.json"
"$bench" garch "$work/garch.csv" 1 > "$work/q_garch_1.json"
"$bench" garch "$work/garch.csv" "$cores" > "$work/q_garch.json"
Rscript bench/stats_peer_fgarch.R "$work/garch.csv" > "$work/r_garch.json"
"$bench" corr "$work/returns.csv" 1 > "$work/q_corr_1.json"
/usr/bin/python3 bench/stats_peers.py corr "$work/returns.csv" > "$work/p_corr.json"
/usr/bin/python3 bench/stats_peers.py corrcoef "$work/returns.csv" > "$work/n_corr.json"

/usr/bin/python3 - "$work" "$cores" <<'PY'
import json, sys
import numpy as np
work, cores = sys.argv[1], sys.argv[2]
load = lambda name: json.load(open(f"{work}/{name}.json"))
q1, q, p = load("q_coint_1"), load("q_coint"), load("p_coint")
d = np.abs(np.array(q1["results"]) - np.array(p["results"]))
print(f"coint, 4950 pairs x 500 bars : statsmodels {p['seconds']:8.3f} s | quantloop 1 core {q1['seconds']:7.3f} s "
      f"({p['seconds'] / q1['seconds']:6.1f}x), {cores} cores {q['seconds']:7.3f} s ({p['seconds'] / q['seconds']:6.1f}x) "
      f"| max |diff| of statistics {d.max():.2e}")
g1, g, r = load("q_garch_1"), load("q_garch"), load("r_garch")
qa, ra = np.array(g1["results"]), np.array(r["results"])
ts = np.array(r["tseries_results"])
param_diff = np.abs(qa[:, :4] - ra[:, :4]).max()
ll_better = (qa[:, 4] - ra[:, 4])
print(f"garch, 100 fits x 2500       : fGarch      {r['seconds']:8.3f} s | quantloop 1 core {g1['seconds']:7.3f} s "
      f"({r['seconds'] / g1['seconds']:6.1f}x), {cores} cores {g['seconds']:7.3f} s ({r['seconds'] / g['seconds']:6.1f}x) "
      f"| max |param diff| {param_diff:.1e}, loglik minus fGarch's: min {ll_better.min():+.2e} max {ll_better.max():+.2e}, "
      f"converged {int(qa[:, 5].sum())}/100")
print(f"  (tseries {r['tseries_seconds']:.3f} s = {r['tseries_seconds'] / g1['seconds']:.2f}x quantloop's one-core time; "
      f"fits with beta < 0.1 where fGarch's beta > 0.5: {int(((ts[:, 2] < 0.1) & (ra[:, 3] > 0.5)).sum())} of 100)")
c1, pc, nc = load("q_corr_1"), load("p_corr"), load("n_corr")
for name, peer in [("pandas     ", pc), ("numpy      ", nc)]:
    d = np.abs(np.array(c1["results"]) - np.array(peer["results"]))
    print(f"corr, 500 series x 500       : {name} {peer['seconds']:8.3f} s | quantloop 1 core {c1['seconds']:7.3f} s "
          f"({peer['seconds'] / c1['seconds']:6.1f}x) | max |diff| {d.max():.2e}")
PY
