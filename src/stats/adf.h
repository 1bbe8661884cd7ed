#pragma once

#include <array>
#include <optional>
#include <span>

#include "stats/trend.h"

namespace quantloop::stats {

enum class Autolag { aic, bic, t_stat, none };

// Accepts "aic", "bic", "t-stat", "none"; throws Error otherwise.
Autolag parse_autolag(std::string_view text);

struct AdfOptions {
  Trend trend = Trend::c;
  // Highest lag of the differences; default 12 (nobs/100)^(1/4), capped at nobs/2 - trend - 1.
  std::optional<int> max_lag;
  Autolag autolag = Autolag::aic;
};

struct AdfResult {
  double statistic = 0;
  double pvalue = 0;
  int used_lag = 0;
  int nobs = 0;                         // observations of the final regression
  std::array<double, 3> crit_values{};  // 1 %, 5 %, 10 %
  std::optional<double> ic_best;        // the best information criterion (t-stat: |t|)
};

// Augmented Dickey-Fuller test with the semantics of statsmodels' adfuller (0.13): the same
// regressions, lag search (all candidates on the same rows, the smallest criterion, ties to
// the shorter lag; t-stat: the longest lag whose t is significant at 5 %), final regression
// over the rows the chosen lag allows, MacKinnon p-value and finite-sample critical values.
// Throws Error for NaN or infinite values, a constant series, a series too short for the
// trend, or a max_lag beyond nobs/2 - trend - 1.
AdfResult adf(std::span<const double> x, const AdfOptions& options = {});

}  // namespace quantloop::stats
