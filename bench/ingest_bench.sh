#!/usr/bin/env bash
# Ingest benchmark: the same CSV files into SQLite (the same schema and unique key) with
# quantloop and with pandas (read_csv + to_sql, bench/ingest_peer.py), in one run.
# Inputs: every Yahoo-format daily file of the real data (bundled + ../shared/data), and one
# million generated minute bars in Yahoo format. Prints bars/s of both and the ratio.
# Usage: bench/ingest_bench.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
quantloop=$(realpath "${1:-build}")/quantloop
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

real_files=(data/daily/*_data.csv data/daily/sp500.csv.gz data/daily/nasdaq.csv.gz)
shared=../shared/data; [[ -d $shared ]] || shared=/work/shared/data
for f in $shared/daily/*.txt $shared/pairs/*.csv; do [[ -f $f ]] && real_files+=("$f"); done

# One million minute bars (two symbols), written as Yahoo-format files.
"$quantloop" --db "$work/gen.db" -q ingest synthetic --symbols BTC-USD,ETH-USD --interval 1m \
  --days 347 --end 2024-01-01 >/dev/null
"$quantloop" --db "$work/gen.db" -q query export --table market_data --output "$work/all.csv" 2>/dev/null
awk -F, -v dir="$work" 'NR > 1 {
    file = dir "/" $2 "_minutes.csv"
    if (!(file in seen)) { print "Date,Open,High,Low,Close,Volume" > file; seen[file] = 1 }
    print $4 "," $5 "," $6 "," $7 "," $8 "," $9 > file }' "$work/all.csv"
generated_files=("$work"/*_minutes.csv)

run_quantloop() {  # CORES FILES...: prints bars and seconds; CORES "one" pins it to one core
  rm -f "$work/q.db"*
  local pin=()
  [[ $1 == one ]] && pin=(taskset -c 0)
  shift
  "${pin[@]}" "$quantloop" --db "$work/q.db" -q ingest csv "$@" --json |
    /usr/bin/python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["inserted"], r["seconds"])'
}
run_pandas() {
  /usr/bin/python3 bench/ingest_peer.py "$work/p.db" "$@" |
    /usr/bin/python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["bars"], r["seconds"])'
}
report() {  # name, quantloop "bars seconds", pandas "bars seconds"
  read -r qb qs <<<"$2"
  read -r pb ps <<<"$3"
  if [[ -z "$qs" || -z "$ps" || "$qb" != "$pb" ]]; then
    echo "$1: a side failed or loaded other bars (quantloop '$2', pandas '$3')" >&2
    exit 1
  fi
  awk -v n="$1" -v qb="$qb" -v qs="$qs" -v pb="$pb" -v ps="$ps" 'BEGIN {
    printf "%-34s quantloop %9d bars %7.3f s %9.0f bars/s | pandas %9d bars %7.3f s %9.0f bars/s | ratio %5.1fx\n",
           n, qb, qs, qb / qs, pb, ps, pb / ps, (qb / qs) / (pb / ps) }'
}

echo "ingest into SQLite, same files, same schema ($(nproc) cores; pandas uses one)"
pandas_real=$(run_pandas "${real_files[@]}")
pandas_generated=$(run_pandas "${generated_files[@]}")
report "real daily files (${#real_files[@]})" "$(run_quantloop all "${real_files[@]}")" "$pandas_real"
report "  quantloop on one core" "$(run_quantloop one "${real_files[@]}")" "$pandas_real"
report "generated minute bars (1M)" "$(run_quantloop all "${generated_files[@]}")" "$pandas_generated"
report "  quantloop on one core" "$(run_quantloop one "${generated_files[@]}")" "$pandas_generated"
