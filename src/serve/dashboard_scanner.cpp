// The dashboard's Scanner page (issue 21): the latest scan's conditions per symbol and
// timeframe, the scanner's signals with their trades, its open trades, and outcomes by session.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include "serve/dashboard_data.h"

namespace quantloop::serve::dashboard {

namespace {

using nlohmann::json;

json optional_number(const std::optional<double>& v) {
  return v && std::isfinite(*v) ? json(*v) : json();
}

}  // namespace

json scanner(Store& store, UnixSeconds now, int days) {
  json out = {{"scan", nullptr},           {"conditions", json::array()},
              {"signals", json::array()},  {"open_trades", json::array()},
              {"sessions", json::array()}, {"days", days}};
  const auto clock = store.last_scan_clock();
  if (clock) {
    std::int64_t id = 0;
    store.each_scan_row(*clock, *clock, "", [&](const ScanRow& r) {
      id = r.scan_id;
      const MarketCondition& c = r.condition;
      const MlFeatures& f = r.features;
      out["conditions"].push_back(
          {{"symbol", c.symbol},
           {"timeframe", c.timeframe},
           {"price", optional_number(c.price)},
           {"rsi", optional_number(c.rsi)},
           {"market_structure", c.market_structure},
           {"fvg_count", c.fvg_count},
           {"order_blocks_count", c.order_blocks_count},
           {"liquidity_swept", c.liquidity_swept},
           {"confluence_score", f.confluence_score},
           {"trend_strength", optional_number(f.trend_strength)},
           {"volatility_regime", f.volatility_regime ? json(*f.volatility_regime) : json()}});
    });
    out["scan"] = {{"id", id}, {"clock", format_iso8601(*clock)}};
  }
  for (const ScannerSignal& s : store.scanner_signals(50)) {
    const TradingSignal& g = s.signal;
    json factors = json::parse(g.ict_concepts, nullptr, false);  // a JSON array of names
    if (!factors.is_array()) factors = json::array();
    out["signals"].push_back({{"time", format_iso8601(g.entry_time)},
                              {"symbol", g.symbol},
                              {"direction", g.direction},
                              {"entry", g.entry_price},
                              {"stop", g.stop_loss},
                              {"target", g.take_profit},
                              {"confluence", g.confluence_score},
                              {"factors", factors},
                              {"session", g.session},
                              {"regime", g.market_regime},
                              {"trade", s.trade_status},
                              {"pnl", s.pnl},
                              {"outcome", s.outcome ? json(*s.outcome) : json()}});
  }
  for (const PaperTrade& t : store.open_scanner_trades()) {
    out["open_trades"].push_back({{"symbol", t.symbol},
                                  {"direction", t.direction > 0 ? "long" : "short"},
                                  {"entry", t.entry_price},
                                  {"current", t.current_price},
                                  {"stop", t.stop_loss},
                                  {"target", t.take_profit},
                                  {"quantity", t.quantity},
                                  {"pnl", t.pnl},
                                  {"opened_at", format_iso8601(t.opened_at)},
                                  {"expires_at", format_iso8601(t.expires_at)}});
  }
  for (const SessionOutcomes& s : store.scanner_outcomes_by_session(
           std::min(now, clock.value_or(now)) - UnixSeconds(days) * kSecondsPerDay)) {
    out["sessions"].push_back({{"session", s.session},
                               {"trades", s.trades},
                               {"wins", s.wins},
                               {"losses", s.losses},
                               {"expired", s.expired},
                               {"win_rate", s.trades ? json(double(s.wins) / s.trades) : json()},
                               {"pnl", s.pnl}});
  }
  return out;
}

}  // namespace quantloop::serve::dashboard
