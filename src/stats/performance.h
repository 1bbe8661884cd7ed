#pragma once

#include <span>

namespace quantloop::stats {

// Sharpe and Sortino ratios of per-period returns or PnL, annualised by sqrt(periods_per_year):
// the mean over the sample standard deviation (n - 1), and over the downside deviation
// sqrt(sum of min(r, 0)^2 / (n - 1)). NaN under 2 periods or without deviation. The one
// definition the backtester reports and the registry's promotion.metric = "sharpe" judges by.
double sharpe_ratio(std::span<const double> returns, double periods_per_year);
double sortino_ratio(std::span<const double> returns, double periods_per_year);

}  // namespace quantloop::stats
