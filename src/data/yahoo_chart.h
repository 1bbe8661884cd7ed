#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "core/asset_type.h"
#include "core/interval.h"
#include "data/sourced_bar.h"

namespace quantloop {

// Yahoo Finance's v8 chart API: GET {base}/v8/finance/chart/{symbol}?interval=I&range=R
// answers {"chart": {"result": [{"meta": {...,"gmtoffset": s}, "timestamp": [unix s...],
// "indicators": {"quote": [{"open": [...], "high": [...], "low": [...], "close": [...],
// "volume": [...]}], "adjclose": [{"adjclose": [...]}]}}], "error": null}}; an unknown symbol is
// HTTP 404 with {"chart": {"result": null, "error": {"code": "Not Found", "description": ...}}}.
// Quote arrays hold null where Yahoo has no trade for a bar.

// Yahoo's spelling of a symbol: forex pairs gain "=X" (EURUSD -> EURUSD=X).
std::string yahoo_symbol(std::string_view symbol, AssetType type);

// Yahoo serves intraday bars only for the recent past (1m: 7 days; 5m-30m: 60 days; 1h: 730
// days) and has no 4h bars. Throws Error saying so for a request it would refuse.
void check_yahoo_request(Interval interval, std::string_view range);

std::string yahoo_chart_url(std::string_view base_url, std::string_view yahoo_symbol,
                            Interval interval, std::string_view range);

struct YahooChart {
  std::vector<SourcedBar> bars;  // daily and weekly bars re-stamped to 00:00 UTC of the local date
  std::int64_t null_rows = 0;    // timestamps whose prices are null: no bar
  std::deque<std::string>
      raw;  // the URL and texts SourcedBar points into (a deque never moves them)
};

// Parses a chart response. Throws Error naming the URL with Yahoo's error description (or
// the HTTP status and the start of a body that is not Yahoo's JSON).
YahooChart parse_yahoo_chart(std::string_view body, long status, const std::string& url,
                             Interval interval);

}  // namespace quantloop
