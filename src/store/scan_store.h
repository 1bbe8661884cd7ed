#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "store/signal_store.h"
#include "store/store_slice.h"

namespace quantloop {

// One market_conditions row (seed 002): a symbol's timeframe at a scan, from the concepts of
// its last bar complete at the scan's clock. Optional fields are NULL until their inputs exist.
struct MarketCondition {
  std::string symbol, timeframe;
  std::optional<double> price, volume, volatility, rsi;
  std::string market_structure;  // bullish | bearish | ranging
  bool liquidity_swept = false;
  int order_blocks_count = 0, fvg_count = 0;
  std::optional<double> session_high, session_low, institutional_level;
};

// One ml_features row (seed 002) of the same symbol, timeframe and scan.
struct MlFeatures {
  std::string symbol, timeframe;
  std::optional<double> price_position, volume_profile, order_flow_imbalance;
  std::optional<double> order_block_strength, fvg_quality_score;
  std::optional<int> liquidity_density;
  std::optional<double> market_structure_score;
  int confluence_factors = 0;
  double confluence_score = 0;
  double session_alignment = 0;
  std::optional<double> btc_correlation, sector_momentum, funding_rate;
  std::optional<std::string> volatility_regime;
  std::optional<double> trend_strength;
  bool signal_generated = false;
  std::optional<double> signal_quality, signal_confidence;
  std::string signal_id;  // "" when the row made none
  // Filled when the signal's trade closes.
  std::optional<std::string> trade_outcome;  // win | loss | expired
  std::optional<std::int64_t> time_to_outcome;
  std::optional<double> r_multiple;
};

// How a scanner trade ended, written onto the ml_features row of its signal.
struct TradeOutcome {
  std::string signal_id;
  std::string outcome;  // win | loss | expired
  std::int64_t seconds = 0;
  double r_multiple = 0;
};

// What one scan writes, in one transaction.
struct ScanRecord {
  UnixSeconds clock = 0;
  // The latest recorded scan when this one read the open trades and signals it builds on (none:
  // no scan was recorded). Another scan recorded since makes this one stale.
  std::optional<UnixSeconds> previous_clock;
  double duration_ms = 0;
  int symbols = 0;                    // scanned without failure
  std::vector<std::string> failures;  // "SYMBOL: reason"
  std::vector<MarketCondition> conditions;
  std::vector<MlFeatures> features;
  std::vector<TradingSignal> signals;  // source ict
  std::vector<PaperTrade> opened;      // one per signal
  std::vector<PaperTrade> updated;     // open scanner trades marked or closed (by id)
  std::vector<TradeOutcome> outcomes;  // of the trades closed
  UnixSeconds created_at = 0;
  // The registry versions of the scanner's models that scored it (none: not scored).
  std::optional<int> signal_quality_version, market_regime_version;
};

// A stored scan row: its clock, and a symbol's timeframe's conditions and features.
struct ScanRow {
  std::int64_t scan_id = 0;
  UnixSeconds clock = 0;
  MarketCondition condition;
  MlFeatures features;
};

// A scanner signal with its paper trade's state, for people (the dashboard).
struct ScannerSignal {
  TradingSignal signal;
  std::string trade_status;  // OPEN | CLOSED ("" without a trade)
  double pnl = 0;
  std::optional<std::string> outcome;  // win | loss | expired once closed
};

// The scanner's closed trades of one session (their signal's), summed.
struct SessionOutcomes {
  std::string session;
  std::int64_t trades = 0, wins = 0, losses = 0, expired = 0;
  double pnl = 0;
};

// Seed 002's scanner tables: scans, market_conditions, ml_features, and its signals and trades
// (source ict). One slice of the Store (store.h).
class ScanStore : public virtual StoreSlice {
 public:
  // The clock of the latest recorded scan, if any.
  virtual std::optional<UnixSeconds> last_scan_clock() = 0;
  // Writes the scan, its rows, signals, trades and outcomes in one transaction and returns its
  // id; nothing, and no id, when a scan at the same clock is recorded already (a resumed run).
  // Throws Error, writing nothing, when a later scan is recorded, or any scan since
  // `previous_clock` (another scanner process on this database).
  virtual std::optional<std::int64_t> record_scan(const ScanRecord& scan) = 0;
  // The scanner's open paper trades, by symbol.
  virtual std::vector<PaperTrade> open_scanner_trades() = 0;
  // The ids of the scanner's signals entered at or after `since`.
  virtual std::vector<std::string> scanner_signal_ids(UnixSeconds since) = 0;
  // The scanner's latest `limit` signals, newest first, with their trades.
  virtual std::vector<ScannerSignal> scanner_signals(int limit) = 0;
  // The scanner's trades closed at or after `since`, by their signal's session.
  virtual std::vector<SessionOutcomes> scanner_outcomes_by_session(UnixSeconds since) = 0;
  // Every row of the scans with from <= clock <= to (one symbol, or all for ""), by clock,
  // symbol and timeframe, streamed.
  virtual void each_scan_row(UnixSeconds from, UnixSeconds to, std::string_view symbol,
                             const std::function<void(const ScanRow&)>& on_row) = 0;
};

}  // namespace quantloop
