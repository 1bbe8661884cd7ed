#include "scanner/symbol_windows.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.h"

namespace quantloop::scanner {

namespace {

// Every interval market_data may hold (Interval's own list), finest first.
const std::vector<Interval>& intervals_finest_first() {
  static const std::vector<Interval> all = [] {
    std::vector<Interval> v;
    const std::string names = Interval::all_names();
    for (std::size_t at = 0; at < names.size();) {
      const std::size_t end = std::min(names.find(", ", at), names.size());
      v.push_back(Interval::parse(std::string_view(names).substr(at, end - at)));
      at = end + 2;
    }
    std::sort(v.begin(), v.end(), [](Interval a, Interval b) { return a.seconds() < b.seconds(); });
    return v;
  }();
  return all;
}

}  // namespace

std::vector<Interval> stored_intervals(BarStore& store, const std::string& symbol,
                                       UnixSeconds clock) {
  std::vector<Interval> stored;
  for (const Interval iv : intervals_finest_first()) {
    if (!store.read_last_bars(symbol, iv, iv.last_complete_open(clock), 1).bars.empty())
      stored.push_back(iv);
  }
  return stored;
}

SymbolWindows::SymbolWindows(std::string symbol, std::vector<Interval> timeframes,
                             std::size_t lookback)
    : symbol_(std::move(symbol)),
      timeframes_(std::move(timeframes)),
      lookback_(lookback),
      frames_(timeframes_.size()) {}

std::span<const Bar> SymbolWindows::window(std::size_t i) const {
  const auto& bars = frames_[i].bars;
  const std::size_t n = std::min(bars.size(), lookback_);
  return std::span<const Bar>(bars).last(n);
}

bool SymbolWindows::append(Frame& frame, std::span<const Bar> bars) {
  if (bars.empty()) return false;
  frame.bars.insert(frame.bars.end(), bars.begin(), bars.end());
  if (frame.bars.size() > 2 * lookback_)
    frame.bars.erase(frame.bars.begin(), frame.bars.end() - std::ptrdiff_t(lookback_));
  return true;
}

void SymbolWindows::start(BarStore& store, UnixSeconds clock, UnixSeconds now) {
  const std::vector<Interval> stored = stored_intervals(store, symbol_, clock);
  if (stored.empty()) {
    throw Error(fmt::format("{}: no bars stored complete at {}", symbol_, format_iso8601(clock)));
  }
  finest_ = stored.front();
  const Interval fine = *finest_;
  std::size_t fine_count = 0;  // fine bars the deepest resampled window needs
  for (std::size_t i = 0; i < timeframes_.size(); ++i) {
    const Interval tf = timeframes_[i];
    Frame& frame = frames_[i];
    frame = Frame{};
    if (std::find(stored.begin(), stored.end(), tf) != stored.end()) {
      frame.stored = true;
      frame.bars = store.read_last_bars(symbol_, tf, tf.last_complete_open(clock), lookback_).bars;
    } else if (resamples_from(tf, fine)) {
      frame.resampler.emplace(tf, fine);
      fine_count =
          std::max(fine_count, std::size_t(tf.seconds() / fine.seconds()) * (lookback_ + 1));
    } else {
      frame.problem = fmt::format(
          "{} is not stored and cannot be made from {}, the finest "
          "stored interval",
          tf.name(), fine.name());
    }
  }
  for (std::size_t i = 0; i < frames_.size(); ++i) {
    if (frames_[i].stored && timeframes_[i] == fine && !frames_[i].bars.empty())
      fine_through_ = frames_[i].bars.back().time;
  }
  if (fine_count == 0) return;
  const auto fine_bars =
      store.read_last_bars(symbol_, fine, fine.last_complete_open(clock), fine_count).bars;
  if (!fine_bars.empty()) fine_through_ = std::max(fine_through_, fine_bars.back().time);
  // With every fine bar asked for returned, more may precede them: the first bucket may lack
  // its beginning, and is dropped unless it starts with the first bar read.
  const bool cut = fine_bars.size() == fine_count;
  for (Frame& frame : frames_) {
    if (!frame.resampler) continue;
    frame.resampler->add(fine_bars);
    auto bars = frame.resampler->take_complete(clock, now);
    if (cut && !bars.empty() && !fine_bars.empty() && bars.front().time != fine_bars.front().time)
      bars.erase(bars.begin());
    append(frame, bars);
  }
}

std::vector<bool> SymbolWindows::advance(BarStore& store, UnixSeconds clock, UnixSeconds now) {
  if (!started_) {
    start(store, clock, now);
    started_ = true;
    return std::vector<bool>(frames_.size(), true);
  }
  std::vector<bool> changed(frames_.size(), false);
  const Interval fine = *finest_;
  const bool resampling = std::any_of(frames_.begin(), frames_.end(),
                                      [](const Frame& f) { return f.resampler.has_value(); });
  std::vector<Bar> fine_bars;
  // From the last fine bar read, not from the last clock: a bar stored late is still read.
  if (resampling && fine.last_complete_open(clock) > fine_through_) {
    fine_bars =
        store.read_bars(symbol_, fine, fine_through_ + 1, fine.last_complete_open(clock)).bars;
    if (!fine_bars.empty()) fine_through_ = fine_bars.back().time;
  }
  for (std::size_t i = 0; i < frames_.size(); ++i) {
    Frame& frame = frames_[i];
    const Interval tf = timeframes_[i];
    if (frame.resampler) {
      frame.resampler->add(fine_bars);
      changed[i] = append(frame, frame.resampler->take_complete(clock, now));
    } else if (frame.stored && resampling && tf == fine) {
      changed[i] = append(frame, fine_bars);
    } else if (frame.stored) {
      const UnixSeconds last = tf.last_complete_open(clock);
      if (frame.bars.empty()) {
        changed[i] = append(frame, store.read_last_bars(symbol_, tf, last, lookback_).bars);
      } else if (last > frame.bars.back().time) {
        changed[i] =
            append(frame, store.read_bars(symbol_, tf, frame.bars.back().time + 1, last).bars);
      }
    }
  }
  return changed;
}

}  // namespace quantloop::scanner
