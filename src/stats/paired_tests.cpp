#include "stats/paired_tests.h"

#include <boost/math/special_functions/beta.hpp>

namespace quantloop::stats {

double mcnemar_exact_one_sided(std::size_t wins, std::size_t losses) {
  if (wins == 0) return 1.0;
  // P(X >= k) for X ~ Bin(n, p) is the regularized incomplete beta I_p(k, n - k + 1).
  return boost::math::ibeta(double(wins), double(losses) + 1.0, 0.5);
}

}  // namespace quantloop::stats
