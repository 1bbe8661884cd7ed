#include "serve/http_api.h"

#include <dirent.h>
#include <fmt/format.h>
#include <httplib.h>
#include <netdb.h>
#include <netinet/in.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <regex>
#include <set>

#include "core/error.h"
#include "registry/registry.h"
#include "registry/tables.h"
#include "serve/dashboard_assets.h"
#include "serve/dashboard_data.h"
#include "serve/metrics.h"

namespace quantloop::serve {

namespace {

// Connections served at once (cpp-httplib serves a connection per thread): hundreds of slow
// clients at once leave threads for the others; a connection idle for the read timeout (2 s)
// gives its thread back. An idle thread costs about 70 KiB of memory.
constexpr std::size_t kThreads = 512;
constexpr std::size_t kMaxBody = 64 * 1024;

std::string dump(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// With a charset, JSON is a type Debian's cpp-httplib does not compress on its own: it picks
// brotli at quality 11 whenever a client offers `br` (3 ms for a 500-byte prediction, 120 ms for
// a 14 KB page). The dashboard's larger documents are gzipped by send_page_json instead.
constexpr const char* kJsonType = "application/json; charset=utf-8";

void send_json(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, kJsonType);
}

void send_error(httplib::Response& res, int status, const std::string& message) {
  send_json(res, status, dump({{"error", message}}));
}

// A symbol as quantloop stores them: letters, digits and . ^ = _ -, at most 32.
bool valid_symbol(const std::string& s) {
  if (s.empty() || s.size() > 32) return false;
  for (unsigned char c : s) {
    if (!std::isalnum(c) && c != '.' && c != '^' && c != '=' && c != '_' && c != '-') return false;
  }
  return true;
}

// An integer parameter in [lo, hi]; nullopt when absent; throws the 400 message when bad.
std::optional<int> int_param(const httplib::Request& req, const std::string& name, int lo, int hi) {
  if (!req.has_param(name.c_str())) return std::nullopt;
  const std::string text = req.get_param_value(name.c_str());
  char* end = nullptr;
  errno = 0;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || value < lo || value > hi) {
    throw std::invalid_argument(
        fmt::format("parameter {} must be an integer in [{}, {}]", name, lo, hi));
  }
  return int(value);
}

// gzip (zlib's wrapper, level 6) of `body`: 14 KB in about a millisecond.
std::string gzip(std::string_view body) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, uLong(body.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  z.avail_in = uInt(body.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// A JSON body gzipped when the client takes gzip and it is worth it.
void send_page_json(const httplib::Request& req, httplib::Response& res, const std::string& body) {
  res.status = 200;
  res.set_header("Vary", "Accept-Encoding");
  if (body.size() > 1024 &&
      req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(gzip(body), kJsonType);
  } else {
    res.set_content(body, kJsonType);
  }
}

// The (\d+) of a route, as an id; too many digits is a bad request, not a server error.
std::int64_t id_of(const httplib::Request& req) {
  const std::string text = req.matches[1];
  std::int64_t id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw std::invalid_argument("the id is not a 64-bit integer");
  }
  return id;
}

std::string interval_param(const httplib::Request& req) {
  if (!req.has_param("interval")) return {};
  const std::string text = req.get_param_value("interval");
  if (!Interval::try_parse(text)) {
    throw std::invalid_argument(
        fmt::format("parameter interval must be one of {}", Interval::all_names()));
  }
  return text;
}

// Constant time: the comparison does not tell an attacker how much of a guess was right.
bool same_secret(const std::string& a, const std::string& b) {
  unsigned char differ = a.size() != b.size();
  for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    differ |= (i < a.size() ? a[i] : 0) ^ (i < b.size() ? b[i] : 0);
  }
  return differ == 0;
}

// cpp-httplib (Debian's compiled 0.11) listens with a backlog of 5: a burst of connections
// would wait for SYN retransmissions. listen() again on the bound socket widens the queue
// (Linux permits it); the socket is found by the port it is bound to.
void widen_backlog(int port) {
  DIR* fds = opendir("/proc/self/fd");
  if (!fds) return;
  while (dirent* entry = readdir(fds)) {
    const int fd = std::atoi(entry->d_name);
    if (fd <= 2) continue;
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) continue;
    int bound = -1;
    if (address.ss_family == AF_INET)
      bound = ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
    if (address.ss_family == AF_INET6)
      bound = ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
    int listening = 0;
    socklen_t size = sizeof listening;
    if (bound == port && getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) == 0 &&
        listening) {
      ::listen(fd, SOMAXCONN);
    }
  }
  closedir(fds);
}

// cpp-httplib binds with SO_REUSEPORT, so a second server on a port in use would share it
// silently: a plain bind first tells that the address is taken.
void check_address_free(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 || !found) {
    throw Error(fmt::format("cannot listen on {}:{}: unknown host", host, port));
  }
  const int fd = socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  const int yes = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);  // TIME_WAIT is no obstacle
  const bool taken = ::bind(fd, found->ai_addr, found->ai_addrlen) != 0;
  const int error = errno;
  close(fd);
  freeaddrinfo(found);
  if (taken) {
    throw Error(fmt::format("cannot listen on {}:{}: {}", host, port, std::strerror(error)));
  }
}

}  // namespace

struct HttpApi::Impl {
  PredictionService& service;
  const Config& config;
  httplib::Server server;
  HttpMetrics metrics;
  int other_route = 0;

  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
  struct PostRoute {
    std::string pattern;
    Handler handler;
    std::regex regex;
  };
  std::vector<PostRoute> post_routes;

  // A POST with neither Content-Length nor Transfer-Encoding has an empty body (RFC 9112
  // section 6.3), as `curl -X POST` sends it; httplib 0.11 would wait for a body until the
  // read timeout and answer 400 (fixed upstream in 0.28), so such requests are routed here.
  httplib::Server::HandlerResponse post_without_body(const httplib::Request& req,
                                                     httplib::Response& res) {
    for (const auto& route : post_routes) {
      httplib::Request matched = req;
      if (std::regex_match(matched.path, matched.matches, route.regex)) {
        route.handler(matched, res);
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    send_error(res, 404, fmt::format("no such endpoint: POST {}", req.path.substr(0, 200)));
    metrics.observe(other_route, 404, 0);
    return httplib::Server::HandlerResponse::Handled;
  }

  Impl(PredictionService& s, const Config& c) : service(s), config(c) {}

  // Registers a route whose requests are counted and timed under `label`; a handler's bad
  // parameter is a 400, a quantloop Error a 500, both as JSON.
  Handler timed(const std::string& label, Handler handler) {
    const int route = metrics.add_route(label);
    return [this, route, handler](const httplib::Request& req, httplib::Response& res) {
      const auto started = std::chrono::steady_clock::now();
      try {
        handler(req, res);
      } catch (const std::invalid_argument& e) {
        send_error(res, 400, e.what());
      } catch (const std::exception& e) {
        spdlog::error("{} {}: {}", req.method, req.path, e.what());
        send_error(res, 500, e.what());
      }
      metrics.observe(
          route, res.status,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    };
  }

  // The token check of the POST endpoints; false after answering.
  bool authorized(const httplib::Request& req, httplib::Response& res) {
    if (config.serve.token.empty()) {
      send_error(res, 403,
                 "disabled: no token is configured (serve.token or QUANTLOOP_SERVE_TOKEN)");
      return false;
    }
    const std::string header = req.get_header_value("Authorization");
    const std::string prefix = "Bearer ";
    if (header.rfind(prefix, 0) != 0 ||
        !same_secret(header.substr(prefix.size()), config.serve.token)) {
      res.set_header("WWW-Authenticate", "Bearer");
      send_error(res, 401, "a valid Authorization: Bearer token is required");
      return false;
    }
    return true;
  }

  // The {symbol} of a route: its first capture, or what follows the last '/'.
  std::string symbol_of(const httplib::Request& req) {
    const std::string symbol = req.matches.size() > 1 ? std::string(req.matches[1])
                                                      : req.path.substr(req.path.rfind('/') + 1);
    if (!valid_symbol(symbol)) {
      throw std::invalid_argument("invalid symbol: letters, digits and . ^ = _ - only, at most 32");
    }
    return canonical_symbol(symbol);
  }

  void routes() {
    // The hot route is matched by prefix before httplib's regular expressions are tried: a
    // cached prediction costs a map lookup, not a regex per route.
    const std::string prefix = "/v1/predictions/";
    auto predictions = timed("/v1/predictions/{symbol}", [this](const auto& req, auto& res) {
      const auto answer = service.predictions(symbol_of(req), interval_param(req));
      send_json(res, answer.status, answer.body);
    });
    server.set_pre_routing_handler([=, this](const httplib::Request& req, httplib::Response& res) {
      if (req.method == "POST" && !req.has_header("Content-Length") &&
          !req.has_header("Transfer-Encoding")) {
        return post_without_body(req, res);
      }
      if (req.method != "GET" || req.path.compare(0, prefix.size(), prefix) != 0 ||
          req.path.find('/', prefix.size()) != std::string::npos) {
        return httplib::Server::HandlerResponse::Unhandled;
      }
      predictions(req, res);
      return httplib::Server::HandlerResponse::Handled;
    });
    server.Get("/v1/predictions", timed("/v1/predictions", [this](const auto& req, auto& res) {
                 const int n = int_param(req, "top", 1, 1000).value_or(config.serve.top);
                 const auto answer = service.top(n);
                 send_json(res, answer.status, answer.body);
               }));
    server.Get(
        "/v1/models", timed("/v1/models", [this](const auto&, auto& res) {
          nlohmann::json body;
          service.with_store([&](Store& store) { body = to_json(registry::series_table(store)); });
          send_json(res, 200, dump(body));
        }));
    server.Get(R"(/v1/models/([^/]+))",
               timed("/v1/models/{symbol}", [this](const auto& req, auto& res) {
                 const std::string symbol = symbol_of(req);
                 nlohmann::json series = nlohmann::json::array();
                 service.with_store([&](Store& store) { series = series_of(store, symbol); });
                 if (series.empty()) {
                   send_error(res, 404, fmt::format("{} has no models", symbol));
                   return;
                 }
                 send_json(res, 200, dump({{"symbol", symbol}, {"series", series}}));
               }));
    server.Get(
        "/v1/runs", timed("/v1/runs", [this](const auto& req, auto& res) {
          const int limit = int_param(req, "limit", 1, 10000).value_or(20);
          nlohmann::json body;
          service.with_store([&](Store& store) { body = to_json(store.recent_runs(limit)); });
          send_json(res, 200, dump(body));
        }));
    server.Get("/v1/promotions", timed("/v1/promotions", [this](const auto& req, auto& res) {
                 const int limit = int_param(req, "limit", 1, 10000).value_or(100);
                 std::string symbol;
                 if (req.has_param("symbol")) {
                   symbol = req.get_param_value("symbol");
                   if (!valid_symbol(symbol)) throw std::invalid_argument("invalid symbol");
                   symbol = canonical_symbol(symbol);
                 }
                 std::vector<PromotionDecision> shown;
                 service.with_store(
                     [&](Store& store) { shown = store.promotion_decisions(symbol, "", limit); });
                 send_json(res, 200, dump(to_json(registry::decisions_table(shown))));
               }));
    server.Get("/healthz", timed("/healthz", [](const auto&, auto& res) {
                 send_json(res, 200, R"({"status":"ok"})");
               }));
    server.Get("/readyz", timed("/readyz", [this](const auto&, auto& res) {
                 nlohmann::json detail;
                 const bool ready = service.ready(detail);
                 send_json(res, ready ? 200 : 503, dump(detail));
               }));
    server.Get("/metrics", timed("/metrics", [this](const auto&, auto& res) {
                 res.status = 200;
                 res.set_content(metrics.render() + service.metrics_text(),
                                 "text/plain; version=0.0.4");
               }));
    dashboard_routes();
    post_routes = {
        {R"(/v1/models/([^/]+)/rollback)", timed("/v1/models/{symbol}/rollback",
                                                 [this](const auto& req, auto& res) {
                                                   if (!authorized(req, res)) return;
                                                   rollback(req, res);
                                                 })},
        {"/v1/cache/refresh", timed("/v1/cache/refresh",
                                    [this](const auto& req, auto& res) {
                                      if (!authorized(req, res)) return;
                                      const std::size_t made = service.refresh();
                                      send_json(res, 200, dump({{"refreshed", made}}));
                                    })},
    };
    for (auto& route : post_routes) {
      route.regex = std::regex(route.pattern);
      server.Post(route.pattern, route.handler);
    }
    other_route = metrics.add_route("other");
    server.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
      // httplib calls this for every status >= 400: a handler's own JSON error stays as it is.
      if (!res.body.empty()) return;
      // Requests no route took (404), or that httplib refused (400, 413, 414, ...).
      const int status = res.status > 0 ? res.status : 500;
      send_error(res, status,
                 status == 404
                     ? fmt::format("no such endpoint: {} {}", req.method, req.path.substr(0, 200))
                     : fmt::format("the request was refused (HTTP {})", status));
      metrics.observe(other_route, status, 0);
    });
  }

  // The dashboard (issue 12): its files at / and /assets/, and the JSON of each page under
  // /v1/dashboard/. The page may load nothing from elsewhere (Content-Security-Policy).
  void dashboard_routes() {
    for (const Asset& asset : dashboard_assets()) {
      const std::string path(asset.path);
      server.Get(
          path, timed(path == "/" ? "/" : "/assets/{file}", [asset](const auto&, auto& res) {
            res.status = 200;
            res.set_header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
            res.set_header("X-Content-Type-Options", "nosniff");
            res.set_header("Referrer-Policy", "no-referrer");
            // index.html names the others by their content's hash: they never change.
            res.set_header("Cache-Control",
                           asset.path == "/" ? "no-cache" : "public, max-age=31536000, immutable");
            res.set_content(reinterpret_cast<const char*>(asset.bytes.data()), asset.bytes.size(),
                            std::string(asset.content_type));
          }));
    }
    const auto json_route =
        [this](const std::string& pattern, const std::string& label,
               std::function<nlohmann::json(const httplib::Request&, Store&)> make) {
          server.Get(pattern, timed(label, [this, make](const auto& req, auto& res) {
                       nlohmann::json body;
                       service.with_store([&](Store& store) { body = make(req, store); });
                       if (body.is_object() && body.empty()) {
                         send_error(res, 404,
                                    fmt::format("nothing at {}", req.path.substr(0, 200)));
                         return;
                       }
                       send_page_json(req, res, dump(body));
                     }));
        };
    json_route("/v1/dashboard/overview", "/v1/dashboard/overview", [this](const auto&, Store& s) {
      HealthInputs in;
      in.config = &config;
      in.database = service.database_url();
      in.store = &s;
      in.cache = service.cache_figures();
      in.now = now_utc();
      return dashboard::overview(in);
    });
    json_route("/v1/dashboard/models", "/v1/dashboard/models",
               [this](const auto&, Store& s) { return dashboard::models(s, config, now_utc()); });
    json_route(R"(/v1/dashboard/models/([^/]+)/([^/]+))",
               "/v1/dashboard/models/{symbol}/{interval}", [this](const auto& req, Store& s) {
                 const std::string interval = req.matches[2];
                 if (!Interval::try_parse(interval))
                   throw std::invalid_argument("invalid interval");
                 return dashboard::model_series(s, symbol_of(req), interval);
               });
    json_route("/v1/dashboard/runs", "/v1/dashboard/runs", [](const auto& req, Store& s) {
      RunFilter filter;
      filter.limit = int_param(req, "limit", 1, 1000).value_or(50);
      filter.before_id = int_param(req, "before", 1, std::numeric_limits<int>::max()).value_or(0);
      for (const auto& [name, field] :
           {std::pair{"mode", &filter.mode}, {"status", &filter.status}}) {
        if (!req.has_param(name)) continue;
        *field = req.get_param_value(name);
        if (field->size() > 32) throw std::invalid_argument(fmt::format("invalid {}", name));
      }
      for (const auto& [name, field] : {std::pair{"from", &filter.from}, {"to", &filter.to}}) {
        if (!req.has_param(name)) continue;
        const auto t = parse_timestamp(req.get_param_value(name));
        if (!t) throw std::invalid_argument(fmt::format("parameter {} must be a UTC date", name));
        *field = *t;
      }
      return dashboard::runs(s, filter);
    });
    json_route(R"(/v1/dashboard/runs/(\d+))", "/v1/dashboard/runs/{id}",
               [](const auto& req, Store& s) { return dashboard::run(s, id_of(req)); });
    json_route("/v1/dashboard/pairs", "/v1/dashboard/pairs",
               [](const auto&, Store& s) { return dashboard::pairs(s); });
    json_route(R"(/v1/dashboard/pairs/([^/]+)/([^/]+))", "/v1/dashboard/pairs/{y}/{x}",
               [this](const auto& req, Store& s) {
                 const std::string y = req.matches[1], x = req.matches[2];
                 if (!valid_symbol(y) || !valid_symbol(x))
                   throw std::invalid_argument("invalid symbol");
                 return dashboard::pair(s, config.pairs, canonical_symbol(y), canonical_symbol(x),
                                        now_utc());
               });
    json_route("/v1/dashboard/backtests", "/v1/dashboard/backtests", [](const auto& req, Store& s) {
      return dashboard::backtests(
          s, int_param(req, "limit", 1, 1000).value_or(50),
          int_param(req, "before", 1, std::numeric_limits<int>::max()).value_or(0));
    });
    json_route(R"(/v1/dashboard/backtests/(\d+))", "/v1/dashboard/backtests/{id}",
               [](const auto& req, Store& s) { return dashboard::backtest(s, id_of(req)); });
  }

  nlohmann::json series_of(Store& store, const std::string& symbol) {
    std::map<std::string, std::vector<ModelVersion>> by_interval;
    for (auto& v : store.model_versions("", "")) {
      if (v.symbol == symbol) by_interval[v.interval].push_back(std::move(v));
    }
    nlohmann::json series = nlohmann::json::array();
    for (const auto& [interval, versions] : by_interval) {
      series.push_back(
          {{"interval", interval},
           {"versions",
            to_json(registry::versions_table(versions, store.aliases(symbol, interval)))},
           {"alias_history",
            to_json(registry::alias_history_table(store.alias_history(symbol, interval)))}});
    }
    return series;
  }

  void rollback(const httplib::Request& req, httplib::Response& res) {
    const std::string symbol = symbol_of(req);
    std::string interval = interval_param(req);
    const std::optional<int> to = int_param(req, "to", 0, 1 << 30);
    nlohmann::json body;
    int status = 200;
    service.with_store([&](Store& store) {
      std::set<std::string> intervals;
      for (const auto& a : store.aliases("", "")) {
        if (a.symbol == symbol && a.alias == "champion") intervals.insert(a.interval);
      }
      if (interval.empty() && intervals.size() == 1) interval = *intervals.begin();
      if (!intervals.count(interval)) {
        status = intervals.empty() ? 404 : 400;
        body = {{"error", intervals.empty()
                              ? fmt::format("{} has no champion", symbol)
                              : fmt::format("{} has several series: give ?interval=", symbol)}};
        return;
      }
      try {
        registry::Registry registry(store, config);
        const auto d = registry.rollback(symbol, interval, to, now_utc(), "api");
        body = to_json(registry::decisions_table({d}))[0];
      } catch (const Error& e) {
        status = 409;
        body = {{"error", e.what()}};
      }
    });
    service.invalidate(symbol);
    send_json(res, status, dump(body));
  }
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
  impl_->routes();
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
