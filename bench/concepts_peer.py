#!/usr/bin/python3
"""The package side of the concepts comparison in bench/scanner_bench.sh: smartmoneyconcepts
0.0.27 (../shared/ict/vendor, MIT) on every BARS-bar window ending at the last WINDOWS bars of a
CSV (Datetime,Open,High,Low,Close,Volume; UTC), computing what quantloop's concepts cover:
swings (L=5), BOS/CHOCH, order blocks, liquidity, fair value gaps, previous day and week levels,
the three sessions and three kill zones, retracements. Prints one JSON line.
Usage: concepts_peer.py VENDOR_DIR FILE BARS WINDOWS
"""
import contextlib
import io
import json
import sys
import time
import warnings

import pandas as pd

warnings.filterwarnings("ignore")


def main():
    vendor, path, bars, windows = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    sys.path.insert(0, vendor)
    with contextlib.redirect_stdout(io.StringIO()):  # the package greets on import
        from smartmoneyconcepts.smc import smc

    df = pd.read_csv(path)
    df.index = pd.to_datetime(df["Datetime"], utc=True).dt.tz_localize(None)
    df = df.rename(columns=str.lower)[["open", "high", "low", "close", "volume"]]
    checksum = 0
    start = time.perf_counter()
    for w in range(windows):
        end = len(df) - windows + w + 1
        ohlc = df.iloc[end - bars:end]
        swings = smc.swing_highs_lows(ohlc, swing_length=5)
        parts = [smc.fvg(ohlc), swings, smc.bos_choch(ohlc, swings), smc.ob(ohlc, swings),
                 smc.liquidity(ohlc, swings), smc.previous_high_low(ohlc, "1D"),
                 smc.previous_high_low(ohlc, "1W"), smc.retracements(ohlc, swings)]
        for session in ["Tokyo", "London", "New York", "Asian kill zone",
                        "London open kill zone", "New York kill zone"]:
            parts.append(smc.sessions(ohlc, session))
        checksum += sum(int(p.notna().to_numpy().sum()) for p in parts)
    seconds = time.perf_counter() - start
    print(json.dumps({"windows": windows, "bars": bars, "seconds_per_window": seconds / windows,
                      "checksum": checksum}))


if __name__ == "__main__":
    main()
