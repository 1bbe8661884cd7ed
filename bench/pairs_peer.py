"""The seed's way to run the pair scan, for bench/pairs_bench.sh: pandas reads the bars from the
same SQLite database, pandas correlates, statsmodels tests (coint both ways, acorr_ljungbox,
het_arch, adfuller), R's fGarch fits the GARCH(1,1)s (one Rscript run for all spreads, as seed
004 does). The same window, formation split and gates as `quantloop pairs scan`
(src/pairs/screening.h). Prints {"seconds", "funnel", "selected"} as JSON.

Usage: pairs_peer.py --db DB --symbols A,B,... --as-of 2017-12-06 --lookback-days 730
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import sqlite3
from statsmodels.stats.diagnostic import acorr_ljungbox, het_arch
from statsmodels.tsa.stattools import adfuller, coint

R_GARCH = r"""
suppressMessages({ library(fGarch); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
data <- as.matrix(read.csv(args[1], header = FALSE))
out <- lapply(seq_len(ncol(data)), function(k) {
  f <- garchFit(~garch(1, 1), data = data[, k], include.mean = TRUE, cond.dist = "norm", trace = FALSE)
  cf <- coef(f)
  list(params = c(cf[["mu"]], cf[["omega"]], cf[["alpha1"]], cf[["beta1"]]), llh = -f@fit$llh,
       sigma = as.numeric(f@sigma.t))
})
cat(toJSON(out, auto_unbox = TRUE, digits = NA))
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--symbols", required=True)
    parser.add_argument("--as-of", required=True)
    parser.add_argument("--lookback-days", type=int, default=60)
    args = parser.parse_args()
    started = time.perf_counter()
    as_of = datetime.fromisoformat(args.as_of)
    start = as_of - timedelta(days=args.lookback_days)
    last = as_of - timedelta(days=1)
    symbols = args.symbols.split(",")
    with sqlite3.connect(args.db) as conn:
        frame = pd.read_sql_query(
            "SELECT symbol, date, close FROM market_data WHERE interval = '1d' AND date >= ? AND "
            "date <= ? AND symbol IN (%s)" % ",".join("?" * len(symbols)),
            conn, params=[start.strftime("%Y-%m-%d %H:%M:%S"), last.strftime("%Y-%m-%d %H:%M:%S")] + symbols)
    prices = frame.pivot(index="date", columns="symbol", values="close")[symbols].dropna()
    n = len(prices)
    formation = int(math.floor(n * 0.8))
    f = prices.iloc[:formation]
    corr = f.corr()
    funnel = {"pairs": 0, "correlation": 0, "cointegration": 0, "garch": 0, "selected": 0}
    cointegrated = []
    for i in range(len(symbols)):
        for j in range(i + 1, len(symbols)):
            funnel["pairs"] += 1
            a, b = symbols[i], symbols[j]
            if not corr.loc[a, b] >= 0.8:
                continue
            funnel["correlation"] += 1
            forward = coint(f[a], f[b], trend="c", autolag="aic")
            backward = coint(f[b], f[a], trend="c", autolag="aic")
            y, x, best = (b, a, backward) if backward[1] < forward[1] else (a, b, forward)
            if not best[1] < 0.05:
                continue
            funnel["cointegration"] += 1
            design = np.column_stack([np.ones(n), prices[x].values])
            intercept, hedge = np.linalg.lstsq(design[:formation], f[y].values, rcond=None)[0]
            spread = prices[y].values - intercept - hedge * prices[x].values
            change = np.diff(spread)
            lagged = np.column_stack([np.ones(n - 1), spread[:-1]])
            a_, b_ = np.linalg.lstsq(lagged[:formation - 1], change[:formation - 1], rcond=None)[0]
            residuals = change - a_ - b_ * spread[:-1]
            cointegrated.append({"y": y, "x": x, "spread": spread, "residuals": residuals})
    # GARCH(1,1) of every cointegrated pair's formation residuals, in one R run.
    garch = []
    if cointegrated:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "residuals.csv")
            np.savetxt(path, np.column_stack([c["residuals"][:formation - 1] for c in cointegrated]),
                       delimiter=",")
            script = os.path.join(tmp, "garch.R")
            open(script, "w").write(R_GARCH)
            garch = json.loads(subprocess.run(["Rscript", script, path], check=True,
                                              capture_output=True, text=True).stdout)
    for c, g in zip(cointegrated, garch):
        funnel["garch"] += 1
        mu, omega, alpha, beta = g["params"]
        sigma = np.asarray(g["sigma"])
        fit = c["residuals"][:formation - 1]
        std = (fit - mu) / sigma
        lb = acorr_ljungbox(std, lags=[10], return_df=True)["lb_pvalue"].iloc[-1]
        arch = het_arch(std, nlags=5)[1]
        adf = adfuller(c["spread"][:formation], regression="c", autolag="AIC")[1]
        m = len(fit)
        bic_model = -2 * g["llh"] + 4 * math.log(m) + 2 * math.log(m)
        change = np.diff(c["spread"])[:formation - 1]
        var0 = change.var()
        ll0 = -0.5 * np.sum(math.log(2 * math.pi) + math.log(var0) + (change - change.mean()) ** 2 / var0)
        score_fit = 1 / (1 + math.exp(-(-2 * ll0 + 2 * math.log(m) - bic_model) / 2))
        e_last, v_last = fit[-1] - mu, sigma[-1] ** 2
        holdout = c["residuals"][formation - 1:]
        forecasts = []
        for u in holdout:
            forecast = omega + alpha * e_last ** 2 + beta * v_last
            forecasts.append(forecast)
            e_last, v_last = u - mu, forecast
        forecasts = np.asarray(forecasts)
        rvar = fit.var()
        ll_g = -0.5 * np.sum(np.log(2 * np.pi * forecasts) + (holdout - mu) ** 2 / forecasts)
        ll_c = -0.5 * np.sum(np.log(2 * np.pi * rvar) + (holdout - fit.mean()) ** 2 / rvar)
        score_vol = 1 / (1 + math.exp(-max(-700, min(700, ll_g - ll_c))))
        s = c["spread"]
        mean, sd = s[:formation].mean(), s[:formation].std(ddof=1)
        hs = s[formation - 1:]
        pnl, position = [], 0
        for t in range(1, len(hs)):
            pnl.append(position * (hs[t] - hs[t - 1]) / sd)
            z = (hs[t] - mean) / sd
            if t + 1 == len(hs):
                position = 0
            elif position == 0 and abs(z) > 2:
                position = -1 if z > 0 else 1
            elif position != 0 and abs(z) < 0.5:
                position = 0
        pnl = np.asarray(pnl)
        from scipy.stats import norm
        score_trade = norm.cdf(pnl.mean() / pnl.std(ddof=1) * math.sqrt(len(pnl))) if pnl.std(ddof=1) > 0 else 0.5
        score_diag = ((lb > 0.05) + (arch > 0.05) + (adf < 0.05)) / 3
        score = 0.4 * score_fit + 0.3 * score_vol + 0.2 * score_trade + 0.1 * score_diag
        if score > 0.7:
            funnel["selected"] += 1
    json.dump({"seconds": time.perf_counter() - started, "rows": n, "funnel": funnel}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
