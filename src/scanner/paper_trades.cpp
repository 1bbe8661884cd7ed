#include "scanner/paper_trades.h"

#include <algorithm>
#include <cmath>

namespace quantloop::scanner {

namespace {

TradeOutcome close_trade(PaperTrade& t, double price, UnixSeconds at, const char* outcome) {
  t.current_price = price;
  t.pnl = t.direction * t.quantity * (price - t.entry_price);
  t.status = "CLOSED";
  t.closed_at = at;
  t.outcome = outcome;
  // In units of the risk taken, from prices: the same whatever the size.
  const double risk = std::abs(t.entry_price - t.stop_loss);
  return {t.signal_id, outcome, at - t.opened_at,
          risk > 0 ? t.direction * (price - t.entry_price) / risk : 0};
}

}  // namespace

std::optional<TradeOutcome> mark_trade(PaperTrade& t, std::span<const Bar> bars,
                                       Interval bar_interval) {
  const int d = t.direction;
  for (const Bar& b : bars) {
    const UnixSeconds end = b.time + bar_interval.seconds();
    if (b.time < t.opened_at || end <= t.marked_through) continue;
    if (end > t.expires_at) break;
    const bool stopped = d > 0 ? b.low <= t.stop_loss : b.high >= t.stop_loss;
    const bool reached = d > 0 ? b.high >= t.take_profit : b.low <= t.take_profit;
    t.marked_through = end;
    if (stopped) {
      const double fill = d > 0 ? std::min(t.stop_loss, b.open) : std::max(t.stop_loss, b.open);
      return close_trade(t, fill, end, "loss");
    }
    if (reached) return close_trade(t, t.take_profit, end, "win");
    t.current_price = b.close;
    t.pnl = d * t.quantity * (b.close - t.entry_price);
    if (end == t.expires_at) return close_trade(t, b.close, end, "expired");
  }
  return std::nullopt;
}

TradeOutcome expire_trade(PaperTrade& t) {
  return close_trade(t, t.current_price, t.expires_at, "expired");
}

}  // namespace quantloop::scanner
