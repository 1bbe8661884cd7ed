#include "stats/transforms.h"

#include <fmt/format.h>

#include <cmath>

#include "core/error.h"

namespace quantloop::stats {

Returns parse_returns(std::string_view text) {
  if (text == "none") return Returns::none;
  if (text == "simple") return Returns::simple;
  if (text == "log") return Returns::log;
  throw Error(fmt::format("unknown returns '{}' (expected none, simple or log)", text));
}

std::vector<double> transform(std::span<const double> prices, Returns returns, double scale) {
  std::vector<double> out;
  if (returns == Returns::none) {
    for (double p : prices)
      out.push_back(p * scale);
    return out;
  }
  for (std::size_t i = 1; i < prices.size(); ++i) {
    if (returns == Returns::log) {
      if (!(prices[i] > 0) || !(prices[i - 1] > 0)) {
        throw Error(fmt::format("log returns: price {} at index {} is not positive",
                                prices[i] > 0 ? prices[i - 1] : prices[i],
                                prices[i] > 0 ? i - 1 : i));
      }
      out.push_back(std::log(prices[i] / prices[i - 1]) * scale);
    } else {
      if (prices[i - 1] == 0)
        throw Error(fmt::format("simple returns: price at index {} is 0", i - 1));
      out.push_back((prices[i] / prices[i - 1] - 1) * scale);
    }
  }
  return out;
}

AlignedPair align(std::span<const UnixSeconds> times_a, std::span<const double> a,
                  std::span<const UnixSeconds> times_b, std::span<const double> b) {
  if (times_a.size() != a.size() || times_b.size() != b.size()) {
    throw Error("align: each series needs one time per value");
  }
  AlignedPair out;
  std::size_t i = 0, j = 0;
  while (i < times_a.size() && j < times_b.size()) {
    if (times_a[i] < times_b[j]) {
      ++i;
    } else if (times_b[j] < times_a[i]) {
      ++j;
    } else {
      if (!std::isnan(a[i]) && !std::isnan(b[j])) {
        out.times.push_back(times_a[i]);
        out.first.push_back(a[i]);
        out.second.push_back(b[j]);
      }
      ++i;
      ++j;
    }
  }
  return out;
}

}  // namespace quantloop::stats
