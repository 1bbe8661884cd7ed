#pragma once

#include <string>
#include <vector>

#include "core/config.h"
#include "scanner/frame.h"

namespace quantloop::scanner {

// Seed 002's confluence for one direction (+1 long, -1 short) at an entry frame E with a bias
// frame B: the weights of the factors that hold, summed.
struct Confluence {
  int direction = 0;
  double score = 0;
  std::vector<std::string> factors;  // bias, structure, order_block, fvg, sweep, kill_zone
};

Confluence confluence(int direction, const Frame& entry, const Frame& bias,
                      const ScannerWeights& weights);

// Both directions' confluence: the better one, and by how much it leads (0 when they are equal,
// direction 0 then).
struct ConfluenceChoice {
  Confluence best;
  double lead = 0;
};
ConfluenceChoice choose_confluence(const Frame& entry, const Frame& bias,
                                   const ScannerWeights& weights);

}  // namespace quantloop::scanner
