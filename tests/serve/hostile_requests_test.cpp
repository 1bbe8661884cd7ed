// Malformed and hostile requests over raw sockets: the server refuses what it must, times out
// slow clients, survives a thousand connections at once, and keeps answering.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include "serve_fixture.h"

namespace quantloop::serve {
namespace {

using testing::ServeFixture;

int connect_to(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(std::uint16_t(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

void send_all(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;  // the server may close first: that is an answer too
    sent += std::size_t(n);
  }
}

// Whether `reply` holds one whole response (head and the body its Content-Length announces).
bool complete(const std::string& reply) {
  const auto head_end = reply.find("\r\n\r\n");
  if (head_end == std::string::npos) return false;
  const auto length = reply.find("Content-Length: ");
  const std::size_t body =
      length == std::string::npos ? 0 : std::size_t(std::atol(reply.c_str() + length + 16));
  return reply.size() >= head_end + 4 + body;
}

// What the server did with a connection: what it sent, whether it closed it, and when.
struct Reply {
  std::string text;
  bool closed = false;
  double seconds = 0;
};

// One whole response, or what came until the server closed the connection or `seconds` passed.
Reply read_reply(int fd, double seconds) {
  Reply reply;
  const auto started = std::chrono::steady_clock::now();
  const auto deadline = started + std::chrono::duration<double>(seconds);
  char buffer[4096];
  while (std::chrono::steady_clock::now() < deadline && !complete(reply.text)) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) {
      reply.closed = true;
      break;
    }
    reply.text.append(buffer, std::size_t(n));
  }
  reply.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return reply;
}

int status_of(const std::string& reply) {
  if (reply.rfind("HTTP/1.1 ", 0) != 0) return 0;
  return std::atoi(reply.c_str() + 9);
}

class HostileRequests : public ServeFixture {
 protected:
  // The server answers a plain request, promptly.
  void expect_answering() {
    const auto started = std::chrono::steady_clock::now();
    httplib::Client fresh("127.0.0.1", port);
    fresh.set_read_timeout(20, 0);
    auto res = fresh.Get("/v1/predictions/EURUSD");
    ASSERT_TRUE(res) << "no answer";
    EXPECT_EQ(res->status, 200);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(15));
  }
};

TEST_F(HostileRequests, OversizedAndMalformedRequestsAreRefused) {
  start();
  struct Case {
    std::string name, request;
  };
  const std::vector<Case> cases{
      {"a 10 KiB request line",
       "GET /v1/predictions/" + std::string(10240, 'A') + " HTTP/1.1\r\nHost: x\r\n\r\n"},
      {"a 64 KiB header",
       "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(65536, 'b') + "\r\n\r\n"},
      {"bad UTF-8 in the path", "GET /v1/predictions/\xff\xfe\xfd HTTP/1.1\r\nHost: x\r\n\r\n"},
      {"bad UTF-8 in a parameter", "GET /v1/predictions?top=\xc3\x28 HTTP/1.1\r\nHost: x\r\n\r\n"},
      {"not HTTP", std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) + "\r\n\r\n"},
      {"a 100 MB body announced",
       "POST /v1/cache/refresh HTTP/1.1\r\nHost: x\r\n"
       "Content-Length: 100000000\r\n\r\n"},
      {"a negative length",
       "POST /v1/cache/refresh HTTP/1.1\r\nHost: x\r\n"
       "Content-Length: -5\r\n\r\n"},
  };
  for (const auto& c : cases) {
    const int fd = connect_to(port);
    ASSERT_GE(fd, 0);
    send_all(fd, c.request);
    const Reply reply = read_reply(fd, 5);
    close(fd);
    const int status = status_of(reply.text);
    // Refused with a client error, or the connection closed without an answer, promptly: a
    // server that hangs on it fails.
    const bool refused = status >= 400 && status < 500;
    const bool dropped = status == 0 && reply.closed && reply.seconds < 3;
    EXPECT_TRUE(refused || dropped) << c.name << ": " << (reply.closed ? "closed" : "open")
                                    << " after " << reply.seconds << " s: " << reply.text;
    expect_answering();
  }
}

// `curl -X POST URL` sends neither Content-Length nor Transfer-Encoding: the body is empty, and
// the answer must not wait for one (httplib 0.11 alone waits out the read timeout, then says
// 400). The refresh does real work, so only the answers that do none are timed.
TEST_F(HostileRequests, APostWithoutABodyIsAnsweredAtOnce) {
  config.serve.token = "secret";
  start();
  struct Case {
    std::string target, authorization;
    int status;
    bool timed;
  };
  const std::vector<Case> cases{
      {"/v1/cache/refresh", "Bearer secret", 200, false},
      {"/v1/cache/refresh", "Bearer wrong", 401, true},
      {"/v1/models/EURUSD/rollback?to=99", "Bearer secret", 409, true},
      {"/v1/nothing/here", "Bearer secret", 404, true},
  };
  for (const auto& c : cases) {
    const int fd = connect_to(port);
    ASSERT_GE(fd, 0);
    const auto started = std::chrono::steady_clock::now();
    send_all(fd, "POST " + c.target + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + c.authorization +
                     "\r\n\r\n");
    const std::string reply = read_reply(fd, 5).text;
    const double waited =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    close(fd);
    EXPECT_EQ(status_of(reply), c.status) << c.target << ": " << reply;
    EXPECT_NE(reply.find("application/json"), std::string::npos) << reply;
    if (c.timed) {
      EXPECT_LT(waited, 1.0) << c.target << " waited for a body";
    }
  }
}

TEST_F(HostileRequests, SlowClientsTimeOut) {
  start();
  const int fd = connect_to(port);
  ASSERT_GE(fd, 0);
  send_all(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n");  // and never the blank line
  const auto started = std::chrono::steady_clock::now();
  read_reply(fd, 30);
  const double waited =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  close(fd);
  EXPECT_LT(waited, 10.0) << "the server waited for the slow client";
  expect_answering();
}

TEST_F(HostileRequests, AThousandConnectionsAtOnceAndTheServerKeepsAnswering) {
  rlimit files{};
  getrlimit(RLIMIT_NOFILE, &files);
  files.rlim_cur = files.rlim_max;
  setrlimit(RLIMIT_NOFILE, &files);
  ASSERT_GE(files.rlim_cur, 2500u) << "the test needs 2,500 file descriptors (ulimit -n)";
  start();
  std::vector<int> sockets;
  for (int i = 0; i < 1000; ++i) {
    const int fd = connect_to(port);
    ASSERT_GE(fd, 0) << "connection " << i << " refused";
    sockets.push_back(fd);
    switch (i % 4) {
      case 0:  // idle
        break;
      case 1:  // a request that never ends
        send_all(fd, "GET /v1/predictions/EURUSD HTTP/1.1\r\nHost: x\r\n");
        break;
      case 2:
        send_all(fd, "GET /v1/predictions/\xff\xff HTTP/1.1\r\nHost: x\r\n\r\n");
        break;
      case 3:
        send_all(fd, "GET /v1/predictions/EURUSD HTTP/1.1\r\nHost: x\r\n\r\n");
        break;
    }
  }
  // While all of them are open, a well-behaved client is answered.
  expect_answering();
  // Every connection watched at once until each is answered or closed (30 s at most): every
  // well-behaved request is answered; a hostile one is refused or dropped, and counted.
  std::vector<std::string> replies(sockets.size());
  std::vector<bool> closed(sockets.size(), false);
  const auto done = [&](std::size_t i) {
    return closed[i] || (i % 4 == 3 && complete(replies[i]));
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  char buffer[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    std::vector<pollfd> watched;
    std::vector<std::size_t> index;
    for (std::size_t i = 0; i < sockets.size(); ++i) {
      if (done(i)) continue;
      watched.push_back({sockets[i], POLLIN, 0});
      index.push_back(i);
    }
    if (watched.empty()) break;
    if (poll(watched.data(), watched.size(), 100) <= 0) continue;
    for (std::size_t k = 0; k < watched.size(); ++k) {
      if (!(watched[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = recv(watched[k].fd, buffer, sizeof buffer, 0);
      if (n <= 0) {
        closed[index[k]] = true;
      } else {
        replies[index[k]].append(buffer, std::size_t(n));
      }
    }
  }
  int answered = 0, hostile_refused = 0, hostile_dropped = 0, hostile_open = 0;
  for (std::size_t i = 0; i < sockets.size(); ++i) {
    const int status = status_of(replies[i]);
    if (i % 4 == 3) {
      answered += status == 200 && complete(replies[i]);
    } else if (status >= 400 && status < 500) {
      ++hostile_refused;
    } else if (closed[i]) {
      ++hostile_dropped;
    } else {
      ++hostile_open;
    }
    if (i % 4 == 2) {
      EXPECT_TRUE((status >= 400 && status < 500) || closed[i])
          << "a request with bad UTF-8 was neither refused nor dropped: " << replies[i];
    }
  }
  for (int fd : sockets)
    close(fd);
  std::cout << "1,000 connections: " << answered << " of 250 well-behaved requests answered; of "
            << "750 hostile ones " << hostile_refused << " refused, " << hostile_dropped
            << " dropped, " << hostile_open << " still open after 30 s\n";
  RecordProperty("hostile_refused", hostile_refused);
  RecordProperty("hostile_dropped", hostile_dropped);
  EXPECT_EQ(answered, 250) << "a well-behaved request went unanswered";
  for (int i = 0; i < 20; ++i)
    expect_answering();
}

}  // namespace
}  // namespace quantloop::serve
