#include "train/symbol_training.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "core/error.h"
#include "core/hash.h"
#include "core/interrupt.h"
#include "features/feature_set.h"
#include "models/blas.h"
#include "stats/paired_tests.h"

namespace quantloop::train {

namespace {

// The features of rows at or after `from` (earlier rows only served as history).
features::FeatureFrame rows_from(const features::FeatureFrame& frame, UnixSeconds from) {
  features::FeatureFrame out;
  out.names = frame.names;
  for (std::size_t r = 0; r < frame.rows(); ++r) {
    if (frame.times[r] < from) continue;
    out.times.push_back(frame.times[r]);
    out.values.insert(out.values.end(), frame.row(r), frame.row(r) + frame.columns());
    out.next_log_return.push_back(frame.next_log_return[r]);
    out.next_direction.push_back(frame.next_direction[r]);
  }
  return out;
}

// A registry version's reference, as model_metadata.model_path and warm_started_from hold it.
std::string reference_of(const ModelVersion& v) {
  return fmt::format("registry:{}/{}/v{}", v.symbol, v.interval, v.version);
}

// The warm-start model when it can continue: its features, type and settings are this run's.
std::optional<models::LoadedModel> warm_model(const StoredModel& stored,
                                              const TrainingSettings& settings, std::string& note) {
  const std::string source = reference_of(stored.version);
  try {
    models::LoadedModel loaded =
        models::unpack_model(stored.artifact, features::feature_names(), source);
    const auto& s = loaded.record.settings;
    const auto& wanted = settings.model_settings;
    if (loaded.record.type != settings.model) {
      note = fmt::format("{} is a {} model", source, models::to_string(loaded.record.type));
    } else if (settings.model == models::ModelType::gru &&
               (s.hidden_size != wanted.hidden_size || s.layers != wanted.layers ||
                s.sequence_length != wanted.sequence_length)) {
      note = fmt::format("{} has another GRU shape", source);
    } else {
      return loaded;
    }
  } catch (const Error& e) {
    note = e.what();
  }
  return std::nullopt;
}

}  // namespace

SymbolResult train_symbol(const SymbolJob& job, const TrainingPlan& plan,
                          const TrainingSettings& settings,
                          const std::function<void(const models::EpochProgress&)>& on_epoch,
                          UnixSeconds now) {
  const auto started = std::chrono::steady_clock::now();
  // OpenBLAS's OpenMP build reads its thread count per calling thread: set it on this worker.
  models::use_one_core_per_model();
  SymbolResult result;
  result.symbol = job.symbol;
  try {
    if (job.bars.bars.empty()) {
      throw Error(
          fmt::format("no {} bars before {}", plan.interval.name(), format_utc(plan.window_end)));
    }
    const features::FeatureFrame frame =
        rows_from(features::build_features(job.bars), job.window_start);
    result.rows = std::int64_t(frame.rows());
    std::optional<models::LoadedModel> warm;
    if (job.warm_start) warm = warm_model(*job.warm_start, settings, result.warm_start_note);
    const std::string warm_from = warm ? reference_of(job.warm_start->version) : "";
    if (warm) result.parent_version = job.warm_start->version.version;
    std::unique_ptr<models::Model> model =
        warm ? std::move(warm->model)
             : models::create_model(settings.model, settings.model_settings,
                                    int(features::feature_names().size()),
                                    fnv1a(job.symbol, settings.seed));
    // A continued model keeps the standardisation its weights were learned on.
    const models::Dataset data =
        warm ? models::make_dataset_with(frame, warm->record.scaler, model->sequence_length(),
                                         settings.split)
             : models::make_dataset(frame, model->sequence_length(), settings.split);
    models::TrainOptions options;
    options.epochs = plan.epochs;
    options.early_stopping = plan.early_stopping;
    options.patience = settings.patience;
    options.seed = fnv1a(job.symbol, settings.seed ^ std::uint64_t(now));
    std::vector<models::EpochProgress> history;
    options.on_epoch = [&](const models::EpochProgress& e) {
      history.push_back(e);
      if (on_epoch) on_epoch(e);
    };
    result.outcome = model->train(data, options);
    // Rows after the validation segment, and after every bar a warm-start parent's training or
    // validation looked at: rows that neither trained this model nor chose it.
    const UnixSeconds parents_saw = warm ? warm->record.selection_end : 0;
    std::vector<int> test_rows;
    for (int row : data.test) {
      if (data.times[std::size_t(row)] > parents_saw) test_rows.push_back(row);
    }
    models::Evaluation test = models::evaluate_model(*model, data, test_rows);
    if (test_rows.empty())
      test.loss = test.accuracy = test.f1 = test.baseline_accuracy = std::nan("");
    result.edge_pvalue = stats::mcnemar_exact_one_sided(test.right_where_baseline_wrong,
                                                        test.wrong_where_baseline_right);

    models::ModelRecord& r = result.record;
    r.symbol = job.symbol;
    r.interval = std::string(plan.interval.name());
    r.training_mode = std::string(to_string(plan.mode));
    r.type = settings.model;
    r.settings = settings.model_settings;
    r.features = frame.names;
    r.scaler = data.scaler;
    r.data_start = frame.times.front();
    r.data_end = frame.times.back();
    r.trained_at = now;
    r.epochs = result.outcome.epochs_run;
    r.best_epoch = result.outcome.best_epoch;
    r.validation = result.outcome.validation;
    r.test = test;
    r.selection_end = std::max(
        parents_saw, data.times[std::size_t(data.validation.back() + models::kTargetHorizon)]);
    r.config_hash = settings.config_hash;
    r.warm_started_from = warm_from;
    r.history = std::move(history);
    result.artifact = models::pack_model(*model, r);
    // The naive model of the same training rows: the series' version 0 if it has none yet.
    auto baseline = models::create_model(models::ModelType::baseline, {}, int(frame.columns()), 0);
    models::TrainOptions one_epoch;
    one_epoch.epochs = 1;
    const models::TrainOutcome base = baseline->train(data, one_epoch);
    models::ModelRecord& b = result.baseline_record;
    b = r;
    b.type = models::ModelType::baseline;
    b.settings = {};
    b.epochs = b.best_epoch = 1;
    b.validation = base.validation;
    b.test = models::evaluate_model(*baseline, data, test_rows);
    // The base rate looked at the training rows' targets only.
    b.selection_end = data.times[std::size_t(data.train.back() + models::kTargetHorizon)];
    b.warm_started_from.clear();
    b.history.clear();
    result.baseline_artifact = models::pack_model(*baseline, b);
    result.status = "success";
  } catch (const Interrupted&) {
    result.status = "interrupted";
    result.error = "interrupted";
  } catch (const std::exception& e) {
    // Errors, filesystem errors, LibTorch errors: this symbol's failure, not the run's.
    result.status = "failed";
    result.error = e.what();
  }
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace quantloop::train
