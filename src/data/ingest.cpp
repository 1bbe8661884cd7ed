#include "data/ingest.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <map>

#include "core/error.h"
#include "core/interrupt.h"
#include "core/parallel.h"
#include "core/time_zone.h"
#include "data/bar_validation.h"
#include "data/series_inference.h"
#include "data/source_file.h"

namespace quantloop {

namespace {

// How many symbols a file names (a file may hold one symbol at several intervals).
std::size_t distinct_symbols(const ParsedCsv& parsed) {
  std::vector<std::string> symbols;
  for (const auto& s : parsed.series) {
    if (std::find(symbols.begin(), symbols.end(), s.symbol) == symbols.end()) {
      symbols.push_back(s.symbol);
    }
  }
  return symbols.size();
}

std::string resolve_symbol(const std::string& from_file, const CsvIngestOptions& options,
                           const std::string& path, std::size_t symbols_in_file) {
  if (options.symbol) {
    if (symbols_in_file > 1) {
      throw Error(fmt::format("{}: the file names {} symbols; --symbol cannot rename them all",
                              path, symbols_in_file));
    }
    return canonical_symbol(*options.symbol);
  }
  if (!from_file.empty()) return canonical_symbol(from_file);
  if (auto symbol = symbol_from_file_name(path)) return *symbol;
  throw Error(
      fmt::format("{}: cannot tell the symbol from the file or its name; pass --symbol", path));
}

Interval resolve_interval(std::span<const SourcedBar> bars, const CsvIngestOptions& options,
                          const std::string& path, const std::string& symbol) {
  if (options.interval) return *options.interval;
  if (auto interval = infer_interval(bars)) return *interval;
  const UnixSeconds spacing = modal_spacing(bars);
  if (spacing == 0) {
    throw Error(
        fmt::format("{}: too few bars of {} to tell the interval; pass --interval", path, symbol));
  }
  throw Error(
      fmt::format("{}: bars of {} are mostly {} s apart, which is no known interval; "
                  "pass --interval ({})",
                  path, symbol, spacing, Interval::all_names()));
}

Interval interval_of(const FileSeries& series, std::span<const SourcedBar> bars,
                     const CsvIngestOptions& options, const std::string& path,
                     const std::string& symbol) {
  if (!options.interval && !series.interval.empty()) return Interval::parse(series.interval);
  return resolve_interval(bars, options, path, symbol);
}

// Daily and longer bars are stamped 00:00 UTC of the date the source wrote, whatever offset
// it wrote with the time (yfinance writes "2020-01-02 00:00:00-05:00").
void date_by_written_day(std::vector<SourcedBar>& bars) {
  for (SourcedBar& bar : bars) {
    if (bar.written_offset != 0) bar.bar.time = floor_to_day(bar.bar.time + bar.written_offset);
  }
}

// Converts wall-clock times of `zone` to UTC, in the order the clock showed them; a bar at a
// time the clock skipped is rejected.
void localize(std::vector<SourcedBar>& bars, const TimeZone& zone, const std::string& symbol,
              Interval interval, std::vector<RejectedBar>& rejected) {
  const bool descending = bars.size() > 1 && bars.front().bar.time > bars.back().bar.time;
  std::vector<SourcedBar> kept;
  kept.reserve(bars.size());
  std::optional<UnixSeconds> previous;
  for (std::size_t k = 0; k < bars.size(); ++k) {
    SourcedBar& bar = bars[descending ? bars.size() - 1 - k : k];
    const TimeZone::Instants instants = zone.to_utc(bar.bar.time);
    if (instants.count == 0) {
      rejected.push_back({std::string(bar.source), bar.line, symbol, std::string(interval.name()),
                          std::string(bar.raw.substr(0, 500)),
                          fmt::format("{} does not exist in {}: the clocks skipped it",
                                      format_utc(bar.bar.time), zone.name())});
      continue;
    }
    // The repeated hour: the first reading is the earlier instant, a second the later one.
    bar.bar.time = instants.count == 2 && previous && instants.earliest <= *previous
                       ? instants.latest
                       : instants.earliest;
    previous = bar.bar.time;
    kept.push_back(bar);
  }
  bars = std::move(kept);
}

}  // namespace

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void validate_and_write(BarStore& store, const Config& config, std::vector<BarGroup> groups,
                        std::vector<RejectedBar> rejected, UnixSeconds now, IngestReport& report) {
  const auto started = std::chrono::steady_clock::now();
  std::vector<ValidatedBars> validated(groups.size());
  parallel_for(groups.size(), [&](std::size_t i) {
    validated[i] =
        validate_bars(std::move(groups[i].bars), groups[i].symbol, groups[i].interval, now);
  });
  std::vector<BarSeries> series;
  std::vector<std::string> timeframes;
  series.reserve(groups.size());
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const BarGroup& group = groups[i];
    ValidatedBars& valid = validated[i];
    report.bars_read += std::int64_t(valid.bars.size() + valid.rejected.size() + valid.duplicates);
    report.duplicates += valid.duplicates;
    rejected.insert(rejected.end(), valid.rejected.begin(), valid.rejected.end());
    if (valid.bars.empty()) continue;
    BarSeries s{group.symbol, config.asset_type_of(group.symbol), group.interval,
                std::move(valid.bars)};
    report.series.push_back({s.symbol, std::string(s.interval.name()), std::int64_t(s.bars.size()),
                             s.bars.front().time, s.bars.back().time});
    timeframes.push_back(group.timeframe.empty()
                             ? range_covering(s.bars.back().time - s.bars.front().time)
                             : group.timeframe);
    series.push_back(std::move(s));
  }
  std::vector<SeriesWrite> writes;
  for (std::size_t i = 0; i < series.size(); ++i)
    writes.push_back({&series[i], timeframes[i]});
  throw_if_interrupted();
  spdlog::debug("validated {} bars in {:.3f} s", report.bars_read, seconds_since(started));
  const auto writing = std::chrono::steady_clock::now();
  report.counts = store.write_bars(writes, rejected, now);
  spdlog::debug("wrote to {} in {:.3f} s", store.location(), seconds_since(writing));
  report.rejected = std::move(rejected);
}

IngestReport ingest_series(BarStore& store, const std::vector<BarSeries>& series,
                           const std::string& timeframe, UnixSeconds now) {
  const auto started = std::chrono::steady_clock::now();
  IngestReport report;
  std::vector<SeriesWrite> writes;
  for (const BarSeries& s : series) {
    report.bars_read += std::int64_t(s.bars.size());
    if (s.bars.empty()) continue;
    writes.push_back({&s, timeframe});
    report.series.push_back({s.symbol, std::string(s.interval.name()), std::int64_t(s.bars.size()),
                             s.bars.front().time, s.bars.back().time});
  }
  report.counts = store.write_bars(writes, {}, now);
  report.seconds = seconds_since(started);
  return report;
}

IngestReport ingest_csv_files(BarStore& store, const Config& config,
                              std::span<const std::string> paths, const CsvIngestOptions& options,
                              UnixSeconds now) {
  const auto started = std::chrono::steady_clock::now();
  IngestReport report;
  // Files are read and parsed on all cores; bars point into `contents` until written.
  std::vector<std::string> contents(paths.size());
  std::vector<ParsedCsv> parsed_files(paths.size());
  std::vector<CsvFormat> formats(paths.size());
  const std::optional<TimeZone> zone =
      options.time_zone ? std::optional(TimeZone::locate(*options.time_zone)) : std::nullopt;
  const bool described = !options.read.columns.empty() || options.read.date_format;
  parallel_for(paths.size(), [&](std::size_t i) {
    throw_if_interrupted();
    contents[i] = read_source_file(paths[i]);
    formats[i] = options.format ? *options.format : detect_csv_format(contents[i], paths[i]);
    // Columns and date formats describe a headed table.
    if (described && formats[i] != CsvFormat::cryptodatadownload) formats[i] = CsvFormat::delimited;
    parsed_files[i] = parse_csv(contents[i], formats[i], paths[i], options.read);
    if (zone && parsed_files[i].zoned_times) {
      throw Error(
          fmt::format("{}: its times carry a UTC offset or are epochs; --tz is for files "
                      "whose times have no zone",
                      paths[i]));
    }
  });
  std::map<std::pair<std::string, Interval>, BarGroup> groups;
  std::vector<RejectedBar> rejected;
  for (std::size_t f = 0; f < paths.size(); ++f) {
    const std::string& path = paths[f];
    const CsvFormat format = formats[f];
    ParsedCsv& parsed = parsed_files[f];

    // Most files hold one symbol: their bars move as they are; others are split by symbol.
    report.missing_rows += parsed.missing_rows;
    std::vector<std::vector<SourcedBar>> by_symbol(parsed.series.size());
    if (parsed.series.size() == 1) {
      by_symbol[0] = std::move(parsed.bars);
    } else {
      for (SourcedBar& bar : parsed.bars)
        by_symbol[bar.symbol].push_back(bar);
    }
    std::string file_symbols;
    for (std::size_t i = 0; i < parsed.series.size(); ++i) {
      if (by_symbol[i].empty()) continue;
      const std::string symbol =
          resolve_symbol(parsed.series[i].symbol, options, path, distinct_symbols(parsed));
      const Interval interval = interval_of(parsed.series[i], by_symbol[i], options, path, symbol);
      if (zone && interval.intraday()) localize(by_symbol[i], *zone, symbol, interval, rejected);
      if (!interval.intraday()) date_by_written_day(by_symbol[i]);
      if (parsed.stamps_mark_bar_end) {
        for (SourcedBar& bar : by_symbol[i])
          bar.bar.time -= interval.seconds();
      }
      file_symbols += fmt::format("{}{} {} ({} bars)", file_symbols.empty() ? "" : ", ", symbol,
                                  interval.name(), by_symbol[i].size());
      BarGroup& group = groups[{symbol, interval}];
      group.symbol = symbol;
      group.interval = interval;
      if (group.bars.empty()) {
        group.bars = std::move(by_symbol[i]);
      } else {
        group.bars.insert(group.bars.end(), by_symbol[i].begin(), by_symbol[i].end());
      }
    }
    // Lines that never became bars belong to the file's symbol when it has only one.
    if (parsed.series.size() == 1 && !file_symbols.empty()) {
      const std::string symbol = resolve_symbol(parsed.series[0].symbol, options, path, 1);
      for (RejectedBar& r : parsed.rejected)
        r.symbol = symbol;
    }
    rejected.insert(rejected.end(), parsed.rejected.begin(), parsed.rejected.end());
    spdlog::info(
        "read {}: {} format, {}{}", path, to_string(format),
        file_symbols.empty() ? "no bars" : file_symbols,
        parsed.rejected.empty() ? "" : fmt::format(", {} malformed lines", parsed.rejected.size()));
  }
  spdlog::debug("read and parsed {} files in {:.3f} s", paths.size(), seconds_since(started));
  std::vector<BarGroup> list;
  for (auto& [key, group] : groups)
    list.push_back(std::move(group));
  validate_and_write(store, config, std::move(list), std::move(rejected), now, report);
  report.seconds = seconds_since(started);
  return report;
}

}  // namespace quantloop
