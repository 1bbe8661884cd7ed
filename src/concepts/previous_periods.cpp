#include <cmath>
#include <limits>

#include "concepts/steps.h"

namespace quantloop::concepts {

namespace {

// The high and low of the last period before each bar's own that has bars: periods numbered by
// `period_of`, ascending with the bars.
template <typename PeriodOf>
void previous_extremes(std::span<const UnixSeconds> times, std::span<const double> high,
                       std::span<const double> low, PeriodOf period_of,
                       std::vector<std::optional<double>>& highs,
                       std::vector<std::optional<double>>& lows) {
  std::optional<std::int64_t> current;
  double current_high = 0, current_low = 0;
  std::optional<double> last_high, last_low;  // of the last complete period before `current`
  for (std::size_t k = 0; k < times.size(); ++k) {
    const std::int64_t period = period_of(times[k]);
    if (current != period) {
      if (current) {
        last_high = current_high;
        last_low = current_low;
      }
      current = period;
      current_high = high[k];
      current_low = low[k];
    } else {
      current_high = std::max(current_high, high[k]);
      current_low = std::min(current_low, low[k]);
    }
    highs[k] = last_high;
    lows[k] = last_low;
  }
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

}  // namespace

void previous_periods(std::span<const UnixSeconds> times, std::span<const double> high,
                      std::span<const double> low, std::span<const double> close,
                      std::vector<BarConcepts>& bars) {
  const std::size_t n = times.size();
  std::vector<std::optional<double>> pdh(n), pdl(n), pwh(n), pwl(n);
  const auto day = [](UnixSeconds t) { return floor_div(t, kSecondsPerDay); };
  // ISO weeks, Monday to Sunday: 1970-01-01 was a Thursday.
  const auto week = [](UnixSeconds t) { return floor_div(floor_div(t, kSecondsPerDay) + 3, 7); };
  previous_extremes(times, high, low, day, pdh, pdl);
  previous_extremes(times, high, low, week, pwh, pwl);
  for (std::size_t k = 0; k < n; ++k) {
    BarConcepts& b = bars[k];
    b.pdh = pdh[k];
    b.pdl = pdl[k];
    b.pwh = pwh[k];
    b.pwl = pwl[k];
    // The nearest to the close, the first in that order on ties.
    double best = std::numeric_limits<double>::infinity();
    for (const auto& level : {b.pdh, b.pdl, b.pwh, b.pwl}) {
      if (level && std::abs(*level - close[k]) < best) {
        best = std::abs(*level - close[k]);
        b.institutional_level = level;
      }
    }
  }
}

}  // namespace quantloop::concepts
