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

namespace {

// The inner join on time of two ascending series, read through `time_a`/`value_a` (and _b).
template <typename TimeA, typename ValueA, typename TimeB, typename ValueB>
AlignedPair join(std::size_t size_a, std::size_t size_b, TimeA time_a, ValueA value_a, TimeB time_b,
                 ValueB value_b) {
  AlignedPair out;
  std::size_t i = 0, j = 0;
  while (i < size_a && j < size_b) {
    if (time_a(i) < time_b(j)) {
      ++i;
    } else if (time_b(j) < time_a(i)) {
      ++j;
    } else {
      const double a = value_a(i), b = value_b(j);
      if (!std::isnan(a) && !std::isnan(b)) {
        out.times.push_back(time_a(i));
        out.first.push_back(a);
        out.second.push_back(b);
      }
      ++i;
      ++j;
    }
  }
  return out;
}

}  // namespace

AlignedPair align(std::span<const UnixSeconds> times_a, std::span<const double> a,
                  std::span<const UnixSeconds> times_b, std::span<const double> b) {
  if (times_a.size() != a.size() || times_b.size() != b.size()) {
    throw Error("align: each series needs one time per value");
  }
  return join(
      a.size(), b.size(), [&](std::size_t i) { return times_a[i]; },
      [&](std::size_t i) { return a[i]; }, [&](std::size_t j) { return times_b[j]; },
      [&](std::size_t j) { return b[j]; });
}

AlignedPair align_closes(std::span<const Bar> a, std::span<const Bar> b) {
  return join(
      a.size(), b.size(), [&](std::size_t i) { return a[i].time; },
      [&](std::size_t i) { return a[i].close; }, [&](std::size_t j) { return b[j].time; },
      [&](std::size_t j) { return b[j].close; });
}

}  // namespace quantloop::stats
