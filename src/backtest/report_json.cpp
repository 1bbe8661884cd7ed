#include "backtest/report_json.h"

#include <cmath>

namespace quantloop::backtest {

using nlohmann::json;

namespace {

json number(double v) {
  return std::isfinite(v) ? json(v) : json();
}

}  // namespace

json metrics_json(const BacktestMetrics& m) {
  return {{"bars", m.bars},
          {"total_pnl", number(m.total_pnl)},
          {"sharpe", number(m.sharpe)},
          {"sortino", number(m.sortino)},
          {"max_drawdown", number(m.max_drawdown)},
          {"max_drawdown_bars", m.max_drawdown_bars},
          {"calmar", number(m.calmar)},
          {"trades", m.trades},
          {"win_rate", number(m.win_rate)},
          {"profit_factor", number(m.profit_factor)},
          {"exposure", number(m.exposure)},
          {"turnover", number(m.turnover)},
          {"costs", number(m.costs)}};
}

json strategy_json(const PairStrategy& s) {
  return {{"formation", s.formation}, {"trading", s.trading},
          {"window", s.window},       {"entry", s.entry},
          {"exit", s.exit},           {"stop", s.stop},
          {"cost_bps", s.cost_bps},   {"zscore", s.static_zscore ? "static" : "rolling"}};
}

json report_json(const PairBacktestReport& report, double bars_per_year,
                 std::string_view bars_per_year_from) {
  const auto& best = report.grid[report.best];
  json out = {{"from", format_iso8601(report.times.front())},
              {"to", format_iso8601(report.times.back())},
              {"bars", report.times.size()},
              {"bars_per_year", bars_per_year},
              {"bars_per_year_from", bars_per_year_from},
              {"sets", report.grid.size()},
              {"best", strategy_json(best.strategy)},
              {"portfolio", metrics_json(best.portfolio)},
              {"pairs", json::array()},
              {"deflated_sharpe", number(report.deflated_sharpe)},
              {"grid", json::array()}};
  for (const auto& p : best.pairs) {
    json j = metrics_json(p.metrics);
    j["pair"] = p.y + "/" + p.x;
    out["pairs"].push_back(std::move(j));
  }
  if (report.grid.size() > 1) {
    for (const auto& g : report.grid) {
      json j = strategy_json(g.strategy);
      j["portfolio"] = metrics_json(g.portfolio);
      out["grid"].push_back(std::move(j));
    }
  }
  return out;
}

}  // namespace quantloop::backtest
