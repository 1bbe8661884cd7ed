#include "train/abandoned_runs.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fstream>

namespace quantloop::train {

namespace {

// True when pid is a live quantloop process (a recycled pid running something else is not).
bool quantloop_running(std::int64_t pid) {
  if (pid <= 0) return false;
  if (kill(pid_t(pid), 0) != 0 && errno == ESRCH) return false;
  std::ifstream cmdline(fmt::format("/proc/{}/cmdline", pid));
  std::string arguments((std::istreambuf_iterator<char>(cmdline)),
                        std::istreambuf_iterator<char>());
  return arguments.find("quantloop") != std::string::npos;
}

}  // namespace

std::string host_name() {
  if (const char* name = std::getenv("QUANTLOOP_HOST"); name && *name) return name;
  char name[256] = {};
  gethostname(name, sizeof name - 1);
  return name;
}

std::vector<std::int64_t> mark_abandoned_runs(RunStore& store, std::int64_t found_by_run,
                                              UnixSeconds now, UnixSeconds stale_after_seconds) {
  std::vector<std::int64_t> marked;
  const std::string here = host_name();
  for (TrainingRun run : store.training_runs_with_status("running")) {
    // pid 0: a run shared by jobs (one per symbol), which the queue's leases look after.
    if (run.id == found_by_run || run.pid == 0) continue;
    // Not run_date: that is the run's clock, which --at may set anywhere in time.
    const bool dead =
        run.host == here ? !quantloop_running(run.pid) : now - run.heartbeat > stale_after_seconds;
    if (!dead) continue;
    run.status = "failed";
    run.error = fmt::format(
        "abandoned: process {} on {} ended without recording an outcome (found by run {})", run.pid,
        run.host.empty() ? "?" : run.host, found_by_run);
    store.update_training_run(run);
    spdlog::warn("training run {} was abandoned by its process; marked failed", run.id);
    marked.push_back(run.id);
  }
  return marked;
}

}  // namespace quantloop::train
