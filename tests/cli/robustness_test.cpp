// Processes dying and competing: a killed ingest leaves the database as it was, and readers
// running beside writers never see "database is locked".
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <csignal>
#include <nlohmann/json.hpp>
#include <thread>

#include "test_support.h"

namespace quantloop {
namespace {

using testing::bundled_data;
using testing::run_quantloop;
using testing::spawn_quantloop;
using testing::TempDir;

std::int64_t count_rows(const std::string& db) {
  auto result =
      run_quantloop({"--db", db, "sql", "SELECT COUNT(*) AS n FROM market_data", "--json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return nlohmann::json::parse(result.out)[0]["n"].get<std::int64_t>();
}

TEST(Robustness, KillDuringAWriteLeavesTheDatabaseAsItWas) {
  TempDir dir;
  const std::string db = dir.file("q.db");
  ASSERT_EQ(
      run_quantloop({"--db", db, "ingest", "csv", bundled_data("daily/AAPL_data.csv").string()})
          .exit_code,
      0);
  const std::int64_t before = count_rows(db);
  ASSERT_EQ(before, 1260);

  // About 2.9 million minute bars: seconds of writing, in one transaction.
  const std::vector<std::string> big{"--db",      db,        "ingest",     "synthetic",
                                     "--symbols", "BTC-USD", "--interval", "1m",
                                     "--days",    "2000",    "--end",      "2024-01-01"};
  const int pid = spawn_quantloop(big, dir.file("out"), dir.file("err"));
  // Wait until the write transaction has spilled into the WAL, then kill without warning.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::error_code ec;
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::filesystem::file_size(db + "-wal", ec) > (8u << 20) && !ec) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status))
      << "the ingest finished before it could be killed: make it bigger";

  EXPECT_EQ(testing::sqlite_value(db, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(count_rows(db), before);
  // And the next run works as if nothing happened.
  auto rerun = run_quantloop({"--db", db, "ingest", "synthetic", "--symbols", "BTC-USD",
                              "--interval", "1h", "--days", "10", "--end", "2024-01-01", "--json"});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(count_rows(db),
            before + nlohmann::json::parse(rerun.out)["inserted"].get<std::int64_t>());
}

TEST(Robustness, ReadersNeverSeeTheDatabaseLockedWhileWritersWrite) {
  TempDir dir;
  const std::string db = dir.file("q.db");
  ASSERT_EQ(
      run_quantloop({"--db", db, "ingest", "csv", bundled_data("daily/AAPL_data.csv").string()})
          .exit_code,
      0);

  std::atomic<bool> writing{true};
  std::vector<std::string> failures;
  std::mutex mutex;
  auto record = [&](const testing::ProcessResult& result, const std::string& what) {
    if (result.exit_code != 0 || result.err.find("locked") != std::string::npos) {
      std::lock_guard lock(mutex);
      failures.push_back(what + ": exit " + std::to_string(result.exit_code) + ": " + result.err);
    }
  };
  // Two writers at once: the second waits for the first's transaction instead of failing.
  std::thread writer([&] {
    for (int seed = 1; seed <= 3; ++seed) {
      record(run_quantloop({"--db", db, "ingest", "synthetic", "--symbols", "ETH-USD", "--interval",
                            "1m", "--days", "60", "--end", "2024-01-01", "--seed",
                            std::to_string(seed)}),
             "writer");
    }
    writing = false;
  });
  std::thread second_writer([&] {
    record(run_quantloop({"--db", db, "ingest", "csv",
                          bundled_data("intraday/Coinbase_BTCUSD_1h.csv").string()}),
           "second writer");
  });
  int reads = 0;
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&, r] {
      while (writing) {
        record(run_quantloop({"--db", db, r ? "check" : "query", r ? "--json" : "stats"}),
               "reader");
        std::lock_guard lock(mutex);
        ++reads;
      }
    });
  }
  writer.join();
  second_writer.join();
  for (auto& reader : readers)
    reader.join();
  EXPECT_TRUE(failures.empty()) << failures.front();
  EXPECT_GT(reads, 4);
  EXPECT_EQ(testing::sqlite_value(db, "PRAGMA integrity_check"), "ok");
}

}  // namespace
}  // namespace quantloop
