#include "data/bar_collector.h"

#include <fmt/format.h>

#include <cmath>

#include "data/csv_text.h"

namespace quantloop {

namespace {

std::string clip(std::string_view text) {
  return std::string(text.substr(0, 500));
}

}  // namespace

std::string not_a_number(std::string_view name, std::string_view field) {
  return trim(field).empty() ? fmt::format("{} is empty", name)
                             : fmt::format("{} '{}' is not a number", name, trim(field));
}

void BarCollector::reject(std::int64_t line, std::string_view raw, std::string reason) {
  out_.rejected.push_back({path_, line, {}, {}, clip(raw), std::move(reason)});
}

void BarCollector::add(UnixSeconds time, std::array<std::string_view, 5> fields,
                       std::optional<std::string_view> adj_close, std::int64_t line,
                       std::uint32_t series, std::string_view raw) {
  static constexpr std::array<std::string_view, 6> kNames{"open",  "high",   "low",
                                                          "close", "volume", "adj close"};
  std::array<double, 6> values{0, 0, 0, 0, 0, std::nan("")};
  std::string problems;
  for (std::size_t i = 0; i < 6; ++i) {
    if (i == 5 && !adj_close) break;
    const std::string_view field = i < 5 ? fields[i] : *adj_close;
    if (auto value = parse_number(field)) {
      values[i] = *value;
      continue;
    }
    problems += problems.empty() ? "" : "; ";
    problems += not_a_number(kNames[i], field);
  }
  if (!problems.empty()) {
    reject(line, raw, std::move(problems));
    return;
  }
  add({time, values[0], values[1], values[2], values[3], values[4], values[5]}, line, series, raw);
}

void BarCollector::add(const Bar& bar, std::int64_t line, std::uint32_t series,
                       std::string_view raw) {
  out_.bars.push_back({bar, line, series, raw, path_});
}

std::uint32_t BarCollector::series_index(std::string_view symbol, std::string_view interval) {
  std::string key;
  key.reserve(symbol.size() + interval.size() + 1);
  key.append(symbol).append(1, '\n').append(interval);
  auto [it, added] = index_.try_emplace(std::move(key), std::uint32_t(out_.series.size()));
  if (added) out_.series.push_back({std::string(symbol), std::string(interval)});
  return it->second;
}

}  // namespace quantloop
