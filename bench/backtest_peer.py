"""The peer of bench/backtest_bench.sh: the reference pairs strategy as a straightforward
pandas/numpy/statsmodels program (tests/backtest/reference/make_backtest_reference.py, the
implementation quantloop's backtest equals to 1e-9), on the same bars read from the same SQLite
database, for the first --sets parameter sets of the grid (all of them would take an hour).
Prints {"seconds", "sets", "total_pnl"} as JSON: seconds for those sets, and each set's
portfolio PnL for the bench to compare with quantloop's.

Usage: backtest_peer.py --db DB --pairs Y/X,... --from D --to D --grid GRID.json --sets N
"""
import argparse
import json
import os
import sqlite3
import sys
import time

import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "backtest", "reference"))
from make_backtest_reference import backtest  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--pairs", required=True)
    parser.add_argument("--from", dest="start", required=True)
    parser.add_argument("--to", dest="end", required=True)
    parser.add_argument("--grid", required=True)
    parser.add_argument("--sets", type=int, default=10)
    args = parser.parse_args()
    pairs = [tuple(p.split("/")) for p in args.pairs.split(",")]
    symbols = sorted({s for p in pairs for s in p})
    with sqlite3.connect(args.db) as db:
        frame = pd.read_sql_query(
            "SELECT symbol, date, close FROM market_data WHERE interval = '1d' AND date >= ? AND "
            f"date <= ? AND symbol IN ({','.join('?' * len(symbols))})",
            db, params=[args.start, args.end + " 23:59:59", *symbols])
    prices = frame.pivot(index="date", columns="symbol", values="close").dropna().sort_index()
    grid = json.load(open(args.grid))[: args.sets]
    started = time.perf_counter()
    totals = [backtest(prices, pairs, params)["portfolio"]["total_pnl"] for params in grid]
    print(json.dumps({"seconds": time.perf_counter() - started, "sets": len(grid),
                      "bars": len(prices), "total_pnl": totals}))


if __name__ == "__main__":
    main()
