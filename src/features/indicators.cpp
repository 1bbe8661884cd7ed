#include "features/indicators.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace quantloop::features {

namespace {

const double kNan = std::numeric_limits<double>::quiet_NaN();

std::vector<double> nans(std::size_t n) {
  return std::vector<double>(n, kNan);
}

// EMA of x from index `first` on, seeded with the mean of x[first .. first + n - 1].
void ema_from(std::span<const double> x, int n, std::size_t first, std::vector<double>& out) {
  if (x.size() < first + std::size_t(n)) return;
  double seed = 0;
  for (std::size_t i = first; i < first + std::size_t(n); ++i)
    seed += x[i];
  double value = seed / n;
  const double k = 2.0 / (n + 1);
  out[first + n - 1] = value;
  for (std::size_t i = first + n; i < x.size(); ++i) {
    value = (x[i] - value) * k + value;  // TA-Lib's form of k x + (1 - k) value
    out[i] = value;
  }
}

struct WindowMoments {
  double mean;
  double squared_deviations;  // sum of (x - mean)^2
};

// Of x[last + 1 - n .. last], in two passes (exact for prices far from zero, unlike a running
// sum of squares).
WindowMoments window_moments(std::span<const double> x, std::size_t last, int n) {
  double mean = 0;
  for (std::size_t j = last + 1 - n; j <= last; ++j)
    mean += x[j];
  mean /= n;
  double squared_deviations = 0;
  for (std::size_t j = last + 1 - n; j <= last; ++j)
    squared_deviations += (x[j] - mean) * (x[j] - mean);
  return {mean, squared_deviations};
}

}  // namespace

std::vector<double> sma(std::span<const double> x, int n) {
  auto out = nans(x.size());
  double sum = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sum += x[i];
    if (i >= std::size_t(n)) sum -= x[i - n];
    if (i + 1 >= std::size_t(n)) out[i] = sum / n;
  }
  return out;
}

std::vector<double> ema(std::span<const double> x, int n) {
  auto out = nans(x.size());
  ema_from(x, n, 0, out);
  return out;
}

std::vector<double> rsi(std::span<const double> close, int n) {
  auto out = nans(close.size());
  if (close.size() <= std::size_t(n)) return out;
  double gain = 0, loss = 0;
  for (int i = 1; i <= n; ++i) {
    const double change = close[i] - close[i - 1];
    (change > 0 ? gain : loss) += std::abs(change);
  }
  gain /= n;
  loss /= n;
  auto value = [](double g, double l) { return g + l == 0 ? 50.0 : 100.0 * g / (g + l); };
  out[n] = value(gain, loss);
  for (std::size_t i = n + 1; i < close.size(); ++i) {
    const double change = close[i] - close[i - 1];
    gain = (gain * (n - 1) + (change > 0 ? change : 0.0)) / n;
    loss = (loss * (n - 1) + (change < 0 ? -change : 0.0)) / n;
    out[i] = value(gain, loss);
  }
  return out;
}

Macd macd(std::span<const double> close, int fast, int slow, int signal) {
  Macd m{nans(close.size()), nans(close.size()), nans(close.size())};
  const auto fast_ema = ema(close, fast), slow_ema = ema(close, slow);
  for (std::size_t i = 0; i < close.size(); ++i)
    m.macd[i] = fast_ema[i] - slow_ema[i];
  ema_from(m.macd, signal, std::size_t(slow - 1), m.signal);
  for (std::size_t i = 0; i < close.size(); ++i)
    m.histogram[i] = m.macd[i] - m.signal[i];
  return m;
}

Bollinger bollinger(std::span<const double> close, int n, double k) {
  Bollinger b{nans(close.size()), nans(close.size())};
  for (std::size_t i = std::size_t(n) - 1; i < close.size(); ++i) {
    const auto [mean, squared_deviations] = window_moments(close, i, n);
    const double sd = std::sqrt(squared_deviations / n);
    const double upper = mean + k * sd, lower = mean - k * sd;
    b.percent_b[i] = upper > lower ? (close[i] - lower) / (upper - lower) : kNan;
    b.bandwidth[i] = (upper - lower) / mean;
  }
  return b;
}

std::vector<double> atr(std::span<const double> high, std::span<const double> low,
                        std::span<const double> close, int n) {
  auto out = nans(close.size());
  if (close.size() <= std::size_t(n)) return out;
  auto true_range = [&](std::size_t i) {
    return std::max(
        {high[i] - low[i], std::abs(high[i] - close[i - 1]), std::abs(low[i] - close[i - 1])});
  };
  double value = 0;
  for (int i = 1; i <= n; ++i)
    value += true_range(i);
  value /= n;
  out[n] = value;
  for (std::size_t i = n + 1; i < close.size(); ++i) {
    value = (value * (n - 1) + true_range(i)) / n;
    out[i] = value;
  }
  return out;
}

std::vector<double> adx(std::span<const double> high, std::span<const double> low,
                        std::span<const double> close, int n) {
  const std::size_t size = close.size();
  auto out = nans(size);
  const std::size_t first = std::size_t(2 * n - 1);
  if (size <= first) return out;
  double s_tr = 0, s_plus = 0, s_minus = 0, sum_dx = 0, value = 0;
  for (std::size_t i = 1; i < size; ++i) {
    const double tr = std::max(
        {high[i] - low[i], std::abs(high[i] - close[i - 1]), std::abs(low[i] - close[i - 1])});
    const double up = high[i] - high[i - 1], down = low[i - 1] - low[i];
    const double plus = up > 0 && up > down ? up : 0;
    const double minus = down > 0 && down > up ? down : 0;
    if (i < std::size_t(n)) {
      s_tr += tr;
      s_plus += plus;
      s_minus += minus;
      continue;
    }
    s_tr = s_tr - s_tr / n + tr;
    s_plus = s_plus - s_plus / n + plus;
    s_minus = s_minus - s_minus / n + minus;
    const double di_plus = s_tr != 0 ? 100 * s_plus / s_tr : 0;
    const double di_minus = s_tr != 0 ? 100 * s_minus / s_tr : 0;
    const double dx =
        di_plus + di_minus == 0 ? 0 : 100 * std::abs(di_plus - di_minus) / (di_plus + di_minus);
    if (i < first) {
      sum_dx += dx;
    } else if (i == first) {
      value = (sum_dx + dx) / n;
      out[i] = value;
    } else {
      value = (value * (n - 1) + dx) / n;
      out[i] = value;
    }
  }
  return out;
}

std::vector<double> realized_volatility(std::span<const double> close, int n) {
  auto out = nans(close.size());
  const std::vector<double> returns = log_return(close, 1);  // NaN at 0, never in a window
  for (std::size_t i = n; i < close.size(); ++i) {
    out[i] = std::sqrt(window_moments(returns, i, n).squared_deviations / (n - 1));
  }
  return out;
}

std::vector<double> rolling_zscore(std::span<const double> x, int n) {
  auto out = nans(x.size());
  for (std::size_t i = std::size_t(n) - 1; i < x.size(); ++i) {
    const auto [mean, squared_deviations] = window_moments(x, i, n);
    const double sd = std::sqrt(squared_deviations / (n - 1));
    out[i] = sd > 0 ? (x[i] - mean) / sd : 0.0;
  }
  return out;
}

std::vector<double> obv_change(std::span<const double> close, std::span<const double> volume,
                               int n) {
  auto out = nans(close.size());
  for (std::size_t i = n; i < close.size(); ++i) {
    double signed_volume = 0, total = 0;
    for (std::size_t j = i + 1 - n; j <= i; ++j) {
      const double direction = close[j] > close[j - 1] ? 1.0 : close[j] < close[j - 1] ? -1.0 : 0.0;
      signed_volume += direction * volume[j];
      total += volume[j];
    }
    out[i] = total > 0 ? signed_volume / total : 0.0;
  }
  return out;
}

std::vector<double> simple_return(std::span<const double> x, int n) {
  auto out = nans(x.size());
  for (std::size_t i = n; i < x.size(); ++i)
    out[i] = x[i] / x[i - n] - 1;
  return out;
}

std::vector<double> log_return(std::span<const double> x, int n) {
  auto out = nans(x.size());
  for (std::size_t i = n; i < x.size(); ++i)
    out[i] = std::log(x[i] / x[i - n]);
  return out;
}

}  // namespace quantloop::features
