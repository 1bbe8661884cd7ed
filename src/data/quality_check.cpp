#include "data/quality_check.h"

#include <algorithm>
#include <cmath>

#include "core/calendar.h"

namespace quantloop {

namespace {

constexpr double kJumpSigmas = 10;
constexpr double kMinimumJump = 0.02;
constexpr double kVolumeSigmas = 8;
constexpr std::size_t kMaxListed = 10;

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  const std::size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + mid, values.end());
  return values[mid];
}

// Median and robust sigma (1.4826 * MAD) of values.
std::pair<double, double> robust_location_scale(const std::vector<double>& values) {
  const double center = median(values);
  std::vector<double> deviations;
  deviations.reserve(values.size());
  for (double v : values)
    deviations.push_back(std::abs(v - center));
  return {center, 1.4826 * median(std::move(deviations))};
}

std::vector<Outlier> outliers(const std::vector<std::pair<UnixSeconds, double>>& points,
                              double sigmas, double minimum_distance) {
  std::vector<double> values;
  for (const auto& point : points)
    values.push_back(point.second);
  const auto [center, scale] = robust_location_scale(values);
  std::vector<Outlier> found;
  if (scale <= 0) return found;
  for (const auto& [time, value] : points) {
    const double z = (value - center) / scale;
    if (std::abs(z) > sigmas && std::abs(value - center) > minimum_distance) {
      found.push_back({time, value, z});
    }
  }
  std::sort(found.begin(), found.end(), [](const Outlier& a, const Outlier& b) {
    return std::abs(a.robust_z) > std::abs(b.robust_z);
  });
  if (found.size() > kMaxListed) found.resize(kMaxListed);
  return found;
}

}  // namespace

SeriesQuality check_series(const BarSeries& series) {
  SeriesQuality quality;
  const auto& bars = series.bars;
  quality.bars = std::int64_t(bars.size());
  if (bars.empty()) return quality;
  quality.first = bars.front().time;
  quality.last = bars.back().time;

  const auto expected =
      expected_bar_times(series.asset_type, series.interval, quality.first, quality.last);
  quality.expected_bars = std::int64_t(expected.size());
  std::vector<MissingRun> runs;
  std::size_t b = 0;
  for (std::size_t e = 0; e < expected.size();) {
    while (b < bars.size() && bars[b].time < expected[e]) {
      ++quality.off_calendar_bars;
      ++b;
    }
    if (b < bars.size() && bars[b].time == expected[e]) {
      ++b;
      ++e;
      continue;
    }
    MissingRun run{expected[e], expected[e], 0};
    while (e < expected.size() && (b >= bars.size() || bars[b].time > expected[e])) {
      run.to = expected[e];
      ++run.bars;
      ++e;
    }
    quality.missing_bars += run.bars;
    runs.push_back(run);
  }
  quality.off_calendar_bars += std::int64_t(bars.size() - b);
  std::sort(runs.begin(), runs.end(),
            [](const MissingRun& x, const MissingRun& y) { return x.bars > y.bars; });
  if (runs.size() > 5) runs.resize(5);
  quality.longest_gaps = std::move(runs);

  std::vector<std::pair<UnixSeconds, double>> returns, volumes;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    if (i > 0) returns.emplace_back(bars[i].time, std::log(bars[i].close / bars[i - 1].close));
    if (bars[i].volume > 0) {
      volumes.emplace_back(bars[i].time, std::log(bars[i].volume));
    } else {
      ++quality.zero_volume_bars;
    }
  }
  quality.price_jumps = outliers(returns, kJumpSigmas, kMinimumJump);
  quality.volume_spikes = outliers(volumes, kVolumeSigmas, 0.0);
  for (Outlier& spike : quality.volume_spikes)
    spike.value = std::exp(spike.value);
  return quality;
}

}  // namespace quantloop
