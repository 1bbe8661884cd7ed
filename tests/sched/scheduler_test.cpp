#include "sched/scheduler.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "store/store.h"
#include "test_support.h"

namespace quantloop::sched {
namespace {

using quantloop::testing::TempDir;

UnixSeconds utc(const char* text) {
  return *parse_timestamp(text);
}

Schedule schedule(const char* name, const char* cron, const char* catchup = "latest",
                  const char* overlap = "skip", int catchup_max = 24, const char* zone = "UTC") {
  NamedSchedule s;
  s.name = name;
  s.cron = cron;
  s.timezone = zone;
  s.job = "check --interval '1h'";
  s.catchup = catchup;
  s.catchup_max = catchup_max;
  s.overlap = overlap;
  return {s, FireTimes(CronExpression::parse(cron), TimeZone::locate(zone))};
}

class SchedulerTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (GetParam()) {
      postgres = std::make_unique<quantloop::testing::PostgresDatabase>();
      url = postgres->url();
    } else {
      url = dir.file("q.db");
    }
    store = Store::open(url);
  }
  // Runs every queued job of the store to success, as a worker would.
  void run_all(UnixSeconds now) {
    while (auto job = store->claim_job("test:1", now, 60))
      ASSERT_TRUE(store->finish_job({job->id, job->fencing_token, "succeeded", 0, "", now, 0}));
  }
  std::vector<std::string> fires(const std::string& state) {
    std::vector<std::string> out;
    for (const auto& j : store->jobs(state, 1000))
      out.insert(out.begin(), format_iso8601(j.scheduled_for));
    return out;
  }
  TempDir dir;
  std::unique_ptr<quantloop::testing::PostgresDatabase> postgres;
  std::string url;
  std::unique_ptr<Store> store;
};

TEST_P(SchedulerTest, AFirstStartOwesOnlyTheOnTimeFireAndJobsCarryTheCommand) {
  Scheduler scheduler(*store, {schedule("hourly", "0 * * * *")}, 3);
  EXPECT_TRUE(scheduler.tick(utc("2027-01-04T08:50Z")).empty());  // 08:00 is too old
  const auto created = scheduler.tick(utc("2027-01-04T09:00:30Z"));
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].fire, utc("2027-01-04T09:00Z"));
  EXPECT_TRUE(scheduler.tick(utc("2027-01-04T09:00:40Z")).empty());
  const auto job = store->jobs("", 10).at(0);
  EXPECT_EQ(job.command, (std::vector<std::string>{"check", "--interval", "1h"}));
  EXPECT_EQ(job.schedule, "hourly");
  EXPECT_EQ(job.max_attempts, 3);
}

TEST_P(SchedulerTest, CatchUpLatestRunsOnceForTheMissedFires) {
  Scheduler scheduler(*store, {schedule("hourly", "0 * * * *", "latest")}, 3);
  scheduler.tick(utc("2027-01-04T09:00:10Z"));
  run_all(utc("2027-01-04T09:00:20Z"));
  // Down from 09:30 to 15:10: six fires missed, one run.
  const auto created = scheduler.tick(utc("2027-01-04T15:10Z"));
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].fire, utc("2027-01-04T15:00Z"));
  EXPECT_EQ(created[0].state, "queued");
}

TEST_P(SchedulerTest, CatchUpNoneRecordsTheMissAndRunsTheNextOnTime) {
  Scheduler scheduler(*store, {schedule("hourly", "0 * * * *", "none")}, 3);
  scheduler.tick(utc("2027-01-04T09:00:10Z"));
  run_all(utc("2027-01-04T09:00:20Z"));
  const auto missed = scheduler.tick(utc("2027-01-04T15:10Z"));
  ASSERT_EQ(missed.size(), 1u);
  EXPECT_EQ(missed[0].state, "skipped");
  EXPECT_NE(missed[0].reason.find("catchup = none"), std::string::npos);
  EXPECT_TRUE(scheduler.tick(utc("2027-01-04T15:20Z")).empty());
  const auto next = scheduler.tick(utc("2027-01-04T16:00:05Z"));
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].state, "queued");
  EXPECT_EQ(fires("queued"), (std::vector<std::string>{"2027-01-04T16:00:00Z"}));
}

TEST_P(SchedulerTest, CatchUpAllRunsTheLastFiresUpToTheCapInOrder) {
  Scheduler scheduler(*store, {schedule("hourly", "0 * * * *", "all", "queue", 3)}, 3);
  scheduler.tick(utc("2027-01-04T09:00:10Z"));
  run_all(utc("2027-01-04T09:00:20Z"));
  EXPECT_EQ(scheduler.tick(utc("2027-01-04T15:10Z")).size(), 3u);
  EXPECT_EQ(fires("queued"),
            (std::vector<std::string>{"2027-01-04T13:00:00Z", "2027-01-04T14:00:00Z",
                                      "2027-01-04T15:00:00Z"}));
  // overlap = queue: one at a time, in fire order.
  auto first = store->claim_job("w:1", utc("2027-01-04T15:11Z"), 60);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->scheduled_for, utc("2027-01-04T13:00Z"));
  EXPECT_FALSE(store->claim_job("w:2", utc("2027-01-04T15:11Z"), 60))
      << "a second job of a queue-overlap schedule ran beside the first";
  store->finish_job(
      {first->id, first->fencing_token, "succeeded", 0, "", utc("2027-01-04T15:12Z"), 0});
  auto second = store->claim_job("w:2", utc("2027-01-04T15:12Z"), 60);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->scheduled_for, utc("2027-01-04T14:00Z"));
}

TEST_P(SchedulerTest, OverlapSkipRecordsTheFireAsSkipped) {
  Scheduler scheduler(*store, {schedule("hourly", "0 * * * *", "latest", "skip")}, 3);
  scheduler.tick(utc("2027-01-04T09:00:10Z"));
  ASSERT_TRUE(store->claim_job("w:1", utc("2027-01-04T09:00:20Z"), 7200));  // a long run
  const auto created = scheduler.tick(utc("2027-01-04T10:00:10Z"));
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].state, "skipped");
  EXPECT_NE(created[0].reason.find("overlap = skip"), std::string::npos);
  EXPECT_EQ(fires("skipped"), (std::vector<std::string>{"2027-01-04T10:00:00Z"}));
}

TEST_P(SchedulerTest, DaylightSavingFiresOnceOnBothChanges) {
  Scheduler scheduler(
      *store, {schedule("night", "30 1-2 * * *", "latest", "queue", 24, "America/New_York")}, 3);
  // Every five minutes through the spring and the autumn nights, as the daemon polls.
  std::vector<std::string> created;
  for (const char* night : {"2027-03-14T05:00Z", "2027-11-07T04:00Z"}) {
    for (UnixSeconds t = utc(night); t < utc(night) + 5 * 3600; t += 300) {
      for (const auto& c : scheduler.tick(t))
        created.push_back(format_iso8601(c.fire));
    }
  }
  // Spring: 01:30 EST, and 02:30 (skipped by the clocks) once at the jump, 03:00 EDT.
  // Between the nights no tick ran: the first autumn tick catches up the latest missed fire
  // (02:30 EDT the day before). Autumn: 01:30 EDT once (not again at 01:30 EST), 02:30 EST.
  EXPECT_EQ(created, (std::vector<std::string>{"2027-03-14T06:30:00Z", "2027-03-14T07:00:00Z",
                                               "2027-11-06T06:30:00Z", "2027-11-07T05:30:00Z",
                                               "2027-11-07T07:30:00Z"}));
}

TEST_P(SchedulerTest, TwoDaemonsAtOnceCreateOneJobPerFire) {
  const auto minutely = schedule("minutely", "* * * * *", "latest", "queue");
  std::vector<std::thread> daemons;
  for (int d = 0; d < 2; ++d) {
    daemons.emplace_back([&] {
      auto own = Store::open(url);
      Scheduler scheduler(*own, {minutely}, 3);
      for (UnixSeconds t = utc("2027-01-04T09:00:05Z"); t < utc("2027-01-04T10:00Z"); t += 20)
        scheduler.tick(t);
    });
  }
  for (auto& d : daemons)
    d.join();
  const auto jobs = store->jobs("", 1000);
  EXPECT_EQ(jobs.size(), 60u);  // 09:00 ... 09:59
  std::set<UnixSeconds> distinct;
  for (const auto& j : jobs)
    distinct.insert(j.scheduled_for);
  EXPECT_EQ(distinct.size(), jobs.size());
}

INSTANTIATE_TEST_SUITE_P(Backends, SchedulerTest, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "PostgreSQL" : "SQLite"; });

}  // namespace
}  // namespace quantloop::sched
