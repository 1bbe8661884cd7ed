// A synthetic market whose predictability is known, and models trained on it the way a
// training run trains them (train / validation / test in time, selection_end, the baseline
// beside), registered in a real SQLite store.
#pragma once

#include <algorithm>
#include <random>
#include <string>

#include "core/config.h"
#include "data/synthetic_market.h"
#include "features/feature_set.h"
#include "models/model.h"
#include "models/model_directory.h"
#include "store/store.h"

namespace quantloop::registry::testing {

inline const UnixSeconds kMarketStart = *parse_timestamp("2026-01-05");

// EURUSD hourly bars (24 a day, 5 days a week) over `days`, the shocks AR(1) with `phi`.
inline BarSeries market(double phi, std::uint64_t seed, int days = 40) {
  SyntheticOptions options;
  options.symbols = {"EURUSD"};
  options.interval = Interval::hour();
  options.start = kMarketStart;
  options.end = kMarketStart + days * kSecondsPerDay;
  options.seed = seed;
  options.return_autocorrelation = phi;
  return generate_market(options, Config{}).at(0);
}

inline BarSeries bars_until(const BarSeries& series, UnixSeconds until) {
  BarSeries out{series.symbol, series.asset_type, series.interval, {}};
  for (const Bar& b : series.bars) {
    if (b.time <= until) out.bars.push_back(b);
  }
  return out;
}

inline void store_bars(Store& store, const BarSeries& series) {
  SeriesWrite writes[] = {{&series, "1h"}};
  store.write_bars(writes, {}, now_utc());
}

struct TrainSpec {
  models::ModelType type = models::ModelType::linear;
  std::uint64_t permute_seed = 0;  // non-zero: the training and validation targets shuffled
  double test_fraction = 0.15;
  int epochs = 30;
};

// Trains on the bars at or before `clock`, as a training run records it (not yet registered).
inline TrainedModel train_model(const BarSeries& all, UnixSeconds clock,
                                const TrainSpec& spec = {}) {
  const BarSeries bars = bars_until(all, clock);
  const features::FeatureFrame frame = features::build_features(bars);
  models::ModelSettings settings;
  auto model = models::create_model(spec.type, settings, int(frame.columns()), 7);
  models::Dataset data =
      models::make_dataset(frame, model->sequence_length(), {0.15, spec.test_fraction});
  if (spec.permute_seed != 0) {
    std::vector<float> labels;
    for (int r : data.train)
      labels.push_back(data.direction[std::size_t(r)]);
    for (int r : data.validation)
      labels.push_back(data.direction[std::size_t(r)]);
    std::mt19937_64 rng(spec.permute_seed);
    std::shuffle(labels.begin(), labels.end(), rng);
    std::size_t i = 0;
    for (int r : data.train)
      data.direction[std::size_t(r)] = labels[i++];
    for (int r : data.validation)
      data.direction[std::size_t(r)] = labels[i++];
  }
  models::TrainOptions options;
  options.epochs = spec.epochs;
  std::vector<models::EpochProgress> history;
  options.on_epoch = [&](const models::EpochProgress& e) { history.push_back(e); };
  const auto outcome = model->train(data, options);
  models::ModelRecord record;
  record.symbol = bars.symbol;
  record.interval = "1h";
  record.training_mode = "full";
  record.type = spec.type;
  record.settings = settings;
  record.features = frame.names;
  record.scaler = data.scaler;
  record.data_start = frame.times.front();
  record.data_end = frame.times.back();
  record.trained_at = clock;
  record.epochs = outcome.epochs_run;
  record.best_epoch = outcome.best_epoch;
  record.validation = outcome.validation;
  record.test = models::evaluate_model(*model, data, data.test);
  record.selection_end = data.times[std::size_t(data.validation.back() + models::kTargetHorizon)];
  record.history = history;
  auto baseline = models::create_model(models::ModelType::baseline, {}, int(frame.columns()), 0);
  models::TrainOptions one;
  one.epochs = 1;
  baseline->train(data, one);
  models::ModelRecord base = record;
  base.type = models::ModelType::baseline;
  base.selection_end = data.times[std::size_t(data.train.back() + models::kTargetHorizon)];
  base.history.clear();

  auto version_of = [&](const models::ModelRecord& r) {
    ModelVersion v;
    v.symbol = r.symbol;
    v.interval = r.interval;
    v.model_type = std::string(models::to_string(r.type));
    v.training_mode = r.training_mode;
    v.trained_at = r.trained_at;
    v.data_start = r.data_start;
    v.data_end = r.data_end;
    v.selection_end = r.selection_end;
    v.test_rows = std::int64_t(r.test.rows);
    v.test_accuracy = r.test.accuracy;
    v.test_log_loss = r.test.loss;
    return v;
  };
  TrainedModel trained;
  trained.metadata.symbol = record.symbol;
  trained.metadata.model_type = trained.version.model_type;
  trained.metadata.training_date = clock;
  trained.metadata.interval = "1h";
  trained.metadata.training_mode = "full";
  trained.metadata.timeframe = "40d";
  trained.version = version_of(record);
  trained.metadata.model_type = trained.version.model_type;
  trained.artifact = models::pack_model(*model, record);
  trained.baseline = version_of(base);
  trained.baseline_artifact = models::pack_model(*baseline, base);
  return trained;
}

// Registers `trained` as a version of `symbol`'s series; returns its version.
inline int register_as(Store& store, TrainedModel trained, const std::string& symbol) {
  trained.metadata.symbol = trained.version.symbol = trained.baseline.symbol = symbol;
  return store.register_model(trained).version;
}

// Trains on the bars at or before `clock` and registers the model; returns its version.
inline int train_and_register(Store& store, const BarSeries& all, UnixSeconds clock,
                              const TrainSpec& spec = {}) {
  return register_as(store, train_model(all, clock, spec), all.symbol);
}

}  // namespace quantloop::registry::testing
