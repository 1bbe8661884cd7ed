#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace quantloop {

// The spacing of bars in a series, named as in market_data.interval: "1m", "5m", "15m",
// "30m", "1h", "4h", "1d", "1wk". A daily bar is stamped at 00:00 UTC of its trading date.
class Interval {
 public:
  // Accepts the names above and Yahoo's aliases ("60m" = "1h"); throws Error naming the text
  // and the accepted names otherwise.
  static Interval parse(std::string_view text);
  static std::optional<Interval> try_parse(std::string_view text);
  // The interval whose length is exactly `seconds`, if there is one.
  static std::optional<Interval> from_seconds(UnixSeconds seconds);
  // The comma-separated accepted names, for help texts and errors.
  static std::string all_names();

  static Interval minute() { return Interval(0); }
  static Interval hour() { return Interval(4); }
  static Interval day() { return Interval(6); }

  std::string_view name() const;
  UnixSeconds seconds() const;
  bool intraday() const { return seconds() < kSecondsPerDay; }
  // The rule every read of stored bars follows: a bar counts only once it is complete, open +
  // interval <= clock. The open time of the newest bar complete at `clock`.
  UnixSeconds last_complete_open(UnixSeconds clock) const { return clock - seconds(); }
  bool complete_at(UnixSeconds open, UnixSeconds clock) const {
    return open <= last_complete_open(clock);
  }

  auto operator<=>(const Interval&) const = default;

 private:
  explicit Interval(int index) : index_(index) {}
  int index_;
};

// A look-back period in Yahoo's vocabulary ("1d", "5d", "1mo", "3mo", "6mo", "1y", "2y",
// "5y", "10y", "max"); market_data.timeframe holds one, as in the seeds ('1h' marks the hourly
// mode's recent window).
// Seconds in a range name (a month is 30 days, a year 365); throws Error for unknown names.
UnixSeconds range_seconds(std::string_view range);
// The shortest range name that covers `span` seconds ("max" beyond 10 years).
std::string range_covering(UnixSeconds span);

}  // namespace quantloop
