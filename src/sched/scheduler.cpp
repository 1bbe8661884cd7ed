#include "sched/scheduler.h"

#include <fmt/format.h>

#include "core/command_line.h"

namespace quantloop::sched {

std::vector<Scheduler::Created> Scheduler::tick(UnixSeconds now) {
  std::vector<Created> created;
  for (const auto& schedule : schedules_) {
    const auto& s = schedule.settings;
    const UnixSeconds since = store_.last_fire(s.name).value_or(now - kOnTimeSeconds - 1);
    const auto fires = schedule.fires.between(since, now, 1000000);
    if (fires.empty()) continue;
    std::vector<std::pair<UnixSeconds, std::string>> owed;  // fire, reason it is skipped
    if (s.catchup == "all") {
      const std::size_t first =
          fires.size() > std::size_t(s.catchup_max) ? fires.size() - std::size_t(s.catchup_max) : 0;
      for (std::size_t i = first; i < fires.size(); ++i)
        owed.emplace_back(fires[i], "");
    } else if (s.catchup == "latest" || now - fires.back() <= kOnTimeSeconds) {
      owed.emplace_back(fires.back(), "");
    } else {
      owed.emplace_back(fires.back(), "missed while no daemon ran (catchup = none)");
    }
    for (auto& [fire, reason] : owed) {
      if (reason.empty() && s.overlap == "skip" && store_.active_jobs(s.name) > 0) {
        reason = fmt::format("the previous job of {} was still queued or running (overlap = skip)",
                             s.name);
      }
      Job job;
      job.command = split_command_line(s.job);
      job.schedule = s.name;
      job.scheduled_for = fire;
      job.not_before = fire;
      job.created_at = now;
      job.max_attempts = max_attempts_;
      job.state = reason.empty() ? "queued" : "skipped";
      job.last_error = reason;
      if (store_.enqueue_job(job)) {
        created.push_back({s.name, fire, job.state, reason});
      }
    }
  }
  return created;
}

}  // namespace quantloop::sched
