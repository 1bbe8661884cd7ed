#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "backtest/pair_backtest.h"

namespace quantloop::backtest {

// The JSON of a pairs backtest: what `backtest pairs --json` prints, what --save keeps in
// backtests.report and the dashboard's backtest page shows. Figures that are not finite are null.
//   {from, to, bars, bars_per_year, bars_per_year_from, sets, best: strategy, portfolio:
//    metrics, pairs: [metrics + pair], deflated_sharpe, grid: [strategy + portfolio] (several
//    sets only)}
nlohmann::json report_json(const PairBacktestReport& report, double bars_per_year,
                           std::string_view bars_per_year_from);
// A set of the grid: formation, trading, window, entry, exit, stop, cost_bps, zscore.
nlohmann::json strategy_json(const PairStrategy& strategy);
// bars, total_pnl, sharpe, sortino, max_drawdown(_bars), calmar, trades, win_rate,
// profit_factor, exposure, turnover, costs.
nlohmann::json metrics_json(const BacktestMetrics& metrics);

}  // namespace quantloop::backtest
