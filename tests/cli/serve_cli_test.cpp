// `quantloop serve` as a process: it answers while another process trains and promotes, shows
// a promotion within a second, and drains and exits 0 on SIGTERM.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "test_support.h"

namespace quantloop {
namespace {

using nlohmann::json;
using testing::bundled_data;
using testing::contains;
using testing::run_quantloop;
using testing::TempDir;

class ServeCliTest : public ::testing::Test {
 protected:
  testing::ProcessResult quantloop(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", dir_.file("q.db")});
    return run_quantloop(args, dir_.path().string());
  }
  // Starts the server and returns its port, once it says it is serving.
  int start_server() {
    pid_ = testing::spawn_quantloop({"--db", dir_.file("q.db"), "serve", "--port", "0"},
                                    dir_.file("serve.out"), dir_.file("serve.err"),
                                    dir_.path().string());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    const std::regex serving("serving on http://127\\.0\\.0\\.1:([0-9]+)");
    while (std::chrono::steady_clock::now() < deadline) {
      std::smatch match;
      const std::string out = testing::read_file(dir_.file("serve.out"));
      if (std::regex_search(out, match, serving)) return std::stoi(match[1]);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "the server did not start: " << testing::read_file(dir_.file("serve.err"));
    return 0;
  }
  int stop_server() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = 0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  void TearDown() override {
    if (pid_ > 0) stop_server();
  }

  TempDir dir_;
  int pid_ = 0;
};

TEST_F(ServeCliTest, AnswersWhileAnotherProcessTrainsAndPromotesThenStopsCleanly) {
  ASSERT_EQ(quantloop({"ingest", "csv", bundled_data("daily/AAPL_data.csv").string(),
                       bundled_data("daily/JPM_data.csv").string()})
                .exit_code,
            0);
  ASSERT_EQ(quantloop({"train", "--mode", "full", "--symbols", "AAPL,JPM", "--model", "linear",
                       "--at", "2017-11-01T20:00Z"})
                .exit_code,
            0);
  const int port = start_server();
  ASSERT_GT(port, 0);
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(10, 0);
  auto first = client.Get("/v1/predictions/AAPL");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;

  std::atomic<bool> done{false};
  std::atomic<int> answered{0}, failed{0};
  std::thread load([&] {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(10, 0);
    while (!done) {
      auto res = c.Get("/v1/predictions/JPM");
      ++((res && res->status == 200) ? answered : failed);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  const auto trained = quantloop({"train", "--mode", "full", "--symbols", "AAPL,JPM", "--model",
                                  "linear", "--at", "2017-12-05T20:00Z"});
  EXPECT_EQ(trained.exit_code, 0) << trained.err;
  const auto promoted = quantloop({"models", "promote", "AAPL", "--version", "2"});
  ASSERT_EQ(promoted.exit_code, 0) << promoted.err;
  const auto changed = std::chrono::steady_clock::now();
  int seen = -1;
  while (seen != 2 && std::chrono::steady_clock::now() - changed < std::chrono::seconds(5)) {
    auto res = client.Get("/v1/predictions/AAPL");
    if (res && res->status == 200) seen = json::parse(res->body)["predictions"][0]["model_version"];
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(seen, 2);
  EXPECT_LT(std::chrono::steady_clock::now() - changed, std::chrono::seconds(1));
  done = true;
  load.join();
  EXPECT_GT(answered.load(), 10);
  EXPECT_EQ(failed.load(), 0);

  EXPECT_EQ(stop_server(), 0);
  EXPECT_TRUE(contains(testing::read_file(dir_.file("serve.out")), "quantloop serve stopped"));
}

TEST_F(ServeCliTest, AnAddressInUseIsAClearError) {
  ASSERT_EQ(quantloop({"ingest", "csv", bundled_data("daily/AAPL_data.csv").string()}).exit_code,
            0);
  const int port = start_server();
  ASSERT_GT(port, 0);
  const auto second = quantloop({"serve", "--port", std::to_string(port)});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_TRUE(contains(second.err, "cannot listen on 127.0.0.1:" + std::to_string(port) +
                                       ": Address already in use"))
      << second.err;
}

}  // namespace
}  // namespace quantloop
