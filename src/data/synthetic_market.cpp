#include "data/synthetic_market.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/calendar.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/random.h"

namespace quantloop {

namespace {

std::uint64_t symbol_seed(std::uint64_t seed, std::string_view symbol) {
  return fnv1a(symbol) ^ (seed * 0x9E3779B97F4A7C15ull);
}

struct AssetProfile {
  double annual_volatility;
  double start_price_median;
  double start_price_spread;  // log-normal spread of start prices across symbols
  double trading_days_per_year;
  double volume_per_hour;
  bool integer_volume;
};

AssetProfile profile_of(AssetType type) {
  switch (type) {
    case AssetType::stock:
      return {0.30, 100, 0.6, 252, 1.5e6, true};
    case AssetType::index:
      return {0.18, 3000, 0.3, 252, 4e8, true};
    case AssetType::forex:
      return {0.08, 1.2, 0.2, 260, 6000, true};
    case AssetType::crypto:
      return {0.65, 20000, 1.0, 365, 150, false};
  }
  return {0.3, 100, 0.5, 252, 1e6, true};
}

// Volatility multiplier by time of day: where activity concentrates.
double seasonality(AssetType type, UnixSeconds t, const std::optional<Session>& session) {
  if ((type == AssetType::stock || type == AssetType::index) && session) {
    const double x = double(t - session->open) / double(session->close - session->open);
    const double u = 2 * x - 1;
    return 0.8 + 0.7 * u * u;  // U-shape: busy open and close, quiet lunch
  }
  const int hour = hour_of(t);
  if (type == AssetType::forex) {
    return 0.6 + (hour >= 7 && hour < 16 ? 0.5 : 0.0) + (hour >= 12 && hour < 16 ? 0.3 : 0.0);
  }
  if (type == AssetType::crypto) return 0.9 + (hour >= 13 && hour < 21 ? 0.2 : 0.0);
  return 1.0;
}

BarSeries walk(const std::string& symbol, AssetType type, const std::vector<UnixSeconds>& times,
               Interval interval, std::uint64_t seed, double autocorrelation) {
  const AssetProfile profile = profile_of(type);
  NormalGenerator normal(symbol_seed(seed, symbol));
  BarSeries series{symbol, type, interval, {}};
  if (times.empty()) return series;

  std::set<std::int64_t> days;
  for (UnixSeconds t : times)
    days.insert(t / kSecondsPerDay);
  const double bars_per_day = double(times.size()) / double(days.size());
  const double bar_variance = profile.annual_volatility * profile.annual_volatility /
                              (profile.trading_days_per_year * bars_per_day);
  constexpr double kAlpha = 0.08, kBeta = 0.90;
  const double omega = bar_variance * (1 - kAlpha - kBeta);
  double variance = bar_variance;
  double shock = 0;
  double previous_z = 0;
  double close = profile.start_price_median * std::exp(profile.start_price_spread * normal());
  const bool exchange_hours = type == AssetType::stock || type == AssetType::index;
  const double hours_per_bar = interval.intraday() ? double(interval.seconds()) / kSecondsPerHour
                               : exchange_hours    ? 6.5
                                                   : 24.0;

  std::optional<Session> session;
  std::int64_t session_day = -1;
  series.bars.reserve(times.size());
  for (std::size_t i = 0; i < times.size(); ++i) {
    const UnixSeconds t = times[i];
    bool new_session = false;
    if (exchange_hours) {
      const std::int64_t day = (t + new_york_utc_offset(t)) / kSecondsPerDay;
      if (day != session_day) {
        session = session_on(type, civil_from_days(day));
        session_day = day;
        new_session = i > 0;
      }
    }
    variance = omega + kAlpha * shock * shock + kBeta * variance;
    const double season = interval.intraday() ? seasonality(type, t, session) : 1.0;
    const double sigma = std::sqrt(variance) * season;
    // Overnight news moves the open away from yesterday's close.
    const double gap = new_session && interval.intraday()
                           ? 0.4 * std::sqrt(bar_variance * bars_per_day) * normal()
                           : 0.0;
    const double open = close * std::exp(gap);
    // An AR(1) in the standardised shocks, with unit variance whatever phi: returns whose
    // direction the last return predicts as much as phi says (none when phi is 0).
    previous_z =
        autocorrelation * previous_z + std::sqrt(1 - autocorrelation * autocorrelation) * normal();
    const double z = previous_z;
    shock = std::sqrt(variance) * z;
    close = open * std::exp(sigma * z - 0.5 * sigma * sigma);
    const double high = std::max(open, close) * std::exp(std::abs(normal()) * sigma * 0.5);
    const double low = std::min(open, close) * std::exp(-std::abs(normal()) * sigma * 0.5);
    double volume = profile.volume_per_hour * hours_per_bar * std::pow(season, 1.5) *
                    std::exp(0.3 * normal()) * (1 + 1.5 * std::abs(z));
    volume = profile.integer_volume ? std::round(volume) : std::round(volume * 1e4) / 1e4;
    series.bars.push_back({t, open, high, low, close, volume, std::nan("")});
  }
  return series;
}

// Rebuilds `follower` from `leader`: close = hedge * leader close + intercept + AR(1) spread.
BarSeries follow(const BarSeries& leader, const std::string& symbol, AssetType type,
                 double hedge_ratio, double half_life_bars, std::uint64_t seed) {
  NormalGenerator normal(symbol_seed(seed, symbol));
  const double phi = std::pow(0.5, 1.0 / std::max(half_life_bars, 1e-9));
  const double first_close = leader.bars.front().close;
  const double spread_sd = 0.02 * hedge_ratio * first_close;  // stationary sd of the spread
  const double innovation_sd = spread_sd * std::sqrt(1 - phi * phi);
  const double intercept = 0.25 * hedge_ratio * first_close;
  BarSeries series{symbol, type, leader.interval, {}};
  double spread = spread_sd * normal();
  double previous_close = hedge_ratio * leader.bars.front().open + intercept + spread;
  for (const Bar& bar : leader.bars) {
    spread = phi * spread + innovation_sd * normal();
    const double close = std::max(hedge_ratio * bar.close + intercept + spread, 1e-6);
    const double open = previous_close;
    const double range = std::abs(bar.high - bar.low) * hedge_ratio * 0.5;
    const double high = std::max(open, close) + std::abs(normal()) * range;
    const double low = std::max(std::min(open, close) - std::abs(normal()) * range, 1e-6);
    series.bars.push_back({bar.time, open, high, low, close,
                           std::round(bar.volume * (0.5 + normal.uniform())), std::nan("")});
    previous_close = close;
  }
  return series;
}

}  // namespace

std::vector<BarSeries> generate_market(const SyntheticOptions& options, const Config& config) {
  if (options.end < options.start) throw Error("synthetic market: end is before start");
  if (!(options.return_autocorrelation >= 0 && options.return_autocorrelation < 1)) {
    throw Error(fmt::format("synthetic market: return autocorrelation {} is not in [0, 1)",
                            options.return_autocorrelation));
  }
  std::vector<BarSeries> market;
  for (const std::string& symbol : options.symbols) {
    const AssetType type = config.asset_type_of(symbol);
    if (options.cointegrated_pair && symbol == options.cointegrated_pair->second) continue;
    market.push_back(walk(symbol, type,
                          expected_bar_times(type, options.interval, options.start, options.end),
                          options.interval, options.seed, options.return_autocorrelation));
  }
  if (options.cointegrated_pair) {
    const auto& [leader_symbol, follower_symbol] = *options.cointegrated_pair;
    auto leader = std::find_if(market.begin(), market.end(),
                               [&](const BarSeries& s) { return s.symbol == leader_symbol; });
    if (leader == market.end()) {
      throw Error("synthetic market: the pair's first symbol " + leader_symbol +
                  " is not among the symbols");
    }
    if (!leader->bars.empty()) {
      market.push_back(follow(*leader, follower_symbol, config.asset_type_of(follower_symbol),
                              options.hedge_ratio, options.spread_half_life_bars, options.seed));
    }
  }
  return market;
}

}  // namespace quantloop
