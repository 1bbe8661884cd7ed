"""quantloop's features (src/features/feature_set.h) computed with pandas and numpy.

The reference for tests/features (make_feature_reference.py writes what this computes on real
data) and the feature code of the Python training peer (bench/train_peer.py), so that "the same
features" is literally the same definitions. Definitions: TA-Lib's conventions, spelled out:
EMAs seeded with the SMA of their first n values, Wilder smoothing for RSI and ATR,
population standard deviation for Bollinger bands.
"""
import numpy as np
import pandas as pd

NAMES = ["ret_1", "ret_5", "ret_20", "logret_1", "logret_5", "logret_20",
         "sma_ratio_5", "sma_ratio_10", "sma_ratio_20", "sma_ratio_50",
         "ema_ratio_5", "ema_ratio_10", "ema_ratio_20", "ema_ratio_50", "rsi_14",
         "macd", "macd_signal", "macd_histogram", "bb_percent_b", "bb_bandwidth",
         "atr_14", "volatility_20", "volume_z_20", "obv_change_5", "hour_sin", "hour_cos",
         "weekday_sin", "weekday_cos", "session_asia", "session_london", "session_new_york",
         "interval"]


def ema(x, n, first=0):
    """EMA with k = 2/(n+1) seeded with the mean of x[first:first+n]; NaN before."""
    out = np.full(len(x), np.nan)
    if len(x) < first + n:
        return out
    value = np.mean(x[first:first + n])
    out[first + n - 1] = value
    k = 2.0 / (n + 1)
    for i in range(first + n, len(x)):
        value = (x[i] - value) * k + value
        out[i] = value
    return out


def wilder(values, n, first):
    """Mean of values[first:first+n] at first+n-1, then (prev (n-1) + v) / n."""
    out = np.full(len(values), np.nan)
    if len(values) < first + n:
        return out
    value = np.mean(values[first:first + n])
    out[first + n - 1] = value
    for i in range(first + n, len(values)):
        value = (value * (n - 1) + values[i]) / n
        out[i] = value
    return out


def rsi(close, n=14):
    change = np.diff(close, prepend=np.nan)
    gain, loss = np.where(change > 0, change, 0.0), np.where(change < 0, -change, 0.0)
    g, l = wilder(gain, n, 1), wilder(loss, n, 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(g + l == 0, 50.0, 100.0 * g / (g + l))


def features(frame, interval_seconds):
    """frame: DataFrame indexed by UTC bar start with open, high, low, close, volume columns.
    Returns (features DataFrame with NAMES columns, warm-up rows dropped; next log return;
    next direction)."""
    close, high, low, volume = (frame[c].to_numpy(dtype=float) for c in ["close", "high", "low", "volume"])
    s = pd.Series(close)
    out = {}
    for k in (1, 5, 20):
        out[f"ret_{k}"] = (s / s.shift(k) - 1).to_numpy()
    for k in (1, 5, 20):
        out[f"logret_{k}"] = np.log(s / s.shift(k)).to_numpy()
    for k in (5, 10, 20, 50):
        out[f"sma_ratio_{k}"] = close / s.rolling(k).mean().to_numpy() - 1
    for k in (5, 10, 20, 50):
        out[f"ema_ratio_{k}"] = close / ema(close, k) - 1
    out["rsi_14"] = rsi(close, 14)
    macd = ema(close, 12) - ema(close, 26)
    signal = ema(macd, 9, first=25)
    out["macd"], out["macd_signal"], out["macd_histogram"] = macd / close, signal / close, (macd - signal) / close
    middle = s.rolling(20).mean()
    sd = s.rolling(20).std(ddof=0)
    upper, lower = middle + 2 * sd, middle - 2 * sd
    out["bb_percent_b"] = ((s - lower) / (upper - lower)).where(upper > lower).to_numpy()
    out["bb_bandwidth"] = ((upper - lower) / middle).to_numpy()
    prev = np.roll(close, 1)
    tr = np.maximum.reduce([high - low, np.abs(high - prev), np.abs(low - prev)])
    tr[0] = np.nan
    out["atr_14"] = wilder(tr, 14, 1) / close
    log1 = np.log(s / s.shift(1))
    out["volatility_20"] = log1.rolling(20).std(ddof=1).to_numpy()
    v = pd.Series(volume)
    vsd = v.rolling(20).std(ddof=1)
    out["volume_z_20"] = ((v - v.rolling(20).mean()) / vsd).where(vsd > 0, 0.0).where(vsd.notna()).to_numpy()
    direction = np.sign(np.diff(close, prepend=np.nan))
    signed = pd.Series(direction * volume).rolling(5).sum()
    total = v.rolling(5).sum()
    obv = (signed / total).where(total > 0, 0.0)
    obv[:5] = np.nan
    out["obv_change_5"] = obv.to_numpy()
    times = frame.index
    hour = times.hour + times.minute / 60.0
    day = times.weekday
    out["hour_sin"], out["hour_cos"] = np.sin(2 * np.pi * hour / 24), np.cos(2 * np.pi * hour / 24)
    out["weekday_sin"], out["weekday_cos"] = np.sin(2 * np.pi * day / 7), np.cos(2 * np.pi * day / 7)
    out["session_asia"] = (times.hour < 9).astype(float)
    out["session_london"] = ((times.hour >= 7) & (times.hour < 16)).astype(float)
    out["session_new_york"] = ((times.hour >= 13) & (times.hour < 22)).astype(float)
    out["interval"] = np.full(len(close), np.log(interval_seconds) / np.log(86400))
    table = pd.DataFrame(out, index=frame.index)[NAMES]
    next_log_return = pd.Series(np.log(np.roll(close, -1) / close), index=frame.index)
    next_log_return.iloc[-1] = np.nan
    keep = np.isfinite(table.to_numpy()).all(axis=1)
    table = table[keep]
    next_log_return = next_log_return[keep]
    direction = (next_log_return > 0).astype(int).where(next_log_return.notna(), -1)
    return table, next_log_return, direction
