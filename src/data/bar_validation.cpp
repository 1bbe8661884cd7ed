#include "data/bar_validation.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

namespace quantloop {

namespace {

// Prices in files carry float noise (yfinance stores float32); a bar is consistent when its
// open and close are within [low, high] up to this relative slack.
constexpr double kRelativeSlack = 1e-9;

std::optional<std::string> price_problem(double value, std::string_view name) {
  if (!std::isfinite(value) || value <= 0) {
    return fmt::format("{} {} is not a positive price", name, value);
  }
  return std::nullopt;
}

std::optional<std::string> bar_problem(const Bar& bar, UnixSeconds now) {
  for (auto [value, name] :
       {std::pair{bar.open, "open"}, {bar.high, "high"}, {bar.low, "low"}, {bar.close, "close"}}) {
    if (auto problem = price_problem(value, name)) return problem;
  }
  if (!std::isnan(bar.adj_close)) {
    if (auto problem = price_problem(bar.adj_close, "adj close")) return problem;
  }
  if (bar.high < bar.low) return fmt::format("high {} is below low {}", bar.high, bar.low);
  const double slack = bar.high * kRelativeSlack;
  for (auto [value, name] : {std::pair{bar.open, "open"}, {bar.close, "close"}}) {
    if (value < bar.low - slack || value > bar.high + slack) {
      return fmt::format("{} {} is outside the bar's range [low {}, high {}]", name, value, bar.low,
                         bar.high);
    }
  }
  if (!std::isfinite(bar.volume)) return fmt::format("volume {} is not a number", bar.volume);
  if (bar.volume < 0) return fmt::format("volume {} is negative", bar.volume);
  if (bar.time > now + kSecondsPerDay) {
    return fmt::format("time {} is in the future", format_utc(bar.time));
  }
  return std::nullopt;
}

RejectedBar rejection(const SourcedBar& bar, std::string_view symbol, Interval interval,
                      std::string reason) {
  return {std::string(bar.source),
          bar.line,
          std::string(symbol),
          std::string(interval.name()),
          std::string(bar.raw.substr(0, 500)),
          std::move(reason)};
}

}  // namespace

ValidatedBars validate_bars(std::vector<SourcedBar> bars, std::string_view symbol,
                            Interval interval, UnixSeconds now) {
  ValidatedBars out;
  // Keep the good bars in place (no second copy of a large input).
  std::vector<SourcedBar>& good = bars;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    if (auto problem = bar_problem(bars[i].bar, now)) {
      out.rejected.push_back(rejection(bars[i], symbol, interval, std::move(*problem)));
    } else {
      if (kept != i) bars[kept] = bars[i];
      ++kept;
    }
  }
  good.resize(kept);
  auto earlier = [](const SourcedBar& a, const SourcedBar& b) { return a.bar.time < b.bar.time; };
  if (!std::is_sorted(good.begin(), good.end(), earlier)) {
    std::stable_sort(good.begin(), good.end(), earlier);
  }
  out.bars.reserve(good.size());
  for (std::size_t i = 0; i < good.size();) {
    std::size_t end = i + 1;
    bool conflict = false;
    while (end < good.size() && good[end].bar.time == good[i].bar.time) {
      conflict = conflict || !good[end].bar.same_values(good[i].bar);
      ++end;
    }
    if (!conflict) {
      out.bars.push_back(good[i].bar);
      out.duplicates += std::int64_t(end - i - 1);
    } else {
      for (std::size_t j = i; j < end; ++j) {
        const SourcedBar& other = good[j == i ? i + 1 : i];
        out.rejected.push_back(
            rejection(good[j], symbol, interval,
                      fmt::format("conflicting bars for {}: {}:{} has other values",
                                  format_utc(good[j].bar.time), other.source, other.line)));
      }
    }
    i = end;
  }
  return out;
}

}  // namespace quantloop
