#include "data/series_loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>

#include "core/asset_type.h"
#include "core/error.h"
#include "data/bar_validation.h"
#include "data/csv_formats.h"
#include "data/delimited_csv.h"
#include "data/series_inference.h"
#include "data/source_file.h"

namespace quantloop {

namespace {

double field_of(const Bar& bar, BarField field) {
  switch (field) {
    case BarField::open:
      return bar.open;
    case BarField::high:
      return bar.high;
    case BarField::low:
      return bar.low;
    case BarField::close:
      return bar.close;
    case BarField::adj_close:
      return bar.adj_close;
    case BarField::volume:
      return bar.volume;
  }
  return std::nan("");
}

TimedColumn column_of(const std::vector<Bar>& bars, BarField field, std::string name) {
  TimedColumn column{std::move(name), {}, {}};
  for (const Bar& bar : bars) {
    const double value = field_of(bar, field);
    if (std::isnan(value)) {
      throw Error(fmt::format("{}: the bar of {} has no {}", column.name, format_utc(bar.time),
                              to_string(field)));
    }
    column.times.push_back(bar.time);
    column.values.push_back(value);
  }
  return column;
}

}  // namespace

BarField parse_bar_field(std::string_view name) {
  std::string key;
  for (char c : name) {
    if (c != ' ' && c != '_') key += char(std::tolower(static_cast<unsigned char>(c)));
  }
  if (key == "open") return BarField::open;
  if (key == "high") return BarField::high;
  if (key == "low") return BarField::low;
  if (key == "close") return BarField::close;
  if (key == "adjclose") return BarField::adj_close;
  if (key == "volume") return BarField::volume;
  throw Error(fmt::format(
      "unknown column '{}' (expected open, high, low, close, adj close or volume)", name));
}

std::string_view to_string(BarField field) {
  constexpr std::string_view kNames[] = {"open", "high", "low", "close", "adj close", "volume"};
  return kNames[static_cast<int>(field)];
}

TimedColumn load_stored_column(BarStore& store, std::string_view symbol, Interval interval,
                               BarField field) {
  const BarSeries series =
      store.read_bars(symbol, interval, std::numeric_limits<UnixSeconds>::min() / 2,
                      std::numeric_limits<UnixSeconds>::max() / 2);
  const std::string name = fmt::format("{} {} {}", symbol, interval.name(), to_string(field));
  if (series.bars.empty()) {
    throw Error(
        fmt::format("{}: no {} bars of {} in {}", name, interval.name(), symbol, store.location()));
  }
  return column_of(series.bars, field, name);
}

TimedColumn load_file_column(const std::string& path, std::string_view column) {
  const std::string text = read_source_file(path);
  const std::string label = std::filesystem::path(path).filename().string();
  std::optional<BarField> field;
  try {
    field = parse_bar_field(column);
  } catch (const Error&) {
  }
  if (!field) {
    const NamedColumn named = read_named_column(text, path, column);
    std::vector<std::size_t> order(named.times.size());
    for (std::size_t i = 0; i < order.size(); ++i)
      order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return named.times[a] < named.times[b]; });
    TimedColumn out{fmt::format("{} {}", label, named.header), {}, {}};
    for (std::size_t i : order) {
      if (!out.times.empty() && out.times.back() == named.times[i]) {
        throw Error(fmt::format("{}: two values of '{}' at {}", path, named.header,
                                format_utc(named.times[i])));
      }
      out.times.push_back(named.times[i]);
      out.values.push_back(named.values[i]);
    }
    if (out.values.empty())
      throw Error(fmt::format("{}: no values in column '{}'", path, named.header));
    return out;
  }
  return column_of(load_file_bars(path).bars, *field,
                   fmt::format("{} {}", label, to_string(*field)));
}

BarSeries load_file_bars(const std::string& path) {
  const std::string text = read_source_file(path);
  const ParsedCsv parsed = parse_csv(text, detect_csv_format(text, path), path);
  if (parsed.series.size() > 1) {
    throw Error(fmt::format("{}: the file holds {} series; give one symbol per file", path,
                            parsed.series.size()));
  }
  // The same checks as ingest, with the interval only used to label rejections.
  const Interval interval = infer_interval(parsed.bars).value_or(Interval::day());
  ValidatedBars valid = validate_bars(parsed.bars, parsed.series[0].symbol, interval, now_utc());
  if (valid.bars.empty()) throw Error(fmt::format("{}: no valid bars", path));
  BarSeries series;
  series.symbol = parsed.series[0].symbol;
  series.asset_type = classify_symbol(series.symbol);
  series.interval = interval;
  series.bars = std::move(valid.bars);
  return series;
}

std::vector<TimedColumn> align_columns(const std::vector<TimedColumn>& columns) {
  if (columns.empty()) return {};
  std::map<UnixSeconds, int> counts;
  for (const auto& column : columns) {
    for (UnixSeconds t : column.times)
      ++counts[t];
  }
  std::vector<TimedColumn> aligned;
  for (const auto& column : columns) {
    TimedColumn out{column.name, {}, {}};
    for (std::size_t i = 0; i < column.times.size(); ++i) {
      if (counts[column.times[i]] == int(columns.size())) {
        out.times.push_back(column.times[i]);
        out.values.push_back(column.values[i]);
      }
    }
    aligned.push_back(std::move(out));
  }
  return aligned;
}

}  // namespace quantloop
