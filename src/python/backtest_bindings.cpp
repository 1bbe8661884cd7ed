// Pair backtests on the user's prices: `quantloop backtest pairs --json`'s report, and the best
// set's equity as a DataFrame.
#include <fmt/format.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "backtest/metrics.h"
#include "backtest/pair_backtest.h"
#include "backtest/report_json.h"
#include "core/error.h"
#include "python/arrays.h"
#include "python/bindings.h"
#include "python/json_objects.h"

namespace py = pybind11;

namespace quantloop::python {

namespace {

// A parameter given as one number or a list of them (the grid's axis).
std::vector<double> axis(py::handle value, const char* name) {
  std::vector<double> values;
  try {
    if (py::isinstance<py::sequence>(value) || py::isinstance<py::array>(value)) {
      for (py::handle v : value)
        values.push_back(v.cast<double>());
    } else {
      values.push_back(value.cast<double>());
    }
  } catch (const py::cast_error&) {
    throw py::value_error(fmt::format("{}: expected a number or a list of numbers", name));
  }
  if (values.empty()) throw py::value_error(fmt::format("{}: an empty list", name));
  return values;
}

std::vector<int> whole(py::handle value, const char* name) {
  std::vector<int> out;
  for (double v : axis(value, name)) {
    if (v != std::floor(v) || v < 1 || v > 1e9)
      throw py::value_error(fmt::format("{}: {} is not a whole number of bars", name, v));
    out.push_back(int(v));
  }
  return out;
}

std::string name_of(py::handle series, const char* otherwise) {
  if (py::hasattr(series, "name") && !series.attr("name").is_none())
    return py::str(series.attr("name"));
  return otherwise;
}

py::object backtest_pairs(py::handle y, py::handle x, py::handle formation, py::handle trading,
                          py::handle window, py::handle entry, py::handle exit, py::handle stop,
                          py::handle cost_bps, const std::string& zscore, double bars_per_year,
                          std::optional<std::pair<std::string, std::string>> names) {
  const Series ys(y, "y"), xs(x, "x");
  if (ys.values().size() != xs.values().size()) {
    throw py::value_error(fmt::format("y has {} prices and x {}: align them first",
                                      ys.values().size(), xs.values().size()));
  }
  if (!ys.index().is_none() && !xs.index().is_none() &&
      !ys.index().attr("equals")(xs.index()).cast<bool>()) {
    throw py::value_error(
        "y and x have different indexes: align them first (y.align(x, "
        "join='inner'))");
  }
  if (zscore != "rolling" && zscore != "static")
    throw py::value_error(fmt::format("zscore: '{}' is not rolling or static", zscore));
  if (!(bars_per_year > 0)) throw py::value_error("bars_per_year: must be above 0");
  // Times: the index's (UTC) when y is a Series with a DatetimeIndex, else bar numbers as days.
  std::vector<UnixSeconds> times(ys.values().size());
  py::object index = ys.index();
  const bool dated = !index.is_none() && py::isinstance(index, pandas().attr("DatetimeIndex"));
  if (dated) {
    if (index.attr("tz").is_none()) index = index.attr("tz_localize")("UTC");
    index = index.attr("tz_convert")("UTC");
    if (py::hasattr(index, "as_unit")) index = index.attr("as_unit")("ns");
    const auto ns = index.attr("asi8").cast<py::array_t<std::int64_t>>();
    for (std::size_t i = 0; i < times.size(); ++i)
      times[i] = ns.at(py::ssize_t(i)) / 1'000'000'000;
  } else {
    for (std::size_t i = 0; i < times.size(); ++i)
      times[i] = UnixSeconds(i) * kSecondsPerDay;
  }
  backtest::PairBacktestRequest request;
  // The pair's names in the report: given, else the Series' (two "close" columns: y and x).
  std::string y_name = names ? names->first : name_of(y, "y");
  std::string x_name = names ? names->second : name_of(x, "x");
  if (y_name == x_name) {
    if (names) throw py::value_error("names: the pair needs two names");
    y_name = "y";
    x_name = "x";
  }
  request.pairs = {{y_name, x_name}};
  request.bars_per_year = bars_per_year;
  // The grid in the CLI's order: formation, trading, window, entry, exit, stop, cost.
  for (int f : whole(formation, "formation"))
    for (int l : whole(trading, "trading"))
      for (int w : whole(window, "window"))
        for (double e : axis(entry, "entry"))
          for (double c : axis(exit, "exit"))
            for (double s : axis(stop, "stop"))
              for (double k : axis(cost_bps, "cost_bps"))
                request.grid.push_back({f, l, w, e, c, s, k, zscore == "static"});
  const std::vector<double> yv(ys.values().begin(), ys.values().end()),
      xv(xs.values().begin(), xs.values().end());
  backtest::PairBacktestReport report;
  try {
    py::gil_scoped_release release;
    for (const auto& set : request.grid)
      backtest::check_strategy(set);
    report = backtest::backtest_pairs(times, {y_name, x_name}, {yv, xv}, request);
  } catch (const Error& e) {
    throw py::value_error(e.what());
  }
  py::dict out = to_python(backtest::report_json(report, bars_per_year, "bars_per_year"));
  // The best set's equity from its first traded bar: position, pnl, cumulative pnl.
  const auto& path = report.best_paths.front();
  const std::size_t first = std::size_t(report.grid[report.best].strategy.formation);
  std::vector<double> pnl, equity;
  std::vector<int> position;
  double total = 0;
  for (std::size_t t = first; t < report.times.size(); ++t) {
    total += path.pnl[t];
    position.push_back(path.position[t]);
    pnl.push_back(path.pnl[t]);
    equity.push_back(total);
  }
  py::dict columns;
  columns["position"] = position;
  columns["pnl"] = pnl;
  columns["equity"] = equity;
  const py::object rows =
      dated ? index[py::slice(py::ssize_t(first), py::ssize_t(report.times.size()), 1)]
            : py::module_::import("builtins").attr("range")(first, report.times.size());
  out["equity"] = pandas().attr("DataFrame")(columns, py::arg("index") = rows);
  return out;
}

double deflated_sharpe(double best_sharpe, double trial_sharpe_variance, int trials, int bars,
                       double skewness, double kurtosis) {
  return backtest::deflated_sharpe(best_sharpe, trial_sharpe_variance, trials, bars, skewness,
                                   kurtosis);
}

}  // namespace

void add_backtest(py::module_& m) {
  m.def("backtest_pairs", &backtest_pairs, py::arg("y"), py::arg("x"), py::arg("formation") = 250,
        py::arg("trading") = 60, py::arg("window") = 20, py::arg("entry") = 2.0,
        py::arg("exit") = 0.5, py::arg("stop") = 4.0, py::arg("cost_bps") = 5.0,
        py::arg("zscore") = "rolling", py::arg("bars_per_year") = 252.0,
        py::arg("names") = py::none(),
        R"(Seed 004's pair strategy backtested on aligned prices y and x (float64; Series keep
their dates): the hedge refitted every `trading` bars on the `formation` before, a z-score over
`window` bars (rolling or static), entry/exit/stop in |z|, cost_bps per traded notional. Any
parameter may be a list: the grid is every combination, the best set by Sharpe ratio, deflated
for the number tried. names: (y, x) in the report, default the Series' names. Returns a dict with `quantloop backtest pairs --json`'s keys (from, to,
bars, best, portfolio, pairs, deflated_sharpe, grid, ...) and equity: the best set's position,
pnl and cumulative pnl from its first traded bar. Raises ValueError for prices of different
lengths, NaN, or an invalid set (window < 2, formation < window, not exit < entry < stop).)");
  m.def("deflated_sharpe", &deflated_sharpe, py::arg("best_sharpe"),
        py::arg("trial_sharpe_variance"), py::arg("trials"), py::arg("bars"),
        py::arg("skewness") = 0.0, py::arg("kurtosis") = 3.0,
        R"(Bailey and Lopez de Prado's deflated Sharpe ratio. Returns the probability that the
best of `trials` backtests has a true Sharpe above 0, given the variance of the trials' Sharpe
ratios; Sharpe ratios per bar (not annualised), skewness and kurtosis (not excess) of the
best's per-bar PnL. NaN under 2 trials or 2 bars.)");
}

}  // namespace quantloop::python
