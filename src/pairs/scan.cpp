#include "pairs/scan.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "pairs/performance_history.h"

namespace quantloop::pairs {

ScanResult run_scan(Store& store, const ScanRequest& request) {
  if (request.symbols.size() < 2) throw Error("a pair scan needs at least 2 symbols");
  const UnixSeconds last_start = request.interval.last_complete_open(request.as_of);
  ScanResult result;
  PairScan& scan = result.scan;
  scan.as_of = request.as_of;
  scan.interval = std::string(request.interval.name());

  // Each symbol's closes by time (read_bars returns them ascending).
  struct Closes {
    std::string symbol;
    std::vector<UnixSeconds> times;
    std::vector<double> values;
  };
  std::vector<Closes> closes;
  std::size_t longest = 0;
  for (const auto& symbol : request.symbols) {
    const BarSeries bars = store.read_bars(symbol, request.interval, request.from, last_start);
    Closes c{symbol, {}, {}};
    for (const Bar& bar : bars.bars) {
      if (!std::isfinite(bar.close) || bar.close <= 0) continue;
      c.times.push_back(bar.time);
      c.values.push_back(bar.close);
    }
    longest = std::max(longest, c.times.size());
    closes.push_back(std::move(c));
  }
  // Symbols with no bars, or far fewer than the rest, would shrink every pair's common rows.
  std::vector<Closes> kept;
  for (auto& c : closes) {
    if (c.times.empty()) {
      scan.skipped.emplace_back(
          c.symbol, fmt::format("no {} bars from {} to {}", scan.interval,
                                format_iso8601(request.from), format_iso8601(last_start)));
    } else if (c.times.size() * 2 < longest) {
      scan.skipped.emplace_back(
          c.symbol, fmt::format("{} bars where others have {}", c.times.size(), longest));
    } else {
      kept.push_back(std::move(c));
    }
  }
  if (kept.size() < 2) {
    std::string why;
    for (const auto& [symbol, reason] : scan.skipped)
      why += fmt::format("; {}: {}", symbol, reason);
    throw Error(fmt::format("fewer than 2 symbols with {} bars to scan{}", scan.interval, why));
  }
  std::vector<UnixSeconds> times = kept.front().times;
  for (std::size_t k = 1; k < kept.size(); ++k) {
    std::vector<UnixSeconds> common;
    std::set_intersection(times.begin(), times.end(), kept[k].times.begin(), kept[k].times.end(),
                          std::back_inserter(common));
    times = std::move(common);
  }
  if (times.empty()) throw Error("the symbols have no bar time in common");
  Eigen::MatrixXd prices(Eigen::Index(times.size()), Eigen::Index(kept.size()));
  for (std::size_t k = 0; k < kept.size(); ++k) {
    scan.symbols.push_back(kept[k].symbol);
    std::size_t at = 0;
    for (std::size_t r = 0; r < times.size(); ++r) {
      while (kept[k].times[at] != times[r])
        ++at;
      prices(Eigen::Index(r), Eigen::Index(k)) = kept[k].values[at];
    }
  }
  result.screening = screen_pairs(scan.symbols, prices, request.screening);
  const Screening& s = result.screening;
  scan.data_start = times.front();
  scan.data_end = times.back();
  scan.rows = s.rows;
  scan.formation_rows = s.formation_rows;
  scan.formation_end = times[std::size_t(s.formation_rows - 1)];
  scan.pairs = s.pairs;
  scan.passed_correlation = s.passed_correlation;
  scan.passed_cointegration = s.passed_cointegration;
  scan.fitted_garch = s.fitted_garch;
  scan.selected = s.selected;
  const ScreeningOptions& o = request.screening;
  scan.options = nlohmann::json{
      {"min_correlation", o.min_correlation},
      {"max_coint_pvalue", o.max_coint_pvalue},
      {"min_score", o.min_score},
      {"correlate", o.correlate_returns ? "log_returns" : "prices"},
      {"holdout_fraction", o.holdout_fraction},
      {"entry_z", o.entry_z},
      {"exit_z",
       o.exit_z}}.dump();
  scan.created_at = now_utc();
  scan.id = store.record_pair_scan(scan, s.candidates);
  refresh_pair_rankings(store, request.as_of);
  return result;
}

}  // namespace quantloop::pairs
