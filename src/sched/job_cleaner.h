#pragma once

#include <optional>
#include <string>

#include "store/job_store.h"

namespace quantloop::sched {

// Retention of the job queue: jobs finished more than `retention_days` ago are deleted, a
// bounded batch of families at a time (a job with every job it fanned out), keeping each
// schedule's latest job (the scheduler's memory of its last fire). retention_days 0 keeps all.
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
