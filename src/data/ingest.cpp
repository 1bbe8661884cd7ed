#include "data/ingest.h"

#include <chrono>
#include <deque>
#include <fmt/format.h>
#include <map>
#include <spdlog/spdlog.h>

#include "core/error.h"
#include "core/interrupt.h"
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

void validate_and_write(Store& store, const Config& config, std::vector<BarGroup> groups,
                        std::vector<RejectedBar> rejected, UnixSeconds now, IngestReport& report) {
  std::vector<BarSeries> series;
  std::vector<std::string> timeframes;
  series.reserve(groups.size());
  for (BarGroup& group : groups) {
    report.bars_read += std::int64_t(group.bars.size());
    ValidatedBars valid = validate_bars(std::move(group.bars), group.symbol, group.interval, now);
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
  report.counts = store.write_bars(writes, rejected, now);
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
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

IngestReport ingest_csv_files(Store& store, const Config& config,
                              std::span<const std::string> paths, const CsvIngestOptions& options,
                              UnixSeconds now) {
  const auto started = std::chrono::steady_clock::now();
  IngestReport report;
  std::deque<std::string> contents;  // bars point into these; a deque never moves them
  std::map<std::pair<std::string, Interval>, BarGroup> groups;
  std::vector<RejectedBar> rejected;
  for (const std::string& path : paths) {
    throw_if_interrupted();
    contents.push_back(read_source_file(path));
    const std::string& text = contents.back();
    const CsvFormat format = options.format ? *options.format : detect_csv_format(text, path);
    ParsedCsv parsed = parse_csv(text, format, path);

    std::vector<std::vector<SourcedBar>> by_symbol(parsed.symbols.size());
    for (SourcedBar& bar : parsed.bars) by_symbol[bar.symbol].push_back(bar);
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
      group.bars.insert(group.bars.end(), by_symbol[i].begin(), by_symbol[i].end());
    }
    // Lines that never became bars belong to the file's symbol when it has only one.
    if (parsed.symbols.size() == 1 && !parsed.bars.empty()) {
      const std::string symbol = resolve_symbol(parsed.symbols[0], options, path, 1);
      for (RejectedBar& r : parsed.rejected) r.symbol = symbol;
    }
    rejected.insert(rejected.end(), parsed.rejected.begin(), parsed.rejected.end());
    spdlog::info("read {}: {} format, {}{}", path, to_string(format),
                 file_symbols.empty() ? "no bars" : file_symbols,
                 parsed.rejected.empty() ? ""
                                         : fmt::format(", {} malformed lines", parsed.rejected.size()));
  }
  std::vector<BarGroup> list;
  for (auto& [key, group] : groups) list.push_back(std::move(group));
  validate_and_write(store, config, std::move(list), std::move(rejected), now, report);
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace quantloop
