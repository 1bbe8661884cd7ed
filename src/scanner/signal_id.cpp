#include "scanner/signal_id.h"

#include <fmt/format.h>

namespace quantloop::scanner {

std::string signal_id(const std::string& symbol, Interval timeframe, UnixSeconds bar_open,
                      int direction) {
  return fmt::format("ict-{}-{}-{}-{}", symbol, timeframe.name(), bar_open,
                     direction > 0 ? "long" : "short");
}

int signal_direction(std::string_view id) {
  if (id.ends_with("-long")) return 1;
  if (id.ends_with("-short")) return -1;
  return 0;
}

}  // namespace quantloop::scanner
