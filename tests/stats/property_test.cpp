// Random input never crashes a statistic and never returns a silent NaN: each call either
// throws Error or returns numbers; valid input is always answered, and most trials are.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <string>

#include "core/error.h"
#include "stats/adf.h"
#include "stats/coint.h"
#include "stats/diagnostics.h"
#include "stats/garch.h"

namespace quantloop::stats {
namespace {

// A random series: two in three are valid (a random walk of 30 to 150 points), the rest are
// broken in one of the ways real input breaks.
struct RandomSeries {
  std::vector<double> values;
  bool valid = true;
};

RandomSeries random_series(std::mt19937_64& random, std::size_t size = 0) {
  std::uniform_int_distribution<int> length(30, 150), kind(0, 11);
  std::normal_distribution<double> normal;
  RandomSeries s;
  s.values.resize(size ? size : std::size_t(length(random)));
  double level = 100;
  for (double& v : s.values)
    v = level += normal(random);
  std::uniform_int_distribution<std::size_t> at(0, s.values.size() - 1);
  switch (kind(random)) {
    case 0:
      s.values[at(random)] = std::nan("");
      s.valid = false;
      break;
    case 1:
      s.values[at(random)] = INFINITY;
      s.valid = false;
      break;
    case 2:
      std::fill(s.values.begin(), s.values.end(), 3.0);  // constant
      s.valid = false;
      break;
    case 3:
      s.values.resize(std::uniform_int_distribution<std::size_t>(0, 3)(random));  // too short
      s.valid = false;
      break;
    default:
      break;  // a valid series
  }
  return s;
}

// Runs one statistic: an Error is a valid outcome for bad input, a silent NaN never is.
// Returns whether it answered.
template <typename F>
bool answers(F compute) {
  try {
    for (double v : compute())
      EXPECT_FALSE(std::isnan(v));
    return true;
  } catch (const Error&) {
    return false;
  }
}

TEST(Properties, EveryStatisticAnswersValidInputAndErrorsOrAnswersTheRest) {
  std::mt19937_64 random(99);
  constexpr int kTrials = 300;
  std::map<std::string, int> answered, valid_unanswered;
  int valid_trials = 0;
  for (int trial = 0; trial < kTrials; ++trial) {
    const RandomSeries x = random_series(random);
    const RandomSeries y = random_series(random, std::max<std::size_t>(x.values.size(), 30));
    valid_trials += x.valid;
    auto record = [&](const std::string& name, bool valid, bool answer) {
      answered[name] += answer;
      if (valid && !answer) ++valid_unanswered[name];
    };
    record("adf", x.valid, answers([&] {
             const auto r = adf(x.values);
             return std::vector<double>{r.statistic, r.pvalue, r.crit_values[0]};
           }));
    record("coint", x.valid && y.valid && x.values.size() == y.values.size(), answers([&] {
             const auto r = coint(x.values, y.values);
             return std::vector<double>{r.pvalue, r.hedge_ratio};
           }));
    record("ljungbox", x.valid, answers([&] {
             std::vector<double> out;
             for (const auto& row : ljung_box(x.values))
               out.push_back(row.statistic);
             return out;
           }));
    record("archlm", x.valid, answers([&] {
             const auto r = arch_lm(x.values);
             return std::vector<double>{r.lm, r.lm_pvalue};
           }));
    record("jarque_bera", x.valid, answers([&] {
             const auto r = jarque_bera(x.values);
             return std::vector<double>{r.statistic, r.pvalue};
           }));
    if (trial % 10 == 0) {
      record("garch", x.valid, answers([&] {
               const auto r = fit_garch(x.values);
               return std::vector<double>{r.params.omega, r.params.alpha, r.params.beta, r.loglik};
             }));
    }
  }
  // Most trials are answered: the statistics do not hide behind errors.
  ASSERT_GT(valid_trials, kTrials / 2);
  for (const char* name : {"adf", "ljungbox", "archlm", "jarque_bera"}) {
    EXPECT_GT(answered[name], kTrials / 2) << name;
  }
  EXPECT_GT(answered["coint"], kTrials / 3);
  EXPECT_GT(answered["garch"], kTrials / 10 / 2);
  // And every valid series is answered.
  for (const auto& [name, count] : valid_unanswered)
    EXPECT_EQ(count, 0) << name;
}

}  // namespace
}  // namespace quantloop::stats
