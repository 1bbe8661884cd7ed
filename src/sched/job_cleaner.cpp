#include "sched/job_cleaner.h"

#include <fmt/format.h>

namespace quantloop::sched {

std::optional<std::string> JobCleaner::run(UnixSeconds now) {
  if (retention_days_ <= 0) return std::nullopt;
  const UnixSeconds before = now - UnixSeconds(retention_days_) * kSecondsPerDay;
  int deleted = 0;
  for (int batch = 0; (batch = store_.delete_finished_jobs(before, batch_)) > 0;) {
    deleted += batch;
    if (batch < batch_) break;
  }
  if (deleted == 0) return std::nullopt;
  return fmt::format("job cleaner: {} job(s) finished before {} deleted (jobs.retention_days {})",
                     deleted, format_iso8601(before), retention_days_);
}

}  // namespace quantloop::sched
