#!/usr/bin/python3
"""quantloop's ICT concepts (issue 21's text, "Concepts, exact") implemented independently with
numpy and pandas, as the reference for tests/concepts. Written from the text alone, not from
src/concepts: where the two disagree, one of them misreads the text.

Run: /usr/bin/python3 tests/concepts/reference/concepts_reference.py
Writes concepts.json.gz next to this script: for each data file, the window's swings, structure
events, sweeps, fair value gaps, order blocks and every bar's context, as `quantloop concepts
--json` prints them (times as Unix seconds here; the test converts).
"""
import gzip
import json
import math
import os
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, "..", "..", ".."))

L = 5            # [concepts] swing_length
FVG_MIN_ATR = 0  # [concepts] fvg_min_atr
MAX_AGE = 100    # [concepts] max_age_bars


def wilder_atr(h, l, c, n=14):
    tr = np.full(len(c), np.nan)
    for i in range(1, len(c)):
        tr[i] = max(h[i] - l[i], abs(h[i] - c[i - 1]), abs(l[i] - c[i - 1]))
    out = np.full(len(c), np.nan)
    if len(c) > n:
        out[n] = np.mean(tr[1:n + 1])
        for i in range(n + 1, len(c)):
            out[i] = (out[i - 1] * (n - 1) + tr[i]) / n
    return out


def wilder_rsi(c, n=14):
    out = np.full(len(c), np.nan)
    if len(c) <= n:
        return out
    d = np.diff(c)
    gain = np.mean(np.maximum(d[:n], 0))
    loss = np.mean(np.maximum(-d[:n], 0))

    def value(g, lo):
        return 50.0 if g + lo == 0 else 100 * g / (g + lo)

    out[n] = value(gain, loss)
    for i in range(n + 1, len(c)):
        gain = (gain * (n - 1) + max(d[i - 1], 0)) / n
        loss = (loss * (n - 1) + max(-d[i - 1], 0)) / n
        out[i] = value(gain, loss)
    return out


def talib_adx(h, l, c, n=14):
    size = len(c)
    tr = np.zeros(size)
    pdm = np.zeros(size)
    mdm = np.zeros(size)
    for i in range(1, size):
        tr[i] = max(h[i] - l[i], abs(h[i] - c[i - 1]), abs(l[i] - c[i - 1]))
        up, down = h[i] - h[i - 1], l[i - 1] - l[i]
        pdm[i] = up if up > 0 and up > down else 0
        mdm[i] = down if down > 0 and down > up else 0
    dx = np.full(size, np.nan)
    s_tr = s_p = s_m = None
    for i in range(1, size):
        if i == n - 1:
            s_tr, s_p, s_m = tr[1:n].sum(), pdm[1:n].sum(), mdm[1:n].sum()
        elif i >= n:
            s_tr = s_tr - s_tr / n + tr[i]
            s_p = s_p - s_p / n + pdm[i]
            s_m = s_m - s_m / n + mdm[i]
            di_p = 100 * s_p / s_tr if s_tr != 0 else 0.0
            di_m = 100 * s_m / s_tr if s_tr != 0 else 0.0
            dx[i] = 0.0 if di_p + di_m == 0 else 100 * abs(di_p - di_m) / (di_p + di_m)
    adx = np.full(size, np.nan)
    first = 2 * n - 1  # 27
    if size > first:
        adx[first] = np.mean(dx[n:first + 1])
        for i in range(first + 1, size):
            adx[i] = ((n - 1) * adx[i - 1] + dx[i]) / n
    return adx


SESSIONS = [("asia", "Asia/Tokyo", (9, 0), (18, 0)), ("london", "Europe/London", (8, 0), (16, 30)),
            ("new_york", "America/New_York", (8, 0), (17, 0))]
KILL_ZONES = [("asia", (20, 0), (24, 0)), ("london", (2, 0), (5, 0)), ("new_york", (7, 0), (10, 0))]


def active_sessions(t):
    """(name, start of the current occurrence as Unix seconds) of the sessions under way at t."""
    out = []
    for name, zone, (ah, am), (bh, bm) in SESSIONS:
        local = datetime.fromtimestamp(t, timezone.utc).astimezone(ZoneInfo(zone))
        minute = local.hour * 60 + local.minute
        if ah * 60 + am <= minute < bh * 60 + bm:
            start = datetime(local.year, local.month, local.day, ah, am, tzinfo=ZoneInfo(zone))
            out.append((name, int(start.timestamp())))
    return out


def kill_zone(t):
    local = datetime.fromtimestamp(t, timezone.utc).astimezone(ZoneInfo("America/New_York"))
    minute = local.hour * 60 + local.minute
    for name, (ah, am), (bh, bm) in KILL_ZONES:
        if ah * 60 + am <= minute < bh * 60 + bm:
            return name
    return None


def concepts(t, o, h, l, c, v):
    n = len(c)
    atr = wilder_atr(h, l, c)
    rsi = wilder_rsi(c)
    adx = talib_adx(h, l, c)

    # 1. swings
    swings = []
    is_high = [False] * n
    is_low = [False] * n
    for p in range(L, n - L):
        if h[p] > max(h[p - L:p]) and h[p] >= max(h[p + 1:p + L + 1]):
            is_high[p] = True
            swings.append({"time": t[p], "kind": "high", "price": h[p], "known_at": t[p + L], "bar": p})
        if l[p] < min(l[p - L:p]) and l[p] <= min(l[p + 1:p + L + 1]):
            is_low[p] = True
            swings.append({"time": t[p], "kind": "low", "price": l[p], "known_at": t[p + L], "bar": p})

    # 2. structure
    trend = 0
    H = S = None
    structure, sweeps, events = [], [], []
    market_structure = [0] * n
    for k in range(n):
        if H is not None and not H["broken"] and c[k] > H["level"]:
            kind = "CHOCH" if trend == -1 else "BOS"
            structure.append({"time": t[k], "kind": kind, "direction": 1, "level": H["level"],
                              "swing_time": t[H["bar"]]})
            events.append((k, 1, H["bar"], kind))
            trend = 1
            H["broken"] = True
        if S is not None and not S["broken"] and c[k] < S["level"]:
            kind = "CHOCH" if trend == 1 else "BOS"
            structure.append({"time": t[k], "kind": kind, "direction": -1, "level": S["level"],
                              "swing_time": t[S["bar"]]})
            events.append((k, -1, S["bar"], kind))
            trend = -1
            S["broken"] = True
        market_structure[k] = trend
        if H is not None and not H["broken"] and not H["swept"] and h[k] > H["level"] and c[k] <= H["level"]:
            sweeps.append({"time": t[k], "direction": -1, "level": H["level"], "swing_time": t[H["bar"]], "bar": k})
            H["swept"] = True
        if S is not None and not S["broken"] and not S["swept"] and l[k] < S["level"] and c[k] >= S["level"]:
            sweeps.append({"time": t[k], "direction": 1, "level": S["level"], "swing_time": t[S["bar"]], "bar": k})
            S["swept"] = True
        p = k - L
        if p >= L and p + L <= n - 1:
            if is_high[p]:
                H = {"level": h[p], "bar": p, "broken": False, "swept": False}
            if is_low[p]:
                S = {"level": l[p], "bar": p, "broken": False, "swept": False}

    # 3. fair value gaps
    fvgs = []
    for i in range(2, n):
        a = 0.0 if math.isnan(atr[i]) else atr[i]
        for direction, top, bottom in ((1, l[i], h[i - 2]), (-1, l[i - 2], h[i])):
            if (direction == 1 and l[i] > h[i - 2]) or (direction == -1 and h[i] < l[i - 2]):
                if top - bottom >= FVG_MIN_ATR * a:
                    mitigated = filled = None
                    for k in range(i + 1, n):
                        if mitigated is None and ((direction == 1 and l[k] <= top) or (direction == -1 and h[k] >= bottom)):
                            mitigated = k
                        if (direction == 1 and l[k] <= bottom) or (direction == -1 and h[k] >= top):
                            filled = k
                            break
                    fvgs.append({"time": t[i], "direction": direction, "top": top, "bottom": bottom,
                                 "mitigated_at": None if mitigated is None else t[mitigated],
                                 "filled_at": None if filled is None else t[filled], "bar": i,
                                 "filled_bar": filled})

    # 4. order blocks
    blocks = []
    for k, direction, p, _ in events:
        j = None
        for b in range(k - 1, p - 1, -1):
            if (direction == 1 and c[b] < o[b]) or (direction == -1 and c[b] > o[b]):
                j = b
                break
        if j is None:
            continue
        strength = None if math.isnan(atr[k]) else abs(c[k] - (l[j] + h[j]) / 2) / atr[k]
        mitigated = invalidated = None
        for m in range(k + 1, n):
            if mitigated is None and ((direction == 1 and l[m] <= h[j]) or (direction == -1 and h[m] >= l[j])):
                mitigated = m
            if invalidated is None and ((direction == 1 and c[m] < l[j]) or (direction == -1 and c[m] > h[j])):
                invalidated = m
            if mitigated is not None and invalidated is not None:
                break
        blocks.append({"time": t[k], "direction": direction, "top": h[j], "bottom": l[j], "volume": v[j],
                       "bar_time": t[j], "strength": strength,
                       "mitigated_at": None if mitigated is None else t[mitigated],
                       "invalidated_at": None if invalidated is None else t[invalidated],
                       "bar": k, "invalidated_bar": invalidated})

    # 5-8. per bar
    day = [int(x // 86400) for x in t]
    week = [int((x // 86400 + 3) // 7) for x in t]  # ISO weeks: 1970-01-01 was a Thursday
    logret = np.full(n, np.nan)
    logret[1:] = np.log(c[1:] / c[:-1])
    bars = []
    for k in range(n):
        row = {"time": t[k], "market_structure": {1: "bullish", -1: "bearish", 0: "ranging"}[market_structure[k]]}
        active = active_sessions(t[k])
        row["session"] = "+".join(name for name, _ in active) if active else "off_hours"
        row["kill_zone"] = kill_zone(t[k])
        if active:
            start = max(s for _, s in active)
            first = k
            while first > 0 and t[first - 1] >= start:
                first -= 1
            row["session_high"] = float(max(h[first:k + 1]))
            row["session_low"] = float(min(l[first:k + 1]))
        else:
            row["session_high"] = row["session_low"] = None
        levels = {}
        for key, period in (("d", day), ("w", week)):
            before = [j for j in range(k) if period[j] < period[k]]
            if before:
                last = period[before[-1]]
                js = [j for j in before if period[j] == last]
                levels[key] = (float(max(h[j] for j in js)), float(min(l[j] for j in js)))
        row["pdh"], row["pdl"] = levels.get("d", (None, None))
        row["pwh"], row["pwl"] = levels.get("w", (None, None))
        candidates = [x for x in (row["pdh"], row["pdl"], row["pwh"], row["pwl"]) if x is not None]
        row["institutional_level"] = min(candidates, key=lambda x: abs(x - c[k])) if candidates else None
        row["rsi"] = None if math.isnan(rsi[k]) else float(rsi[k])
        row["volatility"] = float(np.std(logret[k - 19:k + 1], ddof=1)) if k >= 20 else None
        if k >= 19:
            lo, hi = min(l[k - 19:k + 1]), max(h[k - 19:k + 1])
            row["price_position"] = 0.5 if hi == lo else float((c[k] - lo) / (hi - lo))
            mean_v = np.mean(v[k - 19:k + 1])
            row["volume_profile"] = float(v[k] / mean_v) if mean_v != 0 else None
            total = np.sum(v[k - 19:k + 1])
            row["order_flow_imbalance"] = 0.0 if total == 0 else float(np.sum(np.sign(c[k - 19:k + 1] - o[k - 19:k + 1]) * v[k - 19:k + 1]) / total)
        else:
            row["price_position"] = row["volume_profile"] = row["order_flow_imbalance"] = None
        row["trend_strength"] = None if math.isnan(adx[k]) else float(adx[k])
        regime = None
        if k >= 99 and not math.isnan(atr[k - 99]):
            share = sum(1 for j in range(k - 99, k) if atr[j] < atr[k]) / 99
            regime = "low" if share < 1 / 3 else "normal" if share < 2 / 3 else "high"
        if math.isnan(adx[k]):
            row["market_regime"] = None
        elif adx[k] >= 25:
            row["market_regime"] = "trending"
        elif regime == "high":
            row["market_regime"] = "volatile"
        else:
            row["market_regime"] = "ranging"
        if math.isnan(atr[k]):
            row["liquidity_density"] = None
        else:
            count = 0
            for s in swings:
                p = s["bar"]
                if p < k - 99 or p + L > k:
                    continue
                level = s["price"]
                crossed = any((c[j] > level) if s["kind"] == "high" else (c[j] < level)
                              for j in range(p + L + 1, k + 1))
                if not crossed and abs(level - c[k]) <= atr[k]:
                    count += 1
            row["liquidity_density"] = count
        row["active_fvgs"] = sum(1 for g in fvgs if g["bar"] <= k and k - g["bar"] <= MAX_AGE and
                                 (g["filled_bar"] is None or g["filled_bar"] > k))
        row["active_order_blocks"] = sum(1 for b in blocks if b["bar"] <= k and k - b["bar"] <= MAX_AGE and
                                         (b["invalidated_bar"] is None or b["invalidated_bar"] > k))
        bars.append(row)
    for x in swings:
        del x["bar"]
    for x in sweeps:
        del x["bar"]
    for x in fvgs:
        del x["bar"], x["filled_bar"]
    for x in blocks:
        del x["bar"], x["invalidated_bar"]
    return {"swings": swings, "structure": structure, "sweeps": sweeps, "fvgs": fvgs,
            "order_blocks": blocks, "bars": bars}


def aapl():
    f = pd.read_csv(os.path.join(root, "data", "intraday", "AAPL_1h.csv"), skiprows=3, header=None,
                    names=["datetime", "close", "high", "low", "open", "volume"])
    f.index = pd.to_datetime(f["datetime"], utc=True)
    return f[["open", "high", "low", "close", "volume"]]


def btc():
    f = pd.read_csv(os.path.join(root, "data", "intraday", "Coinbase_BTCUSD_1h.csv"), skiprows=1)
    f.index = pd.to_datetime(f["date"], format="%Y-%m-%d %I-%p", utc=True)
    f = f.sort_index().rename(columns={"volume_btc": "vol"})
    f = f[(f.index >= "2019-01-01") & (f.index <= "2019-05-31 23:00")]
    return f[["open", "high", "low", "close", "vol"]].rename(columns={"vol": "volume"})


def run(frame):
    t = [int(x.timestamp()) for x in frame.index]
    cols = [frame[x].to_numpy(dtype=float) for x in ("open", "high", "low", "close", "volume")]
    return concepts(t, *cols)


def clean(x):
    if isinstance(x, float):
        return None if math.isnan(x) else x
    if isinstance(x, (np.floating,)):
        return None if math.isnan(float(x)) else float(x)
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, list):
        return [clean(v) for v in x]
    return x


out = {"generator": f"pandas {pd.__version__}, numpy {np.__version__}",
       "parameters": {"swing_length": L, "fvg_min_atr": FVG_MIN_ATR, "max_age_bars": MAX_AGE},
       "series": {}}
for name, frame, window in (("AAPL_1h", aapl(), {"file": "data/intraday/AAPL_1h.csv"}),
                            ("BTCUSD_1h", btc(), {"file": "data/intraday/Coinbase_BTCUSD_1h.csv",
                                                  "from": "2019-01-01", "to": "2019-05-31T23:00:00Z"})):
    result = clean(run(frame))
    result.update(window)
    result["bars_count"] = len(frame)
    out["series"][name] = result
with gzip.open(os.path.join(here, "concepts.json.gz"), "wt") as f:
    json.dump(out, f, separators=(",", ":"))
print({k: {x: len(v[x]) for x in ("swings", "structure", "sweeps", "fvgs", "order_blocks", "bars")}
       for k, v in out["series"].items()})
