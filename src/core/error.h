#pragma once

#include <stdexcept>
#include <string>

namespace quantloop {

// The one exception type quantloop throws for failures a user can act on. Its message is a
// single line that names the input (file and line, key, URL, symbol) and the reason.
// Programming errors are not Errors; they surface as std::logic_error or assertions.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace quantloop
