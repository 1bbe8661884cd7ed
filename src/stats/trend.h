#pragma once

#include <string_view>

namespace quantloop::stats {

// Deterministic terms of a unit-root or cointegration regression, as statsmodels names them:
// n none, c constant, ct constant and linear trend, ctt constant, linear and quadratic trend.
enum class Trend { n, c, ct, ctt };

// Accepts "n" (also "nc"), "c", "ct", "ctt"; throws Error otherwise.
Trend parse_trend(std::string_view text);
std::string_view to_string(Trend trend);
// Number of deterministic columns: 0, 1, 2 or 3.
int trend_columns(Trend trend);

}  // namespace quantloop::stats
