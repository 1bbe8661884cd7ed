#pragma once

#include <string>
#include <vector>

namespace quantloop::cli {

// The items of a comma-separated flag value ("AAPL,MSFT"), empty items dropped.
std::vector<std::string> split_list(const std::string& text);

}  // namespace quantloop::cli
