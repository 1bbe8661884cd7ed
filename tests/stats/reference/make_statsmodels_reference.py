#!/usr/bin/python3
"""Reference values for tests/stats from statsmodels 0.13.5 and pandas 1.5.3 (Debian bookworm's
python3-statsmodels and python3-pandas). Writes statsmodels.json next to this script.

Real series come from the bundled data (data/) and ../shared/data; the C++ tests read the same
files with quantloop's CSV reader and apply the same selections, so both sides see identical
numbers. Synthetic series are generated here and stored in the JSON as their values.
Run: /usr/bin/python3 tests/stats/reference/make_statsmodels_reference.py
"""
import json
import os

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm
from statsmodels.stats.diagnostic import acorr_ljungbox, het_arch
from statsmodels.stats.stattools import jarque_bera
from statsmodels.tsa.stattools import adfuller, coint, lagmat

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, "..", "..", ".."))
shared = os.path.normpath(os.path.join(root, "..", "shared", "data"))
if not os.path.isdir(shared):
    shared = "/work/shared/data"


def yahoo(path):
    frame = pd.read_csv(path)
    frame["Date"] = pd.to_datetime(frame["Date"])
    return frame.set_index("Date")


def aligned(path_y, path_x, start, end, column="Adj Close"):
    y, x = yahoo(path_y)[column], yahoo(path_x)[column]
    both = pd.concat([y, x], axis=1, join="inner").dropna()
    both = both[(both.index >= start) & (both.index <= end)]
    return both.iloc[:, 0].to_numpy(), both.iloc[:, 1].to_numpy()


def floats(values):
    return [float(v) for v in values]


rng = np.random.RandomState(20261122)
n = 600
white = rng.standard_normal(n)
random_walk = np.cumsum(rng.standard_normal(n)) + 50
ar1 = np.zeros(n)
for t in range(1, n):
    ar1[t] = 0.6 * ar1[t - 1] + rng.standard_normal()
trend_stationary = 0.05 * np.arange(n) + ar1
x_walk = np.cumsum(rng.standard_normal(n)) + 100
spread = np.zeros(n)
for t in range(1, n):
    spread[t] = 0.8 * spread[t - 1] + rng.standard_normal()
y_coint = 3.0 + 1.7 * x_walk + spread
y_independent = np.cumsum(rng.standard_normal(n)) + 80
sigma2, arch_series = 1.0, np.zeros(n)
for t in range(n):
    e = np.sqrt(sigma2) * rng.standard_normal()
    arch_series[t] = e
    sigma2 = 0.1 + 0.3 * e * e + 0.6 * sigma2

synthetic = {"white": white, "random_walk": random_walk, "ar1": ar1,
             "trend_stationary": trend_stationary, "x_walk": x_walk, "y_coint": y_coint,
             "y_independent": y_independent, "arch": arch_series}

sp500 = yahoo(os.path.join(root, "data", "daily", "sp500.csv.gz"))["Adj Close"].to_numpy()
sp500_log = np.log(sp500)
sp500_returns = 100 * (sp500[1:] / sp500[:-1] - 1)
gld_y, gld_x = aligned(os.path.join(shared, "pairs", "GDX.csv"), os.path.join(shared, "pairs", "GLD.csv"),
                       "2018-01-01", "2019-07-12")
gld_long_y, gld_long_x = aligned(os.path.join(shared, "pairs", "GDX.csv"), os.path.join(shared, "pairs", "GLD.csv"),
                                 "2006-05-22", "2019-07-12")
ko, pep = aligned(os.path.join(shared, "pairs", "KO.csv"), os.path.join(shared, "pairs", "PEP.csv"),
                  "2000-01-01", "2019-07-12")

series = dict(synthetic)
series.update({"sp500_log": sp500_log, "sp500_returns": sp500_returns})

out = {"generator": f"statsmodels {statsmodels.__version__}, pandas {pd.__version__}, numpy {np.__version__}",
       "synthetic": {k: floats(v) for k, v in synthetic.items()},
       "real_inputs": {
           "sp500_log": "log Adj Close of data/daily/sp500.csv.gz (5031 values)",
           "sp500_returns": "100 x simple returns of Adj Close of data/daily/sp500.csv.gz (5030 values)",
           "gdx_gld_2018": "Adj Close of GDX (y) and GLD (x), shared pairs/, inner join, 2018-01-01..2019-07-12",
           "gdx_gld_all": "Adj Close of GDX (y) and GLD (x), shared pairs/, inner join, 2006-05-22..2019-07-12",
           "ko_pep": "Adj Close of KO (y) and PEP (x), shared pairs/, inner join, 2000-01-01..2019-07-12"},
       "adf": [], "coint": [], "ols": [], "ljungbox": [], "archlm": [], "jarque_bera": [], "corr": {}}

for name in ["sp500_log", "random_walk", "ar1", "trend_stationary", "white"]:
    x = series[name]
    for regression in ["n", "c", "ct", "ctt"]:
        for autolag in ["AIC", "BIC", "t-stat", None]:
            maxlag = 5 if autolag is None else None
            stat, p, lag, nobs, crit, *rest = adfuller(x, maxlag=maxlag, regression=regression, autolag=autolag)
            out["adf"].append({"series": name, "regression": regression, "autolag": autolag or "none",
                               "maxlag": maxlag, "statistic": stat, "pvalue": p, "usedlag": lag, "nobs": nobs,
                               "crit_values": [crit["1%"], crit["5%"], crit["10%"]],
                               "icbest": rest[0] if rest and rest[0] is not None else None})

# adfuller regresses on the raw trend columns 1, t, t^2: with t up to 5031 that design has a
# condition number near 1e9, and its statistic carries ~1e-7 relative rounding error. The same
# regression with the trend rescaled to t/n (the same column space, condition number ~700),
# solved by QR, is the accurate value quantloop is held to.
def adf_well_conditioned(x, lag, regression):
    xdiff = np.diff(x)
    xdall = lagmat(xdiff[:, None], lag, trim="both", original="in")
    nobs = xdall.shape[0]
    xdall[:, 0] = x[-nobs - 1:-1]
    s = np.arange(1, nobs + 1) / nobs
    trend = {"c": [np.ones(nobs)], "ct": [np.ones(nobs), s], "ctt": [np.ones(nobs), s, s * s]}[regression]
    return float(sm.OLS(xdiff[-nobs:], np.column_stack([xdall] + trend)).fit(method="qr").tvalues[0])


out["adf_well_conditioned"] = [
    {"series": "sp500_log", "regression": "ctt", "lag": 5,
     "statistic": adf_well_conditioned(series["sp500_log"], 5, "ctt"),
     "adfuller": adfuller(series["sp500_log"], maxlag=5, regression="ctt", autolag=None)[0]}]

pairs = {"synthetic_coint": (series["y_coint"], series["x_walk"]),
         "synthetic_independent": (series["y_independent"], series["x_walk"]),
         "gdx_gld_2018": (gld_y, gld_x), "gdx_gld_all": (gld_long_y, gld_long_x), "ko_pep": (ko, pep)}
def cointegrating_fit(y, x, trend):
    """OLS of y on x plus the trend terms, as statsmodels' coint runs it."""
    regressors = x[:, None] if trend == "n" else sm.tsa.add_trend(x[:, None], trend=trend, prepend=False)
    return sm.OLS(y, regressors).fit()


def half_life(spread):
    slope = sm.OLS(np.diff(spread), sm.add_constant(spread[:-1])).fit().params[1]
    return float(-np.log(2) / slope) if slope < 0 else None


for name, (y, x) in pairs.items():
    for trend in ["c", "ct", "n"]:
        stat, p, crit = coint(y, x, trend=trend, autolag="aic")
        fit = cointegrating_fit(y, x, trend)
        out["coint"].append({"pair": name, "trend": trend, "statistic": stat, "pvalue": p,
                             "crit_values": [float(c) if np.isfinite(c) else None for c in crit],
                             "nobs": len(y),
                             "hedge_ratio": float(fit.params[0]), "half_life": half_life(fit.resid)})

# The write-up in DinodC/cointegrating-pair: GDX on GLD, no intercept, 2018-01-01..2019-07-12,
# ADF statistic -3.39 on the spread; which adfuller settings reproduce it:
spread_no_intercept = gld_y - sm.OLS(gld_y, gld_x[:, None]).fit().params[0] * gld_x
out["writeup_check"] = {"adf_c_aic": adfuller(spread_no_intercept)[0],
                        "adf_c_lag1": adfuller(spread_no_intercept, maxlag=1, autolag=None)[0]}

X = sm.add_constant(gld_x)
fit = sm.OLS(gld_y, X).fit()
out["ols"].append({"name": "gdx_on_gld_2018", "params": floats(fit.params), "bse": floats(fit.bse),
                   "tvalues": floats(fit.tvalues), "pvalues": floats(fit.pvalues), "rsquared": fit.rsquared,
                   "rsquared_adj": fit.rsquared_adj, "ssr": fit.ssr, "llf": fit.llf, "aic": fit.aic, "bic": fit.bic})
X3 = np.column_stack([np.ones(n), series["x_walk"], series["white"], series["ar1"]])
fit = sm.OLS(series["y_coint"], X3).fit()
out["ols"].append({"name": "synthetic_three_regressors", "params": floats(fit.params), "bse": floats(fit.bse),
                   "tvalues": floats(fit.tvalues), "pvalues": floats(fit.pvalues), "rsquared": fit.rsquared,
                   "rsquared_adj": fit.rsquared_adj, "ssr": fit.ssr, "llf": fit.llf, "aic": fit.aic, "bic": fit.bic})

for name in ["sp500_returns", "white", "arch"]:
    x = series[name]
    for lags, model_df in [(10, 0), (20, 2)]:
        table = acorr_ljungbox(x, lags=lags, model_df=model_df, return_df=True)
        out["ljungbox"].append({"series": name, "lags": lags, "model_df": model_df,
                                "statistic": floats(table["lb_stat"]),
                                "pvalue": [float(v) if np.isfinite(v) else None for v in table["lb_pvalue"]]})
    for nlags in [5, 10]:
        lm, lmp, f, fp = het_arch(x, nlags=nlags)
        out["archlm"].append({"series": name, "nlags": nlags, "lm": lm, "lm_pvalue": lmp, "f": f, "f_pvalue": fp})
    jb, jbp, skew, kurt = jarque_bera(x)
    out["jarque_bera"].append({"series": name, "statistic": float(jb), "pvalue": float(jbp),
                               "skew": float(skew), "kurtosis": float(kurt)})

# Correlations of daily returns of the 14 bundled stocks over their common dates.
closes = {}
for f in sorted(os.listdir(os.path.join(root, "data", "daily"))):
    if f.endswith("_data.csv"):
        closes[f.split("_")[0]] = yahoo(os.path.join(root, "data", "daily", f))["Close"]
prices = pd.DataFrame(closes).dropna()
returns = prices.pct_change().dropna()
out["corr"] = {"symbols": list(returns.columns), "observations": len(returns),
               "description": "simple returns of Close of data/daily/*_data.csv, dates common to all",
               "pearson": returns.corr(method="pearson").to_numpy().tolist(),
               "spearman": returns.corr(method="spearman").to_numpy().tolist()}

with open(os.path.join(here, "statsmodels.json"), "w") as f:
    json.dump(out, f, indent=1, allow_nan=False)
print("adf", len(out["adf"]), "coint", len(out["coint"]), "writeup", out["writeup_check"])
