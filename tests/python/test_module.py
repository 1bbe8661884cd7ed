# quantloop's Python module (issue 24) against its CLI twin on bundled real data, against
# statsmodels, and for what it promises: no copy of contiguous float64 input, the GIL released
# while computing, ValueError with the reason for bad input.
import math
import sqlite3
import threading
import time

import numpy as np
import pandas as pd
import pytest

import quantloop


def closes(path):
    # round_trip: the same doubles as the CLI's parser.
    frame = pd.read_csv(path, float_precision="round_trip", parse_dates=["Date"])
    return frame.set_index("Date")["Close"]


def same(a, b, rel=1e-12):
    if a is None or b is None:
        assert a is b
    elif isinstance(a, dict):
        assert a.keys() == b.keys()
        for key in a:
            same(a[key], b[key], rel)
    elif isinstance(a, list):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            same(x, y, rel)
    elif isinstance(a, float) or isinstance(b, float):
        assert a == pytest.approx(b, rel=rel, abs=1e-300), (a, b)
    else:
        assert a == b


def test_adf_is_the_clis(data, cli):
    x = closes(data / "daily/XOM_data.csv")
    got = quantloop.adf(x)
    want = cli("stats", "adf", "--file", data / "daily/XOM_data.csv", "--json")
    want.pop("series")
    same(got, want)
    assert got["nobs"] > 1000


def test_coint_is_the_clis_and_statsmodels(data, cli):
    y, x = closes(data / "daily/XOM_data.csv"), closes(data / "daily/CVX_data.csv")
    y, x = y.align(x, join="inner")
    got = quantloop.coint(y, x)
    spread = got.pop("spread")
    want = cli("stats", "coint", "--file", data / "daily/XOM_data.csv", "--file",
               data / "daily/CVX_data.csv", "--json")
    want.pop("y"), want.pop("x")
    same(got, want)
    assert isinstance(spread, pd.Series) and spread.index.equals(y.index)
    np.testing.assert_allclose(spread, y - got["intercept"] - got["hedge_ratio"] * x, atol=1e-9)
    statsmodels = pytest.importorskip("statsmodels.tsa.stattools")
    t, p, crit = statsmodels.coint(y.to_numpy(), x.to_numpy())
    assert got["statistic"] == pytest.approx(t, rel=1e-8)
    assert got["pvalue"] == pytest.approx(p, rel=1e-6)
    assert [got["crit_values"][k] for k in ("1%", "5%", "10%")] == pytest.approx(list(crit))


def test_coint_matrix_is_coint_of_every_pair(data):
    frame = pd.concat({name: closes(data / f"daily/{name}_data.csv")
                       for name in ("XOM", "CVX", "BAC", "JPM")}, axis=1).dropna()
    table = quantloop.coint_matrix(frame, threads=2)
    assert len(table) == 6
    for row in table.itertuples():
        one = quantloop.coint(frame[row.y], frame[row.x])
        assert (row.statistic, row.pvalue, row.hedge_ratio) == (
            one["statistic"], one["pvalue"], one["hedge_ratio"])
    assert list(table[["y", "x"]].itertuples(index=False, name=None))[0] == ("XOM", "CVX")
    with pytest.raises(ValueError, match="XOM on BAC: .*nan"):
        broken = frame.copy()
        broken.iloc[5, 2] = float("nan")
        quantloop.coint_matrix(broken)


def test_adf_agrees_with_statsmodels():
    statsmodels = pytest.importorskip("statsmodels.tsa.stattools")
    rng = np.random.default_rng(4)
    x = np.cumsum(rng.normal(size=600)) + 0.3 * rng.normal(size=600)
    for trend in ("n", "c", "ct"):
        got = quantloop.adf(x, trend=trend)
        t, p, lag, nobs, crit, ic = statsmodels.adfuller(x, regression=trend, autolag="AIC")
        assert got["statistic"] == pytest.approx(t, rel=1e-8)
        assert got["pvalue"] == pytest.approx(p, rel=1e-6)
        assert (got["usedlag"], got["nobs"]) == (lag, nobs)


def test_garch_is_the_clis(data, cli):
    returns = 100 * np.log(closes(data / "daily/AAPL_data.csv")).diff().dropna()
    got = quantloop.garch(returns, forecast=5)
    volatility = got.pop("conditional_volatility")
    want = cli("stats", "garch", "--file", data / "daily/AAPL_data.csv", "--returns", "log",
               "--scale", "100", "--forecast", "5", "--json")
    want.pop("series")
    same(got, want, rel=1e-9)
    assert got["converged"]
    assert isinstance(volatility, pd.Series) and volatility.index.equals(returns.index)
    assert (volatility > 0).all()


def test_concepts_are_the_clis(data, cli):
    raw = pd.read_csv(data / "intraday/AAPL_1h.csv", skiprows=3, header=None,
                      names=["Datetime", "Close", "High", "Low", "Open", "Volume"],
                      float_precision="round_trip")
    frame = raw.set_index(pd.DatetimeIndex(raw["Datetime"]))[["Open", "High", "Low", "Close",
                                                             "Volume"]]
    got = quantloop.concepts(frame)
    want = cli("concepts", "--file", data / "intraday/AAPL_1h.csv", "--json")
    assert set(got) == set(want)
    for name, rows in want.items():
        table = got[name]
        assert len(table) == len(rows), name
        assert all(row.keys() == rows[0].keys() for row in rows)
        assert set(table.columns) == set(rows[0].keys() if rows else table.columns)
        for column in (rows[0].keys() if rows else []):
            values = [r[column] for r in rows]
            mine = [None if (isinstance(v, float) and math.isnan(v)) else v
                    for v in table[column].tolist()]
            same(mine, values, rel=1e-12)
    assert len(got["bars"]) == len(frame)


def test_store_bars_and_query(tmp_path, data, cli):
    db = tmp_path / "q.db"
    cli("--db", db, "--quiet", "ingest", "csv", data / "daily/AAPL_data.csv", "--symbol", "AAPL",
        expect_json=False)
    store = quantloop.Store(str(db))
    bars = store.bars("AAPL")
    with sqlite3.connect(db) as connection:
        peer = pd.read_sql("SELECT date, open, high, low, close, adj_close, volume FROM "
                           "market_data WHERE symbol = 'AAPL' AND interval = '1d' ORDER BY date",
                           connection)
    assert list(bars.columns) == ["open", "high", "low", "close", "adj_close", "volume"]
    assert str(bars.index.tz) == "UTC" and len(bars) == len(peer) > 1000
    np.testing.assert_array_equal(bars["close"].to_numpy(), peer["close"].to_numpy())
    assert (bars.index == pd.DatetimeIndex(peer["date"]).tz_localize("UTC")).all()
    window = store.bars("AAPL", start="2015-01-01", end="2015-12-31")
    assert window.index.min() >= pd.Timestamp("2015-01-01", tz="UTC")
    assert window.index.max() <= pd.Timestamp("2015-12-31", tz="UTC") and len(window) > 200
    counted = store.query("SELECT symbol, COUNT(*) AS n FROM market_data GROUP BY symbol")
    assert counted.to_dict("records") == [{"symbol": "AAPL", "n": len(peer)}]
    with pytest.raises(ValueError):
        store.query("DELETE FROM market_data")
    assert len(store.bars("AAPL")) == len(peer)  # nothing was deleted
    assert len(store.bars("aapl")) == len(peer)  # a symbol as the CLI takes it
    with pytest.raises(ValueError, match="not a number"):
        store.bars("AAPL", start=1_400_000_000)
    with pytest.raises(quantloop.Error):
        quantloop.Store(str(tmp_path / "missing.db"))


def records(frame):
    return [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
            for row in frame.to_dict("records")]


def test_runs_models_and_promotions_are_the_clis(tmp_path, data, cli):
    db = tmp_path / "q.db"
    cli("--db", db, "--quiet", "ingest", "csv", data / "daily/AAPL_data.csv", "--symbol", "AAPL",
        expect_json=False)
    cli("--db", db, "--quiet", "train", "--mode", "full", "--symbols", "AAPL", "--model",
        "linear", "--epochs", "3", "--at", "2017-12-06T00:00:00Z", expect_json=False)
    store = quantloop.Store(str(db))
    same(records(store.runs()), cli("--db", db, "query", "runs", "--json"))
    same(records(store.models()), cli("--db", db, "models", "list", "--json"))
    same(records(store.models("aapl")), cli("--db", db, "models", "show", "AAPL", "--json"))
    history = cli("--db", db, "models", "history", "AAPL", "--json")["decisions"]
    for decision in history:
        decision.pop("evidence")
    same(records(store.promotions("AAPL")), history)
    assert len(store.models("AAPL")) == 2 and len(history) == 1
    counted = "SELECT COUNT(*) AS n FROM predictions"
    before = store.query(counted)["n"][0]
    predicted = records(store.predict(["aapl"], at="2017-12-06T00:00:00Z"))
    assert store.query(counted)["n"][0] == before  # the module reads; nothing recorded
    same(predicted, cli("--db", db, "predict", "--symbols", "AAPL", "--at",
                        "2017-12-06T00:00:00Z", "--json"))
    assert len(predicted) == 1 and 0 < predicted[0]["prob_up"] < 1
    same(records(store.predict("aapl,", at="2017-12-06T00:00:00Z")), predicted)
    with pytest.raises(quantloop.Error, match="MSFT"):
        store.predict("MSFT", at="2017-12-06T00:00:00Z")
    with pytest.raises(ValueError):
        store.runs(0)


def test_backtest_pairs_is_the_clis(tmp_path, data, cli):
    db = tmp_path / "q.db"
    for symbol in ("XOM", "CVX"):
        cli("--db", db, "--quiet", "ingest", "csv", data / f"daily/{symbol}_data.csv", "--symbol",
            symbol, expect_json=False)
    store = quantloop.Store(str(db))
    y = store.bars("XOM", start="2014-01-01", end="2017-12-06")["close"]
    x = store.bars("CVX", start="2014-01-01", end="2017-12-06")["close"]
    y, x = y.align(x, join="inner")
    got = quantloop.backtest_pairs(y, x, formation=250, window=[20, 40], entry=[1.5, 2.0],
                                   bars_per_year=252, names=("XOM", "CVX"))
    unnamed = quantloop.backtest_pairs(y, x, formation=250, window=[20, 40], entry=[1.5, 2.0])
    assert unnamed["pairs"][0]["pair"] == "y/x"  # both Series are "close"
    assert unnamed["portfolio"] == got["portfolio"]
    equity = got.pop("equity")
    want = cli("--db", db, "backtest", "pairs", "--pair", "XOM/CVX", "--from", "2014-01-01",
               "--to", "2017-12-06", "--formation", "250", "--window", "20,40", "--entry",
               "1.5,2", "--bars-per-year", "252", "--json")
    got.pop("bars_per_year_from"), want.pop("bars_per_year_from")
    same(got, want)
    assert len(got["grid"]) == 4 and 0 <= got["deflated_sharpe"] <= 1
    assert equity["equity"].iloc[-1] == pytest.approx(got["portfolio"]["total_pnl"], abs=1e-9)
    assert equity.index[0] == y.index[250]
    with pytest.raises(ValueError, match="exit < entry < stop"):
        quantloop.backtest_pairs(y, x, entry=0.4, exit=0.5)
    with pytest.raises(ValueError, match="align"):
        quantloop.backtest_pairs(y, x[:-1])
    with pytest.raises(ValueError, match="different indexes"):
        quantloop.backtest_pairs(y, x.shift(1, freq="D"))


def test_deflated_sharpe_is_the_backtests():
    # Many trials with spread-out Sharpe ratios deflate a best one; a single standout does not.
    assert quantloop.deflated_sharpe(0.1, 0.0001, 10, 1000) > 0.9
    assert quantloop.deflated_sharpe(0.05, 0.01, 100, 1000) < 0.5
    assert math.isnan(quantloop.deflated_sharpe(0.1, 0.0001, 1, 1000))


def test_contiguous_float64_is_read_in_place():
    x = np.random.default_rng(1).normal(size=1000)
    assert quantloop._data_address(x) == x.ctypes.data
    series = pd.Series(x)
    view = series.to_numpy()  # held, so that no copy could be given its address
    assert quantloop._data_address(series) == view.ctypes.data == x.ctypes.data
    frozen = x.copy()
    frozen.flags.writeable = False
    assert quantloop._data_address(frozen) == frozen.ctypes.data
    # Big-endian or misaligned values are copied, and still read right.
    swapped = x.astype(">f8")
    assert quantloop._data_address(swapped) != swapped.ctypes.data
    assert quantloop.adf(swapped) == quantloop.adf(x)
    misaligned = np.frombuffer(b"\0" + x.tobytes(), dtype=float, offset=1)
    assert quantloop.adf(misaligned) == quantloop.adf(x)
    strided = x[::2]
    assert quantloop._data_address(strided) != strided.ctypes.data  # a copy, still right
    assert quantloop.adf(strided) == quantloop.adf(np.ascontiguousarray(strided))


def assert_the_gil_is_released(compute):
    # The main thread runs Python only while the worker does not hold the GIL.
    done = threading.Event()

    def work():
        compute()
        done.set()

    worker = threading.Thread(target=work)
    started = time.perf_counter()
    worker.start()
    ticks = 0
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    worker.join()
    elapsed = time.perf_counter() - started
    assert elapsed > 0.05, "too fast to tell"
    # Held, the main thread would not tick at all while the worker computes.
    assert ticks > 0.25 * elapsed / 0.002, (ticks, elapsed)


def test_the_gil_is_released_while_computing():
    rng = np.random.default_rng(2)
    x = np.cumsum(rng.normal(size=400_000))
    y = 0.5 * x + rng.normal(size=x.size)
    assert_the_gil_is_released(lambda: [quantloop.coint(y, x, max_lag=20) for _ in range(3)])
    frame = pd.DataFrame({"x": x, "y": y, "z": x + y, "w": x - y})
    assert_the_gil_is_released(lambda: quantloop.coint_matrix(frame, max_lag=20, threads=1))


@pytest.mark.parametrize("call, reason", [
    (lambda: quantloop.adf(np.array([1.0, 2.0, float("nan")] * 50)), "nan .index 2. is not a finite"),
    (lambda: quantloop.adf(np.arange(100)), "float64"),
    (lambda: quantloop.adf(np.array([], dtype=float)), "0 observations are too few"),
    (lambda: quantloop.adf(np.ones((10, 10))), "dimension"),
    (lambda: quantloop.adf([1.0, 2.0]), "numpy array"),
    (lambda: quantloop.coint(np.ones(100).cumsum(), np.ones(90).cumsum()), "100 and 90"),
    (lambda: quantloop.adf(np.random.default_rng(0).normal(size=200), trend="q"), "trend"),
    (lambda: quantloop.garch(np.ones(10)), "too few"),
])
def test_bad_input_is_a_value_error_with_the_reason(call, reason):
    with pytest.raises(ValueError, match=reason):
        call()


def test_help_says_what_each_returns():
    for name in ("adf", "coint", "coint_matrix", "garch", "concepts", "ljung_box", "arch_lm",
                 "diebold_mariano", "backtest_pairs", "deflated_sharpe"):
        assert "Returns" in getattr(quantloop, name).__doc__, name
    assert "DataFrame" in quantloop.Store.bars.__doc__
    for name in ("query", "runs", "models", "promotions", "predict"):
        assert "Returns" in getattr(quantloop.Store, name).__doc__, name
