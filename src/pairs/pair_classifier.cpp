#include "pairs/pair_classifier.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "core/error.h"
#include "models/model.h"

namespace quantloop::pairs {

namespace {

using nlohmann::json;

models::SplitFractions split_of(const PairClassifierOptions& o) {
  return {o.validation_fraction, o.test_fraction, o.features.horizon};
}

// The rows every configuration's training segment covers: its samples are the frame rows with a
// full window and a known target, the first training_samples() of them train.
std::size_t fit_rows(std::size_t rows, const PairClassifierOptions& o) {
  const int warm = spread_warm_up(o.features);
  std::size_t fit = rows;
  for (int length : o.sequence_lengths) {
    const long samples = long(rows) - warm - o.features.horizon - (length - 1);
    if (samples <= 0) throw Error(fmt::format("{} bars are too few to train a pair model", rows));
    const std::size_t train = models::training_samples(std::size_t(samples), split_of(o));
    fit = std::min(fit, std::size_t(warm + length - 1) + train);
  }
  return fit;
}

json spread_json(const SpreadModel& m) {
  return {{"intercept", m.intercept},
          {"hedge_ratio", m.hedge_ratio},
          {"garch_mu", m.garch_mu},
          {"garch_omega", m.garch_omega},
          {"garch_alpha", m.garch_alpha},
          {"garch_beta", m.garch_beta},
          {"start_variance", m.start_variance}};
}

SpreadModel spread_from(const json& j) {
  SpreadModel m;
  m.intercept = j.at("intercept");
  m.hedge_ratio = j.at("hedge_ratio");
  m.garch_mu = j.at("garch_mu");
  m.garch_omega = j.at("garch_omega");
  m.garch_alpha = j.at("garch_alpha");
  m.garch_beta = j.at("garch_beta");
  m.start_variance = j.at("start_variance");
  return m;
}

models::ModelSettings network_settings(const PairClassifierOptions& o, int hidden, int layers,
                                       double learning_rate, int length) {
  models::ModelSettings s;
  s.gru_backend = o.backend;
  s.hidden_size = hidden;
  s.layers = layers;
  s.dropout = 0;
  s.sequence_length = length;
  s.learning_rate = learning_rate;
  s.batch_size = o.batch_size;
  return s;
}

}  // namespace

PairClassifier train_pair_classifier(std::span<const UnixSeconds> times, std::span<const double> y,
                                     std::span<const double> x,
                                     const PairClassifierOptions& options) {
  if (times.size() != y.size() || y.size() != x.size()) {
    throw Error("a pair's prices and times differ in length");
  }
  const SpreadModel spread = fit_spread_model(y, x, fit_rows(times.size(), options));
  const features::FeatureFrame frame = spread_features(times, y, x, spread, options.features);

  struct Trial {
    models::ModelSettings settings;
    models::Dataset data;
    std::unique_ptr<models::Model> model;
    models::TrainOutcome outcome;
  };
  Trial best;
  double best_loss = std::numeric_limits<double>::infinity();
  int tried = 0;
  for (int length : options.sequence_lengths) {
    const models::Dataset data = models::make_dataset(frame, length, split_of(options));
    for (int hidden : options.hidden_sizes) {
      for (int layers : options.layers) {
        for (double rate : options.learning_rates) {
          Trial trial{network_settings(options, hidden, layers, rate, length), data, nullptr, {}};
          trial.model =
              models::create_model(models::ModelType::gru, trial.settings, int(frame.columns()),
                                   options.seed + std::uint64_t(tried));
          trial.outcome = trial.model->train(
              trial.data, {options.epochs, true, options.patience, options.seed, nullptr});
          ++tried;
          if (trial.outcome.validation.loss < best_loss) {
            best_loss = trial.outcome.validation.loss;
            best = std::move(trial);
          }
        }
      }
    }
  }
  if (!best.model) throw Error("no hyperparameter configuration to try");

  const models::Evaluation test = models::evaluate_model(*best.model, best.data, best.data.test);
  std::size_t reverting = 0;
  for (int r : best.data.test)
    reverting += best.data.direction[std::size_t(r)] > 0.5f;
  const double p = double(reverting) / double(best.data.test.size());

  PairClassifier out;
  PairModelPerformance& m = out.performance;
  m.data_start = times.front();
  m.data_end = times.back();
  m.train_rows = int(best.data.train.size());
  m.validation_rows = int(best.data.validation.size());
  m.test_rows = int(best.data.test.size());
  m.f1 = test.f1;
  m.precision = test.precision;
  m.recall = test.recall;
  m.accuracy = test.accuracy;
  m.loss = test.loss;
  m.test_positive_rate = p;
  m.baseline_f1 = 2 * p / (1 + p);
  m.validation_f1 = best.outcome.validation.f1;
  m.hidden_size = best.settings.hidden_size;
  m.layers = best.settings.layers;
  m.learning_rate = best.settings.learning_rate;
  m.sequence_length = best.settings.sequence_length;
  m.horizon = options.features.horizon;
  m.epochs = best.outcome.epochs_run;
  m.best_epoch = best.outcome.best_epoch;
  m.configs_tried = tried;
  m.hedge_ratio = spread.hedge_ratio;
  m.intercept = spread.intercept;
  out.settings = {{"network", best.model->settings()},
                  {"backend", options.backend},
                  {"features", frame.names},
                  {"zscore_window", options.features.zscore_window},
                  {"horizon", options.features.horizon},
                  {"reversion_share", options.features.reversion_share},
                  {"spread", spread_json(spread)},
                  {"scaler", {{"mean", best.data.scaler.mean}, {"scale", best.data.scaler.scale}}}};
  out.weights = best.model->weights();
  return out;
}

std::vector<double> predict_reversion(const json& settings, const std::string& weights,
                                      std::span<const UnixSeconds> times, std::span<const double> y,
                                      std::span<const double> x, std::size_t rows) {
  SpreadFeatureOptions features;
  features.zscore_window = settings.at("zscore_window");
  features.horizon = settings.at("horizon");
  features.reversion_share = settings.at("reversion_share");
  const features::FeatureFrame frame =
      spread_features(times, y, x, spread_from(settings.at("spread")), features);
  const json& network = settings.at("network");
  models::ModelSettings s;
  s.gru_backend = settings.at("backend");
  s.hidden_size = network.at("hidden_size");
  s.layers = network.at("layers");
  s.dropout = network.at("dropout");
  s.sequence_length = network.at("sequence_length");
  s.learning_rate = network.at("learning_rate");
  s.batch_size = network.at("batch_size");
  auto model = models::create_model(models::ModelType::gru, s, int(frame.columns()), 0);
  model->set_weights(weights, "a pair classifier");
  const models::Scaler scaler{settings.at("scaler").at("mean").get<std::vector<double>>(),
                              settings.at("scaler").at("scale").get<std::vector<double>>()};
  if (rows > frame.rows()) rows = frame.rows();
  std::vector<int> wanted;
  for (std::size_t r = frame.rows() - rows; r < frame.rows(); ++r)
    wanted.push_back(int(r));
  return models::predict_frame_rows(*model, scaler, frame, wanted);
}

}  // namespace quantloop::pairs
