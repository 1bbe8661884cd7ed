#include "core/interval.h"

#include <fmt/format.h>

#include <array>

#include "core/error.h"

namespace quantloop {

namespace {

struct IntervalInfo {
  std::string_view name;
  UnixSeconds seconds;
};

constexpr std::array<IntervalInfo, 8> kIntervals{{
    {"1m", 60},
    {"5m", 300},
    {"15m", 900},
    {"30m", 1800},
    {"1h", 3600},
    {"4h", 14400},
    {"1d", 86400},
    {"1wk", 7 * 86400},
}};

struct RangeInfo {
  std::string_view name;
  UnixSeconds seconds;
};

constexpr std::array<RangeInfo, 9> kRanges{{
    {"1d", kSecondsPerDay},
    {"5d", 5 * kSecondsPerDay},
    {"1mo", 30 * kSecondsPerDay},
    {"3mo", 90 * kSecondsPerDay},
    {"6mo", 180 * kSecondsPerDay},
    {"1y", 365 * kSecondsPerDay},
    {"2y", 730 * kSecondsPerDay},
    {"5y", 1826 * kSecondsPerDay},
    {"10y", 3652 * kSecondsPerDay},
}};

}  // namespace

std::optional<Interval> Interval::try_parse(std::string_view text) {
  if (text == "60m") text = "1h";
  if (text == "240m") text = "4h";
  if (text == "1wk" || text == "7d") text = "1wk";
  for (std::size_t i = 0; i < kIntervals.size(); ++i) {
    if (kIntervals[i].name == text) return Interval(int(i));
  }
  return std::nullopt;
}

Interval Interval::parse(std::string_view text) {
  if (auto interval = try_parse(text)) return *interval;
  throw Error(fmt::format("unknown interval '{}' (expected one of {})", text, all_names()));
}

std::optional<Interval> Interval::from_seconds(UnixSeconds seconds) {
  for (std::size_t i = 0; i < kIntervals.size(); ++i) {
    if (kIntervals[i].seconds == seconds) return Interval(int(i));
  }
  return std::nullopt;
}

std::string Interval::all_names() {
  std::string names;
  for (const auto& info : kIntervals) {
    if (!names.empty()) names += ", ";
    names += info.name;
  }
  return names;
}

std::string_view Interval::name() const {
  return kIntervals[index_].name;
}

UnixSeconds Interval::seconds() const {
  return kIntervals[index_].seconds;
}

UnixSeconds range_seconds(std::string_view range) {
  for (const auto& info : kRanges) {
    if (info.name == range) return info.seconds;
  }
  if (range == "max") return 100 * 365 * kSecondsPerDay;
  throw Error(fmt::format(
      "unknown range '{}' (expected 1d, 5d, 1mo, 3mo, 6mo, 1y, 2y, 5y, 10y or max)", range));
}

std::string range_covering(UnixSeconds span) {
  for (const auto& info : kRanges) {
    if (span <= info.seconds) return std::string(info.name);
  }
  return "max";
}

}  // namespace quantloop
