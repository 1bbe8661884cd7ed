#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <string>

namespace quantloop::serve {

// Request counters by route and status and a latency histogram per route, lock-free on the
// request path, rendered in the Prometheus text format.
class HttpMetrics {
 public:
  // Registers a route label before serving starts; returns its index.
  int add_route(const std::string& label);
  void observe(int route, int status, double seconds);
  // quantloop_http_requests_total and quantloop_http_request_duration_seconds.
  std::string render() const;

  static constexpr std::array<double, 14> kBuckets{
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};
  static constexpr std::array<int, 12> kStatuses{200, 400, 401, 403, 404, 405,
                                                 413, 414, 431, 500, 503, 0};  // 0: any other

 private:
  struct Route {
    std::string label;
    std::array<std::atomic<std::uint64_t>, kStatuses.size()> by_status{};
    std::array<std::atomic<std::uint64_t>, kBuckets.size()> buckets{};  // not cumulative
    std::atomic<std::uint64_t> count{0};
    std::atomic<std::uint64_t> sum_nanoseconds{0};
  };
  std::deque<Route> routes_;  // stable addresses
};

// One metric family in the text format: "# HELP", "# TYPE", then its samples.
std::string metric_header(const std::string& name, const std::string& type,
                          const std::string& help);
// A label value escaped as the format requires (backslash, quote, newline).
std::string label_value(const std::string& value);

}  // namespace quantloop::serve
