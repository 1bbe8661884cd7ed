// quantloop.Store: the database read into DataFrames.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <memory>
#include <mutex>

#include "core/asset_type.h"
#include "core/config.h"
#include "core/error.h"
#include "core/interval.h"
#include "core/time.h"
#include "python/arrays.h"
#include "python/bindings.h"
#include "python/json_objects.h"
#include "registry/predictor.h"
#include "registry/tables.h"
#include "store/store.h"

namespace py = pybind11;

namespace quantloop::python {

namespace {

// A bar series by its symbol as the CLI takes it (aapl is AAPL); another maker's
// (ict:signal_quality) exactly.
std::string series_symbol(const std::string& text) {
  return registry::is_bar_series(text) ? canonical_symbol(text) : text;
}

// A result table as a DataFrame: integers, reals, text, bytes, None for NULL.
py::object table_frame(const ResultTable& table) {
  py::list rows;
  for (const auto& row : table.rows) {
    py::list cells;
    for (const Value& v : row) {
      if (const auto* i = std::get_if<std::int64_t>(&v)) {
        cells.append(*i);
      } else if (const auto* d = std::get_if<double>(&v)) {
        cells.append(*d);
      } else if (const auto* text = std::get_if<std::string>(&v)) {
        cells.append(*text);
      } else if (const auto* b = std::get_if<Blob>(&v)) {
        cells.append(py::bytes(b->bytes));
      } else {
        cells.append(py::none());
      }
    }
    rows.append(cells);
  }
  return pandas().attr("DataFrame")(rows, py::arg("columns") = table.columns);
}

class PyStore {
 public:
  explicit PyStore(std::optional<std::string> url) {
    // The configuration the CLI would read here (./quantloop.toml, QUANTLOOP_* variables):
    // where the database is, and what the predictor reads of the schedules.
    if (!url) url = config().database.url;
    store_ = Store::open(*url, Store::OpenMode::existing);
    url_ = *url;
  }

  // `quantloop predict --json`'s rows, without recording the predictions (the module reads).
  py::object predict(py::object symbols, const std::string& interval, py::object at) {
    std::vector<std::string> names;
    if (py::isinstance<py::str>(symbols)) {
      // "AAPL,MSFT" as the CLI's --symbols takes it.
      const std::string text = symbols.cast<std::string>();
      for (std::size_t at = 0; at <= text.size();) {
        const std::size_t comma = std::min(text.find(',', at), text.size());
        if (comma > at) names.push_back(text.substr(at, comma - at));
        at = comma + 1;
      }
    } else {
      for (py::handle s : symbols)
        names.push_back(py::str(s));
    }
    if (names.empty()) throw py::value_error("symbols: none given");
    if (!interval.empty() && !Interval::try_parse(interval))
      throw py::value_error(fmt::format("interval: '{}' is not an interval", interval));
    const UnixSeconds clock = at.is_none() ? now_utc() : time_of(at, "at", 0);
    nlohmann::json rows = nlohmann::json::array();
    std::vector<std::string> failed;
    {
      py::gil_scoped_release release;
      std::lock_guard lock(mutex_);
      registry::Predictor predictor(*store_, config());
      for (const auto& name : names) {
        try {
          for (const auto& p : predictor.predict(canonical_symbol(name), interval, clock, false))
            rows.push_back(registry::to_json(p));
        } catch (const Error& e) {
          failed.push_back(e.what());
        }
      }
    }
    if (!failed.empty()) throw Error(fmt::format("{}", fmt::join(failed, "; ")));
    return pandas().attr("DataFrame")(to_python(rows));
  }

  py::object bars(const std::string& symbol, const std::string& interval, py::object start,
                  py::object end) {
    const auto parsed = Interval::try_parse(interval);
    if (!parsed) throw py::value_error(fmt::format("interval: '{}' is not an interval", interval));
    const UnixSeconds from = time_of(start, "start", 0);
    const UnixSeconds to = time_of(end, "end", kEndOfTime);
    BarSeries series;
    {
      py::gil_scoped_release release;
      std::lock_guard lock(mutex_);  // one connection: one thread at a time
      series = store_->read_bars(canonical_symbol(symbol), *parsed, from, to);
    }
    const py::ssize_t n = py::ssize_t(series.bars.size());
    py::array_t<std::int64_t> times(n);
    py::array_t<double> open(n), high(n), low(n), close(n), adj_close(n), volume(n);
    auto* t = times.mutable_data();
    double *o = open.mutable_data(), *h = high.mutable_data(), *l = low.mutable_data(),
           *c = close.mutable_data(), *a = adj_close.mutable_data(), *v = volume.mutable_data();
    for (py::ssize_t i = 0; i < n; ++i) {
      const Bar& b = series.bars[std::size_t(i)];
      t[i] = b.time * 1'000'000'000;
      o[i] = b.open;
      h[i] = b.high;
      l[i] = b.low;
      c[i] = b.close;
      a[i] = b.adj_close;
      v[i] = b.volume;
    }
    py::module_ pd = pandas();
    py::object index =
        pd.attr("DatetimeIndex")(times.attr("view")("datetime64[ns]")).attr("tz_localize")("UTC");
    index.attr("name") = "date";
    py::dict columns;
    columns["open"] = open;
    columns["high"] = high;
    columns["low"] = low;
    columns["close"] = close;
    columns["adj_close"] = adj_close;
    columns["volume"] = volume;
    return pd.attr("DataFrame")(columns, py::arg("index") = index, py::arg("copy") = false);
  }

  py::object query(const std::string& sql) {
    return table_frame(locked([&] { return store_->run_sql(sql); }, true));
  }

  // `quantloop query runs --json`.
  py::object runs(int limit) {
    if (limit < 1) throw py::value_error("limit: must be 1 or more");
    return table_frame(locked([&] { return store_->recent_runs(limit); }));
  }

  // `quantloop models list --json`, or with a symbol `models show SYMBOL --json`.
  py::object models(std::optional<std::string> symbol) {
    return table_frame(locked([&] {
      if (!symbol) return registry::series_table(*store_);
      const std::string wanted = series_symbol(*symbol);
      std::vector<ModelVersion> versions;
      for (auto& v : store_->model_versions("", "")) {
        if (v.symbol == wanted) versions.push_back(std::move(v));
      }
      return registry::versions_table(versions, store_->aliases("", ""));
    }));
  }

  // The decisions of `quantloop models history SYMBOL --json`, newest first; every series'
  // without a symbol.
  py::object promotions(std::optional<std::string> symbol, const std::string& interval, int limit) {
    return table_frame(locked([&] {
      return registry::decisions_table(
          store_->promotion_decisions(symbol ? series_symbol(*symbol) : "", interval, limit));
    }));
  }

  const std::string& url() const { return url_; }

 private:
  // None, a pandas Timestamp / datetime (naive: UTC), or text quantloop reads as a time.
  static UnixSeconds time_of(py::object value, const char* what, UnixSeconds otherwise) {
    if (value.is_none()) return otherwise;
    if (py::isinstance<py::int_>(value) || py::isinstance<py::float_>(value))
      throw py::value_error(
          fmt::format("{}: give a time (text, datetime or Timestamp), not a number", what));
    if (py::isinstance<py::str>(value)) {
      const auto t = parse_timestamp(value.cast<std::string>());
      if (!t)
        throw py::value_error(
            fmt::format("{}: '{}' is not a time", what, value.cast<std::string>()));
      return *t;
    }
    py::object stamp = pandas().attr("Timestamp")(value);
    if (pandas().attr("isna")(stamp).cast<bool>())
      throw py::value_error(fmt::format("{}: not a time (NaT)", what));
    if (stamp.attr("tzinfo").is_none()) stamp = stamp.attr("tz_localize")("UTC");
    return stamp.attr("value").cast<std::int64_t>() / 1'000'000'000;
  }

  // Runs a read of the store without the GIL, one thread at a time on its connection. The
  // store's Error is quantloop.Error, or ValueError for a query's (a write refused, bad SQL).
  template <typename F>
  ResultTable locked(F&& read, bool errors_are_input = false) {
    try {
      py::gil_scoped_release release;
      std::lock_guard lock(mutex_);
      return read();
    } catch (const Error& e) {
      if (errors_are_input) throw py::value_error(e.what());
      throw;
    }
  }

  // The configuration, read once it is needed (a given url needs none).
  const Config& config() {
    if (!config_) {
      ConfigSources sources;
      sources.environment = process_environment();
      config_ = load_config(sources);
    }
    return *config_;
  }

  std::optional<Config> config_;
  std::unique_ptr<Store> store_;
  std::mutex mutex_;
  std::string url_;
};

}  // namespace

void add_store(py::module_& m) {
  py::class_<PyStore>(m, "Store", R"(A quantloop database (SQLite file or postgresql:// URL).

Store(url=None): None opens the configured database (quantloop.toml, QUANTLOOP_* variables).
It must exist; the module only reads.)")
      .def(py::init<std::optional<std::string>>(), py::arg("url") = py::none())
      .def("bars", &PyStore::bars, py::arg("symbol"), py::arg("interval") = "1d",
           py::arg("start") = py::none(), py::arg("end") = py::none(),
           R"(The stored bars of a symbol from start to end (inclusive; text, datetime or
Timestamp, naive meaning UTC) as a DataFrame with a UTC DatetimeIndex named date and columns
open, high, low, close, adj_close, volume (float64). Empty when none are stored.)")
      .def("query", &PyStore::query, py::arg("sql"),
           R"(A read-only SQL query (the `quantloop sql` guarantee: a statement that would write
raises ValueError). Returns a DataFrame.)")
      .def(
          "predict", &PyStore::predict, py::arg("symbols"), py::arg("interval") = "",
          py::arg("at") = py::none(),
          R"(Each symbol's (a list, or "AAPL,MSFT") champion (of every interval, or only `interval`) predicts the bar after
its last bar complete at `at` (default now). Returns a DataFrame with `quantloop predict
--json`'s keys; nothing is recorded. Raises quantloop.Error naming the symbols without a
champion.)")
      .def("runs", &PyStore::runs, py::arg("limit") = 50,
           R"(The newest training runs. Returns a DataFrame with the rows of `quantloop query
runs --json`.)")
      .def("models", &PyStore::models, py::arg("symbol") = py::none(),
           R"(The registry. Returns a DataFrame: one row per series (`quantloop models list
--json`), or with a symbol one row per version of its series (`models show SYMBOL --json`).)")
      .def("promotions", &PyStore::promotions, py::arg("symbol") = py::none(),
           py::arg("interval") = "", py::arg("limit") = 50,
           R"(Promotion decisions, newest first (of one symbol, or every series). Returns a
DataFrame with the decisions of `quantloop models history SYMBOL --json`, without evidence.)")
      .def_property_readonly("url", &PyStore::url)
      .def("__repr__", [](const PyStore& s) { return "quantloop.Store('" + s.url() + "')"; });
}

}  // namespace quantloop::python
