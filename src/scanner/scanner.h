#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "concepts/concepts.h"
#include "core/config.h"
#include "scanner/scanner_scoring.h"
#include "scanner/symbol_windows.h"
#include "store/store.h"

namespace quantloop::scanner {

// What a scan did.
struct ScanResult {
  std::optional<std::int64_t> scan_id;  // none: a scan at this clock was recorded already
  ScanRecord record;
};

// Seed 002's scanner: at each clock, for every configured symbol and timeframe, the concepts of
// the last lookback_bars bars complete at the clock, the market_conditions and ml_features rows
// of their last bar, the entry timeframe's confluence signals and the paper trades they open,
// marked on the finest stored bars, and the scanner models' scores of the entry rows
// (scanner_scoring.h); all of a scan in one transaction. Keeps each symbol's
// windows between scans, so a scan reads only the bars stored since the one before.
class Scanner {
 public:
  // Throws Error for a configuration it cannot scan with (an entry or bias timeframe that is
  // not one of the timeframes, no symbols).
  Scanner(Store& store, const Config& config);

  // One scan at `clock`. Clocks only go forward: throws Error, writing nothing, when a scan
  // after `clock` is recorded already. A symbol whose bars cannot be read is named in the
  // record's failures and the others are scanned, as is each of `source_failures` (a live
  // source that could not give a symbol's new bars: its stored ones are scanned).
  ScanResult scan(UnixSeconds clock, const std::vector<std::string>& source_failures = {});

 private:
  struct SymbolState {
    SymbolWindows windows;
    std::vector<std::optional<concepts::Concepts>> concepts;  // by timeframe, of its window
    std::string failure;                                      // this scan's, "" when none
  };
  void read_symbols(UnixSeconds clock, ScanRecord& record);
  void make_rows(ScanRecord& record);
  void make_signal(std::size_t symbol, ScanRecord& record);
  void mark_trades(UnixSeconds clock, ScanRecord& record);

  Store& store_;
  ScannerConfig config_;
  concepts::ConceptOptions options_;
  std::vector<Interval> timeframes_;
  std::size_t entry_ = 0, bias_ = 0;  // indexes into timeframes_
  std::vector<SymbolState> symbols_;
  ScanScoring scoring_;
  std::set<std::string> signal_ids_;  // made or found made: never made twice
  std::optional<UnixSeconds> last_clock_;
};

}  // namespace quantloop::scanner
