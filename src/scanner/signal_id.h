#pragma once

#include <string>
#include <string_view>

#include "core/interval.h"
#include "core/time.h"

namespace quantloop::scanner {

// A scanner signal's id: "ict-<symbol>-<timeframe>-<bar open>-<long|short>", one per symbol,
// entry bar and direction, so that a signal is never made twice.
std::string signal_id(const std::string& symbol, Interval timeframe, UnixSeconds bar_open,
                      int direction);

// +1 for a long signal's id, -1 for a short one's, 0 for anything else.
int signal_direction(std::string_view id);

}  // namespace quantloop::scanner
