#include "data/http_client.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <mutex>

#include "core/error.h"

namespace quantloop {

namespace {

std::once_flag curl_initialised;

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

std::size_t read_header(char* data, std::size_t size, std::size_t count, void* user) {
  std::string_view line(data, size * count);
  constexpr std::string_view kRetryAfter = "retry-after:";
  if (line.size() > kRetryAfter.size()) {
    std::string name(line.substr(0, kRetryAfter.size()));
    for (char& c : name)
      c = char(std::tolower(static_cast<unsigned char>(c)));
    if (name == kRetryAfter) {
      try {
        *static_cast<std::optional<double>*>(user) =
            std::stod(std::string(line.substr(kRetryAfter.size())));
      } catch (const std::exception&) {
        // An HTTP date instead of seconds: fall back to our own backoff.
      }
    }
  }
  return size * count;
}

}  // namespace

HttpClient::HttpClient(double timeout_seconds) : timeout_seconds_(timeout_seconds) {
  std::call_once(curl_initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  curl_ = curl_easy_init();
  if (!curl_) throw Error("cannot initialise libcurl");
}

HttpClient::~HttpClient() {
  curl_easy_cleanup(static_cast<CURL*>(curl_));
}

HttpResponse HttpClient::get(const std::string& url) {
  CURL* curl = static_cast<CURL*>(curl_);
  HttpResponse response;
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_reset(curl);
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, long(timeout_seconds_ * 1000));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, long(std::min(timeout_seconds_, 10.0) * 1000));
  curl_easy_setopt(curl, CURLOPT_USERAGENT,
                   "Mozilla/5.0 (X11; Linux x86_64) quantloop/0.1 (+market data ingest)");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, read_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.retry_after_seconds);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  const CURLcode rc = curl_easy_perform(curl);
  if (rc != CURLE_OK) {
    throw Error(fmt::format("GET {}: {}", url, error[0] ? error : curl_easy_strerror(rc)));
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace quantloop
