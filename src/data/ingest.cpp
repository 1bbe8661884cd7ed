#include "data/ingest.h"

#include <chrono>
#include <fmt/format.h>
#include <map>
#include <spdlog/spdlog.h>

#include "core/error.h"
#include "core/interrupt.h"
#include "core/parallel.h"
#include "data/bar_validation.h"
#include "data/series_inference.h"
#include "data/source_file.h"

namespace quantloop {

namespace {

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
  throw Error(fmt::format("{}: cannot tell the symbol from the file or its name; pass --symbol",
                          path));
}

Interval resolve_interval(std::span<const SourcedBar> bars, const CsvIngestOptions& options,
                          const std::string& path, const std::string& symbol) {
  if (options.interval) return *options.interval;
  const UnixSeconds spacing = modal_spacing(bars);
  if (spacing == 0) {
    throw Error(fmt::format("{}: too few bars of {} to tell the interval; pass --interval", path,
                            symbol));
  }
  if (auto interval = Interval::from_seconds(spacing)) return *interval;
  throw Error(fmt::format("{}: bars of {} are mostly {} s apart, which is no known interval; "
                          "pass --interval ({})",
                          path, symbol, spacing, Interval::all_names()));
}

}  // namespace

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void validate_and_write(Store& store, const Config& config, std::vector<BarGroup> groups,
                        std::vector<RejectedBar> rejected, UnixSeconds now, IngestReport& report) {
  const auto started = std::chrono::steady_clock::now();
  std::vector<ValidatedBars> validated(groups.size());
  parallel_for(groups.size(), [&](std::size_t i) {
    validated[i] = validate_bars(std::move(groups[i].bars), groups[i].symbol, groups[i].interval, now);
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
    report.series.push_back({s.symbol, std::string(s.interval.name()),
                             std::int64_t(s.bars.size()), s.bars.front().time,
                             s.bars.back().time});
    timeframes.push_back(group.timeframe.empty()
                             ? range_covering(s.bars.back().time - s.bars.front().time)
                             : group.timeframe);
    series.push_back(std::move(s));
  }
  std::vector<SeriesWrite> writes;
  for (std::size_t i = 0; i < series.size(); ++i) writes.push_back({&series[i], timeframes[i]});
  throw_if_interrupted();
  spdlog::debug("validated {} bars in {:.3f} s", report.bars_read, seconds_since(started));
  const auto writing = std::chrono::steady_clock::now();
  report.counts = store.write_bars(writes, rejected, now);
  spdlog::debug("wrote to {} in {:.3f} s", store.location(), seconds_since(writing));
  report.rejected = std::move(rejected);
}

IngestReport ingest_series(Store& store, const std::vector<BarSeries>& series,
                           const std::string& timeframe, UnixSeconds now) {
  const auto started = std::chrono::steady_clock::now();
  IngestReport report;
  std::vector<SeriesWrite> writes;
  for (const BarSeries& s : series) {
    report.bars_read += std::int64_t(s.bars.size());
    if (s.bars.empty()) continue;
    writes.push_back({&s, timeframe});
    report.series.push_back({s.symbol, std::string(s.interval.name()),
                             std::int64_t(s.bars.size()), s.bars.front().time,
                             s.bars.back().time});
  }
  report.counts = store.write_bars(writes, {}, now);
  report.seconds = seconds_since(started);
  return report;
}

IngestReport ingest_csv_files(Store& store, const Config& config,
                              std::span<const std::string> paths, const CsvIngestOptions& options,
                              UnixSeconds now) {
  const auto started = std::chrono::steady_clock::now();
  IngestReport report;
  // Files are read and parsed on all cores; bars point into `contents` until written.
  std::vector<std::string> contents(paths.size());
  std::vector<ParsedCsv> parsed_files(paths.size());
  std::vector<CsvFormat> formats(paths.size());
  parallel_for(paths.size(), [&](std::size_t i) {
    throw_if_interrupted();
    contents[i] = read_source_file(paths[i]);
    formats[i] = options.format ? *options.format : detect_csv_format(contents[i], paths[i]);
    parsed_files[i] = parse_csv(contents[i], formats[i], paths[i]);
  });
  std::map<std::pair<std::string, Interval>, BarGroup> groups;
  std::vector<RejectedBar> rejected;
  for (std::size_t f = 0; f < paths.size(); ++f) {
    const std::string& path = paths[f];
    const CsvFormat format = formats[f];
    ParsedCsv& parsed = parsed_files[f];

    // Most files hold one symbol: their bars move as they are; others are split by symbol.
    std::vector<std::vector<SourcedBar>> by_symbol(parsed.symbols.size());
    if (parsed.symbols.size() == 1) {
      by_symbol[0] = std::move(parsed.bars);
    } else {
      for (SourcedBar& bar : parsed.bars) by_symbol[bar.symbol].push_back(bar);
    }
    std::string file_symbols;
    for (std::size_t i = 0; i < parsed.symbols.size(); ++i) {
      if (by_symbol[i].empty()) continue;
      const std::string symbol =
          resolve_symbol(parsed.symbols[i], options, path, parsed.symbols.size());
      const Interval interval = resolve_interval(by_symbol[i], options, path, symbol);
      if (parsed.stamps_mark_bar_end) {
        for (SourcedBar& bar : by_symbol[i]) bar.bar.time -= interval.seconds();
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
    if (parsed.symbols.size() == 1 && !file_symbols.empty()) {
      const std::string symbol = resolve_symbol(parsed.symbols[0], options, path, 1);
      for (RejectedBar& r : parsed.rejected) r.symbol = symbol;
    }
    rejected.insert(rejected.end(), parsed.rejected.begin(), parsed.rejected.end());
    spdlog::info("read {}: {} format, {}{}", path, to_string(format),
                 file_symbols.empty() ? "no bars" : file_symbols,
                 parsed.rejected.empty() ? ""
                                         : fmt::format(", {} malformed lines", parsed.rejected.size()));
  }
  spdlog::debug("read and parsed {} files in {:.3f} s", paths.size(), seconds_since(started));
  std::vector<BarGroup> list;
  for (auto& [key, group] : groups) list.push_back(std::move(group));
  validate_and_write(store, config, std::move(list), std::move(rejected), now, report);
  report.seconds = seconds_since(started);
  return report;
}

}  // namespace quantloop
