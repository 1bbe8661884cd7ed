#pragma once

#include <optional>
#include <string>

namespace quantloop {

struct HttpResponse {
  long status = 0;
  std::string body;
  std::optional<double> retry_after_seconds;  // from a Retry-After header in seconds
};

// A blocking HTTP(S) GET client over libcurl: follows redirects, accepts gzip, sends a
// browser-like User-Agent (Yahoo refuses unknown agents). Not thread-safe; one per thread.
class HttpClient {
 public:
  explicit HttpClient(double timeout_seconds);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Any HTTP status is a response; a transport failure (DNS, connection refused, timeout, TLS)
  // throws Error naming the URL and curl's reason.
  HttpResponse get(const std::string& url);

 private:
  void* curl_;  // CURL*, kept out of this header
  double timeout_seconds_;
};

}  // namespace quantloop
