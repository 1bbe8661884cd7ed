#!/usr/bin/env bash
# `make demo`: loads real daily bars (bundled) and a generated hourly feed up to the current
# hour into ./quantloop.db, then shows what the database holds. Offline; idempotent: a second
# run inserts nothing new except the hours that passed.
set -euo pipefail
cd "$(dirname "$0")/.."
quantloop=${1:-build/quantloop}
db=${QUANTLOOP_DEMO_DB:-quantloop.db}

echo "== real daily bars of 14 S&P 500 stocks, 2012-2017 (data/PROVENANCE.md)"
"$quantloop" --db "$db" ingest csv data/daily/*_data.csv | head -n 1
echo
echo "== a generated hourly feed for the configured symbols (quantloop.toml), last 30 days"
"$quantloop" --db "$db" ingest synthetic --interval 1h --days 30 --seed 42 | head -n 1
echo
"$quantloop" --db "$db" query stats
