// The job queue's maintenance services, each alone on both backends: the lease rescuer, the job
// cleaner, the runner of periodic services; and a worker whose job cannot start.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>

#include "sched/job_cleaner.h"
#include "sched/lease_rescuer.h"
#include "sched/maintenance.h"
#include "sched/worker.h"
#include "store/store.h"
#include "test_support.h"

namespace quantloop::sched {
namespace {

using quantloop::testing::Backend;

const UnixSeconds kT = *parse_timestamp("2027-01-04 09:00");

Job job_at(UnixSeconds at, std::string schedule = "") {
  Job job;
  job.command = {"check"};
  job.schedule = std::move(schedule);
  job.scheduled_for = at;
  job.not_before = at;
  return job;
}

class QueueServicesTest : public ::testing::TestWithParam<Backend> {
 protected:
  quantloop::testing::TempDir dir_;
  quantloop::testing::BackendDatabase database_{GetParam(), dir_};
  std::unique_ptr<Store> store_ = Store::open(database_.url());
};

TEST_P(QueueServicesTest, TheRescuerQueuesExpiredLeasesAgainAndFailsLastAttempts) {
  const auto id = *store_->enqueue_job(job_at(kT));
  Job last = job_at(kT + 1);
  last.max_attempts = 1;
  const auto last_id = *store_->enqueue_job(last);
  const auto held = store_->claim_job("a:1", kT, 60);
  const auto held_last = store_->claim_job("a:1", kT + 1, 60);
  ASSERT_TRUE(held && held_last);
  LeaseRescuer rescuer(*store_);
  EXPECT_FALSE(rescuer.run(kT + 30)) << "a live lease was rescued";
  const auto line = rescuer.run(kT + 62);
  ASSERT_TRUE(line);
  EXPECT_NE(line->find("1 job(s) whose worker stopped renewing the lease queued again, 1 failed"),
            std::string::npos)
      << *line;
  EXPECT_FALSE(rescuer.run(kT + 63)) << "a job was rescued twice";
  const auto requeued = store_->job(id);
  EXPECT_EQ(requeued->state, "queued");
  EXPECT_EQ(requeued->attempts, 1);
  EXPECT_TRUE(requeued->lease_owner.empty());
  EXPECT_EQ(store_->job(last_id)->state, "failed");
  // The old holder can neither renew nor finish; the next claim holds it with a new token.
  EXPECT_FALSE(store_->renew_lease(id, held->fencing_token, kT + 200));
  EXPECT_FALSE(store_->finish_job({id, held->fencing_token, "succeeded", 0, "", kT + 70, 0}));
  const auto again = store_->claim_job("b:2", kT + 70, 60);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, id);
  EXPECT_EQ(again->attempts, 2);
  EXPECT_GT(again->fencing_token, held->fencing_token);
}

TEST_P(QueueServicesTest, TheCleanerDeletesOldFinishedJobsButEachSchedulesLastFire) {
  for (int day = 0; day < 3; ++day) {
    const UnixSeconds at = kT + day * kSecondsPerDay;
    for (const std::string schedule : {"", "daily"}) {
      const auto id = *store_->enqueue_job(job_at(at, schedule));
      const auto job = store_->claim_job("w:1", at, 60);
      ASSERT_TRUE(job && job->id == id);
      ASSERT_TRUE(store_->finish_job({id, job->fencing_token, "succeeded", 0, "", at + 10, 0}));
    }
  }
  const auto still_queued = *store_->enqueue_job(job_at(kT));
  EXPECT_FALSE(JobCleaner(*store_, 0).run(kT + 30 * kSecondsPerDay)) << "retention 0 deleted";
  // 2 days of retention at day 3: days 0 and 1 go, but the schedule's last fire (day 2) stays.
  const auto line = JobCleaner(*store_, 2, 1).run(kT + 3 * kSecondsPerDay + 20);
  ASSERT_TRUE(line);
  EXPECT_NE(line->find("4 job(s)"), std::string::npos) << *line;
  std::vector<std::pair<std::string, UnixSeconds>> left;
  for (const Job& job : store_->jobs("", 100))
    left.emplace_back(job.schedule, job.scheduled_for);
  EXPECT_EQ(left.size(), 3u);
  EXPECT_TRUE(store_->job(still_queued));
  // Everything older than a day: the undated ones of day 2 too, never the schedule's last fire.
  EXPECT_TRUE(JobCleaner(*store_, 1).run(kT + 4 * kSecondsPerDay));
  const auto daily = store_->jobs("succeeded", 100);
  ASSERT_EQ(daily.size(), 1u);
  EXPECT_EQ(daily[0].schedule, "daily");
  EXPECT_EQ(store_->last_fire("daily"), kT + 2 * kSecondsPerDay);
}

// A job and the jobs it fanned out go together: never a child left pointing at a deleted parent.
TEST_P(QueueServicesTest, TheCleanerDeletesWholeFamilies) {
  const auto run_to_end = [&](std::int64_t id, UnixSeconds at) {
    const auto job = store_->claim_job("w:1", at, 60);
    ASSERT_TRUE(job && job->id == id);
    ASSERT_TRUE(store_->finish_job({id, job->fencing_token, "succeeded", 0, "", at + 10, 0}));
  };
  std::vector<std::int64_t> families;
  for (int f = 0; f < 2; ++f) {
    const UnixSeconds at = kT + f * kSecondsPerDay;
    const auto parent = *store_->enqueue_job(job_at(at));
    run_to_end(parent, at);
    for (int c = 0; c < 2; ++c) {
      Job child = job_at(at + 1 + c);
      child.parent_id = parent;
      const auto id = *store_->enqueue_job(child);
      // The first family's last child ends late: its family is not old enough yet.
      run_to_end(id, f == 0 && c == 1 ? kT + 5 * kSecondsPerDay : at + 1 + c);
    }
    families.push_back(parent);
  }
  // At day 4 with 2 days of retention the second family is old enough, the first not whole.
  EXPECT_TRUE(JobCleaner(*store_, 2).run(kT + 4 * kSecondsPerDay));
  EXPECT_TRUE(store_->job(families[0]));
  EXPECT_EQ(store_->child_jobs(families[0]).size(), 2u);
  EXPECT_FALSE(store_->job(families[1]));
  EXPECT_TRUE(store_->child_jobs(families[1]).empty());
  EXPECT_EQ(store_->jobs("", 100).size(), 3u);
}

INSTANTIATE_TEST_SUITE_P(Backends, QueueServicesTest,
                         ::testing::Values(Backend::sqlite, Backend::postgres),
                         quantloop::testing::backend_name);

TEST(Maintenance, EachServiceRunsAtItsPeriodAndFailsAlone) {
  Maintenance maintenance;
  int fast = 0, slow = 0;
  maintenance.add("fast", std::chrono::seconds(1), [&](UnixSeconds) {
    ++fast;
    return std::optional<std::string>();
  });
  maintenance.add("broken", std::chrono::seconds(1), [](UnixSeconds) -> std::optional<std::string> {
    throw std::runtime_error("the database went away");
  });
  maintenance.add("slow", std::chrono::seconds(3600), [&](UnixSeconds now) {
    ++slow;
    return std::optional<std::string>(fmt::format("slow at {}", now));
  });
  std::vector<std::string> events;
  const auto on_event = [&](const std::string& line) { events.push_back(line); };
  for (UnixSeconds t = kT; t < kT + 10; ++t)
    maintenance.run_due(t, on_event);
  maintenance.run_due(kT + 3600, on_event);
  EXPECT_EQ(fast, 11);
  EXPECT_EQ(slow, 2);
  int failures = 0;
  for (const auto& line : events)
    failures += line.starts_with("broken: the database went away");
  EXPECT_EQ(failures, 11);
}

// A job that cannot start (its log cannot be written) is the job's outcome at once, queued for
// a retry: never a claimed job left to wait for its lease to run out.
TEST(WorkerStart, AJobThatCannotStartIsRetriedNotStranded) {
  quantloop::testing::TempDir dir;
  auto store = Store::open(dir.file("q.db"));
  const auto id = *store->enqueue_job(job_at(now_utc() - 10));
  std::ofstream(dir.file("plain-file")) << "not a folder";
  Config config;
  config.jobs.log_dir = dir.file("plain-file");
  WorkerOptions options;
  options.owner = "t:1";
  options.until_idle = true;
  options.poll_seconds = 0.01;
  options.quantloop = {"/bin/true"};
  std::vector<std::string> events;
  const auto report =
      run_worker(*store, config, options, [&](const std::string& e) { events.push_back(e); });
  EXPECT_EQ(report.retried, 1);
  const auto job = store->job(id);
  EXPECT_EQ(job->state, "queued");
  EXPECT_TRUE(job->lease_owner.empty());
  EXPECT_GT(job->not_before, now_utc());
  EXPECT_NE(job->last_error.find("failed to start"), std::string::npos) << job->last_error;
}

}  // namespace
}  // namespace quantloop::sched
