// The job queue through the binary: jobs submit/list/show/retry/cancel and quantloop worker,
// with real processes: retries and their end, usage errors not retried, a SIGTERM that hands
// the running job back, and a paused worker whose outcome comes too late to be written.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "store/store.h"
#include "test_support.h"

namespace quantloop {
namespace {

using nlohmann::json;
using testing::contains;
using testing::run_quantloop;
using testing::TempDir;

class JobsCliTest : public ::testing::Test {
 protected:
  testing::ProcessResult quantloop(std::vector<std::string> args) {
    args.insert(args.begin(), {"--set", "jobs.retry_base_seconds=0"});
    return run_quantloop(args, dir.path().string());
  }
  json job(int id) {
    const auto shown = quantloop({"jobs", "show", std::to_string(id), "--json"});
    EXPECT_EQ(shown.exit_code, 0) << shown.err;
    return json::parse(shown.out);
  }
  // Waits until `id` is in `state` (or 60 s pass).
  bool wait_for_state(int id, const std::string& state) {
    for (int i = 0; i < 600; ++i) {
      if (testing::sqlite_value(dir.file("quantloop.db"), "SELECT state FROM jobs WHERE id = " +
                                                              std::to_string(id)) == state) {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  int wait_exit(int pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  // A job that trains long enough to be caught running.
  void submit_long_training() {
    ASSERT_EQ(quantloop({"ingest", "synthetic", "--symbols", "EURUSD", "--interval", "1h", "--days",
                         "60", "--end", "2026-11-20T20:00Z"})
                  .exit_code,
              0);
    const auto submitted =
        quantloop({"jobs", "submit", "train", "--mode", "hourly", "--symbols", "EURUSD", "--model",
                   "gru", "--epochs", "100000", "--no-early-stop", "--at", "2026-11-20T20:00Z"});
    ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  }
  TempDir dir;
};

TEST_F(JobsCliTest, AWorkerRunsJobsRetriesWhatMayPassAndGivesUp) {
  EXPECT_EQ(quantloop({"jobs", "submit", "ingest", "synthetic", "--symbols", "AAA", "--interval",
                       "1h", "--days", "10", "--end", "2026-11-30"})
                .exit_code,
            0);
  EXPECT_EQ(quantloop({"jobs", "submit", "check", "--interval", "9x"}).exit_code, 0);
  const auto third =
      quantloop({"jobs", "submit", "--max-attempts", "2", "stats", "adf", "--symbol", "NOPE"});
  ASSERT_EQ(third.exit_code, 0) << third.err;
  EXPECT_TRUE(contains(third.out, "job 3 queued: quantloop stats adf --symbol NOPE"));

  const auto worked = quantloop({"worker", "--until-idle", "--concurrency", "2"});
  EXPECT_EQ(worked.exit_code, 3) << worked.err;  // some job failed
  EXPECT_TRUE(contains(worked.out, "4 claimed, 1 succeeded, 0 partial, 2 failed, 1 to retry"))
      << worked.out;

  const json ingest = job(1);
  EXPECT_EQ(ingest["state"], "succeeded");
  EXPECT_EQ(ingest["attempts"], 1);
  EXPECT_EQ(ingest["exit_code"], 0);
  EXPECT_TRUE(ingest["lease_owner"].is_null());
  const json usage = job(2);
  EXPECT_EQ(usage["state"], "failed");
  EXPECT_EQ(usage["attempts"], 1) << "a usage error was retried";
  EXPECT_EQ(usage["exit_code"], 2);
  EXPECT_TRUE(contains(usage["last_error"], "no retry can pass")) << usage;
  EXPECT_TRUE(contains(usage["last_error"], "--interval")) << usage;
  const json missing = job(3);
  EXPECT_EQ(missing["state"], "failed");
  EXPECT_EQ(missing["attempts"], 2);
  EXPECT_EQ(missing["max_attempts"], 2);
  EXPECT_TRUE(contains(missing["last_error"], "NOPE")) << missing;
  // Each job's output is kept, and the worker's own lines in the rotating log.
  EXPECT_TRUE(contains(testing::read_file(dir.file("logs/jobs/job-3.log")), "NOPE"));
  const std::string log = testing::read_file(dir.file("logs/quantloop.log"));
  EXPECT_TRUE(contains(log, "job 2: failed (exit code 2, attempt 1 of 3)")) << log;
  EXPECT_TRUE(contains(log, " info [")) << log;  // time, level and process id
  // The store kept what the ingest job did.
  EXPECT_EQ(testing::sqlite_value(dir.file("quantloop.db"),
                                  "SELECT COUNT(DISTINCT symbol) FROM market_data"),
            "1");

  const auto listed = quantloop({"jobs", "list", "--state", "failed", "--json"});
  ASSERT_EQ(listed.exit_code, 0);
  EXPECT_EQ(json::parse(listed.out).size(), 2u);

  // retry and cancel, and what they refuse.
  EXPECT_EQ(quantloop({"jobs", "retry", "3"}).exit_code, 0);
  EXPECT_EQ(job(3)["state"], "queued");
  EXPECT_EQ(job(3)["attempts"], 0);
  const auto again = quantloop({"jobs", "retry", "3"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_TRUE(contains(again.err, "job 3: cannot retry a job that is queued")) << again.err;
  EXPECT_EQ(quantloop({"jobs", "cancel", "3"}).exit_code, 0);
  EXPECT_EQ(job(3)["state"], "cancelled");
  EXPECT_EQ(quantloop({"jobs", "cancel", "1"}).exit_code, 1);
  const auto unknown = quantloop({"jobs", "show", "99"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_TRUE(contains(unknown.err, "job 99: no such job")) << unknown.err;
}

TEST_F(JobsCliTest, SigtermStopsTheJobAndHandsItBack) {
  submit_long_training();
  const int worker = testing::spawn_quantloop({"worker"}, dir.file("worker.out"),
                                              dir.file("worker.err"), dir.path().string());
  ASSERT_TRUE(wait_for_state(1, "running"));
  std::this_thread::sleep_for(std::chrono::seconds(1));  // training has begun
  kill(worker, SIGTERM);
  EXPECT_EQ(wait_exit(worker), 0) << testing::read_file(dir.file("worker.err"));
  EXPECT_TRUE(contains(testing::read_file(dir.file("worker.out")), "1 released"))
      << testing::read_file(dir.file("worker.out"));
  const json released = job(1);
  EXPECT_EQ(released["state"], "queued");
  EXPECT_EQ(released["attempts"], 0) << "a released job lost an attempt";
  EXPECT_EQ(released["exit_code"], 130);
  EXPECT_TRUE(released["lease_owner"].is_null());
  // The interrupted training run is recorded as such.
  EXPECT_EQ(testing::sqlite_value(dir.file("quantloop.db"),
                                  "SELECT status FROM training_runs ORDER BY id DESC LIMIT 1"),
            "interrupted");
}

TEST_F(JobsCliTest, APausedWorkerCannotWriteAnOutcomeAfterItsLeaseMovedOn) {
  ASSERT_EQ(quantloop({"jobs", "submit", "ingest", "synthetic", "--symbols", "AAA", "--interval",
                       "1h", "--days", "30", "--end", "2026-11-30"})
                .exit_code,
            0);
  const std::vector<std::string> lease{"--set", "jobs.lease_seconds=3"};
  std::vector<std::string> paused_args = lease;
  paused_args.insert(paused_args.end(), {"worker", "--until-idle"});
  const int paused = testing::spawn_quantloop(paused_args, dir.file("paused.out"),
                                              dir.file("paused.err"), dir.path().string());
  ASSERT_TRUE(wait_for_state(1, "running"));
  kill(paused, SIGSTOP);  // its job's process goes on; its heartbeats stop
  std::this_thread::sleep_for(std::chrono::seconds(4));
  std::vector<std::string> other_args = lease;
  other_args.insert(other_args.end(), {"worker", "--until-idle"});
  const auto other = quantloop(other_args);
  EXPECT_EQ(other.exit_code, 0) << other.err;
  EXPECT_TRUE(contains(other.out, "1 claimed, 1 succeeded")) << other.out;
  const json done = job(1);
  EXPECT_EQ(done["state"], "succeeded");
  EXPECT_EQ(done["attempts"], 2);
  kill(paused, SIGCONT);
  EXPECT_EQ(wait_exit(paused), 0) << testing::read_file(dir.file("paused.err"));
  EXPECT_TRUE(contains(testing::read_file(dir.file("paused.out")), "1 lost"))
      << testing::read_file(dir.file("paused.out"));
  // What the late worker saw did not overwrite the job.
  const json after = job(1);
  EXPECT_EQ(after["state"], "succeeded");
  EXPECT_EQ(after["attempts"], 2);
  EXPECT_EQ(after["finished_at"], done["finished_at"]);
}

// A training run submitted as a job fans out: one job per symbol, shared by the worker's two
// slots, and a completion job that records the run's outcome (a symbol whose job was cancelled
// is failed with the reason), writes its report and decides the promotions.
TEST_F(JobsCliTest, ARunFansOutIntoOneJobPerSymbolAndCompletesOnItsLast) {
  ASSERT_EQ(quantloop({"ingest", "synthetic", "--symbols", "AAA,BBB,CCC,DDD", "--interval", "1d",
                       "--days", "400", "--end", "2026-11-20"})
                .exit_code,
            0);
  ASSERT_EQ(
      quantloop({"jobs", "submit", "train", "--mode", "full", "--symbols", "AAA,BBB,CCC,DDD,NOPE",
                 "--epochs", "3", "--samples-per-sequence", "4", "--at", "2026-11-20T20:00Z"})
          .exit_code,
      0);
  // Job 1 is claimed and run here as a worker would (its id and token in the environment), so
  // that one symbol job can be cancelled before any worker runs it.
  const auto db = dir.file("quantloop.db");
  {
    auto store = Store::open(db);
    const auto claimed = store->claim_job("test:1", now_utc(), 600);
    ASSERT_TRUE(claimed);
    std::vector<std::string> args{"train",
                                  "--mode",
                                  "full",
                                  "--symbols",
                                  "AAA,BBB,CCC,DDD,NOPE",
                                  "--epochs",
                                  "3",
                                  "--samples-per-sequence",
                                  "4",
                                  "--at",
                                  "2026-11-20T20:00Z"};
    const auto parent = testing::run_quantloop(
        args, dir.path().string(),
        {{"QUANTLOOP_JOB_ID", "1"},
         {"QUANTLOOP_JOB_FENCING_TOKEN", std::to_string(claimed->fencing_token)}});
    ASSERT_EQ(parent.exit_code, 0) << parent.err;
    EXPECT_TRUE(
        contains(parent.out, "run 1: 5 symbols queued as jobs 2-6; job 7 completes the run"))
        << parent.out;
    // Run again (the worker died before writing its outcome): nothing is queued twice.
    const auto again = testing::run_quantloop(
        args, dir.path().string(),
        {{"QUANTLOOP_JOB_ID", "1"},
         {"QUANTLOOP_JOB_FENCING_TOKEN", std::to_string(claimed->fencing_token)}});
    EXPECT_TRUE(contains(again.out, "job 1 fanned out before")) << again.out;
    ASSERT_TRUE(store->finish_job({1, claimed->fencing_token, "succeeded", 0, "", now_utc(), 0}));
  }
  // Each symbol's job trains as the run asked.
  EXPECT_TRUE(contains(job(2)["command"].get<std::string>(), "--samples-per-sequence 4"))
      << job(2)["command"];
  ASSERT_EQ(quantloop({"jobs", "cancel", "5"}).exit_code, 0);  // DDD's job
  const auto worked = quantloop({"worker", "--until-idle", "--concurrency", "2"});
  ASSERT_EQ(worked.exit_code, 3) << worked.err;  // NOPE's job failed
  EXPECT_TRUE(contains(worked.out, "5 claimed, 3 succeeded, 1 partial, 1 failed")) << worked.out;

  EXPECT_EQ(testing::sqlite_value(db, "SELECT status FROM training_runs WHERE id = 1"), "partial");
  EXPECT_EQ(testing::sqlite_value(db, "SELECT COUNT(*) FROM training_runs"), "1");
  EXPECT_EQ(testing::sqlite_value(db,
                                  "SELECT group_concat(symbol || ':' || status, ' ') FROM "
                                  "(SELECT symbol, status FROM training_run_symbols WHERE "
                                  "run_id = 1 ORDER BY symbol)"),
            "AAA:success BBB:success CCC:success DDD:failed NOPE:failed");
  EXPECT_TRUE(contains(
      testing::sqlite_value(db, "SELECT error FROM training_run_symbols WHERE symbol = 'DDD'"),
      "its job 5 cancelled"));
  // NOPE's job failed on its data and was not retried.
  const json nope = job(6);
  EXPECT_EQ(nope["state"], "failed");
  EXPECT_EQ(nope["exit_code"], 65);
  EXPECT_EQ(nope["attempts"], 1);
  EXPECT_EQ(job(7)["state"], "partial");
  // One model per trained symbol (and the baseline), a champion each, the report of 5 symbols.
  EXPECT_EQ(testing::sqlite_value(db, "SELECT COUNT(*) FROM model_versions WHERE version > 0"),
            "3");
  EXPECT_EQ(testing::sqlite_value(db,
                                  "SELECT COUNT(*) FROM model_aliases WHERE alias = "
                                  "'champion'"),
            "3");
  const json report = json::parse(testing::read_file(
      dir.file("models/" + testing::sqlite_value(db, "SELECT id FROM database_identity") +
               "/runs/run-1/evaluation_results.json")));
  EXPECT_EQ(report["status"], "partial");
  EXPECT_EQ(report["symbols"].size(), 5u);
  EXPECT_GT(report["symbols"][0]["test"]["rows"].get<int>(), 0);
  ASSERT_EQ(quantloop({"models", "export", "AAA", dir.file("aaa"), "--version", "1"}).exit_code, 0);
  const json exported = json::parse(testing::read_file(dir.file("aaa/model.json")));
  EXPECT_TRUE(contains(exported.dump(), "\"samples_per_sequence\":4")) << exported.dump();

  // The worker said who it was while it lived, and that it stopped.
  const auto status = quantloop({"status", "--json"});
  const json work = json::parse(status.out)["work"];
  ASSERT_EQ(work["workers"].size(), 1u);
  EXPECT_EQ(work["workers"][0]["role"], "worker");
  EXPECT_EQ(work["workers"][0]["state"], "stopped");
}

const char* kMinutely =
    "[schedule.hourly]\nenabled = false\n[schedule.full]\nenabled = false\n"
    "[schedule.minutely]\ncron = \"* * * * *\"\n"
    "job = \"ingest synthetic --symbols AAA --interval 1h --days 5 --end 2026-11-30\"\n"
    "overlap = \"queue\"\n";

TEST_F(JobsCliTest, DaemonOnceCreatesTheDueJobsAndRunsThem) {
  testing::write_file(dir.file("quantloop.toml"), kMinutely);
  const auto first = quantloop({"daemon", "--once", "--at", "2026-11-30T09:00:30Z"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_TRUE(contains(first.out, "daemon: 1 job(s) created at 2026-11-30T09:00:30Z")) << first.out;
  EXPECT_TRUE(contains(first.out, "1 claimed, 1 succeeded")) << first.out;
  // Again at the same clock: that fire has its job.
  const auto again = quantloop({"daemon", "--once", "--at", "2026-11-30T09:00:40Z"});
  EXPECT_TRUE(contains(again.out, "daemon: 0 job(s) created")) << again.out;
  const json job1 = job(1);
  EXPECT_EQ(job1["schedule"], "minutely");
  EXPECT_EQ(job1["scheduled_for"], "2026-11-30 09:00:00");
  EXPECT_EQ(job1["state"], "succeeded");
}

TEST_F(JobsCliTest, TwoDaemonsOnOnePostgresCreateOneJobPerFire) {
  testing::PostgresDatabase postgres;
  testing::write_file(dir.file("quantloop.toml"), kMinutely);
  for (int minute = 0; minute < 15; ++minute) {
    const std::string at = fmt::format("2026-11-30T09:{:02d}:05Z", minute);
    std::vector<int> daemons;
    for (int d = 0; d < 2; ++d) {
      daemons.push_back(testing::spawn_quantloop(
          {"--db", postgres.url(), "daemon", "--once", "--workers", "0", "--at", at},
          dir.file(fmt::format("d{}.out", d)), dir.file(fmt::format("d{}.err", d)),
          dir.path().string()));
    }
    for (int pid : daemons)
      EXPECT_EQ(wait_exit(pid), 0) << testing::read_file(dir.file("d0.err"));
  }
  const auto listed =
      run_quantloop({"--db", postgres.url(), "jobs", "list", "--json"}, dir.path().string());
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  const json jobs = json::parse(listed.out);
  ASSERT_EQ(jobs.size(), 15u);
  std::set<std::string> fires;
  for (const auto& j : jobs)
    fires.insert(j["scheduled_for"].get<std::string>());
  EXPECT_EQ(fires.size(), 15u);
}

}  // namespace
}  // namespace quantloop
