// The causal ICT concepts of a user's OHLCV DataFrame: `quantloop concepts --json`'s values, as
// DataFrames.
#include <fmt/format.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <map>

#include "concepts/concepts.h"
#include "concepts/concepts_json.h"
#include "core/error.h"
#include "python/arrays.h"
#include "python/bindings.h"
#include "python/json_objects.h"

namespace py = pybind11;

namespace quantloop::python {

namespace {

// The frame's column of that name, any case, as float64 values.
std::vector<double> column(py::handle frame, const char* name, bool required) {
  for (py::handle c : frame.attr("columns")) {
    std::string text = py::str(c);
    std::transform(text.begin(), text.end(), text.begin(), ::tolower);
    if (text != name) continue;
    const py::array_t<double, py::array::c_style | py::array::forcecast> values =
        frame.attr("__getitem__")(c).attr("to_numpy")(py::arg("dtype") = "float64");
    return std::vector<double>(values.data(), values.data() + values.size());
  }
  if (required) throw py::value_error(fmt::format("df: no {} column", name));
  return {};
}

py::object concepts_of(py::handle df, int swing_length, double fvg_min_atr, int max_age_bars,
                       std::optional<std::string> interval) {
  if (!py::hasattr(df, "columns") || !py::hasattr(df, "index"))
    throw py::value_error("df: expected a pandas DataFrame of open, high, low, close[, volume]");
  if (swing_length < 1) throw py::value_error("swing_length: must be 1 or more");
  if (!(fvg_min_atr >= 0)) throw py::value_error("fvg_min_atr: must be 0 or more");
  if (max_age_bars < 1) throw py::value_error("max_age_bars: must be 1 or more");
  // Times: the index, as UTC (a naive index is taken as UTC), in seconds.
  py::object index = pandas().attr("DatetimeIndex")(df.attr("index"));
  if (index.attr("hasnans").cast<bool>()) throw py::value_error("df: the index has NaT");
  if (index.attr("tz").is_none()) index = index.attr("tz_localize")("UTC");
  index = index.attr("tz_convert")("UTC");
  // pandas 2 keeps s, ms and us indexes in their own unit: nanoseconds, whatever the input.
  if (py::hasattr(index, "as_unit")) index = index.attr("as_unit")("ns");
  const py::array_t<std::int64_t> ns = index.attr("asi8").cast<py::array_t<std::int64_t>>();
  const auto open = column(df, "open", true), high = column(df, "high", true),
             low = column(df, "low", true), close = column(df, "close", true),
             volume = column(df, "volume", false);
  BarSeries series;
  series.symbol = "python";
  for (py::ssize_t i = 0; i < ns.size(); ++i) {
    Bar b;
    b.time = ns.at(i) / 1'000'000'000;
    b.open = open[std::size_t(i)];
    b.high = high[std::size_t(i)];
    b.low = low[std::size_t(i)];
    b.close = b.adj_close = close[std::size_t(i)];
    b.volume = volume.empty() ? 0 : volume[std::size_t(i)];
    if (!series.bars.empty() && b.time <= series.bars.back().time)
      throw py::value_error(fmt::format("df: the index is not strictly ascending at row {}", i));
    if (!(std::isfinite(b.open) && std::isfinite(b.high) && std::isfinite(b.low) &&
          std::isfinite(b.close)) ||
        b.high < b.low) {
      throw py::value_error(
          fmt::format("df: row {} is not a bar (a missing price, or high below low)", i));
    }
    series.bars.push_back(b);
  }
  if (interval) {
    const auto parsed = Interval::try_parse(*interval);
    if (!parsed) throw py::value_error(fmt::format("interval: '{}' is not an interval", *interval));
    series.interval = *parsed;
  } else {
    // The most common step between bars.
    std::map<UnixSeconds, int> steps;
    for (std::size_t i = 1; i < series.bars.size(); ++i)
      ++steps[series.bars[i].time - series.bars[i - 1].time];
    const auto most =
        std::max_element(steps.begin(), steps.end(),
                         [](const auto& a, const auto& b) { return a.second < b.second; });
    const auto found = most == steps.end() ? std::nullopt : Interval::from_seconds(most->first);
    if (!found)
      throw py::value_error("df: its bars' interval cannot be told; pass interval='1h' or so");
    series.interval = *found;
  }
  nlohmann::json json;
  {
    py::gil_scoped_release release;
    const concepts::Concepts found =
        concepts::compute_concepts(series, {swing_length, fvg_min_atr, max_age_bars});
    json = concepts::to_json(found, series);
  }
  py::dict frames;
  for (const auto& [name, rows] : json.items())
    frames[py::str(name)] = pandas().attr("DataFrame")(to_python(rows));
  return frames;
}

}  // namespace

void add_concepts(py::module_& m) {
  m.def("concepts", &concepts_of, py::arg("df"), py::arg("swing_length") = 5,
        py::arg("fvg_min_atr") = 0.0, py::arg("max_age_bars") = 100,
        py::arg("interval") = py::none(),
        R"(The causal ICT concepts (issue 21's definitions) of an OHLCV DataFrame.

df: columns open, high, low, close and optionally volume (any case), a DatetimeIndex (naive
means UTC), ascending. interval: the bars' interval ('1h'); default: the most common step.
Returns a dict of DataFrames -- swings, structure, sweeps, fvgs, order_blocks, bars -- with the
rows and columns of `quantloop concepts --json` (times as ISO 8601 UTC text). A value at bar k
depends on no later bar. Raises ValueError for a missing column, NaN prices, high below low, or
an index out of order.)");
}

}  // namespace quantloop::python
