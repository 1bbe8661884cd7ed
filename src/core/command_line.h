#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace quantloop {

// The words of a command line written in a configuration file ("train --mode full --symbols
// 'A,B'"), as a shell splits them: whitespace separates, single and double quotes group.
// Throws Error on an unclosed quote.
std::vector<std::string> split_command_line(std::string_view text);

}  // namespace quantloop
