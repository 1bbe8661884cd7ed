#pragma once

#include <optional>
#include <string>

#include "store/job_store.h"

namespace quantloop::sched {

// River's rescuer: jobs whose worker stopped renewing the lease (it died, or lost the network)
// go back to the queue, or fail on their last attempt. Every worker and daemon runs it before
// claiming; it is idempotent, so any number of processes may run it at once.
class LeaseRescuer {
 public:
  explicit LeaseRescuer(JobStore& store) : store_(store) {}

  // A line saying what it rescued, when it rescued anything.
  std::optional<std::string> run(UnixSeconds now);

 private:
  JobStore& store_;
};

}  // namespace quantloop::sched
