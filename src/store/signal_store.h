#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.h"
#include "store/pair_store.h"
#include "store/store_slice.h"

namespace quantloop {

// A pair active at a clock (the latest scan at or before it selected it, no run since deactivated
// it), with the candidate's figures: what the signals trade.
struct ActivePair {
  PairCandidate candidate;
  std::int64_t scan_id = 0;
  std::string interval;
  UnixSeconds scan_as_of = 0;
  UnixSeconds scan_data_end = 0;   // the scan's last bar: next_variance is for the bar after it
  bool correlate_returns = false;  // the scan's correlation gate was on log returns
};

// One row of seed 002's signals, made by a pair signals run (prices are the spread's) or by the
// scanner (source ict; prices are the symbol's).
struct TradingSignal {
  std::string signal_id;
  std::string symbol;     // the pair, Y/X
  std::string direction;  // LONG_SPREAD | SHORT_SPREAD | EXIT
  double entry_price = 0, stop_loss = 0, take_profit = 0;
  double confluence_score = 0;  // 0-100
  std::string timeframes, session, market_regime, directional_bias;
  double signal_strength = 0;
  UnixSeconds entry_time = 0;
  std::string status;  // EXECUTED | REFUSED | CLOSED
  std::string reason;
  double zscore = 0, hedge_ratio = 0, intercept = 0, garch_sigma = 0;
  double reversion_probability = std::numeric_limits<double>::quiet_NaN();
  double quantity = 0;
  // "proxy" when a replay fed a stand-in's bars for one of the pair's symbols (seed 004's
  // decision 10), so that nobody mistakes the signal for one on real data.
  std::string data_source = "real";
  std::string ict_concepts;      // the scanner's: a JSON array of the factors that held
  std::string source = "pairs";  // pairs | ict (the scanner)
};

// One row of seed 002's trades: a paper position in a pair's spread, or in one symbol for the
// scanner (hedge_ratio and intercept 0).
struct PaperTrade {
  std::int64_t id = 0;  // assigned by the store
  std::string signal_id, symbol;
  std::string status = "OPEN";  // OPEN | CLOSED
  int direction = 0;            // +1 long the spread, -1 short
  double entry_price = 0, current_price = 0, stop_loss = 0, take_profit = 0;
  double quantity = 0, pnl = 0;
  double hedge_ratio = 0, intercept = 0;  // the spread it holds: y - intercept - hedge x
  std::string interval;                   // of the bars it is marked on
  UnixSeconds opened_at = 0, closed_at = 0;
  std::string exit_signal_id;
  std::string data_source = "real";  // "proxy" once a stand-in's bar opened or marked it
  std::string source = "pairs";      // pairs | ict (the scanner)
  // The scanner's: marked on the finest stored bars up to this close, expiring at expires_at,
  // ended as outcome (win | loss | expired).
  UnixSeconds marked_through = 0, expires_at = 0;
  std::string outcome;
};

// A pair a signals run took out of its scan's active set (pair_deactivations): from `at` on,
// runs at a clock at or after it no longer trade it, until a newer scan selects it again.
struct PairDeactivation {
  std::int64_t scan_id = 0;
  std::string y, x;
  UnixSeconds at = 0;  // the run's clock
  std::string reason;
};

// What one signals run writes, in one transaction: its signals, the trades it opens, the open
// trades it marks or closes (by id), and the pairs it deactivates (correlation drift).
struct SignalsBatch {
  UnixSeconds clock = 0;  // the run's clock: no signal is ever recorded after a later run's
  std::vector<TradingSignal> signals;
  std::vector<PaperTrade> opened;
  std::vector<PaperTrade> updated;
  std::vector<PairDeactivation> deactivated;
  UnixSeconds created_at = 0;
};

// Seed 002's signals and trades, filled by the pair signals, and the active pairs they trade (the
// view active_pairs, pair_deactivations). One slice of the Store (store.h): a layer that needs only
// these takes a SignalStore&.
class SignalStore : public virtual StoreSlice {
 public:
  // The pairs active at `at`, with their candidates' figures, by pair: those the latest scan
  // whose clock is at or before `at` selected, less those a signals run at or before `at`
  // deactivated. A scan or a deactivation after `at` changes nothing (view active_pairs: at the
  // latest clock).
  virtual std::vector<ActivePair> active_pairs(UnixSeconds at) = 0;
  // The pair signals' open paper trades (trades of source pairs with status OPEN), by symbol.
  virtual std::vector<PaperTrade> open_trades() = 0;
  // Writes a signals run (SignalsBatch) in one transaction, its clock the new watermark of
  // signals runs. Throws Error, writing nothing, when a run at a later clock is recorded already
  // (with or without signals): a run before it would rewrite the history it traded on.
  virtual void record_signals(const SignalsBatch& batch) = 0;
};

}  // namespace quantloop
