// Random bad input never crashes a statistic and never returns a silent NaN: each call either
// throws Error or returns finite numbers (or the documented infinities).
#include <cmath>
#include <gtest/gtest.h>
#include <random>

#include "core/error.h"
#include "stats/adf.h"
#include "stats/coint.h"
#include "stats/diagnostics.h"
#include "stats/garch.h"

namespace quantloop::stats {
namespace {

std::vector<double> random_series(std::mt19937_64& random) {
  std::uniform_int_distribution<int> length(0, 80), kind(0, 5);
  std::normal_distribution<double> normal;
  std::vector<double> x(length(random));
  double level = 100;
  for (double& v : x) v = level += normal(random);
  if (x.empty()) return x;
  std::uniform_int_distribution<std::size_t> at(0, x.size() - 1);
  switch (kind(random)) {
    case 0:
      x[at(random)] = std::nan("");
      break;
    case 1:
      x[at(random)] = INFINITY;
      break;
    case 2:
      std::fill(x.begin(), x.end(), 3.0);  // constant
      break;
    case 3:
      x.resize(std::min<std::size_t>(x.size(), 3));  // too short
      break;
    default:
      break;  // a valid series
  }
  return x;
}

template <typename F>
void expect_error_or_finite(F compute) {
  try {
    for (double v : compute()) EXPECT_FALSE(std::isnan(v));
  } catch (const Error&) {
    // a clear error is a valid outcome
  }
}

TEST(Properties, EveryStatisticErrorsOrAnswersOnRandomInput) {
  std::mt19937_64 random(99);
  for (int trial = 0; trial < 300; ++trial) {
    const auto x = random_series(random);
    const auto y = random_series(random);
    expect_error_or_finite([&] {
      const auto r = adf(x);
      return std::vector<double>{r.statistic, r.pvalue, r.crit_values[0]};
    });
    expect_error_or_finite([&] {
      const auto r = coint(x, y);
      return std::vector<double>{r.pvalue, r.hedge_ratio};
    });
    expect_error_or_finite([&] {
      std::vector<double> out;
      for (const auto& row : ljung_box(x)) out.push_back(row.statistic);
      return out;
    });
    expect_error_or_finite([&] {
      const auto r = arch_lm(x);
      return std::vector<double>{r.lm, r.lm_pvalue};
    });
    expect_error_or_finite([&] {
      const auto r = jarque_bera(x);
      return std::vector<double>{r.statistic, r.pvalue};
    });
    if (trial % 10 == 0) {
      expect_error_or_finite([&] {
        const auto r = fit_garch(x);
        return std::vector<double>{r.params.omega, r.params.alpha, r.params.beta, r.loglik};
      });
    }
  }
}

}  // namespace
}  // namespace quantloop::stats
