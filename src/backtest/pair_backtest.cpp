#include "backtest/pair_backtest.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <tuple>

#include "core/error.h"
#include "core/parallel.h"

namespace quantloop::backtest {

namespace {

std::size_t index_of(const std::vector<std::string>& symbols, const std::string& symbol) {
  return std::size_t(std::find(symbols.begin(), symbols.end(), symbol) - symbols.begin());
}

// The portfolio's per-bar PnL from the formation on: the mean of the pairs'.
std::vector<double> portfolio_pnl(const std::vector<PairPath>& paths, int formation) {
  std::vector<double> pnl(paths.front().pnl.size() - std::size_t(formation), 0.0);
  for (const PairPath& path : paths) {
    for (std::size_t i = 0; i < pnl.size(); ++i)
      pnl[i] += path.pnl[std::size_t(formation) + i] / double(paths.size());
  }
  return pnl;
}

struct Evaluated {
  GridOutcome outcome;
  std::vector<PairPath> paths;
  std::vector<double> pnl;
};

// What the spread path depends on: sets that share it share one computation.
using SpreadKey = std::tuple<int, int, int, bool>;

SpreadKey spread_key(const PairStrategy& s) {
  return {s.formation, s.trading, s.static_zscore ? 0 : s.window, s.static_zscore};
}

// Each pair's spread path of every distinct key of the grid, computed on every core.
std::map<SpreadKey, std::vector<SpreadPath>> spread_paths(
    const std::vector<std::vector<double>>& prices,
    const std::vector<std::pair<std::size_t, std::size_t>>& columns,
    const std::vector<PairStrategy>& grid) {
  std::map<SpreadKey, std::vector<SpreadPath>> paths;
  std::vector<std::pair<SpreadKey, const PairStrategy*>> keys;
  for (const PairStrategy& s : grid) {
    if (paths.emplace(spread_key(s), std::vector<SpreadPath>(columns.size())).second) {
      keys.emplace_back(spread_key(s), &s);
    }
  }
  parallel_for(keys.size() * columns.size(), [&](std::size_t i) {
    const auto& [key, strategy] = keys[i / columns.size()];
    const auto& [y, x] = columns[i % columns.size()];
    paths.at(key)[i % columns.size()] = spread_path(prices[y], prices[x], *strategy);
  });
  return paths;
}

Evaluated evaluate(const std::vector<std::vector<double>>& prices,
                   const std::vector<std::pair<std::size_t, std::size_t>>& columns,
                   const std::vector<SpreadPath>& spreads, const PairBacktestRequest& request,
                   const PairStrategy& strategy) {
  Evaluated e;
  e.outcome.strategy = strategy;
  std::vector<RoundTrip> trips;
  double exposure = 0, turnover = 0, costs = 0;
  for (std::size_t k = 0; k < columns.size(); ++k) {
    PairPath path =
        trade(prices[columns[k].first], prices[columns[k].second], spreads[k], strategy);
    const BacktestMetrics m = measure_pair(path, strategy.formation, request.bars_per_year);
    const double weight = 1.0 / double(columns.size());
    for (RoundTrip trip : round_trips(path, strategy.formation)) {
      trip.pnl *= weight;
      trips.push_back(trip);
    }
    exposure += m.exposure * weight;
    turnover += m.turnover * weight;
    costs += m.costs * weight;
    e.outcome.pairs.push_back({request.pairs[k].first, request.pairs[k].second, m});
    e.paths.push_back(std::move(path));
  }
  e.pnl = portfolio_pnl(e.paths, strategy.formation);
  e.outcome.portfolio = measure(e.pnl, trips, exposure, turnover, costs, request.bars_per_year);
  e.outcome.moments = moments(e.pnl);
  return e;
}

}  // namespace

PairBacktestReport backtest_pairs(const std::vector<UnixSeconds>& times,
                                  const std::vector<std::string>& symbols,
                                  const std::vector<std::vector<double>>& prices,
                                  const PairBacktestRequest& request) {
  if (request.pairs.empty()) throw Error("no pair to backtest");
  if (request.grid.empty()) throw Error("no parameter set to backtest");
  std::vector<std::pair<std::size_t, std::size_t>> columns;
  for (const auto& [y, x] : request.pairs) {
    if (y == x) throw Error(fmt::format("{}/{}: a pair needs two symbols", y, x));
    columns.emplace_back(index_of(symbols, y), index_of(symbols, x));
    if (columns.back().first == symbols.size() || columns.back().second == symbols.size()) {
      throw Error(fmt::format("{}/{}: no prices", y, x));
    }
  }
  PairBacktestReport report;
  report.times = times;
  report.grid.resize(request.grid.size());
  const auto spreads = spread_paths(prices, columns, request.grid);
  parallel_for(request.grid.size(), [&](std::size_t i) {
    const PairStrategy& s = request.grid[i];
    report.grid[i] = evaluate(prices, columns, spreads.at(spread_key(s)), request, s).outcome;
  });
  double best = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < report.grid.size(); ++i) {
    const double sharpe = report.grid[i].portfolio.sharpe;
    if (std::isfinite(sharpe) && sharpe > best) {
      best = sharpe;
      report.best = i;
    }
  }
  // The deflation counts every set tried; their Sharpe ratios' variance (sample) and the best's
  // higher moments, per bar.
  std::vector<double> sharpes;
  for (const GridOutcome& g : report.grid) {
    if (std::isfinite(g.moments.sharpe)) sharpes.push_back(g.moments.sharpe);
  }
  double mean = 0, variance = 0;
  for (double s : sharpes)
    mean += s / double(sharpes.size());
  for (double s : sharpes)
    variance += (s - mean) * (s - mean) / double(sharpes.size() - 1);
  const GridOutcome& chosen = report.grid[report.best];
  report.deflated_sharpe =
      deflated_sharpe(chosen.moments.sharpe, variance, int(report.grid.size()),
                      chosen.portfolio.bars, chosen.moments.skewness, chosen.moments.kurtosis);
  Evaluated again =
      evaluate(prices, columns, spreads.at(spread_key(chosen.strategy)), request, chosen.strategy);
  report.best_paths = std::move(again.paths);
  report.best_portfolio_pnl = std::move(again.pnl);
  return report;
}

PairBacktestReport run_pair_backtest(BarStore& store, const PairBacktestRequest& request) {
  std::vector<std::string> symbols;
  for (const auto& [y, x] : request.pairs) {
    for (const std::string& s : {y, x}) {
      if (std::find(symbols.begin(), symbols.end(), s) == symbols.end()) symbols.push_back(s);
    }
  }
  std::vector<std::vector<UnixSeconds>> times(symbols.size());
  std::vector<std::vector<double>> closes(symbols.size());
  for (std::size_t k = 0; k < symbols.size(); ++k) {
    for (const Bar& bar :
         store.read_bars(symbols[k], request.interval, request.from, request.to).bars) {
      if (!std::isfinite(bar.close) || bar.close <= 0) continue;
      times[k].push_back(bar.time);
      closes[k].push_back(bar.close);
    }
    if (times[k].empty()) {
      throw Error(fmt::format("{}: no {} bars from {} to {}", symbols[k], request.interval.name(),
                              format_iso8601(request.from), format_iso8601(request.to)));
    }
  }
  std::vector<UnixSeconds> common = times[0];
  for (std::size_t k = 1; k < symbols.size(); ++k) {
    std::vector<UnixSeconds> both;
    std::set_intersection(common.begin(), common.end(), times[k].begin(), times[k].end(),
                          std::back_inserter(both));
    common = std::move(both);
  }
  std::vector<std::vector<double>> prices(symbols.size());
  for (std::size_t k = 0; k < symbols.size(); ++k) {
    std::size_t at = 0;
    for (UnixSeconds t : common) {
      while (times[k][at] != t)
        ++at;
      prices[k].push_back(closes[k][at]);
    }
  }
  return backtest_pairs(common, symbols, prices, request);
}

}  // namespace quantloop::backtest
