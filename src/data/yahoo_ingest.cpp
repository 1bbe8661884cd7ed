#include "data/yahoo_ingest.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <thread>

#include "core/error.h"
#include "core/interrupt.h"
#include "data/http_client.h"
#include "data/rate_limiter.h"
#include "data/retry.h"
#include "data/yahoo_chart.h"

namespace quantloop {

IngestReport ingest_yahoo(BarStore& store, const Config& config, const YahooIngestOptions& options,
                          UnixSeconds now, const std::function<void(double)>& sleep) {
  const auto started = std::chrono::steady_clock::now();
  check_yahoo_request(options.interval, options.range);
  auto wait = sleep ? sleep : [](double seconds) {
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  };
  HttpClient client(config.yahoo.timeout_seconds);
  RateLimiter limiter(config.yahoo.requests_per_second);
  const RetryPolicy policy{config.yahoo.max_retries, config.yahoo.backoff_initial_seconds};
  std::mt19937_64 random(std::random_device{}());

  IngestReport report;
  std::deque<YahooChart> charts;  // bars point into these until written
  std::vector<BarGroup> groups;
  for (std::size_t i = 0; i < options.symbols.size(); ++i) {
    const std::string symbol = canonical_symbol(options.symbols[i]);
    const std::string url =
        yahoo_chart_url(config.yahoo.base_url, yahoo_symbol(symbol, config.asset_type_of(symbol)),
                        options.interval, options.range);
    try {
      HttpResponse response = with_retries(
          policy,
          [&] {
            limiter.acquire();
            return client.get(url);
          },
          wait, random);
      charts.push_back(parse_yahoo_chart(response.body, response.status, url, options.interval));
    } catch (const Interrupted&) {
      throw;
    } catch (const Error& e) {
      spdlog::error("{}: {}", symbol, e.what());
      report.failed.push_back({symbol, e.what()});
      continue;
    }
    YahooChart& chart = charts.back();
    report.missing_rows += chart.null_rows;
    // Yahoo answers with the bar under way as if it were one: a bar is stored only once it is
    // complete (open + interval <= the fetch), so no close, feature or outcome is ever taken
    // from a price that is still moving. The next fetch brings it final.
    const auto under_way = std::remove_if(
        chart.bars.begin(), chart.bars.end(),
        [&](const SourcedBar& b) { return !options.interval.complete_at(b.bar.time, now); });
    report.in_progress += chart.bars.end() - under_way;
    chart.bars.erase(under_way, chart.bars.end());
    spdlog::info("[{}/{}] {}: {} bars{}", i + 1, options.symbols.size(), symbol, chart.bars.size(),
                 chart.null_rows ? fmt::format(" ({} empty rows skipped)", chart.null_rows) : "");
    groups.push_back({symbol, options.interval, chart.bars, options.range});
  }
  validate_and_write(store, config, std::move(groups), {}, now, report);
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace quantloop
