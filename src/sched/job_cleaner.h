#pragma once

#include <optional>
#include <string>

#include "store/job_store.h"

namespace quantloop::sched {

// Retention of the job queue: jobs finished more than `retention_days` ago are deleted, a
// bounded batch at a time, keeping each schedule's latest job (the scheduler's memory of its last
// fire) and the jobs that fanned out work still queued or running. retention_days 0 keeps all.
class JobCleaner {
 public:
  JobCleaner(JobStore& store, int retention_days, int batch = 1000)
      : store_(store), retention_days_(retention_days), batch_(batch) {}

  // A line saying how many it deleted, when it deleted any.
  std::optional<std::string> run(UnixSeconds now);

 private:
  JobStore& store_;
  int retention_days_;
  int batch_;
};

}  // namespace quantloop::sched
