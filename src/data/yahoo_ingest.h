#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/interval.h"
#include "data/ingest.h"
#include "store/bar_store.h"

namespace quantloop {

struct YahooIngestOptions {
  std::vector<std::string> symbols;  // quantloop spelling (EURUSD, BTC-USD, ^GSPC)
  Interval interval = Interval::hour();
  std::string range = "2y";
};

// Fetches each symbol's chart from config.yahoo.base_url with the configured timeout, retries
// (exponential backoff with jitter on 429/5xx and transport errors) and request rate, then
// validates and writes every fetched series in one transaction. A symbol that cannot be fetched
// (unknown, retries exhausted) is listed in report.failed and the others are still written.
// Throws Error before fetching anything for an interval/range Yahoo would refuse.
// `sleep` waits between retries (tests make it instant).
IngestReport ingest_yahoo(BarStore& store, const Config& config, const YahooIngestOptions& options,
                          UnixSeconds now, const std::function<void(double seconds)>& sleep = {});

}  // namespace quantloop
