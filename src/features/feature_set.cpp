#include "features/feature_set.h"

#include <array>
#include <cmath>
#include <numbers>

#include "features/indicators.h"

namespace quantloop::features {

namespace {

constexpr int kSlowestWindow = 50;

}  // namespace

const std::vector<std::string>& feature_names() {
  static const std::vector<std::string> names{
      "ret_1",        "ret_5",          "ret_20",           "logret_1",
      "logret_5",     "logret_20",      "sma_ratio_5",      "sma_ratio_10",
      "sma_ratio_20", "sma_ratio_50",   "ema_ratio_5",      "ema_ratio_10",
      "ema_ratio_20", "ema_ratio_50",   "rsi_14",           "macd",
      "macd_signal",  "macd_histogram", "bb_percent_b",     "bb_bandwidth",
      "atr_14",       "volatility_20",  "volume_z_20",      "obv_change_5",
      "hour_sin",     "hour_cos",       "weekday_sin",      "weekday_cos",
      "session_asia", "session_london", "session_new_york", "interval"};
  return names;
}

int warm_up_bars() {
  return kSlowestWindow - 1;
}

FeatureFrame build_features(const BarSeries& series) {
  const std::size_t n = series.bars.size();
  std::vector<double> high(n), low(n), close(n), volume(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Bar& b = series.bars[i];
    high[i] = b.high;
    low[i] = b.low;
    close[i] = b.close;
    volume[i] = b.volume;
  }
  std::vector<std::vector<double>> columns;
  for (int k : {1, 5, 20})
    columns.push_back(simple_return(close, k));
  for (int k : {1, 5, 20})
    columns.push_back(log_return(close, k));
  auto ratio_to = [&](const std::vector<double>& average) {
    std::vector<double> out(n);
    for (std::size_t i = 0; i < n; ++i)
      out[i] = close[i] / average[i] - 1;
    return out;
  };
  for (int k : {5, 10, 20, 50})
    columns.push_back(ratio_to(sma(close, k)));
  for (int k : {5, 10, 20, 50})
    columns.push_back(ratio_to(ema(close, k)));
  columns.push_back(rsi(close, 14));
  Macd m = macd(close, 12, 26, 9);
  for (auto* line : {&m.macd, &m.signal, &m.histogram}) {
    for (std::size_t i = 0; i < n; ++i)
      (*line)[i] /= close[i];
    columns.push_back(*line);
  }
  Bollinger bands = bollinger(close, 20, 2.0);
  columns.push_back(bands.percent_b);
  columns.push_back(bands.bandwidth);
  auto range = atr(high, low, close, 14);
  for (std::size_t i = 0; i < n; ++i)
    range[i] /= close[i];
  columns.push_back(range);
  columns.push_back(realized_volatility(close, 20));
  columns.push_back(rolling_zscore(volume, 20));
  columns.push_back(obv_change(close, volume, 5));
  std::array<std::vector<double>, 8> calendar;
  for (auto& c : calendar)
    c.resize(n);
  const double interval =
      std::log(double(series.interval.seconds())) / std::log(double(kSecondsPerDay));
  for (std::size_t i = 0; i < n; ++i) {
    const CivilTime t = civil_from_unix(series.bars[i].time);
    const double hour = t.hour + t.minute / 60.0;
    const double day = weekday(t.date);
    calendar[0][i] = std::sin(2 * std::numbers::pi * hour / 24);
    calendar[1][i] = std::cos(2 * std::numbers::pi * hour / 24);
    calendar[2][i] = std::sin(2 * std::numbers::pi * day / 7);
    calendar[3][i] = std::cos(2 * std::numbers::pi * day / 7);
    calendar[4][i] = t.hour < 9 ? 1.0 : 0.0;
    calendar[5][i] = t.hour >= 7 && t.hour < 16 ? 1.0 : 0.0;
    calendar[6][i] = t.hour >= 13 && t.hour < 22 ? 1.0 : 0.0;
    calendar[7][i] = interval;
  }
  for (auto& c : calendar)
    columns.push_back(std::move(c));

  FeatureFrame frame;
  frame.names = feature_names();
  for (std::size_t i = 0; i < n; ++i) {
    bool complete = true;
    for (const auto& column : columns)
      complete = complete && std::isfinite(column[i]);
    if (!complete) continue;
    frame.times.push_back(series.bars[i].time);
    for (const auto& column : columns)
      frame.values.push_back(column[i]);
    if (i + 1 < n) {
      const double next = std::log(close[i + 1] / close[i]);
      frame.next_log_return.push_back(next);
      frame.next_direction.push_back(next > 0 ? 1 : 0);
    } else {
      frame.next_log_return.push_back(std::nan(""));
      frame.next_direction.push_back(-1);
    }
  }
  return frame;
}

}  // namespace quantloop::features
