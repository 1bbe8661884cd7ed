#include "cli/shared_runs.h"

#include <fmt/format.h>

#include <algorithm>

#include "cli/output.h"
#include "core/error.h"

namespace quantloop::cli {

namespace {

// The `train` arguments that repeat `request` for one symbol of run `run_id`.
std::vector<std::string> symbol_command(const train::RunRequest& request, std::int64_t run_id,
                                        const std::string& symbol) {
  std::vector<std::string> command{"train",
                                   "--mode",
                                   std::string(train::to_string(request.mode)),
                                   "--at",
                                   format_iso8601(request.at),
                                   "--symbols",
                                   symbol,
                                   "--join-run",
                                   std::to_string(run_id),
                                   "--workers",
                                   "1",
                                   "--backend",
                                   request.gru_backend};
  if (request.model) {
    command.insert(command.end(), {"--model", std::string(models::to_string(*request.model))});
  }
  if (request.epochs) command.insert(command.end(), {"--epochs", std::to_string(*request.epochs)});
  if (!request.early_stopping) command.push_back("--no-early-stop");
  if (request.batch_size) {
    command.insert(command.end(), {"--batch-size", std::to_string(*request.batch_size)});
  }
  if (request.samples_per_sequence) {
    command.insert(command.end(),
                   {"--samples-per-sequence", std::to_string(*request.samples_per_sequence)});
  }
  return command;
}

// The symbol a `train --join-run` job trains ("" for another job).
std::string symbol_of(const Job& job) {
  const auto& c = job.command;
  const auto at = std::find(c.begin(), c.end(), "--symbols");
  return at != c.end() && at + 1 != c.end() ? *(at + 1) : "";
}

}  // namespace

FanOut fan_out_run(Store& store, const Config& config, const JobIdentity& job,
                   const train::RunRequest& request) {
  const auto parent = store.job(job.id);
  if (!parent) throw Error(fmt::format("job {}: no such job", job.id));
  FanOut out;
  store.atomically([&] {
    const auto children = store.child_jobs(job.id);
    if (!children.empty()) {
      out.already = true;
      for (const auto& child : children) {
        if (child.after_siblings)
          out.completion_job = child.id;
        else
          out.symbol_jobs.push_back(child.id);
      }
      return;
    }
    const TrainingRun run = train::start_shared_run(
        store, config, request, fmt::format("jobs (fanned out by job {})", job.id));
    out.run_id = run.id;
    const std::vector<std::string> symbols =
        request.symbols.empty() ? config.all_symbols() : request.symbols;
    const UnixSeconds now = now_utc();
    Job child;
    child.scheduled_for = parent->scheduled_for;  // claimed before later fires' jobs
    child.created_at = now;
    child.not_before = now;
    child.max_attempts = config.jobs.max_attempts;
    child.parent_id = job.id;
    for (const auto& symbol : symbols) {
      child.command = symbol_command(request, run.id, canonical_symbol(symbol));
      out.symbol_jobs.push_back(*store.enqueue_job(child));
    }
    child.command = {"train", "--complete-run", std::to_string(run.id)};
    child.after_siblings = true;
    out.completion_job = *store.enqueue_job(child);
  });
  return out;
}

train::RunResult complete_run_job(Store& store, const Config& config, std::int64_t run_id) {
  UnixSeconds started = now_utc();
  std::vector<RunSymbol> unrecorded;
  if (const auto job = current_job()) {
    const auto self = store.job(job->id);
    if (self && self->parent_id != 0) {
      if (const auto parent = store.job(self->parent_id)) started = parent->started_at;
      for (const Job& sibling : store.child_jobs(self->parent_id)) {
        const std::string symbol = symbol_of(sibling);
        if (symbol.empty() || sibling.id == self->id) continue;
        if (sibling.state == "failed" || sibling.state == "cancelled") {
          RunSymbol r;
          r.run_id = run_id;
          r.symbol = symbol;
          r.status = "failed";
          r.error = fmt::format("its job {} {}: {}", sibling.id, sibling.state,
                                last_message_line(sibling.last_error));
          unrecorded.push_back(std::move(r));
        }
      }
    }
  }
  return train::complete_shared_run(store, config, run_id, unrecorded, started);
}

}  // namespace quantloop::cli
