// `quantloop train` and `quantloop run` as processes: the schedule, fetching, exit codes, and
// what Ctrl-C and kill -9 leave behind.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "test_support.h"
#include "yahoo_replay_server.h"

namespace quantloop {
namespace {

using nlohmann::json;
using testing::bundled_data;
using testing::contains;
using testing::run_quantloop;
using testing::TempDir;

class TrainCliTest : public ::testing::Test {
 protected:
  testing::ProcessResult quantloop(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return run_quantloop(args, dir_.path().string());
  }
  json quantloop_json(std::vector<std::string> args, int expected_exit = 0) {
    auto result = quantloop(std::move(args));
    EXPECT_EQ(result.exit_code, expected_exit) << result.err;
    return json::parse(result.out);
  }
  void ingest(std::vector<std::string> args) {
    args.insert(args.begin(), "ingest");
    auto result = quantloop(args);
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }
  // One value from the database, read directly (as a reader beside a running quantloop).
  std::string sql_text(const std::string& sql) { return testing::sqlite_value(db_, sql); }
  // Starts a training long enough to be stopped, and waits until it is under way.
  int start_long_training() {
    const int pid = testing::spawn_quantloop(
        {"--db", db_, "train", "--mode", "full", "--symbols", "AAPL", "--at", "2017-12-05T20:00Z",
         "--epochs", "100000", "--no-early-stop", "--workers", "1"},
        dir_.file("out"), dir_.file("err"), dir_.path().string());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline &&
           sql_text("SELECT status FROM training_runs WHERE id = 1") != "running") {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // into the epochs
    return pid;
  }
  static int wait_for_exit(int pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  TempDir dir_;
  std::string db_ = dir_.file("q.db");
};

TEST_F(TrainCliTest, RunFollowsTheSeedsDailySchedule) {
  ingest({"synthetic", "--symbols", "EURUSD", "--interval", "1h", "--days", "45", "--end",
          "2026-11-20T20:00Z"});
  ingest({"synthetic", "--symbols", "EURUSD", "--interval", "1d", "--days", "800", "--end",
          "2026-11-20"});

  const json at_14 = quantloop_json({"run", "--offline", "--at", "2026-11-20T14:00Z", "--symbols",
                                     "EURUSD", "--epochs", "2", "--json"});
  EXPECT_EQ(at_14["mode"], "hourly");
  EXPECT_EQ(at_14["interval"], "1h");
  EXPECT_EQ(at_14["status"], "success");
  const json at_20 = quantloop_json({"run", "--offline", "--at", "2026-11-20T20:00Z", "--symbols",
                                     "EURUSD", "--epochs", "2", "--json"});
  EXPECT_EQ(at_20["mode"], "full");
  EXPECT_EQ(at_20["interval"], "1d");
  EXPECT_EQ(at_20["timeframe"], "2y");
  const json at_3 = quantloop_json({"run", "--offline", "--at", "2026-11-20T03:00Z", "--json"});
  EXPECT_TRUE(at_3["mode"].is_null());
  EXPECT_TRUE(contains(at_3["message"], "nothing scheduled at 03:00")) << at_3;

  const json runs = quantloop_json({"query", "runs", "--json"});
  ASSERT_EQ(runs.size(), 2u);  // the 03:00 call recorded nothing
  EXPECT_EQ(runs[0]["mode"], "full");
  EXPECT_EQ(runs[0]["hour"], 20);
  EXPECT_EQ(runs[1]["mode"], "hourly");
  EXPECT_EQ(runs[1]["hour"], 14);

  // The schedule is configuration.
  const json moved =
      quantloop_json({"--set", "schedule.full_hour_utc=14", "run", "--offline", "--at",
                      "2026-11-20T14:00Z", "--symbols", "EURUSD", "--epochs", "1", "--json"});
  EXPECT_EQ(moved["mode"], "full");
  // A schedule's job names its mode, whatever the hour.
  const json named =
      quantloop_json({"run", "--offline", "--mode", "hourly", "--at", "2026-11-20T20:00Z",
                      "--symbols", "EURUSD", "--epochs", "1", "--json"});
  EXPECT_EQ(named["mode"], "hourly");
}

TEST_F(TrainCliTest, PerformanceShowsAccuracyBesideTheBaseline) {
  ingest({"csv", bundled_data("daily/AAPL_data.csv").string(),
          bundled_data("daily/JPM_data.csv").string()});
  const json run = quantloop_json({"train", "--mode", "full", "--symbols", "AAPL,JPM", "--at",
                                   "2017-12-05T20:00Z", "--epochs", "3", "--json"});
  ASSERT_EQ(run["symbols"].size(), 2u);
  const json performance = quantloop_json({"query", "performance", "--json"});
  ASSERT_EQ(performance.size(), 2u);
  for (const auto& row : performance) {
    EXPECT_TRUE(row.contains("avg_accuracy")) << row;
    EXPECT_GT(row["avg_baseline"].get<double>(), 0.3) << row;
    EXPECT_NEAR(row["avg_edge"].get<double>(),
                row["avg_accuracy"].get<double>() - row["avg_baseline"].get<double>(), 1e-9);
  }
  auto table = quantloop({"query", "performance"});
  EXPECT_TRUE(contains(table.out, "avg_baseline")) << table.out;
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "models" /
                                      sql_text("SELECT id FROM database_identity") /
                                      "evaluation_results.json"));
}

TEST_F(TrainCliTest, RunFetchesTheBarsThenTrainsAndReportsWhatFailed) {
  testing::YahooReplayServer server;
  ingest({"csv", bundled_data("intraday/AAPL_1h.csv").string()});
  auto result =
      quantloop({"--set", "yahoo.base_url=" + server.base_url(), "run", "--at", "2025-11-19T18:00Z",
                 "--symbols", "AAPL,NOPE", "--epochs", "2", "--json"});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_EQ(server.requests("AAPL"), 1);
  EXPECT_EQ(server.requests("NOPE"), 1);
  EXPECT_TRUE(contains(result.err, "NOPE: not fetched")) << result.err;
  const json run = json::parse(result.out);
  EXPECT_EQ(run["mode"], "hourly");
  EXPECT_EQ(run["status"], "partial");
  for (const auto& s : run["symbols"]) {
    if (s["symbol"] == "AAPL") {
      EXPECT_EQ(s["status"], "success") << s;
      EXPECT_GT(s["rows"].get<int>(), 100);  // a month of real trading hours
    } else {
      EXPECT_EQ(s["status"], "failed");
      EXPECT_TRUE(contains(s["error"], "no 1h bars")) << s;
    }
  }
}

TEST_F(TrainCliTest, BadRequestsAreUsageErrorsAndAllFailedIsAnError) {
  ingest({"csv", bundled_data("daily/AAPL_data.csv").string()});
  auto no_mode = quantloop({"train"});
  EXPECT_EQ(no_mode.exit_code, 2);
  EXPECT_TRUE(contains(no_mode.err, "--mode")) << no_mode.err;
  auto mode = quantloop({"train", "--mode", "weekly"});
  EXPECT_EQ(mode.exit_code, 2);
  EXPECT_TRUE(contains(mode.err, "weekly")) << mode.err;
  EXPECT_EQ(quantloop({"train", "--mode", "full", "--model", "forest"}).exit_code, 2);
  EXPECT_EQ(quantloop({"train", "--mode", "full", "--epochs", "0"}).exit_code, 2);
  auto clock = quantloop({"train", "--mode", "full", "--at", "yesterday"});
  EXPECT_EQ(clock.exit_code, 2);
  EXPECT_TRUE(contains(clock.err, "--at: 'yesterday' is not a time")) << clock.err;

  // Every symbol failed on its data: exit 65 (EX_DATAERR), which the job queue does not retry.
  auto none =
      quantloop({"train", "--mode", "full", "--symbols", "NOSUCH", "--at", "2017-12-05T20:00Z"});
  EXPECT_EQ(none.exit_code, 65);
  EXPECT_TRUE(contains(none.out, "NOSUCH")) << none.out;
  EXPECT_EQ(sql_text("SELECT status FROM training_runs"), "failed");
}

// Models live in the database; the models directory holds only reports (and exports). When it
// cannot be written, every model is still stored and the run recorded, the report's failure is
// said, and the exit code is 3: part of the work (the report) was not done.
TEST_F(TrainCliTest, AnUnwritableModelsDirectoryLosesOnlyTheReport) {
  ingest({"csv", bundled_data("daily/AAPL_data.csv").string(),
          bundled_data("daily/MSFT_data.csv").string()});
  testing::write_file(dir_.file("blocker"), "a file where the models directory must go");
  auto result = quantloop({"--set", "training.models_dir=" + dir_.file("blocker") + "/models",
                           "train", "--mode", "full", "--symbols", "AAPL,MSFT", "--at",
                           "2017-12-05T20:00Z", "--epochs", "1"});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_TRUE(contains(result.out, "not written")) << result.out;
  EXPECT_TRUE(contains(result.err, "blocker")) << result.err;
  EXPECT_EQ(sql_text("SELECT status FROM training_runs WHERE id = 1"), "success");
  EXPECT_EQ(sql_text("SELECT COUNT(*) FROM model_metadata"), "2");
  EXPECT_EQ(sql_text("SELECT COUNT(*) FROM model_versions"), "4");  // two baselines, two models
  EXPECT_EQ(sql_text("PRAGMA integrity_check"), "ok");
}

TEST_F(TrainCliTest, CtrlCStopsCleanlyAndRecordsTheRunInterrupted) {
  ingest({"csv", bundled_data("daily/AAPL_data.csv").string()});
  const int pid = start_long_training();
  ASSERT_EQ(kill(pid, SIGINT), 0);
  EXPECT_EQ(wait_for_exit(pid), 130) << testing::read_file(dir_.file("err"));
  EXPECT_EQ(sql_text("SELECT status FROM training_runs WHERE id = 1"), "interrupted");
  EXPECT_EQ(sql_text("SELECT status FROM training_run_symbols WHERE run_id = 1"), "interrupted");
  EXPECT_EQ(sql_text("SELECT COUNT(*) FROM model_metadata"), "0");
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "models" /
                                      sql_text("SELECT id FROM database_identity") / "runs" /
                                      "run-1" / "evaluation_results.json"));
}

TEST_F(TrainCliTest, ARunKilledWithoutWarningIsMarkedFailedByTheNext) {
  ingest({"csv", bundled_data("daily/AAPL_data.csv").string()});
  const int pid = start_long_training();
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  EXPECT_EQ(wait_for_exit(pid), 128 + SIGKILL);
  EXPECT_EQ(sql_text("SELECT status FROM training_runs WHERE id = 1"),
            "running");  // nobody could say otherwise

  const json next = quantloop_json({"train", "--mode", "full", "--symbols", "AAPL", "--at",
                                    "2017-12-05T20:00Z", "--epochs", "1", "--json"});
  EXPECT_EQ(next["abandoned_runs_marked"], json::array({1}));
  EXPECT_EQ(sql_text("SELECT status FROM training_runs WHERE id = 1"), "failed");
  EXPECT_TRUE(contains(sql_text("SELECT error FROM training_runs WHERE id = 1"), "abandoned"));
  // Nothing of the killed run's model was stored: the next run's is the first version.
  EXPECT_EQ(sql_text("SELECT COUNT(*) FROM model_versions WHERE run_id = 1"), "0");
  EXPECT_EQ(sql_text("SELECT MAX(version) FROM model_versions"), "1");
}

}  // namespace
}  // namespace quantloop
