#include <algorithm>
#include <array>

#include "concepts/steps.h"
#include "core/calendar.h"
#include "core/time_zone.h"

namespace quantloop::concepts {

std::optional<std::string> kill_zone(UnixSeconds t) {
  struct Zone {
    const char* name;
    int from_minute, to_minute;  // New York's wall clock
  };
  static constexpr std::array<Zone, 3> zones{
      {{"asia", 20 * 60, 24 * 60}, {"london", 2 * 60, 5 * 60}, {"new_york", 7 * 60, 10 * 60}}};
  const UnixSeconds local = t + TimeZone::new_york().utc_offset(t);
  const int minute = int((local % kSecondsPerDay + kSecondsPerDay) % kSecondsPerDay / 60);
  for (const Zone& z : zones) {
    if (minute >= z.from_minute && minute < z.to_minute) return std::string(z.name);
  }
  return std::nullopt;
}

void session_context(std::span<const UnixSeconds> times, std::span<const double> high,
                     std::span<const double> low, std::vector<BarConcepts>& bars) {
  // The extremes run from the first bar of the latest-started active session's occurrence; while
  // that occurrence lasts they are carried from bar to bar.
  std::optional<UnixSeconds> running_since;
  double running_high = 0, running_low = 0;
  for (std::size_t k = 0; k < times.size(); ++k) {
    const auto spans = active_sessions(times[k]);
    std::string name;
    UnixSeconds started = 0;
    for (const SessionSpan& s : spans) {
      if (!name.empty()) name += '+';
      name += s.name;
      started = std::max(started, s.started);
    }
    bars[k].session = spans.empty() ? "off_hours" : name;
    bars[k].kill_zone = kill_zone(times[k]);
    if (spans.empty()) {
      running_since.reset();
      continue;
    }
    if (running_since != started) {
      running_since = started;
      std::size_t first = k;
      while (first > 0 && times[first - 1] >= started)
        --first;
      running_high = *std::max_element(high.begin() + std::ptrdiff_t(first),
                                       high.begin() + std::ptrdiff_t(k) + 1);
      running_low = *std::min_element(low.begin() + std::ptrdiff_t(first),
                                      low.begin() + std::ptrdiff_t(k) + 1);
    } else {
      running_high = std::max(running_high, high[k]);
      running_low = std::min(running_low, low[k]);
    }
    bars[k].session_high = running_high;
    bars[k].session_low = running_low;
  }
}

}  // namespace quantloop::concepts
