#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace httplib {
class Server;
}

namespace quantloop::testing {

// A loopback HTTP server that answers like Yahoo Finance's chart API from the recorded
// fixtures in tests/fixtures/yahoo:
//   AAPL      1h or 1d bars (the 1h ones with a null row, as Yahoo sends)
//   EURUSD=X  1h bars without volume
//   FLAKY     HTTP 429 (Retry-After: 0) for the first `flaky_failures` requests, then AAPL's
//   DOWN      HTTP 503 with an HTML page, always
//   SLOW      answers after 1.5 s
//   others    HTTP 404 with Yahoo's "Not Found" error JSON
class YahooReplayServer {
 public:
  YahooReplayServer();
  ~YahooReplayServer();

  std::string base_url() const;
  int requests(const std::string& symbol);
  std::atomic<int> flaky_failures{2};
  // Serve AAPL's last hourly bar with another close, as when Yahoo revises a partial bar.
  std::atomic<bool> revise_last_bar{false};
  // When not 0: AAPL's last hourly bar closes this fraction above (or below) the bar before it,
  // its high and low widened to hold the close: a bar under way, its final version, a revision.
  std::atomic<double> last_close_move{0};

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mutex_;
  std::map<std::string, int> requests_;
};

}  // namespace quantloop::testing
