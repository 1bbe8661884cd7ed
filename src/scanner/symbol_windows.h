#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/bar.h"
#include "scanner/resample.h"
#include "store/bar_store.h"

namespace quantloop::scanner {

// The intervals of `symbol` with a bar stored complete at `clock`, finest first: an indexed
// read of one bar per interval.
std::vector<Interval> stored_intervals(BarStore& store, const std::string& symbol,
                                       UnixSeconds clock);

// Whether bars of `coarse` can be made from bars of `fine`.
inline bool resamples_from(Interval coarse, Interval fine) {
  return coarse.seconds() > fine.seconds() && coarse.seconds() % fine.seconds() == 0;
}

// One symbol's windows at the scanner's timeframes: for each, the last `lookback` bars
// complete at the clock. A timeframe stored in market_data is read as stored; one that is not
// is resampled from the finest stored interval. The first advance reads each window whole;
// later ones read only the bars stored since, so a scan costs a read per stored timeframe
// (one for all the resampled ones) however long the windows.
class SymbolWindows {
 public:
  SymbolWindows(std::string symbol, std::vector<Interval> timeframes, std::size_t lookback);

  // Brings every window up to `clock` (which never goes back); `now` is the wall clock, which
  // decides whether a resampled bar may still wait for a late fine bar (Resampler). Returns, per
  // timeframe, whether its window gained a bar. Throws Error naming the symbol when none of its
  // bars is stored.
  std::vector<bool> advance(BarStore& store, UnixSeconds clock, UnixSeconds now);

  const std::string& symbol() const { return symbol_; }
  std::span<const Interval> timeframes() const { return timeframes_; }
  // The window of timeframe `i` (the order given), ascending: at most `lookback` bars.
  std::span<const Bar> window(std::size_t i) const;
  // Why timeframe `i` has no window (it is finer than every stored interval), else "".
  const std::string& problem(std::size_t i) const { return frames_[i].problem; }
  // The finest stored interval (the first advance finds it).
  std::optional<Interval> finest() const { return finest_; }

 private:
  struct Frame {
    bool stored = false;    // read as stored; else resampled from finest_
    std::vector<Bar> bars;  // ascending; the window is its last `lookback`
    std::optional<Resampler> resampler;
    std::string problem;
  };
  void start(BarStore& store, UnixSeconds clock, UnixSeconds now);
  // Appends `bars` (ascending, after the frame's last) and trims the frame to twice lookback.
  bool append(Frame& frame, std::span<const Bar> bars);

  std::string symbol_;
  std::vector<Interval> timeframes_;
  std::size_t lookback_;
  std::vector<Frame> frames_;
  std::optional<Interval> finest_;
  UnixSeconds fine_through_ =
      std::numeric_limits<UnixSeconds>::min();  // the open time of the last fine bar read
  bool started_ = false;
};

}  // namespace quantloop::scanner
