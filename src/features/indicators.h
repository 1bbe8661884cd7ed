#pragma once

#include <span>
#include <vector>

namespace quantloop::features {

// Technical indicators over price and volume columns, with TA-Lib's conventions (Wilder
// smoothing for RSI and ATR, EMAs seeded with an SMA, population deviation for Bollinger). Each
// returns a vector as long as its input; values without enough history (the warm-up) are NaN, and a
// value at t uses inputs at or before t only.

// Simple moving average of the last n values.
std::vector<double> sma(std::span<const double> x, int n);

// Exponential moving average with k = 2 / (n + 1), seeded with the SMA of the first n values
// (TA-Lib's default): the first value is at index n - 1.
std::vector<double> ema(std::span<const double> x, int n);

// Wilder's RSI: average gain and loss seeded with the simple mean of the first n changes, then
// smoothed avg = (avg (n - 1) + current) / n; RSI = 100 avg_gain / (avg_gain + avg_loss)
// (50 when both are 0). First value at index n.
std::vector<double> rsi(std::span<const double> close, int n = 14);

struct Macd {
  std::vector<double> macd;       // EMA(fast) - EMA(slow)
  std::vector<double> signal;     // EMA(signal) of macd, seeded with the SMA of its first values
  std::vector<double> histogram;  // macd - signal
};
// MACD(12, 26, 9): both EMAs seeded as ema() does; the signal EMA starts where MACD exists.
Macd macd(std::span<const double> close, int fast = 12, int slow = 26, int signal = 9);

struct Bollinger {
  std::vector<double> percent_b;  // (close - lower) / (upper - lower)
  std::vector<double> bandwidth;  // (upper - lower) / middle
};
// Bollinger bands: middle SMA(n), upper/lower = middle +/- k * population standard deviation
// (TA-Lib's). percent_b is NaN where the bands have zero width.
Bollinger bollinger(std::span<const double> close, int n = 20, double k = 2.0);

// Wilder's ATR: true range max(high - low, |high - prev close|, |low - prev close|) from the
// second bar on; the first ATR is the mean of the first n true ranges (index n), then smoothed.
std::vector<double> atr(std::span<const double> high, std::span<const double> low,
                        std::span<const double> close, int n = 14);

// TA-Lib's ADX(n): +DM and -DM (the larger directional move when positive, else 0) and the true
// range from the second bar; Wilder sums S over bars 1..n-1, then S - S/n + x; DI = 100 S_DM /
// S_TR; DX = 100 |DI+ - DI-| / (DI+ + DI-) (0 when both are 0) from index n; ADX at 2n - 1 the
// mean of DX n..2n-1, then (ADX (n - 1) + DX) / n.
std::vector<double> adx(std::span<const double> high, std::span<const double> low,
                        std::span<const double> close, int n = 14);

// Sample standard deviation (n - 1) of the last n log returns: first value at index n.
std::vector<double> realized_volatility(std::span<const double> close, int n = 20);

// (v - mean) / sample standard deviation over the last n values (including v); 0 where the
// window is constant (e.g. forex with no volume: no information, not missing history).
std::vector<double> rolling_zscore(std::span<const double> x, int n = 20);

// On-balance volume change over n bars relative to the volume traded in them: in [-1, 1];
// +1 when every bar closed up. 0 where no volume traded.
std::vector<double> obv_change(std::span<const double> close, std::span<const double> volume,
                               int n = 5);

// Simple (x_t / x_{t-n} - 1) and log (ln x_t / x_{t-n}) returns over n bars.
std::vector<double> simple_return(std::span<const double> x, int n);
std::vector<double> log_return(std::span<const double> x, int n);

}  // namespace quantloop::features
