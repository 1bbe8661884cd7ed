#pragma once

#include "core/time.h"

namespace quantloop::signals {

// When `pairs watch` runs the pair signals: every `every_seconds` of UTC time (300: :00, :05,
// ...) that falls inside an NYSE regular session, its close included (the session's last
// bars are complete then) and its open excluded (no bar is complete yet). Holidays, early
// closes and daylight saving come from the NYSE calendar. The first such time after `after`.
UnixSeconds next_watch_tick(UnixSeconds after, int every_seconds);

// Whether `t` is inside an NYSE regular session, its open excluded and its close included.
bool in_watch_hours(UnixSeconds t);

}  // namespace quantloop::signals
