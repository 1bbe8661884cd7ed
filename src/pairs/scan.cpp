#include "pairs/scan.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "core/error.h"

namespace quantloop::pairs {

ScanResult run_scan(Store& store, const ScanRequest& request) {
  if (request.symbols.size() < 2) throw Error("a pair scan needs at least 2 symbols");
  const UnixSeconds last_start = request.as_of - request.interval.seconds();
  ScanResult result;
  PairScan& scan = result.scan;
  scan.as_of = request.as_of;
  scan.interval = std::string(request.interval.name());

  std::vector<std::pair<std::string, std::map<UnixSeconds, double>>> closes;
  std::size_t longest = 0;
  for (const auto& symbol : request.symbols) {
    const BarSeries bars = store.read_bars(symbol, request.interval, request.from, last_start);
    std::map<UnixSeconds, double> by_time;
    for (const Bar& bar : bars.bars)
      if (std::isfinite(bar.close) && bar.close > 0) by_time.emplace(bar.time, bar.close);
    longest = std::max(longest, by_time.size());
    closes.emplace_back(symbol, std::move(by_time));
  }
  // Symbols with no bars, or far fewer than the rest, would shrink every pair's common rows.
  std::vector<std::pair<std::string, std::map<UnixSeconds, double>>> kept;
  for (auto& [symbol, by_time] : closes) {
    if (by_time.empty()) {
      scan.skipped.emplace_back(
          symbol, fmt::format("no {} bars from {} to {}", scan.interval,
                              format_iso8601(request.from), format_iso8601(last_start)));
    } else if (by_time.size() * 2 < longest) {
      scan.skipped.emplace_back(
          symbol, fmt::format("{} bars where others have {}", by_time.size(), longest));
    } else {
      kept.emplace_back(symbol, std::move(by_time));
    }
  }
  if (kept.size() < 2) {
    std::string why;
    for (const auto& [symbol, reason] : scan.skipped)
      why += fmt::format("; {}: {}", symbol, reason);
    throw Error(fmt::format("fewer than 2 symbols with {} bars to scan{}", scan.interval, why));
  }
  std::vector<UnixSeconds> times;
  for (const auto& [time, close] : kept.front().second) {
    bool everywhere = true;
    for (std::size_t k = 1; k < kept.size() && everywhere; ++k)
      everywhere = kept[k].second.count(time) > 0;
    if (everywhere) times.push_back(time);
  }
  Eigen::MatrixXd prices(Eigen::Index(times.size()), Eigen::Index(kept.size()));
  for (std::size_t k = 0; k < kept.size(); ++k) {
    scan.symbols.push_back(kept[k].first);
    for (std::size_t r = 0; r < times.size(); ++r)
      prices(Eigen::Index(r), Eigen::Index(k)) = kept[k].second.at(times[r]);
  }
  result.screening = screen_pairs(scan.symbols, prices, request.screening);
  const Screening& s = result.screening;
  scan.data_start = times.front();
  scan.data_end = times.back();
  scan.rows = s.rows;
  scan.formation_rows = s.formation_rows;
  scan.pairs = s.pairs;
  scan.passed_correlation = s.passed_correlation;
  scan.passed_cointegration = s.passed_cointegration;
  scan.fitted_garch = s.fitted_garch;
  scan.selected = s.selected;
  const ScreeningOptions& o = request.screening;
  scan.options = nlohmann::json{{"min_correlation", o.min_correlation},
                                {"max_coint_pvalue", o.max_coint_pvalue},
                                {"min_score", o.min_score},
                                {"correlate", o.correlate_returns ? "log_returns" : "prices"},
                                {"holdout_fraction", o.holdout_fraction}}
                     .dump();
  scan.created_at = now_utc();
  scan.id = store.record_pair_scan(scan, s.candidates);
  return result;
}

}  // namespace quantloop::pairs
