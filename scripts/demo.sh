#!/usr/bin/env bash
# `make demo`: loads real daily bars (bundled) and a generated hourly feed up to the current
# hour into ./quantloop.db, trains a model per symbol on each, shows what the database holds,
# the promotion decisions and the champions' predictions, and asks the HTTP API for one.
# Offline. Re-running adds only the hours that passed and one more run of each mode.
set -euo pipefail
cd "$(dirname "$0")/.."
quantloop=${1:-build/quantloop}
db=${DEMO_DB:-quantloop.db}
daily_symbols=$(ls data/daily/*_data.csv | sed 's#.*/##; s#_data.csv##' | paste -sd, -)

echo "== real daily bars of 14 S&P 500 stocks, 2012-2017 (data/PROVENANCE.md)"
"$quantloop" --db "$db" --quiet ingest csv data/daily/*_data.csv | head -n 1
echo
echo "== a generated hourly feed for the configured symbols (quantloop.toml), last 60 days"
"$quantloop" --db "$db" --quiet ingest synthetic --interval 1h --days 60 --seed 42 | head -n 1
echo
echo "== full mode: a GRU per stock on two years of daily bars, as of 2017-12-05 20:00 UTC"
"$quantloop" --db "$db" --quiet train --mode full --symbols "$daily_symbols" --at 2017-12-05T20:00Z | tail -n 2
echo
echo "== the hourly run of this hour, as the seeds' workflow does it (offline: on the stored bars)"
hour=$(date -u +%Y-%m-%dT%H:00Z)
"$quantloop" --db "$db" --quiet train --mode hourly --at "$hour" | tail -n 2
echo
"$quantloop" --db "$db" query performance
echo
"$quantloop" --db "$db" query runs --limit 5
echo
"$quantloop" --db "$db" query stats
echo
echo "== the schedules quantloop daemon runs (quantloop.toml; seeds 000/001 by default)"
"$quantloop" --db "$db" schedule show --count 3
echo
echo "== promotion: each new model against its series' champion, on rows neither has seen"
"$quantloop" --db "$db" query promotions --limit 6
echo
echo "== seed 004's pair scan of the technology universe (quantloop.toml [pairs]), a year to 2017-12-05"
"$quantloop" --db "$db" pairs scan --as-of 2017-12-06 --lookback-days 365
echo
echo "== a GARCH-GRU per pair past the correlation gate (two years of bars), ranked by test F1"
"$quantloop" --db "$db" pairs train --as-of 2017-12-06 2>/dev/null | tail -n 1
"$quantloop" --db "$db" pairs best --by f1 --limit 5
"$quantloop" --db "$db" pairs trends GOOGL/AMZN
echo
echo "== a walk-forward backtest of GOOGL/AMZN over 12 parameter sets, with the deflated Sharpe"
"$quantloop" --db "$db" backtest pairs --pair GOOGL/AMZN --from 2013-01-01 --to 2017-12-05 \
  --entry 1.5,2,2.5 --exit 0,0.5 --window 20,60 --save
echo
echo "== seed 004's model 2 on a generated cointegrated pair (PAIRY = 1.5 PAIRX + a spread):"
echo "   scan it as of 2017-06-01, replay the next months' daily closes through the pair signals"
"$quantloop" --db "$db" --quiet ingest synthetic --symbols PAIRX,PAIRY --interval 1d --days 900 \
  --end 2017-12-05 --pair PAIRX,PAIRY --half-life 3 --seed 7 | head -n 1
if [ "$("$quantloop" --db "$db" --quiet sql "SELECT COUNT(*) FROM signals" --csv | tail -n 1)" = 0 ]; then
  "$quantloop" --db "$db" --quiet pairs scan --symbols PAIRX,PAIRY --as-of 2017-06-01 \
    --lookback-days 365 | tail -n 1
  "$quantloop" --db "$db" --quiet --set pairs.min_correlation=0.5 replay --from 2017-06-01 \
    --to 2017-12-05 > /dev/null
else
  echo "(scanned and replayed by an earlier demo: runs go forward in time, made once)"
fi
echo "-- seed 002's queries, verbatim: signals by date (the last five days with one), sessions and regimes"
"$quantloop" --db "$db" sql "SELECT DATE(entry_time) as trading_date, COUNT(*) as signals_count, AVG(confluence_score) as avg_quality, SUM(CASE WHEN status = 'EXECUTED' THEN 1 ELSE 0 END) as executed_signals FROM signals WHERE entry_time BETWEEN '2017-06-01' AND '2017-12-31' GROUP BY DATE(entry_time) ORDER BY trading_date DESC LIMIT 5"
"$quantloop" --db "$db" sql "SELECT session, market_regime, COUNT(*) as signals, AVG(confluence_score) as quality, AVG(pnl) as avg_pnl FROM signals s JOIN trades t ON s.signal_id = t.signal_id GROUP BY session, market_regime ORDER BY avg_pnl DESC"
echo

echo "== seed 002's scanner: six generated days of 1-minute bars for its six symbols (quantloop.toml"
echo "   [scanner]), replayed through the scanner every 30 s: concepts of 1m 5m 15m 1h 4h windows,"
echo "   market_conditions and ml_features rows, confluence signals and their paper trades"
"$quantloop" --db "$db" --quiet ingest synthetic --symbols BTC-USD,ETH-USD,SOL-USD,XRP-USD,ADA-USD,DOGE-USD \
  --interval 1m --start 2025-10-02 --end 2025-10-07T23:59:00Z --seed 11 | head -n 1
"$quantloop" --db "$db" scanner run --replay --from 2025-10-02T00:01:00Z --to 2025-10-07T23:59:30Z | tail -n 5
"$quantloop" --db "$db" sql "SELECT c.symbol, c.timeframe, c.price, c.rsi, c.market_structure, c.fvg_count, c.order_blocks_count, f.confluence_score FROM market_conditions c JOIN ml_features f USING (scan_id, symbol, timeframe) WHERE c.scan_id = (SELECT MAX(id) FROM scans) AND c.symbol = 'BTC-USD'"
echo "-- seed 002's models, trained on what the scans stored (scanner train; test rows beside the majority class)"
"$quantloop" --db "$db" scanner train --at 2025-10-07T23:59:30Z --days 7 2>/dev/null
echo "-- seed 002's queries, verbatim (its own dates): signals by date, sessions and regimes"
"$quantloop" --db "$db" sql "SELECT DATE(entry_time) as trading_date, COUNT(*) as signals_count, AVG(confluence_score) as avg_quality, SUM(CASE WHEN status = 'EXECUTED' THEN 1 ELSE 0 END) as executed_signals FROM signals WHERE entry_time BETWEEN '2025-10-01' AND '2025-10-31' GROUP BY DATE(entry_time) ORDER BY trading_date"
"$quantloop" --db "$db" sql "SELECT session, market_regime, COUNT(*) as signals, AVG(confluence_score) as quality, AVG(pnl) as avg_pnl FROM signals s JOIN trades t ON s.signal_id = t.signal_id GROUP BY session, market_regime ORDER BY avg_pnl DESC"
echo

echo "== the champions' predictions of the next hour"
"$quantloop" --db "$db" predict --symbols AAPL,MSFT,EURUSD --interval 1h
echo
echo "== the same over HTTP: quantloop serve on a free loopback port"
log=$(mktemp)
"$quantloop" --db "$db" serve --port 0 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q "serving on" "$log" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*' "$log")
echo "\$ curl $url/v1/predictions/AAPL"
curl -sS "$url/v1/predictions/AAPL"
echo
kill -TERM $server
wait $server
echo
echo "== the dashboard (health, champions, runs, pairs, backtests) of this database:"
echo "   $quantloop --db $db serve    # then open http://127.0.0.1:8080/ in a browser"
