#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace quantloop::testing {

// tests/stats/reference/<name>.json, produced by the scripts beside it.
const nlohmann::json& reference_json(const std::string& name);

// The series the reference scripts used, by their names there: synthetic ones from the JSON,
// real ones read from the same files with quantloop's CSV reader ("sp500_log",
// "sp500_returns", "nasdaq_returns").
std::vector<double> reference_series(const std::string& name);
// The pairs of the cointegration references: (y, x), aligned on dates.
std::pair<std::vector<double>, std::vector<double>> reference_pair(const std::string& name);

// |actual - expected| <= relative * |expected| + absolute, with a readable failure.
void expect_close(double actual, double expected, double relative, double absolute = 0,
                  const std::string& what = "");

}  // namespace quantloop::testing
