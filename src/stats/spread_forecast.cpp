#include "stats/spread_forecast.h"

#include <algorithm>

namespace quantloop::stats {

std::vector<double> carried_variance(const FittedSpread& model, std::span<const double> spread) {
  if (spread.empty()) return {model.next_variance};
  return garch_variance_path(model.garch, reversion_residuals(spread, model.reversion),
                             model.next_variance);
}

std::optional<std::size_t> carry_start(std::span<const UnixSeconds> times, UnixSeconds fit_end) {
  const auto after = std::upper_bound(times.begin(), times.end(), fit_end);
  if (after == times.begin()) return std::nullopt;
  return std::size_t(after - times.begin()) - 1;
}

}  // namespace quantloop::stats
