"""Reference values for tests/pairs/scan_test.cpp: the statsmodels side of `quantloop pairs
scan` on GLD, GDX, KO and PEP (../shared/data/pairs, Close) as of 2019-07-13, 365 days back.

The scan's window: bars dated from 2018-07-13 to 2019-07-12 (the last complete before the
clock), the dates all four have; the formation part is the first floor(0.8 n) rows. For every
pair (in the order GLD, GDX, KO, PEP): Pearson correlation of the formation prices;
statsmodels' coint (constant, autolag AIC) both ways; the direction with the lower p-value, its
OLS intercept and hedge ratio, statistic, the half-life -ln 2 / b of the OLS of the spread's
change on its lagged level with a constant, and adfuller (constant, AIC) of the formation
spread. The funnel counts under the default gates (correlation >= 0.8, p < 0.05).

Run with Debian's python3 (python3-pandas, python3-statsmodels):
  /usr/bin/python3 tests/pairs/reference/make_scan_reference.py > tests/pairs/reference/scan.json
"""
import json
import math
import os
import sys

import numpy as np
import pandas as pd
import statsmodels
from statsmodels.tsa.stattools import adfuller, coint

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("QL_SHARED_DATA", os.path.join(HERE, "..", "..", "..", "..", "shared", "data"))
SYMBOLS = ["GLD", "GDX", "KO", "PEP"]

closes = {}
for s in SYMBOLS:
    frame = pd.read_csv(os.path.join(SHARED, "pairs", f"{s}.csv"), parse_dates=["Date"])
    frame = frame[(frame.Date >= "2018-07-13") & (frame.Date <= "2019-07-12")]
    closes[s] = frame.set_index("Date")["Close"]
prices = pd.DataFrame(closes).dropna()
n = len(prices)
formation = int(math.floor(n * 0.8))
f = prices.iloc[:formation]

pairs = []
funnel = {"pairs": 0, "correlation": 0, "cointegration": 0}
for i in range(len(SYMBOLS)):
    for j in range(i + 1, len(SYMBOLS)):
        a, b = SYMBOLS[i], SYMBOLS[j]
        corr = float(np.corrcoef(f[a], f[b])[0, 1])
        forward = coint(f[a], f[b], trend="c", autolag="aic")
        backward = coint(f[b], f[a], trend="c", autolag="aic")
        y, x, best = (b, a, backward) if backward[1] < forward[1] else (a, b, forward)
        design = np.column_stack([np.ones(formation), f[x].values])
        intercept, hedge = np.linalg.lstsq(design, f[y].values, rcond=None)[0]
        spread = f[y].values - intercept - hedge * f[x].values
        change = np.diff(spread)
        lagged = np.column_stack([np.ones(formation - 1), spread[:-1]])
        slope = np.linalg.lstsq(lagged, change, rcond=None)[0][1]
        half_life = -math.log(2) / slope if slope < 0 else float("inf")
        pairs.append({"first": a, "second": b, "y": y, "x": x, "correlation": corr,
                      "pvalue_forward": float(forward[1]), "pvalue_backward": float(backward[1]),
                      "coint_statistic": float(best[0]), "coint_pvalue": float(best[1]),
                      "intercept": float(intercept), "hedge_ratio": float(hedge),
                      "half_life": half_life,
                      "adf_pvalue": float(adfuller(spread, regression="c", autolag="AIC")[1])})
        funnel["pairs"] += 1
        if corr >= 0.8:
            funnel["correlation"] += 1
            if best[1] < 0.05:
                funnel["cointegration"] += 1

json.dump({"statsmodels": statsmodels.__version__, "rows": n, "formation_rows": formation,
           "data_start": str(prices.index[0].date()), "data_end": str(prices.index[-1].date()),
           "funnel": funnel, "pairs": pairs}, sys.stdout, indent=1)
print()
