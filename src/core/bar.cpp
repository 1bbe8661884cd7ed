#include "core/bar.h"

#include <cmath>

namespace quantloop {

namespace {
bool same_number(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}
}  // namespace

bool Bar::same_values(const Bar& other) const {
  return same_number(open, other.open) && same_number(high, other.high) &&
         same_number(low, other.low) && same_number(close, other.close) &&
         same_number(volume, other.volume) && same_number(adj_close, other.adj_close);
}

}  // namespace quantloop
