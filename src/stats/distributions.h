#pragma once

namespace quantloop::stats {

// Distribution functions, by Boost.Math (accurate in the far tails, where p-values live).
double normal_cdf(double x);
// The standard normal's quantile: x with normal_cdf(x) = p; -inf and inf at 0 and 1, NaN outside.
double normal_quantile(double p);
// Upper tail P(X > x) of chi-squared with `degrees` degrees of freedom.
double chi_squared_sf(double x, double degrees);
// Upper tail of Snedecor's F(d1, d2).
double f_sf(double x, double d1, double d2);
// Two-sided p-value of a t statistic with `degrees` degrees of freedom.
double t_two_sided_p(double t, double degrees);

}  // namespace quantloop::stats
