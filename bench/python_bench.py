#!/usr/bin/python3
"""bench/python_bench.sh's one Python process: quantloop's module beside the libraries it
replaces, on the same data in the same process.
  python_bench.py WORK DB   WORK holds stats_peers.py's prices.csv and garch.csv (and, when R
                            ran, r_garch.json); DB holds 1,000,000 one-minute bars of BENCH-USD.
"""
import json
import os
import sqlite3
import sys
import time
import warnings

import numpy as np
import pandas as pd
from statsmodels.tsa.stattools import coint as sm_coint

import quantloop

work, db = sys.argv[1], sys.argv[2]


def timed(f):
    started = time.perf_counter()
    value = f()
    return time.perf_counter() - started, value


# --- Engle-Granger on the 4,950 pairs of 100 series of 500 bars ---------------------------
prices = pd.DataFrame(np.loadtxt(os.path.join(work, "prices.csv"), delimiter=","))
prices.columns = [f"s{k:03d}" for k in range(prices.shape[1])]
pairs = [(i, j) for i in range(prices.shape[1]) for j in range(i + 1, prices.shape[1])]
columns = [prices[c].to_numpy() for c in prices.columns]
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    sm_seconds, sm = timed(lambda: [sm_coint(columns[i], columns[j])[0] for i, j in pairs])
loop_seconds, loop = timed(lambda: [quantloop.coint(columns[i], columns[j])["statistic"]
                                    for i, j in pairs])
one_seconds, one = timed(lambda: quantloop.coint_matrix(prices, threads=1))
all_seconds, every = timed(lambda: quantloop.coint_matrix(prices))
diff = np.abs(np.array(loop) - np.array(sm)).max()
assert np.array_equal(one["statistic"].to_numpy(), np.array(loop))
print(f"coint, {len(pairs)} pairs x {prices.shape[0]} bars: statsmodels {sm_seconds:.2f} s | "
      f"quantloop.coint in a Python loop {loop_seconds:.3f} s ({sm_seconds / loop_seconds:.0f}x), "
      f"coint_matrix 1 thread {one_seconds:.3f} s ({sm_seconds / one_seconds:.0f}x), "
      f"{os.cpu_count()} threads {all_seconds:.3f} s ({sm_seconds / all_seconds:.0f}x) "
      f"(goal >= 200x) | max |diff| of statistics {diff:.1e}")

# --- GARCH(1,1) on 100 series of 2,500 returns, fGarch's conventions -----------------------
returns = np.loadtxt(os.path.join(work, "garch.csv"), delimiter=",")
series = [np.ascontiguousarray(returns[:, k]) for k in range(returns.shape[1])]
garch_seconds, fits = timed(lambda: [quantloop.garch(s, start="mean-squared") for s in series])
r_path = os.path.join(work, "r_garch.json")
if os.path.exists(r_path):
    r = json.load(open(r_path))
    ours = np.array([[f["mu"], f["omega"], f["alpha"], f["beta"], f["loglik"]] for f in fits])
    theirs = np.array(r["results"])
    print(f"garch, {len(series)} series x {returns.shape[0]} returns: R fGarch {r['seconds']:.2f} s | "
          f"quantloop.garch {garch_seconds:.3f} s ({r['seconds'] / garch_seconds:.0f}x) | max |diff| "
          f"of parameters {np.abs(ours[:, :4] - theirs[:, :4]).max():.1e}, log-likelihood "
          f"{np.abs(ours[:, 4] - theirs[:, 4]).max():.1e}")
else:
    print(f"garch, {len(series)} series: quantloop.garch {garch_seconds:.3f} s (R's fGarch not run)")

# --- 1,000,000 bars into a DataFrame ----------------------------------------------------------
store = quantloop.Store(db)


def read_sql():
    with sqlite3.connect(db) as connection:
        frame = pd.read_sql("SELECT date, open, high, low, close, adj_close, volume FROM "
                            "market_data WHERE symbol = 'BENCH-USD' AND interval = '1m' ORDER BY date",
                            connection)
    frame.index = pd.DatetimeIndex(pd.to_datetime(frame.pop("date"), utc=True), name="date")
    return frame


store.bars("BENCH-USD", "1m")  # both read a warm file
peer_seconds, peer = timed(read_sql)
bars_seconds, bars = timed(lambda: store.bars("BENCH-USD", "1m"))
assert len(bars) == len(peer) and bars.index.equals(peer.index)
assert np.array_equal(bars["close"].to_numpy(), peer["close"].to_numpy())
print(f"bars, {len(bars):,} one-minute bars into a DataFrame with a UTC index: pandas.read_sql "
      f"{peer_seconds:.2f} s | Store.bars {bars_seconds:.3f} s ({peer_seconds / bars_seconds:.1f}x) "
      f"(goal >= 5x); the same values")
