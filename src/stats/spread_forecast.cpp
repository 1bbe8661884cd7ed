#include "stats/spread_forecast.h"

namespace quantloop::stats {

std::vector<double> carried_variance(const FittedSpread& model, std::span<const double> spread) {
  if (spread.empty()) return {model.next_variance};
  return garch_variance_path(model.garch, reversion_residuals(spread, model.reversion),
                             model.next_variance);
}

}  // namespace quantloop::stats
