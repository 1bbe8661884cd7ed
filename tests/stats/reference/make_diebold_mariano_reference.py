#!/usr/bin/python3
"""Reference values of the one-sided Diebold-Mariano test (loss differentials, Newey-West
variance) for tests/stats, from statsmodels 0.13.5 (Debian bookworm): the t statistic of the
mean of d in OLS(d ~ 1) with HAC (Bartlett) covariance, maxlags L, no small-sample correction;
the p-value P(Z > t). Writes diebold_mariano.json next to this script.
Run: /usr/bin/python3 tests/stats/reference/make_diebold_mariano_reference.py
"""
import json
import os

import numpy as np
import statsmodels
import statsmodels.api as sm
from scipy.stats import norm

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.RandomState(20261201)
cases = []
for name, n, mean, phi, lags in [("iid_no_edge", 40, 0.0, 0.0, [0, 3]),
                                  ("iid_edge", 120, 0.05, 0.0, [0, 4]),
                                  ("autocorrelated_edge", 300, 0.02, 0.6, [0, 2, 5]),
                                  ("negative", 80, -0.03, 0.3, [3]),
                                  ("long", 2000, 0.003, 0.2, [7])]:
    e = rng.standard_normal(n) * 0.1
    d = np.empty(n)
    d[0] = e[0]
    for t in range(1, n):
        d[t] = phi * d[t - 1] + e[t]
    d += mean
    for lag in lags:
        fit = sm.OLS(d, np.ones(n)).fit(cov_type="HAC", cov_kwds={"maxlags": lag, "use_correction": False})
        t = float(fit.tvalues[0])
        cases.append({"name": name, "lag": lag, "d": [float(v) for v in d], "statistic": t,
                      "pvalue": float(norm.sf(t)), "mean": float(d.mean())})
with open(os.path.join(here, "diebold_mariano.json"), "w") as f:
    json.dump({"statsmodels": statsmodels.__version__, "cases": cases}, f)
print(len(cases), "cases")
