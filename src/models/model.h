#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "models/dataset.h"
#include "models/metrics.h"

namespace quantloop::models {

// baseline: the naive model, always the training rows' base rate of "up": version 0 of every
// series in the registry, so that a learned model reaches production only by beating it.
enum class ModelType { gru, gbdt, linear, baseline };
std::string_view to_string(ModelType type);
ModelType parse_model_type(std::string_view text);  // throws Error

// Hyperparameters of every model type (each uses its own): the GRU's are the [gru] section of
// the configuration (defaults the seeds'), the rest are fixed here.
struct ModelSettings : GruConfig {
  std::string gru_backend = "native";  // native (quantloop's) or torch (LibTorch, a plugin)
  // GBDT (XGBoost): one boosting round per epoch.
  int tree_depth = 4;
  double tree_learning_rate = 0.05;
  // Linear: L2 penalty of the logistic regression.
  double l2_penalty = 1.0;
};

struct EpochProgress {
  int epoch = 0;  // 1-based
  int epochs = 0;
  double train_loss = 0;
  double validation_loss = 0;
  double validation_accuracy = 0;
};

struct TrainOptions {
  int epochs = 100;
  bool early_stopping = true;  // stop after `patience` epochs without a better validation loss
  int patience = 10;
  std::uint64_t seed = 1;
  std::function<void(const EpochProgress&)> on_epoch;  // called after every epoch
};

struct TrainOutcome {
  int epochs_run = 0;
  int best_epoch = 0;     // the epoch whose parameters the model keeps
  Evaluation validation;  // of the kept parameters
  // GRU arithmetic (multiply-adds) counted window by window, as a network without shared rows
  // computes it; for throughput reports.
  double multiply_adds = 0;
};

// A direction classifier over a Dataset: P(next bar up) for a sample row. Every model type
// trains from its current parameters: fresh ones after creation, or a saved model's after
// set_weights (a warm start). Throws Error on a non-finite loss; Interrupted when Ctrl-C
// was pressed (checked between batches). Not thread-safe: one model per thread.
class Model {
 public:
  virtual ~Model() = default;
  virtual ModelType type() const = 0;
  // Rows a sample spans (the GRU's sequence length; 1 for the others).
  virtual int sequence_length() const = 0;
  virtual TrainOutcome train(const Dataset& data, const TrainOptions& options) = 0;
  virtual std::vector<double> predict(const Dataset& data, std::span<const int> rows) = 0;
  // The parameters as bytes in the type's own checksummed format, and back (`source` names
  // where the bytes came from, for errors: a file, a registry version). Throws Error when the
  // bytes are damaged or do not fit this model's shape.
  virtual std::string weights() const = 0;
  virtual void set_weights(std::string_view bytes, const std::string& source) = 0;
  // The file the weights are saved in when a model is exported to a directory.
  virtual std::string_view weights_file_name() const = 0;
  virtual nlohmann::json settings() const = 0;
};

// Throws Error naming the key when `settings` cannot train a model of `type`.
void check_settings(ModelType type, const ModelSettings& settings);

// A new model with fresh parameters, seeded (its settings checked first).
std::unique_ptr<Model> create_model(ModelType type, const ModelSettings& settings, int features,
                                    std::uint64_t seed);

// P(up) of each frame row in `rows` (frame row indices, each with the sequence_length() - 1 rows
// before it), the inputs standardised with `scaler`: how a saved model predicts on new bars.
// Throws Error for a row without its history.
std::vector<double> predict_frame_rows(Model& model, const Scaler& scaler,
                                       const features::FeatureFrame& frame,
                                       std::span<const int> rows);

// Evaluates `rows` of `data` with `model`, against the majority class of data.train.
Evaluation evaluate_model(Model& model, const Dataset& data, std::span<const int> rows);

}  // namespace quantloop::models
