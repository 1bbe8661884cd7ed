#pragma once

#include <string>
#include <vector>

namespace quantloop::cli {

// The items of a comma-separated flag value ("AAPL,MSFT"), empty items dropped.
std::vector<std::string> split_list(const std::string& text);

// A --speed value: "60x" or "60" is times real time, 0 as fast as possible; a usage error
// naming `flag` otherwise.
double speed_of(const std::string& flag, const std::string& text);

}  // namespace quantloop::cli
