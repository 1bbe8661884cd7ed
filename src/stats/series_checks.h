#pragma once

#include <span>
#include <string_view>

namespace quantloop::stats {

// Throws Error (naming `what`) unless x has at least `minimum` values, all finite, not all
// equal: the inputs no statistic here can give a meaningful answer for.
void check_series(std::span<const double> x, std::string_view what, std::size_t minimum);

}  // namespace quantloop::stats
