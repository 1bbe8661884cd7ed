#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/interval.h"
#include "data/csv_formats.h"
#include "store/bar_store.h"

namespace quantloop {

// What one ingest did, for the CLI's report (and --json).
struct IngestedSeries {
  std::string symbol;
  std::string interval;
  std::int64_t bars = 0;  // valid bars written (inserted, updated or unchanged)
  UnixSeconds first = 0;
  UnixSeconds last = 0;
};

struct FailedSymbol {
  std::string symbol;
  std::string reason;
};

struct IngestReport {
  WriteCounts counts;
  std::int64_t bars_read = 0;
  std::int64_t duplicates = 0;    // exact repeats dropped
  std::int64_t missing_rows = 0;  // provider rows without values (Yahoo's nulls), skipped
  std::int64_t in_progress = 0;   // a live source's bars not complete at the fetch, skipped
  std::vector<IngestedSeries> series;
  std::vector<RejectedBar> rejected;
  std::vector<FailedSymbol> failed;  // symbols that could not be fetched at all
  double seconds = 0;
};

struct CsvIngestOptions {
  std::optional<std::string> symbol;     // overrides what the file says
  std::optional<Interval> interval;      // overrides the file's interval column and spacing
  std::optional<CsvFormat> format;       // overrides detection
  CsvReadOptions read;                   // --columns and --date-format (delimited files)
  std::optional<std::string> time_zone;  // IANA zone of times written without one (--tz)
};

// Reads every file, validates the bars and writes them in one transaction. All files are read
// before anything is written: an unreadable or unrecognisable file throws Error and stores
// nothing. Bars of the same symbol and interval from several files are merged (a conflict
// between files is rejected like one within a file). With a time zone, intraday times written
// without a zone are that zone's wall-clock times (a time the clocks skipped is rejected; one
// they repeated is read in file order: first the earlier instant, then the later); daily bars
// keep their dates. A file whose times carry a zone of their own cannot take one: Error.
IngestReport ingest_csv_files(BarStore& store, const Config& config,
                              std::span<const std::string> paths, const CsvIngestOptions& options,
                              UnixSeconds now);

// Writes series that quantloop made itself (the synthetic market), already valid and in order,
// in one transaction, with `timeframe` as their market_data.timeframe.
IngestReport ingest_series(BarStore& store, const std::vector<BarSeries>& series,
                           const std::string& timeframe, UnixSeconds now);

// Validates the bars of each (symbol, interval) group and writes them with the rejections in
// one transaction; the shared last step of every ingest. `report` gains the counts.
struct BarGroup {
  std::string symbol;
  Interval interval = Interval::day();
  std::vector<SourcedBar> bars;
  std::string timeframe;  // empty: the range the bars cover
};
void validate_and_write(BarStore& store, const Config& config, std::vector<BarGroup> groups,
                        std::vector<RejectedBar> rejected, UnixSeconds now, IngestReport& report);

}  // namespace quantloop
