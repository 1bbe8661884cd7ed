#include <algorithm>
#include <cmath>

#include "concepts/steps.h"
#include "features/indicators.h"

namespace quantloop::concepts {

namespace {

constexpr std::size_t kWindow = 20;       // price position, volume profile, order flow
constexpr std::size_t kRegimeBars = 100;  // the ATRs a volatility regime compares with
constexpr std::size_t kLiquidityBars = 100;

std::optional<double> defined(double v) {
  return std::isnan(v) ? std::nullopt : std::optional<double>(v);
}

}  // namespace

void rolling_context(std::span<const double> open, std::span<const double> high,
                     std::span<const double> low, std::span<const double> close,
                     std::span<const double> volume, std::span<const double> atr,
                     std::span<const Swing> swings, int L, std::vector<BarConcepts>& bars) {
  const std::size_t n = close.size();
  const auto rsi = features::rsi(close, 14);
  const auto volatility = features::realized_volatility(close, int(kWindow));
  const auto adx = features::adx(high, low, close, 14);
  // The first close after each swing became known that crossed its level (above a high, below
  // a low): from then on it holds no liquidity.
  std::vector<std::size_t> crossed(swings.size(), n);
  for (std::size_t s = 0; s < swings.size(); ++s) {
    for (std::size_t j = swings[s].bar + std::size_t(L) + 1; j < n; ++j) {
      if (swings[s].kind > 0 ? close[j] > swings[s].price : close[j] < swings[s].price) {
        crossed[s] = j;
        break;
      }
    }
  }
  std::size_t first_swing = 0;  // of those at or after k - 99
  for (std::size_t k = 0; k < n; ++k) {
    BarConcepts& b = bars[k];
    b.rsi = defined(rsi[k]);
    b.volatility = defined(volatility[k]);
    if (k + 1 >= kWindow) {
      const std::size_t from = k + 1 - kWindow;
      double lowest = low[from], highest = high[from], volume_sum = 0, flow = 0;
      for (std::size_t j = from; j <= k; ++j) {
        lowest = std::min(lowest, low[j]);
        highest = std::max(highest, high[j]);
        volume_sum += volume[j];
        flow += (close[j] > open[j] ? 1 : close[j] < open[j] ? -1 : 0) * volume[j];
      }
      b.price_position = highest == lowest ? 0.5 : (close[k] - lowest) / (highest - lowest);
      const double mean_volume = volume_sum / double(kWindow);
      if (mean_volume != 0) b.volume_profile = volume[k] / mean_volume;
      b.order_flow_imbalance = volume_sum == 0 ? 0 : flow / volume_sum;
    }
    b.trend_strength = defined(adx[k]);
    if (k + 1 >= kRegimeBars && !std::isnan(atr[k + 1 - kRegimeBars])) {
      int below = 0;
      for (std::size_t j = k + 1 - kRegimeBars; j < k; ++j)
        below += atr[j] < atr[k];
      const double share = below / double(kRegimeBars - 1);
      b.volatility_regime = share < 1.0 / 3 ? "low" : share < 2.0 / 3 ? "normal" : "high";
    }
    b.market_regime = market_regime_of(b.trend_strength, b.volatility_regime);
    if (!std::isnan(atr[k])) {
      while (first_swing < swings.size() && swings[first_swing].bar + kLiquidityBars <= k)
        ++first_swing;
      int density = 0;
      for (std::size_t s = first_swing; s < swings.size() && swings[s].bar <= k; ++s) {
        if (swings[s].bar + std::size_t(L) > k || crossed[s] <= k) continue;
        if (std::abs(swings[s].price - close[k]) <= atr[k]) ++density;
      }
      b.liquidity_density = density;
    }
  }
}

}  // namespace quantloop::concepts
