#pragma once

#include <string>
#include <vector>

#include "sched/schedule.h"
#include "store/job_store.h"

namespace quantloop::sched {

// A fire no older than this is on time; older ones were missed (the daemon was down) and are
// what the catch-up policy decides about.
constexpr UnixSeconds kOnTimeSeconds = 300;

// Turns due fires into jobs. The store is the only state: a schedule's last handled fire is
// its latest job, so a restarted daemon, or a second daemon on the same database, goes on
// from there, and UNIQUE(schedule, scheduled_for) gives each fire at most one job.
class Scheduler {
 public:
  Scheduler(JobStore& store, std::vector<Schedule> schedules, int max_attempts)
      : store_(store), schedules_(std::move(schedules)), max_attempts_(max_attempts) {}

  struct Created {
    std::string schedule;
    UnixSeconds fire = 0;
    std::string state;  // queued | skipped
    std::string reason;
  };
  // Creates the jobs due at `now`:
  // - a schedule with no job yet starts from the on-time window (nothing older is owed);
  // - missed fires: catchup "latest" runs the last one, "all" the last catchup_max, "none"
  //   none (the last is recorded as skipped, so that it is not considered again);
  // - overlap "skip": while a job of the schedule is queued or running, a fire is recorded
  //   as skipped; "queue": it waits (workers claim it when the other has ended).
  std::vector<Created> tick(UnixSeconds now);

 private:
  JobStore& store_;
  std::vector<Schedule> schedules_;
  int max_attempts_;
};

}  // namespace quantloop::sched
