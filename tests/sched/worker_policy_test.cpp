#include <gtest/gtest.h>
#include <sys/wait.h>

#include "sched/worker.h"

namespace quantloop::sched {
namespace {

TEST(RetryDelay, DoublesUpToTheMaximumWithEqualJitter) {
  // Without jitter (u = 0) half the delay, with the most (u -> 1) all of it.
  EXPECT_EQ(retry_delay(1, 30, 3600, 0.0), 15);
  EXPECT_EQ(retry_delay(1, 30, 3600, 0.999999), 30);
  EXPECT_EQ(retry_delay(2, 30, 3600, 0.0), 30);
  EXPECT_EQ(retry_delay(3, 30, 3600, 0.0), 60);
  EXPECT_EQ(retry_delay(20, 30, 3600, 0.0), 1800);  // capped at 3600, half fixed
  EXPECT_EQ(retry_delay(20, 30, 3600, 0.999999), 3600);
  EXPECT_EQ(retry_delay(5, 0, 3600, 0.5), 0);
  for (int attempt = 1; attempt < 12; ++attempt) {
    EXPECT_LE(retry_delay(attempt, 30, 3600, 0.3), retry_delay(attempt + 1, 30, 3600, 0.3));
  }
}

int exited(int code) {
  return code << 8;
}  // a waitpid status of a process that exited

TEST(JobOutcomeOf, ExitCodesDecideTheJobsState) {
  Job job;
  job.id = 7;
  job.fencing_token = 3;
  job.attempts = 1;
  job.max_attempts = 3;
  JobsConfig config;
  config.retry_base_seconds = 30;
  const UnixSeconds now = 1000;
  ASSERT_TRUE(WIFEXITED(exited(1)) && WEXITSTATUS(exited(1)) == 1);

  auto ok = outcome_of(job, exited(0), false, now, config, 0.0, "");
  EXPECT_EQ(ok.state, "succeeded");
  EXPECT_EQ(ok.fencing_token, 3);
  EXPECT_EQ(outcome_of(job, exited(3), false, now, config, 0.0, "x").state, "partial");
  const auto usage = outcome_of(job, exited(2), false, now, config, 0.0, "--at: bad");
  EXPECT_EQ(usage.state, "failed");
  EXPECT_NE(usage.error.find("--at: bad"), std::string::npos);
  // A run none of whose symbols could be trained (a missing symbol): failed, not retried.
  const auto data = outcome_of(job, exited(65), false, now, config, 0.0, "NOPE: no bars");
  EXPECT_EQ(data.state, "failed");
  EXPECT_NE(data.error.find("NOPE: no bars"), std::string::npos);
  const auto retry = outcome_of(job, exited(1), false, now, config, 0.0, "boom");
  EXPECT_EQ(retry.state, "queued");
  EXPECT_TRUE(retry.count_attempt);
  EXPECT_EQ(retry.not_before, now + 15);
  EXPECT_EQ(retry.error, "boom");
  // Killed by a signal (a crash, the OOM killer): retried too.
  const auto crashed = outcome_of(job, SIGKILL, false, now, config, 0.0, "");
  EXPECT_EQ(crashed.state, "queued");
  EXPECT_EQ(crashed.exit_code, 128 + SIGKILL);
  // Interrupted, or stopping: released with the attempt given back.
  for (const auto& released : {outcome_of(job, exited(130), false, now, config, 0.0, ""),
                               outcome_of(job, exited(1), true, now, config, 0.0, "")}) {
    EXPECT_EQ(released.state, "queued");
    EXPECT_FALSE(released.count_attempt);
    EXPECT_EQ(released.not_before, now);
  }
  job.attempts = 3;
  EXPECT_EQ(outcome_of(job, exited(1), false, now, config, 0.0, "").state, "failed");
  EXPECT_EQ(outcome_of(job, exited(1), false, now, config, 0.0, "").error, "exit code 1");
}

}  // namespace
}  // namespace quantloop::sched
