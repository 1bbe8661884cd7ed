#include "yahoo_replay_server.h"

#include <httplib.h>
#include <netinet/tcp.h>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace quantloop::testing {

namespace {

std::string fixture(const std::string& name) {
  return read_file((source_dir() / "tests" / "fixtures" / "yahoo" / (name + ".json")).string());
}

}  // namespace

YahooReplayServer::YahooReplayServer() : server_(std::make_unique<httplib::Server>()) {
  // cpp-httplib leaves Nagle's algorithm on: every small response would wait ~40 ms.
  server_->set_socket_options([](socket_t socket) {
    httplib::default_socket_options(socket);
    int yes = 1;
    setsockopt(socket, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  });
  server_->Get(R"(/v8/finance/chart/(.+))", [this](const httplib::Request& request,
                                                   httplib::Response& response) {
    const std::string symbol = request.matches[1];
    int count;
    {
      std::lock_guard lock(mutex_);
      count = ++requests_[symbol];
    }
    const std::string interval = request.get_param_value("interval");
    auto json = [&](const std::string& body, int status = 200) {
      response.status = status;
      response.set_content(body, "application/json;charset=utf-8");
    };
    if (symbol == "AAPL" || (symbol == "FLAKY" && count > flaky_failures)) {
      std::string body = fixture(interval == "1d" ? "AAPL_1d" : "AAPL_1h");
      if (revise_last_bar && interval != "1d") {
        auto document = nlohmann::json::parse(body);
        auto& quote = document["chart"]["result"][0]["indicators"]["quote"][0];
        quote["close"].back() =
            (quote["high"].back().get<double>() + quote["low"].back().get<double>()) / 2;
        body = document.dump();
      }
      if (const double move = last_close_move; move != 0 && interval != "1d") {
        auto document = nlohmann::json::parse(body);
        auto& quote = document["chart"]["result"][0]["indicators"]["quote"][0];
        auto& closes = quote["close"];
        std::size_t before = closes.size() - 2;
        while (closes[before].is_null())
          --before;
        const double close = closes[before].get<double>() * (1 + move);
        closes.back() = close;
        quote["high"].back() = std::max(quote["high"].back().get<double>(), close);
        quote["low"].back() = std::min(quote["low"].back().get<double>(), close);
        body = document.dump();
      }
      json(body);
    } else if (symbol == "FLAKY") {
      response.status = 429;
      response.set_header("Retry-After", "0");
      response.set_content("Too Many Requests\r\n", "text/plain");
    } else if (symbol == "EURUSD=X") {
      json(fixture("EURUSD_1h"));
    } else if (symbol == "DOWN") {
      response.status = 503;
      response.set_content("<html><body>Service Unavailable</body></html>", "text/html");
    } else if (symbol == "SLOW") {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      json(fixture("AAPL_1h"));
    } else {
      json(fixture("not_found"), 404);
    }
  });
  port_ = server_->bind_to_any_port("127.0.0.1");
  // The socket listens from bind on; connections queue until the accept loop runs.
  thread_ = std::thread([this] { server_->listen_after_bind(); });
}

YahooReplayServer::~YahooReplayServer() {
  server_->stop();
  thread_.join();
}

std::string YahooReplayServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

int YahooReplayServer::requests(const std::string& symbol) {
  std::lock_guard lock(mutex_);
  return requests_[symbol];
}

}  // namespace quantloop::testing
