#!/usr/bin/python3
"""Reference feature values for tests/features from pandas_features.py (pandas 1.5.3, numpy,
Debian bookworm), on real data: data/daily/AAPL_data.csv (daily) and the first 600 bars of
data/intraday/AAPL_1h.csv (hourly, yfinance). Writes features.json next to this script with,
per series, the feature rows (every 7th, to stay small), their times, and the targets.
Run: /usr/bin/python3 tests/features/reference/make_feature_reference.py
"""
import json
import os

import numpy as np
import pandas as pd

from pandas_features import NAMES, features

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, "..", "..", ".."))


def daily():
    f = pd.read_csv(os.path.join(root, "data", "daily", "AAPL_data.csv"))
    f.index = pd.to_datetime(f["Date"], utc=True)
    return f.rename(columns=str.lower)[["open", "high", "low", "close", "volume"]], 86400


def hourly():
    f = pd.read_csv(os.path.join(root, "data", "intraday", "AAPL_1h.csv"), skiprows=3, header=None,
                    names=["datetime", "close", "high", "low", "open", "volume"])
    f.index = pd.to_datetime(f["datetime"], utc=True)
    return f[["open", "high", "low", "close", "volume"]].iloc[:600], 3600


out = {"generator": f"pandas {pd.__version__}, numpy {np.__version__}", "names": NAMES, "series": []}
for name, (frame, seconds) in {"AAPL_1d": daily(), "AAPL_1h": hourly()}.items():
    table, next_return, direction = features(frame, seconds)
    rows = list(range(0, len(table), 7)) + [len(table) - 1]
    out["series"].append({
        "name": name, "rows": len(table), "first_time": str(table.index[0]),
        "sampled": [{"index": i, "time": int(table.index[i].timestamp()),
                     "values": [float(v) for v in table.iloc[i].to_numpy()],
                     "next_log_return": None if np.isnan(next_return.iloc[i]) else float(next_return.iloc[i]),
                     "next_direction": int(direction.iloc[i])} for i in rows]})
with open(os.path.join(here, "features.json"), "w") as f:
    json.dump(out, f, allow_nan=False)
print({s["name"]: s["rows"] for s in out["series"]})
