#include "serve/metrics.h"

#include <fmt/format.h>

namespace quantloop::serve {

int HttpMetrics::add_route(const std::string& label) {
  routes_.emplace_back();
  routes_.back().label = label;
  return int(routes_.size() - 1);
}

void HttpMetrics::observe(int route, int status, double seconds) {
  Route& r = routes_[std::size_t(route)];
  std::size_t s = kStatuses.size() - 1;
  for (std::size_t i = 0; i + 1 < kStatuses.size(); ++i) {
    if (kStatuses[i] == status) s = i;
  }
  r.by_status[s].fetch_add(1, std::memory_order_relaxed);
  std::size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b])
    ++b;
  if (b < kBuckets.size()) r.buckets[b].fetch_add(1, std::memory_order_relaxed);
  r.count.fetch_add(1, std::memory_order_relaxed);
  r.sum_nanoseconds.fetch_add(std::uint64_t(seconds * 1e9), std::memory_order_relaxed);
}

std::string metric_header(const std::string& name, const std::string& type,
                          const std::string& help) {
  return fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

std::string label_value(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string HttpMetrics::render() const {
  std::string out = metric_header("quantloop_http_requests_total", "counter",
                                  "HTTP requests answered, by route and status.");
  for (const Route& r : routes_) {
    for (std::size_t s = 0; s < kStatuses.size(); ++s) {
      const auto n = r.by_status[s].load(std::memory_order_relaxed);
      if (n == 0) continue;
      out += fmt::format("quantloop_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
                         label_value(r.label),
                         kStatuses[s] == 0 ? "other" : std::to_string(kStatuses[s]), n);
    }
  }
  out += metric_header("quantloop_http_request_duration_seconds", "histogram",
                       "Time from a parsed request to its response, by route.");
  for (const Route& r : routes_) {
    const std::string label = label_value(r.label);
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < kBuckets.size(); ++b) {
      cumulative += r.buckets[b].load(std::memory_order_relaxed);
      out += fmt::format(
          "quantloop_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", label,
          kBuckets[b], cumulative);
    }
    const auto count = r.count.load(std::memory_order_relaxed);
    out += fmt::format(
        "quantloop_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", label,
        count);
    out += fmt::format("quantloop_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", label,
                       double(r.sum_nanoseconds.load(std::memory_order_relaxed)) / 1e9);
    out += fmt::format("quantloop_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", label,
                       count);
  }
  return out;
}

}  // namespace quantloop::serve
