#!/usr/bin/python3
"""The Python peers of bench/stats_bench.sh (Debian's statsmodels and pandas), and its data.
  stats_peers.py generate DIR     write prices.csv, garch.csv, returns.csv (seeded)
  stats_peers.py coint FILE       statsmodels coint on every pair i < j (y = i, x = j)
  stats_peers.py corr FILE        pandas DataFrame.corr (Pearson)
  stats_peers.py corrcoef FILE    numpy.corrcoef (Pearson; BLAS, as quantloop)
Each task prints {"seconds": ..., "results": [...]} as JSON, like build/bench/stats_benchmark.
"""
import json
import os
import sys
import time
import warnings

import numpy as np
import pandas as pd
from statsmodels.tsa.stattools import coint


def generate(directory):
    rng = np.random.RandomState(7)
    # 100 daily price series of 500 bars: random walks in 20 sectors, a few cointegrated.
    sectors = np.cumsum(rng.standard_normal((500, 20)), axis=0)
    prices = np.empty((500, 100))
    for k in range(100):
        spread = np.zeros(500)
        for t in range(1, 500):
            spread[t] = (0.9 if k % 3 == 0 else 1.0) * spread[t - 1] + rng.standard_normal()
        prices[:, k] = 100 + (1 + 0.1 * (k % 5)) * sectors[:, k % 20] + spread
    np.savetxt(os.path.join(directory, "prices.csv"), prices, delimiter=",", fmt="%.10g")
    # 100 series of 2500 GARCH(1,1) returns with varied parameters.
    returns = np.empty((2500, 100))
    for k in range(100):
        omega, alpha, beta = 0.01 + 0.0005 * k, 0.05 + 0.001 * k, 0.9 - 0.0012 * k
        sigma2, e_prev = omega / (1 - alpha - beta), 0.0
        for t in range(2500):
            sigma2 = omega + alpha * e_prev ** 2 + beta * sigma2
            e_prev = np.sqrt(sigma2) * rng.standard_normal()
            returns[t, k] = 0.03 + e_prev
    np.savetxt(os.path.join(directory, "garch.csv"), returns, delimiter=",", fmt="%.12g")
    # 500 series of 500 daily returns with a common factor.
    factor = rng.standard_normal((500, 1))
    np.savetxt(os.path.join(directory, "returns.csv"), 0.5 * factor + rng.standard_normal((500, 500)),
               delimiter=",", fmt="%.10g")


def main():
    task, path = sys.argv[1], sys.argv[2]
    if task == "generate":
        generate(path)
        return
    data = np.loadtxt(path, delimiter=",")
    started = time.perf_counter()
    if task == "coint":
        results = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for i in range(data.shape[1]):
                for j in range(i + 1, data.shape[1]):
                    results.append(float(coint(data[:, i], data[:, j])[0]))
    elif task in ("corr", "corrcoef"):
        c = pd.DataFrame(data).corr().to_numpy() if task == "corr" else np.corrcoef(data, rowvar=False)
        results = [float(c[i, j]) for i in range(c.shape[0]) for j in range(i + 1, c.shape[1])]
    else:
        raise SystemExit(f"unknown task {task}")
    print(json.dumps({"seconds": time.perf_counter() - started, "results": results}))


if __name__ == "__main__":
    main()
