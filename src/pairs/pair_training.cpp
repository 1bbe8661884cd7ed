#include "pairs/pair_training.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <future>
#include <mutex>

#include "core/error.h"
#include "core/interrupt.h"
#include "core/parallel.h"
#include "pairs/performance_history.h"
#include "stats/transforms.h"
#include "train/abandoned_runs.h"

namespace quantloop::pairs {

namespace {

constexpr auto kHeartbeat = std::chrono::seconds(30);

struct PairJob {
  PairScore candidate;
  std::vector<UnixSeconds> times;  // common bars of y and x
  std::vector<double> y, x;
  PairClassifier classifier;
  std::string error;  // empty: trained
  bool interrupted = false;
  double seconds = 0;
};

std::vector<Bar> closes(Store& store, const std::string& symbol, Interval interval,
                        UnixSeconds from, UnixSeconds to) {
  std::vector<Bar> out;
  for (const Bar& bar : store.read_bars(symbol, interval, from, to).bars) {
    if (std::isfinite(bar.close) && bar.close > 0) out.push_back(bar);
  }
  return out;
}

// y's and x's closes on the times both have.
void align(PairJob& job, const std::vector<Bar>& y, const std::vector<Bar>& x) {
  stats::AlignedPair aligned = stats::align_closes(y, x);
  job.times = std::move(aligned.times);
  job.y = std::move(aligned.first);
  job.x = std::move(aligned.second);
}

PairScan latest_scan(Store& store, UnixSeconds as_of) {
  if (auto scan = store.latest_pair_scan(as_of)) return std::move(*scan);
  throw Error(fmt::format("no pair scan is recorded at or before {}: run quantloop pairs scan",
                          format_iso8601(as_of)));
}

TrainingRun started_run(Store& store, const PairTrainingRequest& request, const PairScan& scan,
                        std::size_t pairs) {
  TrainingRun run;
  run.run_date = request.as_of;
  run.mode = "pairs";
  run.timeframe = fmt::format("{}d", request.lookback_days);
  run.hour = int((request.as_of % kSecondsPerDay) / 3600);
  run.symbols_count = int(pairs);
  run.status = "running";
  run.pid = getpid();
  run.host = train::host_name();
  run.heartbeat = now_utc();
  run.interval = scan.interval;
  run.id = store.insert_training_run(run);
  return run;
}

// Trains the jobs on every core while this thread reports progress and renews the run's
// heartbeat.
void train_every_pair(Store& store, const PairTrainingRequest& request, const std::string& interval,
                      TrainingRun& run, std::vector<PairJob>& jobs) {
  std::mutex progress;
  std::vector<std::string> finished;  // names in the order they finished, for on_pair
  auto work = std::async(std::launch::async, [&] {
    parallel_for(
        jobs.size(),
        [&](std::size_t i) {
          PairJob& job = jobs[i];
          const auto begin = std::chrono::steady_clock::now();
          try {
            if (interrupt_requested()) throw Interrupted();
            job.classifier = train_pair_classifier(job.times, job.y, job.x, request.classifier);
          } catch (const Interrupted&) {
            job.interrupted = true;
            job.error = "interrupted";
          } catch (const Error& e) {
            job.error = fmt::format("{} common {} bars: {}", job.times.size(), interval, e.what());
          }
          job.seconds =
              std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
          std::lock_guard lock(progress);
          finished.push_back(job.candidate.y + "/" + job.candidate.x);
        },
        request.threads);
  });
  std::size_t reported = 0;
  auto report = [&] {
    std::lock_guard lock(progress);
    for (; reported < finished.size(); ++reported) {
      if (request.on_pair) request.on_pair(finished[reported], reported + 1, jobs.size());
    }
  };
  while (work.wait_for(std::chrono::milliseconds(200)) == std::future_status::timeout) {
    report();
    if (now_utc() - run.heartbeat >= kHeartbeat.count()) {
      run.heartbeat = now_utc();
      store.update_training_run(run);
    }
  }
  work.get();
  report();
}

}  // namespace

PairTrainingResult run_pair_training(Store& store, const PairTrainingRequest& request) {
  PairTrainingResult result;
  result.scan = latest_scan(store, request.as_of);
  const PairScan& scan = result.scan;
  const Interval interval = Interval::parse(scan.interval);
  std::vector<PairJob> jobs;
  for (const PairScore& s : store.passed_pair_scores(scan.as_of, scan.as_of)) {
    if (s.scan_id == scan.id) jobs.push_back({s, {}, {}, {}, {}, {}, false, 0});
  }
  if (jobs.empty()) return result;

  TrainingRun run = started_run(store, request, scan, jobs.size());
  result.run_id = run.id;
  const auto started = std::chrono::steady_clock::now();

  const UnixSeconds from = request.as_of - request.lookback_days * kSecondsPerDay;
  const UnixSeconds last_start = interval.last_complete_open(request.as_of);
  for (PairJob& job : jobs) {
    align(job, closes(store, job.candidate.y, interval, from, last_start),
          closes(store, job.candidate.x, interval, from, last_start));
  }
  train_every_pair(store, request, scan.interval, run, jobs);

  bool interrupted = false;
  for (PairJob& job : jobs) {
    const std::string name = job.candidate.y + "/" + job.candidate.x;
    RunSymbol outcome{run.id, name,       "success", "", 0, std::int64_t(job.times.size()),
                      0,      job.seconds};
    if (job.error.empty()) {
      PairModelPerformance& m = job.classifier.performance;
      m.run_id = run.id;
      m.y = job.candidate.y;
      m.x = job.candidate.x;
      m.as_of = request.as_of;
      m.trained_at = now_utc();
      m.interval = scan.interval;
      m.correlation = job.candidate.correlation;
      m.composite_score = job.candidate.score;
      m.duration_seconds = job.seconds;
      m.id = store.record_pair_model(m, job.classifier.settings.dump(), job.classifier.weights);
      outcome.epochs = m.epochs;
      result.trained.push_back(m);
    } else {
      interrupted = interrupted || job.interrupted;
      outcome.status = job.interrupted ? "interrupted" : "failed";
      outcome.error = job.error;
      result.failed.emplace_back(name, job.error);
    }
    store.insert_run_symbol(outcome);
    run.rows_processed += std::int64_t(job.times.size());
  }
  run.status = interrupted              ? "interrupted"
               : result.failed.empty()  ? "success"
               : result.trained.empty() ? "failed"
                                        : "partial";
  if (!result.failed.empty()) {
    run.error = fmt::format("{} of {} pairs failed; first: {}: {}", result.failed.size(),
                            jobs.size(), result.failed.front().first, result.failed.front().second);
  }
  run.duration_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  run.heartbeat = now_utc();
  store.update_training_run(run);
  result.status = run.status;
  if (!result.trained.empty()) refresh_pair_rankings(store, request.as_of);
  return result;
}

}  // namespace quantloop::pairs
