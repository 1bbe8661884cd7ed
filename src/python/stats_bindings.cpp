// Statistics on numpy arrays and pandas Series: the stats layer's functions, their results as
// `quantloop stats ... --json` gives them, computed without the GIL.
#include <fmt/format.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <optional>
#include <string>
#include <thread>

#include "core/error.h"
#include "core/parallel.h"
#include "python/arrays.h"
#include "python/bindings.h"
#include "python/json_objects.h"
#include "stats/adf.h"
#include "stats/coint.h"
#include "stats/diagnostics.h"
#include "stats/garch.h"
#include "stats/paired_tests.h"
#include "stats/results_json.h"
#include "stats/trend.h"

namespace py = pybind11;

namespace quantloop::python {

namespace {

// Runs `compute` without the GIL; the library's Error (bad input: NaN, too short, constant) is
// a ValueError with its message.
template <typename F>
auto released(F&& compute) {
  try {
    py::gil_scoped_release release;
    return compute();
  } catch (const Error& e) {
    throw py::value_error(e.what());
  }
}

template <typename F>
auto parsed(F&& parse) {
  try {
    return parse();
  } catch (const Error& e) {
    throw py::value_error(e.what());
  }
}

stats::AdfOptions adf_options(const std::string& trend, std::optional<int> max_lag,
                              const std::string& autolag) {
  stats::AdfOptions options;
  options.trend = parsed([&] { return stats::parse_trend(trend); });
  options.autolag = parsed([&] { return stats::parse_autolag(autolag); });
  options.max_lag = max_lag;
  return options;
}

py::object adf(py::handle x, const std::string& trend, std::optional<int> max_lag,
               const std::string& autolag) {
  const Series series(x, "x");
  const auto options = adf_options(trend, max_lag, autolag);
  const auto r = released([&] { return stats::adf(series.values(), options); });
  return to_python(stats::adf_json(r));
}

py::object coint(py::handle y, py::handle x, const std::string& trend, std::optional<int> max_lag,
                 const std::string& autolag) {
  const Series ys(y, "y"), xs(x, "x");
  const auto adf = adf_options(trend, max_lag, autolag);
  stats::CointOptions options;
  options.trend = adf.trend;
  options.max_lag = adf.max_lag;
  options.autolag = adf.autolag;
  const auto r = released([&] { return stats::coint(ys.values(), xs.values(), options); });
  py::dict out = to_python(stats::coint_json(r));
  out["statistic"] = r.statistic;  // a float, -inf for collinear series (the CLI writes text)
  out["spread"] = to_series(r.spread, ys.index(), "spread");
  return out;
}

py::object garch(py::handle y, const std::string& dist, const std::string& mean,
                 const std::string& start, int forecast) {
  const Series series(y, "y");
  stats::GarchOptions options;
  if (dist != "normal" && dist != "t")
    throw py::value_error(fmt::format("dist: '{}' is not normal or t", dist));
  if (mean != "constant" && mean != "zero")
    throw py::value_error(fmt::format("mean: '{}' is not constant or zero", mean));
  if (start != "backcast" && start != "mean-squared")
    throw py::value_error(fmt::format("start: '{}' is not backcast or mean-squared", start));
  if (forecast < 0) throw py::value_error("forecast: steps must be 0 or more");
  if (dist == "t") options.distribution = stats::GarchDistribution::student_t;
  if (mean == "zero") options.mean = stats::GarchMean::zero;
  if (start == "mean-squared") options.start = stats::VarianceStart::mean_squared_error;
  std::vector<double> variance_forecast;
  const auto fit = released([&] {
    auto f = stats::fit_garch(series.values(), options);
    if (forecast > 0) variance_forecast = stats::forecast_variance(f, forecast);
    return f;
  });
  py::dict out = to_python(stats::garch_json(fit, dist == "t", variance_forecast));
  std::vector<double> volatility(fit.conditional_variance.size());
  for (std::size_t i = 0; i < volatility.size(); ++i)
    volatility[i] = std::sqrt(fit.conditional_variance[i]);
  out["conditional_volatility"] = to_series(volatility, series.index(), "conditional_volatility");
  return out;
}

// Every ordered pair (i < j: column i on column j) of a DataFrame's columns, threaded.
py::object coint_matrix(py::handle frame, const std::string& trend, std::optional<int> max_lag,
                        const std::string& autolag, unsigned threads) {
  if (!py::hasattr(frame, "columns"))
    throw py::value_error("frame: expected a pandas DataFrame of float64 columns");
  std::vector<std::string> names;
  std::vector<Series> columns;
  for (py::handle c : frame.attr("columns")) {
    names.emplace_back(py::str(c));
    columns.emplace_back(frame.attr("__getitem__")(c), names.back().c_str());
  }
  if (columns.size() < 2) throw py::value_error("frame: needs two or more columns");
  const auto adf = adf_options(trend, max_lag, autolag);
  stats::CointOptions options;
  options.trend = adf.trend;
  options.max_lag = adf.max_lag;
  options.autolag = adf.autolag;
  // More threads than cores only slow it down (and a thread that cannot start would end the
  // interpreter).
  threads = std::min(threads, std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t i = 0; i < columns.size(); ++i)
    for (std::size_t j = i + 1; j < columns.size(); ++j)
      pairs.emplace_back(i, j);
  std::vector<stats::CointResult> results(pairs.size());
  released([&] {
    parallel_for(
        pairs.size(),
        [&](std::size_t k) {
          try {
            results[k] = stats::coint(columns[pairs[k].first].values(),
                                      columns[pairs[k].second].values(), options);
          } catch (const Error& e) {
            throw Error(fmt::format("{} on {}: {}", names[pairs[k].first], names[pairs[k].second],
                                    e.what()));
          }
          // Not returned: 4,950 spreads would be most of the memory.
          std::vector<double>().swap(results[k].spread);
        },
        threads);
    return 0;
  });
  std::vector<std::string> y, x;
  std::vector<double> statistic, pvalue, hedge_ratio, intercept, half_life;
  std::vector<int> used_lag;
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    y.push_back(names[pairs[k].first]);
    x.push_back(names[pairs[k].second]);
    statistic.push_back(results[k].statistic);
    pvalue.push_back(results[k].pvalue);
    hedge_ratio.push_back(results[k].hedge_ratio);
    intercept.push_back(results[k].intercept);
    half_life.push_back(results[k].half_life);
    used_lag.push_back(results[k].used_lag);
  }
  py::dict table;
  table["y"] = y;
  table["x"] = x;
  table["statistic"] = statistic;
  table["pvalue"] = pvalue;
  table["usedlag"] = used_lag;
  table["hedge_ratio"] = hedge_ratio;
  table["intercept"] = intercept;
  table["half_life"] = half_life;
  return pandas().attr("DataFrame")(table);
}

py::object ljung_box(py::handle x, int lags, int model_df) {
  const Series series(x, "x");
  const auto rows = released([&] { return stats::ljung_box(series.values(), lags, model_df); });
  std::vector<double> statistic, pvalue;
  std::vector<int> lag;
  for (const auto& r : rows) {
    lag.push_back(r.lag);
    statistic.push_back(r.statistic);
    pvalue.push_back(r.pvalue);
  }
  py::dict columns;
  columns["lb_stat"] = statistic;
  columns["lb_pvalue"] = pvalue;
  return pandas().attr("DataFrame")(columns, py::arg("index") = lag);
}

py::object arch_lm(py::handle residuals, int lags, int ddof) {
  const Series series(residuals, "residuals");
  const auto r = released([&] { return stats::arch_lm(series.values(), lags, ddof); });
  py::dict out;
  out["lm"] = r.lm;
  out["lm_pvalue"] = r.lm_pvalue;
  out["f"] = r.f;
  out["f_pvalue"] = r.f_pvalue;
  out["lags"] = r.lags;
  return out;
}

py::object diebold_mariano(py::handle loss_difference, int lag) {
  const Series series(loss_difference, "loss_difference");
  const auto r = released([&] { return stats::diebold_mariano(series.values(), lag); });
  py::dict out;
  out["mean"] = r.mean;
  out["statistic"] = r.statistic;
  out["pvalue"] = r.pvalue;
  out["lag"] = r.lag;
  out["rows"] = r.rows;
  return out;
}

}  // namespace

void add_stats(py::module_& m) {
  m.def("adf", &adf, py::arg("x"), py::arg("trend") = "c", py::arg("max_lag") = py::none(),
        py::arg("autolag") = "aic",
        R"(Augmented Dickey-Fuller unit-root test with statsmodels' adfuller semantics.

x: float64 numpy array or pandas Series (read in place when contiguous). trend: n, c, ct, ctt.
max_lag: highest lag (default 12 (nobs/100)^(1/4)). autolag: aic, bic, t-stat, none.
Returns a dict: statistic, pvalue, usedlag, nobs, crit_values {1%, 5%, 10%}, icbest -- the
keys and values of `quantloop stats adf --json`. Raises ValueError for NaN, a constant or
too short series, or another dtype.)");
  m.def("coint", &coint, py::arg("y"), py::arg("x"), py::arg("trend") = "c",
        py::arg("max_lag") = py::none(), py::arg("autolag") = "aic",
        R"(Engle-Granger cointegration test of y on x with statsmodels' coint semantics.

Returns a dict with `quantloop stats coint --json`'s keys (statistic, pvalue, crit_values,
usedlag, nobs, hedge_ratio, intercept, half_life, collinear) and spread, the residuals of the
cointegrating regression (a Series on y's index when y is one). Raises ValueError for series
of different lengths, NaN, constant or too short series, or another dtype.)");
  m.def("garch", &garch, py::arg("y"), py::arg("dist") = "normal", py::arg("mean") = "constant",
        py::arg("start") = "backcast", py::arg("forecast") = 0,
        R"(GARCH(1,1) by maximum likelihood (arch's conventions).

dist: normal or t; mean: constant or zero; start: backcast (arch) or mean-squared (fGarch);
forecast: variance forecast steps. Returns a dict with `quantloop stats garch --json`'s keys
(mu, omega, alpha, beta[, nu], std_errors, classical_std_errors, *_se, loglik, aic, bic, nobs,
converged, message, variance_forecast) and conditional_volatility (sigma_t; a Series on y's
index when y is one).)");
  m.def("coint_matrix", &coint_matrix, py::arg("frame"), py::arg("trend") = "c",
        py::arg("max_lag") = py::none(), py::arg("autolag") = "aic", py::arg("threads") = 0,
        R"(coint of every pair of a DataFrame's float64 columns (column i on column j, i < j), on
`threads` threads (0 or more than the cores: one per core), without the GIL. Returns a DataFrame with a row per pair:
y, x, statistic, pvalue, usedlag, hedge_ratio, intercept, half_life (each as coint gives it).
Raises ValueError naming the pair for a column with NaN, constant or too short.)");
  m.def("ljung_box", &ljung_box, py::arg("x"), py::arg("lags") = 0, py::arg("model_df") = 0,
        R"(Ljung-Box test (statsmodels acorr_ljungbox). Returns a DataFrame of lb_stat and
lb_pvalue by lag, lags 1..lags (0: min(10, nobs / 5)).)");
  m.def("arch_lm", &arch_lm, py::arg("residuals"), py::arg("lags") = 0, py::arg("ddof") = 0,
        R"(Engle's ARCH-LM test (statsmodels het_arch). Returns a dict of lm, lm_pvalue, f,
f_pvalue, lags.)");
  m.def("diebold_mariano", &diebold_mariano, py::arg("loss_difference"), py::arg("lag") = -1,
        R"(Diebold-Mariano test on a loss differential (first forecaster's loss minus the
second's), Newey-West variance. Returns a dict of mean, statistic, one-sided pvalue (the
second is better), lag, rows.)");
  m.def(
      "_data_address", [](py::handle x) { return std::uintptr_t(Series(x, "x").values().data()); },
      "The address the module reads x's values from: equal to x's own when no copy is made.");
}

}  // namespace quantloop::python
