#include "scanner/scanner_training.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/error.h"
#include "core/interrupt.h"
#include "registry/registry.h"
#include "scanner/model_inputs.h"
#include "scanner/training_samples.h"
#include "stats/paired_tests.h"
#include "stats/performance.h"
#include "train/abandoned_runs.h"

namespace quantloop::scanner {

namespace {

constexpr std::size_t kMinTrain = 30, kMinValidation = 10, kMinTest = 10;
// A threshold must keep at least this share of the validation signals (and 5): one that keeps
// two lucky signals is not a choice.
constexpr double kMinKeptShare = 0.2;

// The backtester's Sharpe ratio of one R per signal (0 for a skipped one), not annualised.
double sharpe_per_signal(const std::vector<double>& r) {
  return stats::sharpe_ratio(r, 1.0);
}

std::vector<double> kept_returns(const std::vector<double>& p_win, const std::vector<double>& r,
                                 double threshold, std::size_t* kept = nullptr) {
  std::vector<double> out(r.size());
  std::size_t count = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    const bool keep = p_win[i] >= threshold;
    out[i] = keep ? r[i] : 0.0;
    count += keep;
  }
  if (kept) *kept = count;
  return out;
}

// The P(win) threshold with the best Sharpe ratio per signal on the validation rows, among
// those keeping enough of them; 0 (keep all) wins ties and stands when nothing beats it.
double choose_threshold(const std::vector<double>& p_win, const std::vector<double>& r) {
  const std::size_t floor_kept =
      std::max<std::size_t>(5, std::size_t(std::ceil(kMinKeptShare * double(r.size()))));
  double best = 0, best_sharpe = sharpe_per_signal(r);
  if (std::isnan(best_sharpe)) best_sharpe = -HUGE_VAL;
  for (int step = 1; step <= 18; ++step) {
    const double threshold = 0.05 * step;
    std::size_t kept = 0;
    const double s = sharpe_per_signal(kept_returns(p_win, r, threshold, &kept));
    if (kept >= floor_kept && std::isfinite(s) && s > best_sharpe) {
      best = threshold;
      best_sharpe = s;
    }
  }
  return best;
}

std::vector<double> column(const std::vector<double>& probabilities, std::size_t classes,
                           std::size_t k) {
  std::vector<double> out;
  for (std::size_t i = k; i < probabilities.size(); i += classes)
    out.push_back(probabilities[i]);
  return out;
}

struct Trained {
  ScannerModel model;
  ScannerModel baseline;
  Segments segments;
  std::vector<double> class_rates;
};

// Fills the report's test figures: the model against the training rows' majority class.
void report_test(const Trained& t, const std::vector<Sample>& samples, std::size_t features,
                 ScannerModelReport& report) {
  const std::size_t classes = t.class_rates.size();
  const models::TabularRows test = rows_of(samples, t.segments.test, features);
  const auto p = t.model.probabilities(test);
  const std::size_t majority = std::size_t(
      std::max_element(t.class_rates.begin(), t.class_rates.end()) - t.class_rates.begin());
  std::size_t right = 0, baseline_right = 0, model_only = 0, baseline_only = 0;
  double baseline_loss = 0;
  for (std::size_t r = 0; r < test.label.size(); ++r) {
    const auto row = p.begin() + std::ptrdiff_t(r * classes);
    const auto predicted = std::size_t(std::max_element(row, row + std::ptrdiff_t(classes)) - row);
    const auto label = std::size_t(test.label[r]);
    right += predicted == label;
    baseline_right += majority == label;
    model_only += predicted == label && majority != label;
    baseline_only += predicted != label && majority == label;
    baseline_loss -= std::log(std::clamp(t.class_rates[label], 1e-7, 1 - 1e-7));
  }
  const double n = double(test.label.size());
  report.test_accuracy = double(right) / n;
  report.baseline_accuracy = double(baseline_right) / n;
  report.test_log_loss = models::multiclass_log_loss(p, test.label, int(classes));
  report.baseline_log_loss = baseline_loss / n;
  report.edge_pvalue = stats::mcnemar_exact_one_sided(model_only, baseline_only);
  if (t.model.kind() != ScannerModelKind::signal_quality) return;
  std::vector<double> r;
  for (std::size_t i : t.segments.test)
    r.push_back(samples[i].r);
  const auto p_win = column(p, classes, 1);
  report.test_sharpe_kept =
      sharpe_per_signal(kept_returns(p_win, r, t.model.threshold(), &report.test_kept));
  report.test_sharpe_all = sharpe_per_signal(r);
}

// Trains one model on its samples; nullopt (and the report says why) when they are too few.
std::optional<Trained> train_model(ScannerModelKind kind, const std::vector<Sample>& samples,
                                   const ModelInputs& inputs, std::uint64_t seed,
                                   ScannerModelReport& report) {
  report.rows = samples.size();
  Trained t{ScannerModel::baseline(kind, {}),
            ScannerModel::baseline(kind, {}),
            split_in_time(samples),
            {}};
  report.train_rows = t.segments.train.size();
  report.validation_rows = t.segments.validation.size();
  report.test_rows = t.segments.test.size();
  const char* what = kind == ScannerModelKind::signal_quality
                         ? "signals whose longest hold had passed"
                         : "symbol-entry bars whose regime 12 bars later was seen";
  if (report.train_rows < kMinTrain || report.validation_rows < kMinValidation ||
      report.test_rows < kMinTest) {
    report.status = "skipped";
    report.reason = fmt::format(
        "{} {} by the clock: {} train, {} validation and {} test rows after the embargo, "
        "fewer than the {}, {} and {} needed",
        samples.size(), what, report.train_rows, report.validation_rows, report.test_rows,
        kMinTrain, kMinValidation, kMinTest);
    return std::nullopt;
  }
  const std::size_t classes = classes_of(kind).size();
  const std::size_t features = inputs.names().size();
  const models::TabularRows train = rows_of(samples, t.segments.train, features);
  std::vector<std::size_t> counts(classes, 0);
  for (int label : train.label)
    ++counts[std::size_t(label)];
  for (std::size_t count : counts)
    t.class_rates.push_back(double(count) / double(train.label.size()));
  if (*std::max_element(counts.begin(), counts.end()) == train.label.size()) {
    report.status = "skipped";
    report.reason =
        fmt::format("every one of the {} training rows is {}: nothing to learn", train.label.size(),
                    classes_of(kind)[std::size_t(train.label.front())]);
    return std::nullopt;
  }
  const models::TabularRows validation = rows_of(samples, t.segments.validation, features);
  models::TabularOptions options;
  options.seed = seed;
  auto classifier = models::TabularClassifier::train(train, validation, int(classes), options);
  report.depth = classifier.depth();
  report.rounds = classifier.rounds();
  report.validation_log_loss = classifier.validation_log_loss();
  double threshold = 0;
  if (kind == ScannerModelKind::signal_quality) {
    std::vector<double> r;
    for (std::size_t i : t.segments.validation)
      r.push_back(samples[i].r);
    threshold = choose_threshold(column(classifier.predict(validation), classes, 1), r);
  }
  report.threshold = threshold;
  t.model = ScannerModel::trained(kind, inputs.names(), std::move(classifier), threshold);
  t.baseline = ScannerModel::baseline(kind, t.class_rates);
  report_test(t, samples, features, report);
  return t;
}

// A version of a series with what the gate needs of it.
struct Contender {
  ScannerModel model;
  UnixSeconds selection_end = 0;
};

// A stored version; Error when it reads other inputs than this configuration gives.
Contender load_version(Store& store, const std::string& series, const std::string& interval,
                       int version, const ModelInputs& inputs) {
  const std::string source = fmt::format("{} {} v{}", series, interval, version);
  const auto stored = store.model_version(series, interval, version);  // throws when archived
  if (!stored) throw Error(fmt::format("{} is not stored", source));
  ScannerModel model = ScannerModel::from_artifact(stored->artifact, source);
  if (!model.is_baseline() && model.inputs() != inputs.names()) {
    throw Error(fmt::format(
        "{} reads other inputs than the scanner's configuration gives now (scanner.timeframes "
        "changed), so no rows compare it; make a version trained on this configuration the "
        "champion by hand: quantloop models promote {} --interval {} --version N",
        source, series, interval));
  }
  return {std::move(model), stored->version.selection_end};
}

// The rows on which two versions compare fairly: those after everything either trained or was
// chosen on, all of them known at the clock. Signal quality: each one's P(win) and the R of
// the signals it keeps (0 for one it skips). Regime: the probability each gave the regime that
// came, as the P of an outcome that happened (outcome 1), so that the log loss is the
// multiclass forecast's.
registry::PairedRows fair_rows(const Contender& challenger, const Contender& champion,
                               const std::vector<Sample>& samples, const ModelInputs& inputs) {
  const UnixSeconds start = std::max(challenger.selection_end, champion.selection_end);
  std::vector<std::size_t> fair;
  for (std::size_t i = 0; i < samples.size(); ++i)
    if (samples[i].clock > start) fair.push_back(i);
  registry::PairedRows paired;
  if (fair.empty()) return paired;
  const ScannerModelKind kind = challenger.model.kind();
  const std::size_t classes = classes_of(kind).size();
  const models::TabularRows rows = rows_of(samples, fair, inputs.names().size());
  const auto p_challenger = challenger.model.probabilities(rows);
  const auto p_champion = champion.model.probabilities(rows);
  for (std::size_t k = 0; k < fair.size(); ++k) {
    const Sample& s = samples[fair[k]];
    paired.times.push_back(s.clock);
    paired.next_log_return.push_back(std::nan(""));
    if (kind == ScannerModelKind::signal_quality) {
      const double a = p_challenger[k * classes + 1], b = p_champion[k * classes + 1];
      paired.challenger.push_back(a);
      paired.champion.push_back(b);
      paired.outcome.push_back(s.label);
      paired.challenger_return.push_back(challenger.model.keeps(a) ? s.r : 0.0);
      paired.champion_return.push_back(champion.model.keeps(b) ? s.r : 0.0);
    } else {
      paired.challenger.push_back(p_challenger[k * classes + std::size_t(s.label)]);
      paired.champion.push_back(p_champion[k * classes + std::size_t(s.label)]);
      paired.outcome.push_back(1);
    }
  }
  return paired;
}

std::optional<int> alias_of(Store& store, const std::string& series, const std::string& interval,
                            const std::string& name) {
  for (const auto& a : store.aliases(series, interval))
    if (a.alias == name) return a.version;
  return std::nullopt;
}

// Training at a clock before the series' latest version or alias change would judge against
// models that did not exist then and write a history out of order.
// `decided_by`: the earliest this run's decisions can be dated.
void refuse_a_later_series(Store& store, const std::string& series, const std::string& interval,
                           UnixSeconds clock, UnixSeconds decided_by) {
  for (const auto& v : store.model_versions(series, interval)) {
    if (v.trained_at > clock) {
      throw Error(fmt::format(
          "{} {} has version {} trained at {}, after this run's clock {}: "
          "train at or after it",
          series, interval, v.version, format_iso8601(v.trained_at), format_iso8601(clock)));
    }
  }
  const auto history = store.alias_history(series, interval);
  if (!history.empty() && history.back().changed_at > decided_by) {
    throw Error(fmt::format(
        "{} {}'s champion or challenger changed at {}, after this run could "
        "decide ({}): train at or after it",
        series, interval, format_iso8601(history.back().changed_at), format_iso8601(decided_by)));
  }
}

ModelVersion version_record(const std::string& series, const std::string& interval,
                            const std::string& type, const TrainingRun& run,
                            const std::vector<Sample>& samples, const Segments& segments) {
  ModelVersion v;
  v.symbol = series;
  v.interval = interval;
  v.model_type = type;
  v.run_id = run.id;
  v.training_mode = "scanner";
  v.trained_at = run.run_date;
  v.data_start = samples[segments.train.front()].clock;
  v.data_end = samples.back().clock;
  v.selection_end = segments.selection_end;
  return v;
}

// What the registry stores of a trained model: its model_metadata row (the test figures), its
// version, and version 0 (the training class rates) for a series that has none.
TrainedModel trained_model(const Trained& t, const ScannerModelReport& report,
                           const TrainingRun& run, const std::string& series,
                           const std::string& interval, const std::vector<Sample>& rows) {
  ModelMetadata m;
  m.symbol = series;
  m.model_type = "gbdt";
  m.training_date = run.run_date;
  m.accuracy = report.test_accuracy;
  m.loss = report.test_log_loss;
  m.epochs = m.best_epoch = report.rounds;
  m.timeframe = run.timeframe;
  m.training_mode = run.mode;
  m.hour = run.hour;
  m.run_id = run.id;
  m.f1 = std::nan("");
  m.baseline_accuracy = report.baseline_accuracy;
  m.validation_rows = std::int64_t(report.validation_rows);
  m.validation_loss = report.validation_log_loss;
  m.validation_accuracy = std::nan("");
  m.test_rows = std::int64_t(report.test_rows);
  m.edge_pvalue = report.edge_pvalue;
  m.interval = interval;
  ModelVersion version = version_record(series, interval, "gbdt", run, rows, t.segments);
  m.selection_end = version.selection_end;
  m.data_start = version.data_start;
  m.data_end = version.data_end;
  version.test_rows = std::int64_t(report.test_rows);
  version.test_accuracy = report.test_accuracy;
  version.test_log_loss = report.test_log_loss;
  ModelVersion baseline = version_record(series, interval, "baseline", run, rows, t.segments);
  baseline.test_rows = version.test_rows;
  baseline.test_accuracy = report.baseline_accuracy;
  baseline.test_log_loss = report.baseline_log_loss;
  return {m, version, t.model.artifact(), baseline, t.baseline.artifact()};
}

}  // namespace

ScannerTrainingResult train_scanner_models(Store& store, const Config& config,
                                           const ScannerTrainingRequest& request) {
  const auto say = [&](const std::string& line) {
    if (request.on_progress) request.on_progress(line);
  };
  const std::string interval(Interval::parse(config.scanner.entry_timeframe).name());
  const ModelInputs inputs(config.scanner);
  const UnixSeconds from = request.clock - UnixSeconds(request.days) * kSecondsPerDay;
  say(fmt::format("reading the scans from {} to {}", format_iso8601(from),
                  format_iso8601(request.clock)));
  const Samples samples = read_samples(store, config, inputs, from, request.clock);

  TrainingRun run;
  run.run_date = request.clock;
  run.mode = "scanner";
  run.timeframe = fmt::format("{}d", request.days);
  run.hour = int((request.clock % kSecondsPerDay) / 3600);
  run.symbols_count = int(std::size(kScannerModelKinds));
  run.status = "running";
  run.pid = getpid();
  run.host = train::host_name();
  run.heartbeat = now_utc();
  run.interval = interval;
  run.id = store.insert_training_run(run);
  const auto started = std::chrono::steady_clock::now();
  // Whatever escapes below (the store failing), the run does not stay "running".
  struct Finish {
    Store& store;
    TrainingRun& run;
    bool done = false;
    ~Finish() {
      if (done) return;
      run.status = "failed";
      run.error += std::string(run.error.empty() ? "" : "; ") + "stopped by an error";
      try {
        store.update_training_run(run);
      } catch (...) {
      }
    }
  } finish{store, run};
  // A change of the scanner's champion takes effect from its date on: after every scan already
  // recorded (scored by the champion before it), and for a live run not before it is made.
  // Taken just before each decision: scans go on while a live run trains.
  const auto decision_time = [&] {
    UnixSeconds at = request.clock;
    if (const auto last = store.last_scan_clock(); last && *last >= at) at = *last + 1;
    if (request.live) at = std::max(at, now_utc());
    return at;
  };

  registry::Registry registry(store, config);
  const std::string actor = fmt::format("run {}", run.id);
  ScannerTrainingResult result;
  result.run_id = run.id;
  int trained = 0, failed = 0;
  for (ScannerModelKind kind : kScannerModelKinds) {
    const std::string series = series_of(kind);
    const std::vector<Sample>& rows =
        kind == ScannerModelKind::signal_quality ? samples.quality : samples.regime;
    registry::PromotionRule rule = registry::PromotionRule::from(config.promotion);
    rule.metric = kind == ScannerModelKind::signal_quality ? "sharpe" : "log_loss";
    ScannerModelReport report;
    report.kind = kind;
    const auto model_started = std::chrono::steady_clock::now();
    RunSymbol outcome{run.id, series, "failed", "", 0, std::int64_t(rows.size()), 0, 0};
    try {
      throw_if_interrupted();
      refuse_a_later_series(store, series, interval, request.clock, decision_time());
      // A challenger that waited for rows is judged again on the rows known now.
      if (const auto waiting = alias_of(store, series, interval, "challenger")) {
        try {
          const int champion = alias_of(store, series, interval, "champion").value_or(0);
          const Contender contender = load_version(store, series, interval, *waiting, inputs);
          const registry::PairedRows known = fair_rows(
              contender, load_version(store, series, interval, champion, inputs), rows, inputs);
          if (known.size() >= rule.min_rows) {
            report.waiting_decision = registry.consider_rows(
                series, interval, *waiting,
                [&](int now_champion) {
                  return now_champion == champion ? known
                                                  : fair_rows(contender,
                                                              load_version(store, series, interval,
                                                                           now_champion, inputs),
                                                              rows, inputs);
                },
                rule, decision_time(), actor, run.id);
            say(fmt::format("{}: the waiting v{} {}: {}", series, *waiting,
                            report.waiting_decision->decision, report.waiting_decision->reason));
          }
        } catch (const Interrupted&) {
          throw;
        } catch (const std::exception& e) {
          report.waiting_reason =
              fmt::format("the waiting v{} not judged again: {}", *waiting, e.what());
          say(fmt::format("{}: {}", series, report.waiting_reason));
        }
      }
      say(fmt::format("{}: training on {} rows", series, rows.size()));
      auto t = train_model(kind, rows, inputs, request.seed, report);
      if (!t) {
        outcome.status = "skipped";
        outcome.error = report.reason;
        say(fmt::format("{}: skipped: {}", series, report.reason));
      } else {
        const RegisteredModel registered =
            store.register_model(trained_model(*t, report, run, series, interval, rows));
        report.version = registered.version;
        report.status = "trained";
        outcome.status = "success";
        outcome.model_id = registered.model_id;
        outcome.epochs = report.rounds;
        ++trained;
        // The version is recorded: a gate that cannot decide leaves it without a decision.
        try {
          const Contender challenger{t->model, t->segments.selection_end};
          report.decision = registry.consider_rows(
              series, interval, registered.version,
              [&](int champion) {
                return fair_rows(challenger,
                                 load_version(store, series, interval, champion, inputs), rows,
                                 inputs);
              },
              rule, decision_time(), actor, run.id);
          say(fmt::format("{}: v{} {}: {}", series, report.version, report.decision->decision,
                          report.decision->reason));
        } catch (const std::exception& e) {
          report.reason = fmt::format("no promotion decision: {}", e.what());
          say(fmt::format("{}: v{}: {}", series, report.version, report.reason));
        }
      }
    } catch (const Interrupted&) {
      report.status = outcome.status = "interrupted";
      report.reason = outcome.error = "interrupted";
    } catch (const std::exception& e) {
      report.status = outcome.status = "failed";
      report.reason = outcome.error = e.what();
      ++failed;
      say(fmt::format("{}: failed: {}", series, e.what()));
    }
    outcome.duration_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - model_started).count();
    store.insert_run_symbol(outcome);
    result.models.push_back(std::move(report));
  }
  // Too few rows is the data's state, not a failure: the run says why in its error column.
  result.status = failed == 0 ? "success" : trained > 0 ? "partial" : "failed";
  if (std::any_of(result.models.begin(), result.models.end(),
                  [](const ScannerModelReport& r) { return r.status == "interrupted"; }))
    result.status = "interrupted";
  for (const auto& r : result.models) {
    for (const std::string& why :
         {r.status != "trained" || !r.decision ? r.reason : std::string(), r.waiting_reason}) {
      if (!why.empty())
        run.error += fmt::format("{}{}: {}", run.error.empty() ? "" : "; ", series_of(r.kind), why);
    }
  }
  run.rows_processed = std::int64_t(samples.quality.size() + samples.regime.size());
  run.duration_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  run.heartbeat = now_utc();
  run.status = result.status;
  store.update_training_run(run);
  finish.done = true;
  return result;
}

}  // namespace quantloop::scanner
