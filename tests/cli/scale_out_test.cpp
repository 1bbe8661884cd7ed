// A fleet on one PostgreSQL database, as separate processes standing for separate hosts
// ($QUANTLOOP_HOST): a daemon that only creates jobs and three workers share a 30-symbol run.
// One worker is killed with -9 in the middle of a job (with its job's process: the host died),
// another is paused with SIGSTOP past its lease (with its job's process: a partition) and then
// resumed. Every symbol must be trained exactly once into the registry, the run completed, no
// stale result committed, no series given two champions.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "store/store.h"
#include "test_support.h"

namespace quantloop {
namespace {

using testing::contains;

constexpr int kSymbols = 30;
constexpr int kLeaseSeconds = 4;

// The processes whose parent is `pid` (a worker's job processes).
std::vector<int> children_of(int pid) {
  std::vector<int> children;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    std::getline(stat, line);
    const auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    char state = 0;
    int parent = 0;
    if (std::sscanf(line.c_str() + close + 1, " %c %d", &state, &parent) == 2 && parent == pid) {
      children.push_back(std::stoi(name));
    }
  }
  return children;
}

// A process's state letter (R, S, T, Z...), or 0 when it is gone.
char process_state(int pid) {
  std::ifstream stat(fmt::format("/proc/{}/stat", pid));
  std::string line;
  if (!std::getline(stat, line)) return 0;
  const auto close = line.rfind(')');
  return close == std::string::npos || close + 2 >= line.size() ? 0 : line[close + 2];
}

void signal_with_jobs(int worker, int signal) {
  for (int child : children_of(worker))
    kill(child, signal);
  kill(worker, signal);
}

class ScaleOutTest : public ::testing::Test {
 protected:
  std::string value(const std::string& sql) {
    const auto table = store->run_sql(sql);
    if (table.rows.empty() || table.rows[0].empty()) return "";
    const Value& v = table.rows[0][0];
    if (auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    if (auto* s = std::get_if<std::string>(&v)) return *s;
    return "";
  }
  // The id of a symbol job `host`'s worker holds, waiting up to 60 s for one.
  std::int64_t wait_for_job_on(const std::string& host) {
    for (int i = 0; i < 600; ++i) {
      const std::string id = value(fmt::format(
          "SELECT id FROM jobs WHERE state = 'running' AND lease_owner LIKE '{}:%' AND command "
          "LIKE '%join-run%' ORDER BY id LIMIT 1",
          host));
      if (!id.empty()) return std::stoll(id);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return 0;
  }
  int start(const std::string& host, std::vector<std::string> args) {
    std::vector<std::string> all{"--db",     postgres.url(),
                                 "--config", dir.file("quantloop.toml"),
                                 "--set",    fmt::format("jobs.lease_seconds={}", kLeaseSeconds),
                                 "--set",    "jobs.retry_base_seconds=0"};
    all.insert(all.end(), args.begin(), args.end());
    return testing::spawn_quantloop(all, dir.file(host + ".out"), dir.file(host + ".err"),
                                    dir.path().string(), {{"QUANTLOOP_HOST", host}});
  }

  testing::TempDir dir;
  testing::PostgresDatabase postgres;
  std::unique_ptr<Store> store;
};

TEST_F(ScaleOutTest, ThreeWorkersShareARunThroughKillAndPause) {
  // No schedule fires during the test: the run is submitted.
  testing::write_file(dir.file("quantloop.toml"),
                      "[schedule.hourly]\nenabled = false\n[schedule.full]\nenabled = false\n");
  std::string symbols;
  for (int i = 1; i <= kSymbols; ++i)
    symbols += fmt::format("{}S{:02d}", i > 1 ? "," : "", i);
  const std::vector<std::string> db{"--db", postgres.url(), "--config", dir.file("quantloop.toml")};
  auto with_db = [&](std::vector<std::string> args) {
    args.insert(args.begin(), db.begin(), db.end());
    return testing::run_quantloop(args, dir.path().string());
  };
  ASSERT_EQ(with_db({"ingest", "synthetic", "--symbols", symbols, "--interval", "1d", "--days",
                     "400", "--end", "2026-11-20"})
                .exit_code,
            0);
  // About a second and a half of training per symbol: long enough to be caught in the middle.
  const auto submitted =
      with_db({"jobs", "submit", "train", "--mode", "full", "--symbols", symbols, "--model", "gru",
               "--epochs", "60", "--no-early-stop", "--at", "2026-11-20T20:00Z"});
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  store = Store::open(postgres.url());

  const int daemon = start("host-d", {"daemon", "--workers", "0"});
  const int a = start("host-a", {"worker"});
  const int b = start("host-b", {"worker"});
  const int c = start("host-c", {"worker"});

  // host-a dies with its job.
  const std::int64_t killed_job = wait_for_job_on("host-a");
  ASSERT_NE(killed_job, 0) << testing::read_file(dir.file("host-a.err"));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  signal_with_jobs(a, SIGKILL);
  waitpid(a, nullptr, 0);
  // host-b is cut off past its lease, in the middle of a job, then comes back.
  const std::int64_t paused_job = wait_for_job_on("host-b");
  ASSERT_NE(paused_job, 0) << testing::read_file(dir.file("host-b.err"));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  signal_with_jobs(b, SIGSTOP);
  const auto paused_token =
      value(fmt::format("SELECT fencing_token FROM jobs WHERE id = {}", paused_job));
  for (int i = 0; i < 300 && value(fmt::format("SELECT fencing_token FROM jobs WHERE id = {}",
                                               paused_job)) == paused_token;
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  // The job's process wakes first and ends (it finishes its training and tries to write its
  // result, which the fence refuses) before its worker wakes and would stop it.
  const std::vector<int> paused_processes = children_of(b);
  for (int child : paused_processes)
    kill(child, SIGCONT);
  for (int child : paused_processes) {
    for (int i = 0; i < 600 && process_state(child) != 'Z'; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  kill(b, SIGCONT);

  // Wait until no job is left.
  bool done = false;
  for (int i = 0; i < 1800 * testing::kSlowdown && !done; ++i) {
    done = value("SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')") == "0";
    if (!done) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  for (int pid : {b, c, daemon})
    kill(pid, SIGTERM);
  for (int pid : {b, c, daemon})
    waitpid(pid, nullptr, 0);
  ASSERT_TRUE(done) << testing::read_file(dir.file("host-c.err"));

  // The run is complete, with every symbol once.
  EXPECT_EQ(value("SELECT COUNT(*) FROM training_runs"), "1");
  EXPECT_EQ(value("SELECT status FROM training_runs"), "success")
      << value("SELECT error FROM training_runs");
  EXPECT_EQ(value("SELECT COUNT(*) FROM training_run_symbols"), std::to_string(kSymbols));
  EXPECT_EQ(value("SELECT COUNT(DISTINCT symbol) FROM training_run_symbols"),
            std::to_string(kSymbols));
  // One trained version per series (beside the baseline), one champion each, promoted once.
  EXPECT_EQ(value("SELECT COUNT(*) FROM model_versions WHERE version > 0"),
            std::to_string(kSymbols));
  EXPECT_EQ(value("SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM model_versions GROUP BY "
                  "symbol) AS per_series"),
            "2");
  EXPECT_EQ(value("SELECT COUNT(*) FROM model_aliases WHERE alias = 'champion'"),
            std::to_string(kSymbols));
  // The champion alias moved to each version at most once, and one decision per series judged
  // the run's model (the completion job decided, once).
  EXPECT_EQ(value("SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM alias_history WHERE alias = "
                  "'champion' GROUP BY symbol, new_version) AS per_version"),
            "1");
  EXPECT_EQ(value("SELECT COUNT(*) FROM promotion_decisions"), std::to_string(kSymbols));
  EXPECT_EQ(value("SELECT COUNT(DISTINCT symbol) FROM promotion_decisions"),
            std::to_string(kSymbols));
  // The killed job and the paused one were taken over by another host.
  for (const std::int64_t id : {killed_job, paused_job}) {
    const auto job = store->job(id);
    ASSERT_TRUE(job);
    EXPECT_EQ(job->state, "succeeded") << id << ": " << job->last_error;
    EXPECT_GE(job->attempts, 2) << id;
    EXPECT_FALSE(job->lease_owner.starts_with("host-a")) << id;
  }
  // The paused process came back and tried to write its result: refused by the fence.
  const std::string paused_log =
      testing::read_file(dir.file(fmt::format("logs/jobs/job-{}.log", paused_job)));
  EXPECT_TRUE(contains(paused_log, "fencing token")) << paused_log;
  EXPECT_TRUE(contains(testing::read_file(dir.file("host-b.out")), "lost"))
      << testing::read_file(dir.file("host-b.out"));
  // The fleet as status saw it: four processes on four hosts.
  std::set<std::string> hosts;
  for (const auto& w : store->worker_beats(0))
    hosts.insert(w.host);
  EXPECT_EQ(hosts, (std::set<std::string>{"host-a", "host-b", "host-c", "host-d"}));
}

}  // namespace
}  // namespace quantloop
