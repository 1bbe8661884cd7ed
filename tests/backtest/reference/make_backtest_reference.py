#!/usr/bin/python3
"""Reference values for tests/backtest: the reference pairs strategy of issue 11, written from
its text with pandas, numpy, statsmodels (the hedge's OLS) and scipy (the deflated Sharpe
ratio's moments and normal quantiles), independently of quantloop's C++.

Run from the repository root with Debian's python3 (python3-pandas, python3-statsmodels):
    /usr/bin/python3 tests/backtest/reference/make_backtest_reference.py ../shared/data/pairs \
        > tests/backtest/reference/backtest.json

Choices the text leaves open, made the same way in quantloop (src/backtest): a stop's
"no entry until |z| < entry" outlives the block it happened in; the rules run before the
forced close at a block's last bar (so a stop there still blocks entries); the Sortino ratio's
downside deviation is sqrt(sum(min(pnl, 0)^2) / (n - 1)); max_drawdown_bars counts the bars
from the drawdown's peak (0 = before the first bar) to its trough; calmar is the annualised
mean PnL over max_drawdown; profit_factor and win_rate are over round trips (entry bar to exit
bar, costs included); turnover is the traded notional sum |dp| (y + |beta| x); the portfolio
is the per-bar mean of the pairs' PnL, its trips the pairs' scaled by 1 / pairs.
"""
import json
import math
import sys

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats


def closes(folder, symbol):
    frame = pd.read_csv(f"{folder}/{symbol}.csv", parse_dates=["Date"]).set_index("Date")
    return frame["Close"].astype(float)


def run(y, x, f, l, w, e, c, s, k, static):
    n = len(y)
    position = np.zeros(n, dtype=int)
    pnl = np.zeros(n)
    notional = np.zeros(n)
    cost = np.zeros(n)
    p, stopped = 0, False
    for b in range(f, n, l):
        end = min(n, b + l)
        fit = sm.OLS(y[b - f:b], sm.add_constant(x[b - f:b])).fit()
        alpha, beta = fit.params
        spread = y - alpha - beta * x
        formation = spread[b - f:b]
        for t in range(b, end):
            if static:
                m, d = formation.mean(), formation.std(ddof=1)
            else:
                recent = spread[t - w + 1:t + 1]
                m, d = recent.mean(), recent.std(ddof=1)
            z = (spread[t] - m) / d
            before = p
            if stopped and abs(z) < e:
                stopped = False
            if before == 0:
                if not stopped and e < z <= s:
                    p = -1
                elif not stopped and -s <= z < -e:
                    p = 1
            elif before == 1:
                if z < -s:
                    p, stopped = 0, True
                elif z >= -c:
                    p = 0
            else:
                if z > s:
                    p, stopped = 0, True
                elif z <= c:
                    p = 0
            if t == end - 1:
                p = 0
            position[t] = p
            notional[t] = abs(p - before) * (y[t] + abs(beta) * x[t])
            cost[t] = k / 1e4 * notional[t]
            pnl[t] = before * ((y[t] - y[t - 1]) - beta * (x[t] - x[t - 1])) - cost[t]
    return position, pnl, notional, cost


def trips_of(position, pnl, first):
    trips, previous = [], 0
    for t in range(first, len(position)):
        if previous == 0 and position[t] != 0:
            trips.append(0.0)
        if previous != 0 or position[t] != 0:
            trips[-1] += pnl[t]
        previous = position[t]
    return trips


def nan_to_none(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v


def measure(r, trips, exposure, turnover, costs, bars_per_year=252):
    r = pd.Series(r)
    mean, sd = r.mean(), r.std(ddof=1)
    down = math.sqrt((np.minimum(r, 0) ** 2).sum() / (len(r) - 1))
    equity = np.concatenate([[0.0], r.cumsum().to_numpy()])
    peak_value, peak_at, max_dd, dd_bars = 0.0, 0, 0.0, 0
    for i in range(1, len(equity)):
        if equity[i] > peak_value:
            peak_value, peak_at = equity[i], i
        elif peak_value - equity[i] > max_dd:
            max_dd, dd_bars = peak_value - equity[i], i - peak_at
    gains = sum(v for v in trips if v > 0)
    losses = -sum(v for v in trips if v < 0)
    return {
        "bars": len(r),
        "total_pnl": r.sum(),
        "sharpe": mean / sd * math.sqrt(bars_per_year) if sd > 0 else None,
        "sortino": mean / down * math.sqrt(bars_per_year) if down > 0 else None,
        "max_drawdown": max_dd,
        "max_drawdown_bars": dd_bars,
        "calmar": mean * bars_per_year / max_dd if max_dd > 0 else None,
        "trades": len(trips),
        "win_rate": sum(v > 0 for v in trips) / len(trips) if trips else None,
        "profit_factor": gains / losses if losses > 0 else None,
        "exposure": exposure,
        "turnover": turnover,
        "costs": costs,
    }


def backtest(prices, pairs, params):
    f = params["formation"]
    out = {"params": params, "pairs": [], "portfolio": None}
    portfolio = np.zeros(len(prices) - f)
    all_trips, exposure, turnover, costs = [], 0.0, 0.0, 0.0
    for ysym, xsym in pairs:
        y, x = prices[ysym].to_numpy(), prices[xsym].to_numpy()
        position, pnl, notional, cost = run(
            y, x, f, params["trading"], params["window"], params["entry"], params["exit"],
            params["stop"], params["cost_bps"], params["zscore"] == "static")
        trips = trips_of(position, pnl, f)
        m = measure(pnl[f:], trips, float(np.mean(position[f:] != 0)), notional[f:].sum(),
                    cost[f:].sum())
        out["pairs"].append({"pair": f"{ysym}/{xsym}", "metrics": m,
                             "position": position[f:].tolist(), "pnl": pnl[f:].tolist()})
        weight = 1 / len(pairs)
        portfolio += pnl[f:] * weight
        all_trips += [v * weight for v in trips]
        exposure += m["exposure"] * weight
        turnover += m["turnover"] * weight
        costs += m["costs"] * weight
    out["portfolio"] = measure(portfolio, all_trips, exposure, turnover, costs)
    out["portfolio_pnl"] = portfolio.tolist()
    return out


def deflated_sharpe(grid_pnls, best):
    sharpes = np.array([p.mean() / p.std(ddof=1) for p in grid_pnls])
    r = grid_pnls[best]
    n, trials = len(r), len(grid_pnls)
    gamma = 0.5772156649015329
    sr0 = math.sqrt(sharpes.var(ddof=1)) * ((1 - gamma) * stats.norm.ppf(1 - 1 / trials)
                                             + gamma * stats.norm.ppf(1 - 1 / (trials * math.e)))
    skew, kurt = stats.skew(r), stats.kurtosis(r, fisher=False)
    sr = sharpes[best]
    return float(stats.norm.cdf((sr - sr0) * math.sqrt(n - 1)
                                / math.sqrt(1 - skew * sr + (kurt - 1) / 4 * sr * sr)))


def main():
    folder = sys.argv[1]
    symbols = ["GLD", "GDX", "KO", "PEP"]
    prices = pd.concat({s: closes(folder, s) for s in symbols}, axis=1, join="inner").sort_index()
    start, end = "2015-01-01", "2019-12-31"
    prices = prices.loc[start:end]
    pairs = [("GDX", "GLD"), ("PEP", "KO")]
    base = {"formation": 250, "trading": 60, "window": 20, "entry": 2.0, "exit": 0.5,
            "stop": 3.0, "cost_bps": 5.0, "zscore": "rolling"}
    other = {"formation": 120, "trading": 20, "window": 60, "entry": 1.5, "exit": 0.0,
             "stop": 2.5, "cost_bps": 10.0, "zscore": "static"}
    grid = []
    for window in (20, 60):
        for entry in (1.5, 2.0, 2.5):
            for exit_ in (0.0, 0.5):
                grid.append({**base, "window": window, "entry": entry, "exit": exit_,
                             "stop": 4.0})
    grid_runs = [backtest(prices, pairs, p) for p in grid]
    sharpes = [g["portfolio"]["sharpe"] for g in grid_runs]
    best = int(np.argmax(sharpes))
    result = {
        "from": start, "to": end, "dates": [d.strftime("%Y-%m-%d") for d in prices.index],
        "cases": [backtest(prices, pairs, base), backtest(prices, pairs, other)],
        "grid": {"params": grid, "sharpes": sharpes, "best": best,
                 "deflated_sharpe": deflated_sharpe(
                     [np.array(g["portfolio_pnl"]) for g in grid_runs], best)},
    }
    print(json.dumps(result, default=lambda v: v.item() if hasattr(v, "item") else v,
                     allow_nan=False, indent=None, separators=(",", ":")).replace("NaN", "null"))


if __name__ == "__main__":
    main()
