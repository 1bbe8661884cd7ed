#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace quantloop {

// The words of a command line written in a configuration file ("train --mode full --symbols
// 'A,B'"), as a shell splits them: whitespace separates, single and double quotes group.
// Throws Error on an unclosed quote.
std::vector<std::string> split_command_line(std::string_view text);

// The inverse, for sh: each word as it is when it needs no quoting, else in single quotes.
std::string shell_quoted(std::string_view word);
std::string join_command_line(const std::vector<std::string>& words);

}  // namespace quantloop
