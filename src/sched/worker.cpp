#include "sched/worker.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <thread>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/interrupt.h"
#include "sched/lease_rescuer.h"

namespace quantloop::sched {

namespace {

constexpr int kExitUsage = 2;
constexpr int kExitPartial = 3;
constexpr int kExitDataError = 65;
constexpr int kExitInterrupted = 130;

struct Running {
  Job job;
  pid_t pid = 0;
  std::filesystem::path log;
  bool lost = false;  // the lease is gone: the process was told to stop, nothing is written
  std::chrono::steady_clock::time_point stop_sent{};
};

// The last lines of a job's log, for jobs.last_error.
std::string tail_of(const std::filesystem::path& log) {
  std::ifstream in(log, std::ios::binary);
  if (!in) return {};
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  const std::streamoff from = std::max<std::streamoff>(0, size - 600);
  in.seekg(from);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
    text.pop_back();
  if (from > 0) {
    const auto newline = text.find('\n');
    if (newline != std::string::npos) text = text.substr(newline + 1);
  }
  return text;
}

pid_t spawn(const std::vector<std::string>& argv, const std::filesystem::path& log,
            const Job& job) {
  std::filesystem::create_directories(log.parent_path());
  const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) throw Error(fmt::format("{}: cannot open the job's log", log.string()));
  std::vector<char*> args;
  for (const auto& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const std::string id = std::to_string(job.id);
  const std::string token = std::to_string(job.fencing_token);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    setenv("QUANTLOOP_JOB_ID", id.c_str(), 1);
    setenv("QUANTLOOP_JOB_FENCING_TOKEN", token.c_str(), 1);
    // The worker's Ctrl-C is the worker's to handle: the job stops when the worker says so.
    setpgid(0, 0);
    execv(args[0], args.data());
    dprintf(STDERR_FILENO, "quantloop worker: cannot run %s: %s\n", args[0], strerror(errno));
    _exit(127);
  }
  close(fd);
  if (pid < 0) throw Error(fmt::format("cannot start a process for job {}", job.id));
  return pid;
}

}  // namespace

UnixSeconds retry_delay(int attempt, int base_seconds, int max_seconds, double u) {
  const double delay =
      std::min<double>(max_seconds, base_seconds * std::pow(2.0, std::max(0, attempt - 1)));
  return UnixSeconds(std::llround(delay / 2 + u * delay / 2));
}

JobOutcome outcome_of(const Job& job, int wait_status, bool stopping, UnixSeconds now,
                      const JobsConfig& config, double u, const std::string& error_tail) {
  JobOutcome o;
  o.id = job.id;
  o.fencing_token = job.fencing_token;
  o.at = now;
  const bool exited = WIFEXITED(wait_status);
  o.exit_code = exited ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
  if (exited && o.exit_code == 0) {
    o.state = "succeeded";
    return o;
  }
  o.error = error_tail.empty() ? fmt::format("exit code {}", o.exit_code) : error_tail;
  if (exited && o.exit_code == kExitPartial) {
    o.state = "partial";
  } else if (exited && o.exit_code == kExitUsage) {
    o.state = "failed";
    o.error = "a usage error, which no retry can pass: " + o.error;
  } else if (exited && o.exit_code == kExitDataError) {
    o.state = "failed";
    o.error = "the input cannot be processed, which no retry can change: " + o.error;
  } else if (stopping || (exited && o.exit_code == kExitInterrupted)) {
    o.state = "queued";  // released: another worker takes it
    o.not_before = now;
    o.count_attempt = false;
  } else if (job.attempts < job.max_attempts) {
    o.state = "queued";
    o.not_before =
        now + retry_delay(job.attempts, config.retry_base_seconds, config.retry_max_seconds, u);
  } else {
    o.state = "failed";
  }
  return o;
}

WorkerReport run_worker(JobStore& store, const Config& config, const WorkerOptions& options,
                        const std::function<void(const std::string&)>& on_event) {
  using Clock = std::chrono::steady_clock;
  const auto heartbeat_every = std::chrono::milliseconds(config.jobs.lease_seconds * 1000 / 3);
  std::mt19937_64 random(std::random_device{}());
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::map<pid_t, Running> running;
  LeaseRescuer rescuer(store);
  auto last_rescue = Clock::time_point{};  // the first turn rescues
  WorkerReport report;
  auto last_heartbeat = Clock::now();
  bool stopping = false;
  WorkerBeat beat{
      options.owner, options.role,        options.owner.substr(0, options.owner.rfind(':')),
      getpid(),      options.concurrency, 0,
      now_utc(),     now_utc(),           0};
  auto send_beat = [&] {
    beat.running_jobs = int(running.size());
    beat.heartbeat_at = now_utc();
    store.beat(beat);
  };

  auto finish = [&](Running& r, int status) {
    if (r.lost) {
      ++report.lost;
      on_event(fmt::format("job {}: stopped: its lease was lost (expired or cancelled)", r.job.id));
      return;
    }
    const JobOutcome o = outcome_of(r.job, status, stopping, now_utc(), config.jobs,
                                    uniform(random), tail_of(r.log));
    if (!store.finish_job(o)) {
      ++report.lost;
      on_event(
          fmt::format("job {}: finished, but its lease had moved on: nothing written", r.job.id));
      return;
    }
    if (o.state == "succeeded") ++report.succeeded;
    if (o.state == "partial") ++report.partial;
    if (o.state == "failed") ++report.failed;
    if (o.state == "queued") ++(o.count_attempt ? report.retried : report.released);
    const std::string what =
        o.state == "queued"
            ? (o.count_attempt ? fmt::format("retry at {}", format_iso8601(o.not_before))
                               : std::string("released for another worker"))
            : o.state;
    on_event(fmt::format("job {}: {} (exit code {}, attempt {} of {})", r.job.id, what, o.exit_code,
                         r.job.attempts, r.job.max_attempts));
  };

  // Renews the leases; a job whose lease is gone (expired, cancelled) is told to stop.
  auto renew_leases = [&] {
    if (Clock::now() - last_heartbeat < heartbeat_every) return;
    last_heartbeat = Clock::now();
    send_beat();
    for (auto& [pid, r] : running) {
      if (r.lost) continue;
      if (!store.renew_lease(r.job.id, r.job.fencing_token,
                             now_utc() + config.jobs.lease_seconds)) {
        r.lost = true;
        kill(pid, SIGTERM);
      }
    }
  };
  // A process told to stop that has not after 30 s is killed.
  auto enforce_stops = [&] {
    for (auto& [pid, r] : running) {
      if ((r.lost || stopping) && r.stop_sent == Clock::time_point{}) r.stop_sent = Clock::now();
      if (r.stop_sent != Clock::time_point{} &&
          Clock::now() - r.stop_sent > std::chrono::seconds(30)) {
        kill(pid, SIGKILL);
      }
    }
  };
  // Claims and starts jobs while there is room; true when nothing was left to claim.
  auto claim_more = [&] {
    while (int(running.size()) < options.concurrency) {
      auto job = store.claim_job(options.owner, now_utc(), config.jobs.lease_seconds);
      if (!job) return true;
      ++report.claimed;
      std::vector<std::string> argv = options.quantloop;
      argv.insert(argv.end(), job->command.begin(), job->command.end());
      const auto log =
          std::filesystem::path(config.jobs.log_dir) / "jobs" / fmt::format("job-{}.log", job->id);
      Running r{*job, 0, log};
      try {
        r.pid = spawn(argv, log, *job);
      } catch (const std::exception& e) {
        // Any failure to start (an unwritable log folder, no process left) is the job's outcome
        // at once, retried after its backoff: never a claimed job left to its lease.
        JobOutcome o{job->id,
                     job->fencing_token,
                     "failed",
                     -1,
                     fmt::format("failed to start: {}", e.what()),
                     now_utc(),
                     0};
        if (job->attempts < job->max_attempts) {
          o.state = "queued";
          o.not_before = o.at + retry_delay(job->attempts, config.jobs.retry_base_seconds,
                                            config.jobs.retry_max_seconds, uniform(random));
        }
        store.finish_job(o);
        ++(o.state == "failed" ? report.failed : report.retried);
        on_event(fmt::format("job {}: {}{}", job->id, o.error,
                             o.state == "queued"
                                 ? fmt::format("; retry at {}", format_iso8601(o.not_before))
                                 : std::string()));
        return false;  // the next turn tries again: whatever failed may fail the next job too
      }
      running.emplace(r.pid, r);
      on_event(fmt::format("job {}: started (attempt {} of {}, pid {}): quantloop {}", job->id,
                           job->attempts, job->max_attempts, r.pid, fmt::join(job->command, " ")));
    }
    return false;
  };

  try {
    send_beat();
  } catch (const std::exception& e) {
    on_event(fmt::format("the heartbeat was not written: {}", e.what()));
  }
  while (true) {
    // Reap the processes that ended. A database error loses only that outcome: the job's
    // lease runs out and another claim runs it again.
    for (auto it = running.begin(); it != running.end();) {
      int status = 0;
      if (waitpid(it->first, &status, WNOHANG) != it->first) {
        ++it;
        continue;
      }
      Running ended = std::move(it->second);
      it = running.erase(it);
      try {
        finish(ended, status);
      } catch (const std::exception& e) {
        on_event(fmt::format("job {}: its outcome was not written: {}", ended.job.id, e.what()));
      }
    }
    if (!stopping && interrupt_requested()) {
      stopping = true;
      on_event(fmt::format("stopping: {} job(s) asked to stop and released", running.size()));
      for (auto& [pid, r] : running)
        kill(pid, SIGTERM);
    }
    enforce_stops();
    if (stopping && running.empty()) break;
    bool idle = false;
    // The database may be away for a moment: the worker goes on and tries at the next turn.
    try {
      renew_leases();
      if (!stopping) {
        const UnixSeconds now = now_utc();
        // Every third of a lease, as the heartbeats: expired leases are found soon enough, and
        // the loop's turns (ten a second while jobs run) write nothing.
        if (Clock::now() - last_rescue >= heartbeat_every) {
          last_rescue = Clock::now();
          if (auto line = rescuer.run(now)) on_event(*line);
        }
        if (options.maintenance) options.maintenance->run_due(now, on_event);
        idle = claim_more();
      }
    } catch (const std::exception& e) {
      on_event(fmt::format("the database did not answer: {}; trying again", e.what()));
    }
    if (options.until_idle && idle && running.empty()) break;
    const double pause = running.empty() ? options.poll_seconds : 0.1;
    std::this_thread::sleep_for(std::chrono::duration<double>(pause));
  }
  try {
    beat.stopped_at = now_utc();
    send_beat();
  } catch (const std::exception& e) {
    on_event(fmt::format("the last heartbeat was not written: {}", e.what()));
  }
  return report;
}

}  // namespace quantloop::sched
