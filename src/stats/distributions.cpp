#include "stats/distributions.h"

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

namespace quantloop::stats {

namespace {
// Map domain edges to the limits a user expects instead of Boost's exceptions.
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
}  // namespace

double normal_quantile(double p) {
  if (!(p >= 0 && p <= 1)) return kNan;
  if (p == 0) return -std::numeric_limits<double>::infinity();
  if (p == 1) return std::numeric_limits<double>::infinity();
  return boost::math::quantile(boost::math::normal_distribution<double>(), p);
}

double normal_cdf(double x) {
  if (std::isnan(x)) return kNan;
  if (std::isinf(x)) return x > 0 ? 1.0 : 0.0;
  return boost::math::cdf(boost::math::normal_distribution<double>(), x);
}

double chi_squared_sf(double x, double degrees) {
  if (std::isnan(x) || !(degrees > 0)) return kNan;
  if (x <= 0) return 1.0;
  if (std::isinf(x)) return 0.0;
  return boost::math::cdf(
      boost::math::complement(boost::math::chi_squared_distribution<double>(degrees), x));
}

double f_sf(double x, double d1, double d2) {
  if (std::isnan(x) || !(d1 > 0) || !(d2 > 0)) return kNan;
  if (x <= 0) return 1.0;
  if (std::isinf(x)) return 0.0;
  return boost::math::cdf(
      boost::math::complement(boost::math::fisher_f_distribution<double>(d1, d2), x));
}

double t_two_sided_p(double t, double degrees) {
  if (std::isnan(t) || !(degrees > 0)) return kNan;
  if (std::isinf(t)) return 0.0;
  return 2 * boost::math::cdf(boost::math::complement(
                 boost::math::students_t_distribution<double>(degrees), std::abs(t)));
}

}  // namespace quantloop::stats
