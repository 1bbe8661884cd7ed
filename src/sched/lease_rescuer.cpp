#include "sched/lease_rescuer.h"

#include <fmt/format.h>

namespace quantloop::sched {

std::optional<std::string> LeaseRescuer::run(UnixSeconds now) {
  const LeaseRescue rescue = store_.rescue_expired_leases(now);
  if (rescue.requeued == 0 && rescue.failed == 0) return std::nullopt;
  return fmt::format(
      "lease rescuer: {} job(s) whose worker stopped renewing the lease queued again, {} failed "
      "on their last attempt",
      rescue.requeued, rescue.failed);
}

}  // namespace quantloop::sched
