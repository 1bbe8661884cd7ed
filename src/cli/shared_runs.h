#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/context.h"
#include "train/runner.h"

namespace quantloop::cli {

// What fan_out_run did: the shared run and the jobs it queued (none when the job had fanned
// out already, before it was run again).
struct FanOut {
  std::int64_t run_id = 0;
  std::vector<std::int64_t> symbol_jobs;
  std::int64_t completion_job = 0;
  bool already = false;
};

// Inside job `job`: turns a training run of several symbols into one job per symbol
// (`train --join-run RUN --symbols S`, with the request's mode, clock and options) and a last
// job (`train --complete-run RUN`) that waits for them, all in one transaction with the run's
// row, so that any number of workers share the run and nothing is queued twice.
FanOut fan_out_run(Store& store, const Config& config, const JobIdentity& job,
                   const train::RunRequest& request);

// The job of `train --complete-run RUN`: completes the shared run, recording the symbols whose
// job failed for good (found through the job's siblings) as failed with the job's error.
train::RunResult complete_run_job(Store& store, const Config& config, std::int64_t run_id);

}  // namespace quantloop::cli
