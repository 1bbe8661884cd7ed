#include "cli/arguments.h"

#include <fmt/format.h>

#include <exception>

#include "cli/validators.h"

namespace quantloop::cli {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) items.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return items;
}

double speed_of(const std::string& flag, const std::string& text) {
  std::string digits = text;
  if (!digits.empty() && (digits.back() == 'x' || digits.back() == 'X')) digits.pop_back();
  std::size_t used = 0;
  double v = -1;
  try {
    v = std::stod(digits, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (digits.empty() || used != digits.size() || !(v >= 0) || v > 1e9) {
    usage_error(flag, fmt::format("'{}' is not a speed such as 60x (or 0, no waiting)", text));
  }
  return v;
}

}  // namespace quantloop::cli
