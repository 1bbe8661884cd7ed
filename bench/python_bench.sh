#!/usr/bin/env bash
# The Python module beside the libraries it replaces, in one Python process (issue 24):
#  - quantloop.coint over the 4,950 pairs of 100 series (bench/stats_peers.py's data) vs
#    statsmodels' coint, in a Python loop and as coint_matrix on one and on every core;
#  - quantloop.garch on 100 series of 2,500 returns vs R's fGarch (the figures of its run here);
#  - 1,000,000 one-minute bars into a DataFrame: Store.bars vs pandas.read_sql on the same file.
# Usage: bench/python_bench.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath "${1:-build}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 bench/stats_peers.py generate "$work"
Rscript bench/stats_peer_fgarch.R "$work/garch.csv" > "$work/r_garch.json"
"$build/quantloop" --db "$work/bars.db" --quiet ingest synthetic --symbols BENCH-USD --interval 1m \
  --start 2023-01-01 --end 2024-11-25T10:39:00Z --seed 9 > /dev/null
PYTHONPATH="$build/python" /usr/bin/python3 bench/python_bench.py "$work" "$work/bars.db"
