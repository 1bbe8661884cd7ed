#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/config.h"
#include "sched/maintenance.h"
#include "store/job_store.h"

namespace quantloop::sched {

// The backoff before retry number `attempt` (1 = the first retry): base doubled per earlier
// retry, capped at `max`, with equal jitter (half fixed, half uniform by `u` in [0, 1)), so
// that workers retrying together spread out.
UnixSeconds retry_delay(int attempt, int base_seconds, int max_seconds, double u);

// What a job's process exit means for the job: `wait_status` as waitpid gives it.
// 0 succeeded; 3 partial (some symbols failed: a run is not repeated for them); 2 a usage
// error and 65 an input that cannot be processed (every symbol failed on its data), which no
// retry can pass: failed; 130 or a stop the worker asked for: released (queued
// again, the attempt not counted); anything else (1, a crash, a signal) retried after the
// backoff while attempts remain, else failed.
JobOutcome outcome_of(const Job& job, int wait_status, bool stopping, UnixSeconds now,
                      const JobsConfig& config, double u, const std::string& error_tail);

struct WorkerOptions {
  int concurrency = 1;          // 0: claims nothing (a daemon that only creates jobs)
  std::string role = "worker";  // worker | daemon, as its heartbeat row says
  bool until_idle = false;      // return when nothing is claimable and nothing runs
  std::string owner;            // host:pid, recorded as the lease owner
  // How to start quantloop for a job: the binary and the global flags (--db, --config, --set)
  // the worker was given; the job's arguments follow.
  std::vector<std::string> quantloop;
  double poll_seconds = 1.0;  // between claims when idle
  // Periodic services run before claiming (the daemon's scheduler and job cleaner); every
  // loop also runs the lease rescuer each turn.
  Maintenance* maintenance = nullptr;
};

struct WorkerReport {
  int claimed = 0, succeeded = 0, partial = 0, failed = 0, retried = 0, released = 0;
  int lost = 0;  // leases lost (expired or cancelled): the job's process was stopped
};

// Rescues expired leases (LeaseRescuer), then claims jobs and runs each as a quantloop process,
// up to `concurrency` at once; renews their
// leases, and its own heartbeat row (workers), every third of jobs.lease_seconds; stops a job
// whose lease is lost. On Ctrl-C or
// SIGTERM it claims nothing more, asks its jobs' processes to stop (they roll back what is
// unfinished) and releases those jobs for another worker. `on_event` receives one line per
// claim and outcome.
WorkerReport run_worker(JobStore& store, const Config& config, const WorkerOptions& options,
                        const std::function<void(const std::string&)>& on_event);

}  // namespace quantloop::sched
