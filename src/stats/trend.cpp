#include "stats/trend.h"

#include <fmt/format.h>

#include "core/error.h"

namespace quantloop::stats {

Trend parse_trend(std::string_view text) {
  if (text == "n" || text == "nc") return Trend::n;
  if (text == "c") return Trend::c;
  if (text == "ct") return Trend::ct;
  if (text == "ctt") return Trend::ctt;
  throw Error(fmt::format("unknown trend '{}' (expected n, c, ct or ctt)", text));
}

std::string_view to_string(Trend trend) {
  switch (trend) {
    case Trend::n:
      return "n";
    case Trend::c:
      return "c";
    case Trend::ct:
      return "ct";
    case Trend::ctt:
      return "ctt";
  }
  return "?";
}

int trend_columns(Trend trend) {
  return static_cast<int>(trend);
}

}  // namespace quantloop::stats
