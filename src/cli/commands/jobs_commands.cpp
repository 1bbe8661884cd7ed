#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <set>
#include <thread>

#include "cli/commands/commands.h"
#include "cli/output.h"
#include "cli/validators.h"
#include "core/error.h"
#include "core/interrupt.h"
#include "core/log.h"
#include "sched/job_cleaner.h"
#include "sched/scheduler.h"
#include "sched/worker.h"
#include "train/abandoned_runs.h"

namespace quantloop::cli {

namespace {

// Commands a job may run: the ones that do a piece of work and end.
const std::set<std::string> kJobCommands{"ingest", "train", "run",   "models", "predict",
                                         "query",  "check", "stats", "sql"};

ResultTable jobs_table(const std::vector<Job>& jobs) {
  ResultTable table{
      {"id", "state", "command", "schedule", "scheduled_for", "attempts", "max_attempts",
       "exit_code", "lease_owner", "started_at", "finished_at", "last_error"},
      {}};
  auto time_or_null = [](UnixSeconds t) { return t == 0 ? Value{} : Value{format_utc(t)}; };
  for (const auto& j : jobs) {
    const std::string error = last_message_line(j.last_error);
    table.rows.push_back(
        {j.id, j.state, fmt::format("{}", fmt::join(j.command, " ")),
         j.schedule.empty() ? Value{} : Value{j.schedule}, format_utc(j.scheduled_for),
         std::int64_t{j.attempts}, std::int64_t{j.max_attempts},
         j.exit_code < 0 ? Value{} : Value{std::int64_t{j.exit_code}},
         j.lease_owner.empty() ? Value{} : Value{j.lease_owner}, time_or_null(j.started_at),
         time_or_null(j.finished_at), error.empty() ? Value{} : Value{error}});
  }
  return table;
}

struct SubmitArgs {
  int max_attempts = 0;
  std::string not_before;
  bool json = false;
};

struct ListArgs {
  std::string state;
  int limit = 50;
  OutputFormat format = OutputFormat::table;
};

struct IdArgs {
  std::int64_t id = 0;
  OutputFormat format = OutputFormat::table;
};

struct WorkerArgs {
  int concurrency = 1;
  bool until_idle = false;
};

struct DaemonArgs {
  int workers = -1;  // one per core
  bool once = false;
  std::string at;
};

// A worker's identity and how it starts jobs: host:pid, and this quantloop's invocation.
sched::WorkerOptions worker_options(const Context& context, int concurrency) {
  sched::WorkerOptions options;
  options.concurrency = concurrency;
  options.owner = fmt::format("{}:{}", train::host_name(), getpid());
  options.quantloop = context.self_invocation();
  return options;
}

void print_worker_report(const std::string& owner, const sched::WorkerReport& report) {
  std::cout << fmt::format(
      "worker {}: {} claimed, {} succeeded, {} partial, {} failed, {} to retry, {} released, "
      "{} lost\n",
      owner, report.claimed, report.succeeded, report.partial, report.failed, report.retried,
      report.released, report.lost);
}

void log_created(const std::vector<sched::Scheduler::Created>& created) {
  for (const auto& c : created) {
    if (c.state == "queued") {
      spdlog::info("schedule {}: fire {} queued", c.schedule, format_iso8601(c.fire));
    } else {
      spdlog::warn("schedule {}: fire {} skipped: {}", c.schedule, format_iso8601(c.fire),
                   c.reason);
    }
  }
}

}  // namespace

void add_jobs_commands(CLI::App& app, Context& context) {
  auto* jobs = app.add_subcommand(
      "jobs", "The durable job queue that workers run (quantloop worker, quantloop daemon)");
  jobs->require_subcommand(1);

  auto submit_args = std::make_shared<SubmitArgs>();
  auto* submit = jobs->add_subcommand(
      "submit",
      "Queue a quantloop command as a job, written as on the command line: quantloop jobs "
      "submit train --mode full --symbols A,B");
  submit->prefix_command();
  submit->fallthrough(false);  // the command's words are its own, not quantloop's flags
  submit
      ->add_option("--max-attempts", submit_args->max_attempts,
                   "Claims before the job fails (default: jobs.max_attempts)")
      ->check(CLI::Range(1, 1000));
  submit->add_option("--not-before", submit_args->not_before, "Not run before this time, UTC")
      ->check(utc_time());
  submit->add_flag("--json", submit_args->json, "Print the job as JSON");
  submit->callback([&context, submit_args, submit] {
    const std::vector<std::string> command = submit->remaining();
    if (command.empty()) usage_error("COMMAND", "jobs submit needs the command to queue");
    if (!kJobCommands.count(command[0])) {
      usage_error("COMMAND", fmt::format("'{}' cannot be a job (one of: {})", command[0],
                                         fmt::join(kJobCommands, ", ")));
    }
    context.begin();
    const Config& config = context.config();
    auto store = context.open_store(Store::OpenMode::create);
    const UnixSeconds now = now_utc();
    Job job;
    job.command = command;
    job.scheduled_for = now;
    job.created_at = now;
    job.not_before =
        submit_args->not_before.empty() ? now : *parse_timestamp(submit_args->not_before);
    job.max_attempts =
        submit_args->max_attempts > 0 ? submit_args->max_attempts : config.jobs.max_attempts;
    const std::int64_t id = *store->enqueue_job(job);
    if (submit_args->json) {
      std::cout << to_json(jobs_table({*store->job(id)}))[0].dump(2) << "\n";
    } else {
      std::cout << fmt::format("job {} queued: quantloop {}\n", id, fmt::join(command, " "));
    }
  });

  auto list_args = std::make_shared<ListArgs>();
  auto* list = jobs->add_subcommand("list", "Jobs, newest first");
  list->add_option("--state", list_args->state, "Only jobs in this state")
      ->check(CLI::IsMember(
          {"queued", "running", "succeeded", "partial", "failed", "cancelled", "skipped"}));
  list->add_option("--limit", list_args->limit, "How many (default 50)")
      ->check(CLI::Range(1, 1000000));
  add_format_flags(list, list_args->format);
  list->callback([&context, list_args] {
    context.begin();
    auto store = context.open_store(Store::OpenMode::existing);
    print_result(std::cout, jobs_table(store->jobs(list_args->state, list_args->limit)),
                 list_args->format, "JOBS");
  });

  auto show_args = std::make_shared<IdArgs>();
  auto* show = jobs->add_subcommand("show", "One job, with the end of its output");
  show->add_option("id", show_args->id, "The job's id")->required()->check(CLI::PositiveNumber);
  add_format_flags(show, show_args->format, false);
  show->callback([&context, show_args] {
    context.begin();
    auto store = context.open_store(Store::OpenMode::existing);
    const auto job = store->job(show_args->id);
    if (!job) throw Error(fmt::format("job {}: no such job", show_args->id));
    auto table = jobs_table({*job});
    table.rows[0].back() = job->last_error.empty() ? Value{} : Value{job->last_error};
    if (show_args->format == OutputFormat::json) {
      std::cout << to_json(table)[0].dump(2) << "\n";
      return;
    }
    for (std::size_t c = 0; c < table.columns.size(); ++c)
      std::cout << fmt::format("{:>14}  {}\n", table.columns[c], display(table.rows[0][c]));
    const auto log = std::filesystem::path(context.config().jobs.log_dir) / "jobs" /
                     fmt::format("job-{}.log", job->id);
    if (std::filesystem::exists(log)) std::cout << fmt::format("{:>14}  {}\n", "log", log.string());
  });

  for (const bool retry : {true, false}) {
    auto args = std::make_shared<IdArgs>();
    auto* command = jobs->add_subcommand(
        retry ? "retry" : "cancel",
        retry ? "Queue a failed, partial, cancelled or skipped job again, with fresh attempts"
              : "Cancel a queued or running job (a running job's worker stops it at its next "
                "heartbeat)");
    command->add_option("id", args->id, "The job's id")->required()->check(CLI::PositiveNumber);
    command->callback([&context, args, retry] {
      context.begin();
      auto store = context.open_store(Store::OpenMode::existing);
      const auto job = store->job(args->id);
      if (!job) throw Error(fmt::format("job {}: no such job", args->id));
      const bool done =
          retry ? store->retry_job(args->id, now_utc()) : store->cancel_job(args->id, now_utc());
      if (!done) {
        throw Error(fmt::format("job {}: cannot {} a job that is {}", args->id,
                                retry ? "retry" : "cancel", job->state));
      }
      std::cout << fmt::format("job {} {}\n", args->id, retry ? "queued again" : "cancelled");
    });
  }

  auto worker_args = std::make_shared<WorkerArgs>();
  auto* worker = app.add_subcommand(
      "worker",
      "Run queued jobs, each as a quantloop process, renewing their leases; SIGTERM or Ctrl-C "
      "stops them and hands them back to the queue. Any number of workers, on any host, may "
      "share one PostgreSQL database");
  worker->add_option("--concurrency", worker_args->concurrency, "Jobs at once (default 1)")
      ->check(CLI::Range(1, 256));
  worker->add_flag("--until-idle", worker_args->until_idle,
                   "Exit when no job is left to claim and none is running");
  worker->callback([&context, worker_args] {
    context.begin();
    add_log_file((std::filesystem::path(context.config().jobs.log_dir) / "quantloop.log").string());
    auto store = context.open_store(Store::OpenMode::create);
    sched::WorkerOptions options = worker_options(context, worker_args->concurrency);
    options.until_idle = worker_args->until_idle;
    auto report = sched::run_worker(*store, context.config(), options,
                                    [](const std::string& line) { spdlog::info("{}", line); });
    print_worker_report(options.owner, report);
    context.exit_code = report.failed > 0 ? kExitPartial : 0;
  });

  auto daemon_args = std::make_shared<DaemonArgs>();
  auto* daemon = app.add_subcommand(
      "daemon",
      "Run the [schedule.NAME] sections: create each due fire's job (once, however many "
      "daemons share the database) and run jobs with local workers; SIGTERM or Ctrl-C stops "
      "it, handing running jobs back");
  daemon
      ->add_option("--workers", daemon_args->workers,
                   "Jobs run at once here (default: one per core, as a run's jobs train one "
                   "symbol each on one core; 0: only create jobs, for a fleet of quantloop "
                   "worker processes)")
      ->check(CLI::Range(0, 256));
  daemon->add_flag("--once", daemon_args->once,
                   "Create the jobs due now (or at --at), run them, and exit");
  daemon->add_option("--at", daemon_args->at, "With --once: the clock, UTC (default: now)")
      ->check(utc_time())
      ->needs(daemon->get_option("--once"));
  daemon->callback([&context, daemon_args] {
    context.begin();
    add_log_file((std::filesystem::path(context.config().jobs.log_dir) / "quantloop.log").string());
    const Config& config = context.config();
    auto store = context.open_store(Store::OpenMode::create);
    sched::Scheduler scheduler(*store, sched::enabled_schedules(config), config.jobs.max_attempts);
    const int workers = daemon_args->workers >= 0
                            ? daemon_args->workers
                            : int(std::max(1u, std::thread::hardware_concurrency()));
    sched::WorkerOptions options = worker_options(context, std::max(1, workers));
    options.role = "daemon";
    const auto log = [](const std::string& line) { spdlog::info("{}", line); };
    if (daemon_args->once) {
      const UnixSeconds at =
          daemon_args->at.empty() ? now_utc() : *parse_timestamp(daemon_args->at);
      const auto created = scheduler.tick(at);
      log_created(created);
      std::cout << fmt::format("daemon: {} job(s) created at {}\n", created.size(),
                               format_iso8601(at));
      if (workers == 0) return;
      options.until_idle = true;
      const auto report = sched::run_worker(*store, config, options, log);
      print_worker_report(options.owner, report);
      context.exit_code = report.failed > 0 ? kExitPartial : 0;
      return;
    }
    spdlog::info("daemon {}: {} schedule(s), {} worker(s)", options.owner, config.schedules.size(),
                 workers);
    // Fires have a minute's resolution: once a second is enough, however often the worker
    // loop turns (ten times a second while jobs run).
    sched::Maintenance maintenance;
    maintenance.add("scheduler", std::chrono::seconds(1), [&](UnixSeconds now) {
      log_created(scheduler.tick(now));
      return std::optional<std::string>();
    });
    sched::JobCleaner cleaner(*store, config.jobs.retention_days);
    maintenance.add("job cleaner", std::chrono::hours(1),
                    [&](UnixSeconds now) { return cleaner.run(now); });
    options.concurrency = workers;  // 0: it only creates jobs
    options.maintenance = &maintenance;
    print_worker_report(options.owner, sched::run_worker(*store, config, options, log));
    spdlog::info("daemon {}: stopped", options.owner);
  });
}

}  // namespace quantloop::cli
