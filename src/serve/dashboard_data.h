#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/config.h"
#include "serve/health_report.h"
#include "store/store.h"

// The JSON documents behind the dashboard's pages (issue 12), one per page, each served at its
// own endpoint (http_api.h) and read by the page's script. Lists are paged: at most `limit`
// items and the id to ask `before` for the next page.
namespace quantloop::serve::dashboard {

// The health verdict and its reasons (health_report), the schedules with their last and next
// fires.
nlohmann::json overview(const HealthInputs& in);

// Every series with its champion (version, type, age, stale), test metrics beside the coin's
// log loss, and live accuracy and log loss over the champion's latest 500 outcomes.
nlohmann::json models(Store& store, const Config& config, UnixSeconds now);

// One series: its versions, the alias history and promotion decisions (a timeline), and the
// champion's latest live predictions with their outcomes. Empty object when it has no models.
nlohmann::json model_series(Store& store, const std::string& symbol, const std::string& interval);

// A page of training runs (newest first) and how many match; one run with its symbols.
nlohmann::json runs(Store& store, const RunFilter& filter);
nlohmann::json run(Store& store, std::int64_t id);

// The latest scan's funnel, the ranking, the active pairs and open paper trades.
nlohmann::json pairs(Store& store);
// A pair: its scores and F1 over time with the 7- and 30-day trends, its spread model's
// versions, and its spread over the last `bars` bars with z-score bands at the signal
// thresholds and the GARCH(1,1) deviation filtered on the spread's changes.
nlohmann::json pair(Store& store, const PairsConfig& config, const std::string& y,
                    const std::string& x, UnixSeconds now, int bars = 250);

// One saved backtest's headline as JSON (no report): the backtests page and backtest list.
nlohmann::json saved_backtest_json(const SavedBacktest& b);
// Saved backtests; one with its report and equity series.
nlohmann::json backtests(Store& store, int limit, std::int64_t before_id);
nlohmann::json backtest(Store& store, std::int64_t id);

// The scanner: the latest scan's conditions per symbol and timeframe, its latest 50 signals with
// their trades, its open trades, and its trades closed in the `days` days before the latest scan
// (a replayed period's too) by session.
nlohmann::json scanner(Store& store, UnixSeconds now, int days = 30);

}  // namespace quantloop::serve::dashboard
