#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/run_store.h"

namespace quantloop::train {

// A run still marked "running" whose process is gone (killed with -9, or its machine died)
// cannot record its outcome. Found at the start of every run: on this host, by its process id
// no longer running quantloop; elsewhere, by a heartbeat older than `stale_after_seconds`.
// Each is marked failed with the reason. Returns the ids marked.
std::vector<std::int64_t> mark_abandoned_runs(RunStore& store, std::int64_t found_by_run,
                                              UnixSeconds now,
                                              UnixSeconds stale_after_seconds = 900);

// This machine's host name, as recorded in training_runs.host and in a worker's name:
// $QUANTLOOP_HOST when set (containers whose host names say nothing; several workers on one
// machine that stand for several hosts, as the scale-out test does), else gethostname().
std::string host_name();

}  // namespace quantloop::train
