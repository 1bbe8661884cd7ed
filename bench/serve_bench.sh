#!/usr/bin/env bash
# Serving benchmark: `quantloop serve` beside seed 003's design (FastAPI + uvicorn answering the
# same JSON from an in-memory dict, bench/serve_peer.py, 1 and 2 workers), in one run, with wrk
# at 64 connections for 10 s on a cached GET /v1/predictions/{symbol}; all on this machine's
# cores, wrk included. Then quantloop alone: a cache miss (champion GRU: read bars, features,
# forward, store the prediction), pre-generating 100 symbols, and the memory of the server
# with 100 champions loaded. Prints both sides and the ratios.
# Usage: bench/serve_bench.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
quantloop=$(realpath "${1:-build}")/quantloop
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export QUANTLOOP_SERVE_TOKEN=bench-token
db="$work/q.db"
q() { "$quantloop" --db "$db" -q "$@"; }

# 100 symbols of hourly bars, a GRU each (one epoch: speed, not skill, is measured here), each
# promoted by hand so that every champion is a GRU.
symbols=$(printf 'S%03d,' $(seq 0 99)); symbols=${symbols%,}
q --set symbols.stocks="$symbols" ingest synthetic --symbols "$symbols" --interval 1h --days 60 \
  --end 2026-11-27T20:00Z >/dev/null
q --set symbols.stocks="$symbols" train --mode hourly --symbols "$symbols" --model gru --epochs 1 \
  --at 2026-11-27T20:00Z >/dev/null
for s in ${symbols//,/ }; do
  q models promote "$s" --version 1 >/dev/null 2>&1 || true
done
gru_champions=$(q models list --json | /usr/bin/python3 -c \
  'import json,sys; print(sum(1 for r in json.load(sys.stdin) if r["type"] == "gru"))')

start_server() {  # PORT [--set ...]: starts quantloop serve, waits until it serves; sets
  local port=$1; shift  # server_pid and startup (seconds from start to serving)
  local started=$(date +%s.%N)
  "$quantloop" --db "$db" -q "$@" serve --port "$port" >"$work/serve-$port.out" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  until grep -q "serving on" "$work/serve-$port.out" 2>/dev/null; do sleep 0.02; done
  startup=$(echo "$started $(date +%s.%N)" | awk '{printf "%.3f", $2 - $1}')
}
wrk_run() {  # URL [CONNECTIONS]: prints "req/s p50_ms p99_ms"
  wrk -t2 -c"${2:-64}" -d10s --latency "$1" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; return v * 1000 }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 }
    END { printf "%.0f %.3f %.3f", rps, p50, p99 }'
}

start_server 18181
url=http://127.0.0.1:18181
curl -sf "$url/v1/predictions/S000" >/dev/null
read -r q_rps q_p50 q_p99 <<<"$(wrk_run "$url/v1/predictions/S000")"
read -r q16_rps q16_p50 q16_p99 <<<"$(wrk_run "$url/v1/predictions/S000" 16)"
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")
first_startup=$startup
refresh=$(curl -sf -o /dev/null -w '%{time_total}' -X POST -H "Authorization: Bearer $QUANTLOOP_SERVE_TOKEN" \
  "$url/v1/cache/refresh")

# The peer serves the bytes quantloop serves.
for s in ${symbols//,/ }; do
  printf '%s\t' "$s"; curl -sf "$url/v1/predictions/$s"; echo
done | /usr/bin/python3 -c 'import json,sys; print(json.dumps(dict(l.rstrip("\n").split("\t", 1) for l in sys.stdin)))' \
  >"$work/peer.json"
peer_run() {  # WORKERS
  local port=$((18190 + $1))
  QL_PEER_PREDICTIONS="$work/peer.json" /usr/bin/python3 -m uvicorn serve_peer:app --app-dir bench \
    --port "$port" --workers "$1" --log-level warning --no-access-log >"$work/peer-$1.log" 2>&1 &
  pids+=($!)
  until curl -sf "http://127.0.0.1:$port/v1/predictions/S000" >/dev/null 2>&1; do sleep 0.1; done
  cmp -s <(curl -s "http://127.0.0.1:$port/v1/predictions/S000") <(curl -s "$url/v1/predictions/S000") ||
    { echo "the peer serves other bytes" >&2; exit 1; }
  wrk_run "http://127.0.0.1:$port/v1/predictions/S000"
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
}
read -r p1_rps p1_p50 p1_p99 <<<"$(peer_run 1)"
read -r p2_rps p2_p50 p2_p99 <<<"$(peer_run 2)"

# Cache misses: a server whose entries live one second, asked for each symbol once after they
# expired; each answer is computed from the champion GRU.
start_server 18182 --set serve.cache_ttl_seconds=1
sleep 1.2
miss_times=$(for s in ${symbols//,/ }; do
  curl -sf -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:18182/v1/predictions/$s"
done | sort -n)
misses=$(curl -sf http://127.0.0.1:18182/metrics | awk '/^quantloop_cache_misses_total/ {print $2}')
miss_median=$(awk '{v[NR] = $1} END {printf "%.2f", 1000 * (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}' <<<"$miss_times")

cores=$(nproc)
uvicorn_http=$(/usr/bin/python3 -c 'import importlib.util as u; print("httptools" if u.find_spec("httptools") else "h11")')
echo "serve: cached GET /v1/predictions/{symbol}, wrk 2 threads, 64 connections, 10 s, on $cores cores (wrk included)"
printf '  %-44s %8d req/s  p50 %6.2f ms  p99 %6.2f ms\n' "quantloop serve" "$q_rps" "$q_p50" "$q_p99"
printf '  %-44s %8d req/s  p50 %6.2f ms  p99 %6.2f ms\n' "FastAPI+uvicorn ($uvicorn_http), 1 worker" "$p1_rps" "$p1_p50" "$p1_p99"
printf '  %-44s %8d req/s  p50 %6.2f ms  p99 %6.2f ms\n' "FastAPI+uvicorn ($uvicorn_http), 2 workers" "$p2_rps" "$p2_p50" "$p2_p99"
awk -v q="$q_rps" -v a="$p1_rps" -v b="$p2_rps" 'BEGIN {
  printf "  ratio quantloop / peer: %.1fx (1 worker), %.1fx (2 workers)\n", q / a, q / b }'
echo "  (at 64 connections the latency is mostly queueing: 64 requests in flight at N req/s wait"
echo "  64/N s on average, by Little's law; below saturation:)"
printf '  %-44s %8d req/s  p50 %6.2f ms  p99 %6.2f ms\n' "quantloop serve, 16 connections" "$q16_rps" "$q16_p50" "$q16_p99"
echo "quantloop alone ($gru_champions of 100 champions are GRUs):"
echo "  cache miss (read bars, features, GRU forward, store): median $miss_median ms over $misses misses"
echo "  pre-generating 100 symbols (POST /v1/cache/refresh): $(awk -v t="$refresh" 'BEGIN {printf "%.3f", t}') s"
echo "  start to serving (load, warm the memory tier from the predictions table): $first_startup s"
echo "  memory with 100 champions loaded, after the wrk run: $((rss_kb / 1024)) MB RSS"
