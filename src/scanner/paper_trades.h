#pragma once

#include <optional>
#include <span>

#include "core/bar.h"
#include "store/scan_store.h"

namespace quantloop::scanner {

// Marks an open scanner trade on the finest stored bars after its last mark, ascending, each
// complete at the scan's clock. In each bar the stop comes first when the bar reaches both (it
// fills at the stop, or at the open when the bar opened beyond it), then the target (at the
// target); a bar ending at or after expires_at closes it at its close (expired). Bars ending
// after expires_at are not marked. Returns how it ended when it closed.
std::optional<TradeOutcome> mark_trade(PaperTrade& trade, std::span<const Bar> bars,
                                       Interval bar_interval);

// Closes an open trade whose expiry has passed without a bar ending on it (a gap in the bars):
// at its last marked price, at expires_at.
TradeOutcome expire_trade(PaperTrade& trade);

}  // namespace quantloop::scanner
