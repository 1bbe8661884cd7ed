#pragma once

#include <array>
#include <optional>

#include "stats/trend.h"

namespace quantloop::stats {

// MacKinnon's approximate asymptotic p-value of a Dickey-Fuller or Engle-Granger tau
// statistic (MacKinnon 1994, "Approximate asymptotic distribution functions for unit-root and
// cointegration tests", JBES 12(2), tables 3 and 4), for `series` = 1 (ADF) to 6 integrated
// series. Values beyond the tabulated range are 0 or 1, as in statsmodels' mackinnonp.
double mackinnon_p_value(double statistic, Trend trend, int series);

// Critical values at 1 %, 5 % and 10 % (MacKinnon 2010, "Critical values for cointegration
// tests", Queen's University WP 1227, table 2) for `series` = 1 to 12, finite-sample when
// `nobs` is given (b0 + b1/T + b2/T^2 + b3/T^3), asymptotic otherwise. Trend n has values
// only for one series (MacKinnon 1996); others are NaN, as in statsmodels' mackinnoncrit.
std::array<double, 3> mackinnon_critical_values(Trend trend, int series,
                                                std::optional<double> nobs = std::nullopt);

}  // namespace quantloop::stats
