#include "serve/http_api.h"

#include <fmt/format.h>

#include "core/error.h"
#include "serve/api_routes.h"
#include "serve/listening_socket.h"

namespace quantloop::serve {

namespace {

// Connections served at once (cpp-httplib serves a connection per thread): hundreds of slow
// clients at once leave threads for the others; a connection idle for the read timeout (2 s)
// gives its thread back. An idle thread costs about 70 KiB of memory.
constexpr std::size_t kThreads = 512;
constexpr std::size_t kMaxBody = 64 * 1024;

}  // namespace

struct HttpApi::Impl : ApiRoutes {
  using ApiRoutes::ApiRoutes;
};

HttpApi::HttpApi(PredictionService& service, const Config& config)
    : impl_(std::make_unique<Impl>(service, config)) {
  auto& server = impl_->server;
  server.new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
  server.set_tcp_nodelay(true);  // else every response waits for the delayed ACK (~40 ms)
  server.set_read_timeout(2, 0);
  server.set_write_timeout(5, 0);
  server.set_keep_alive_timeout(2);
  server.set_keep_alive_max_count(100000);
  server.set_payload_max_length(kMaxBody);
  impl_->add_all();
}

HttpApi::~HttpApi() = default;

int HttpApi::bind(const std::string& host, int port) {
  if (port != 0) check_address_free(host, port);
  const int bound = port == 0 ? impl_->server.bind_to_any_port(host)
                              : (impl_->server.bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    throw Error(
        fmt::format("cannot listen on {}:{} (in use, or not an address of this host)", host, port));
  }
  widen_backlog(bound);
  return bound;
}

void HttpApi::run() {
  impl_->server.listen_after_bind();
}

void HttpApi::stop() {
  impl_->server.stop();
}

}  // namespace quantloop::serve
