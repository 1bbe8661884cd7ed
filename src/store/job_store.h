#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.h"
#include "store/store_slice.h"

namespace quantloop {

// One job of the durable queue (jobs): a quantloop command line a worker runs as a process.
struct Job {
  std::int64_t id = 0;  // assigned by the store
  std::string kind = "command";
  std::vector<std::string> command;  // the arguments after `quantloop`
  std::string schedule;              // the schedule that fired it; empty when submitted
  UnixSeconds scheduled_for = 0;     // the fire time, or the submission time
  std::string state = "queued";      // queued running succeeded partial failed cancelled skipped
  int attempts = 0;                  // claims so far
  int max_attempts = 3;
  UnixSeconds not_before = 0;  // not claimed before this (a retry's backoff)
  std::string last_error;
  int exit_code = -1;  // -1 until it ran
  std::string lease_owner;
  UnixSeconds lease_expires = 0;
  std::int64_t fencing_token = 0;  // incremented by every claim (and by a cancel)
  UnixSeconds created_at = 0;
  UnixSeconds started_at = 0;
  UnixSeconds finished_at = 0;
  std::int64_t parent_id = 0;   // the job that fanned this one out; 0 for none
  bool after_siblings = false;  // claimable only when no other child of its parent is
                                // queued or running (a fanned-out run's completion)
};

// What one pass of the lease rescuer did.
struct LeaseRescue {
  int requeued = 0;  // back in the queue, for any worker to claim
  int failed = 0;    // their last attempt's holder died
};

// How a claimed job ended, written only if the job is still held with `fencing_token`.
struct JobOutcome {
  std::int64_t id = 0;
  std::int64_t fencing_token = 0;
  std::string state;  // succeeded partial failed, or queued (a retry, or released)
  int exit_code = -1;
  std::string error;
  UnixSeconds at = 0;          // when it ended
  UnixSeconds not_before = 0;  // with state queued: when it may be claimed again
  bool count_attempt = true;   // false: a released job (the worker stopped) keeps its attempts
};

// A worker's or daemon's sign of life (workers): written at start, renewed while it runs.
struct WorkerBeat {
  std::string owner;  // host:pid
  std::string role;   // worker | daemon
  std::string host;
  std::int64_t pid = 0;
  int concurrency = 0;
  int running_jobs = 0;
  UnixSeconds started_at = 0;
  UnixSeconds heartbeat_at = 0;
  UnixSeconds stopped_at = 0;  // 0 while it runs (or when it died without saying)
};

// The durable job queue (jobs) and the fleet's heartbeats (workers).
// One slice of the Store (store.h): a layer that needs only these takes a JobStore&.
class JobStore : public virtual StoreSlice {
 public:
  // The durable job queue. enqueue_job adds a job (its id); a scheduled one (schedule set)
  // is added only once per (schedule, scheduled_for): nullopt when that fire has its job.
  virtual std::optional<std::int64_t> enqueue_job(const Job& job) = 0;
  // The jobs `parent_id` fanned out, by id.
  virtual std::vector<Job> child_jobs(std::int64_t parent_id) = 0;
  // Claims the oldest claimable job for `owner` until now + lease_seconds: a queued job whose
  // not_before has passed (for a scheduled one: no job of its schedule, or fanned out by one,
  // is running; for an after_siblings one: no other child of its parent is queued or running).
  // Workers on any host may call it at once: PostgreSQL skips rows another claim has locked and
  // takes a lock per schedule before it checks that none of the schedule's jobs runs (so two
  // fires of one schedule never run at once), SQLite serialises writers. The job comes back
  // with its new fencing token.
  virtual std::optional<Job> claim_job(const std::string& owner, UnixSeconds now,
                                       int lease_seconds) = 0;
  // The lease rescuer's pass: running jobs whose lease expired before `now` (their holder is
  // presumed dead) go back to the queue, their attempt counted, or fail when it was their last;
  // either way their fencing token moves on, so the old holder can write nothing. Idempotent;
  // any number of processes may run it at once.
  virtual LeaseRescue rescue_expired_leases(UnixSeconds now) = 0;
  // The cleaner's pass: deletes up to `limit` families of jobs that finished before `before` (a
  // job and every job it fanned out, all finished by then), keeping each schedule's latest job
  // (the scheduler's record of its last fire). Returns how many jobs it deleted.
  virtual int delete_finished_jobs(UnixSeconds before, int limit) = 0;
  // Extends a lease; false when the job is no longer held with that token (expired and
  // claimed by another worker, or cancelled): the holder must stop.
  virtual bool renew_lease(std::int64_t id, std::int64_t fencing_token, UnixSeconds expires) = 0;
  // Records how a claimed job ended; false (and nothing written) when the token is stale.
  virtual bool finish_job(const JobOutcome& outcome) = 0;
  // Jobs newest first, of one state (every state when empty); one job.
  virtual std::vector<Job> jobs(std::string_view state, int limit) = 0;
  // How many jobs are in `state` (by index).
  virtual std::int64_t count_jobs(std::string_view state) = 0;
  virtual std::optional<Job> job(std::int64_t id) = 0;
  // A finished job queued again with fresh attempts; a queued or running job cancelled (a
  // running one's holder sees its lease gone at its next heartbeat). False when the job's
  // state does not allow it.
  virtual bool retry_job(std::int64_t id, UnixSeconds now) = 0;
  // The latest fire time a schedule has a job for (whatever its state); how many of its jobs,
  // and of the jobs they fanned out, are queued or running.
  virtual std::optional<UnixSeconds> last_fire(std::string_view schedule) = 0;
  virtual int active_jobs(std::string_view schedule) = 0;
  virtual bool cancel_job(std::int64_t id, UnixSeconds now) = 0;
  // Workers' and daemons' signs of life: one row per owner, replaced by each beat; the rows
  // whose heartbeat is at or after `since`, by owner.
  virtual void beat(const WorkerBeat& beat) = 0;
  virtual std::vector<WorkerBeat> worker_beats(UnixSeconds since) = 0;
};

}  // namespace quantloop
