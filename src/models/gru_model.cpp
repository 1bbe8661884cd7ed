// The GRU direction classifier: shuffled mini-batches of sequences, Adam, validation after
// every epoch, the best epoch's parameters kept; the arithmetic in a GruBackend.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/interrupt.h"
#include "models/early_stopping.h"
#include "models/gru_backend.h"
#include "models/model.h"
#include "models/weights_file.h"

namespace quantloop::models {

namespace {

constexpr int kPredictionBatch = 256;

class GruModel final : public Model {
 public:
  GruModel(const ModelSettings& settings, int features, std::uint64_t seed)
      : settings_(settings), shape_{features, settings.hidden_size, settings.layers} {
    if (settings.gru_backend == "native") {
      backend_ = create_native_gru_backend(shape_, seed);
    } else if (settings.gru_backend == "torch") {
      backend_ = create_torch_gru_backend(shape_, seed);
    } else {
      throw Error(
          fmt::format("unknown GRU backend '{}' (expected native or torch)", settings.gru_backend));
    }
  }

  ModelType type() const override { return ModelType::gru; }
  int sequence_length() const override { return settings_.sequence_length; }

  TrainOutcome train(const Dataset& data, const TrainOptions& options) override {
    const int steps = settings_.sequence_length;
    const int batch_size = settings_.batch_size;
    backend_->reset_optimizer(float(settings_.learning_rate));
    std::vector<float> best = backend_->parameters();
    std::vector<float> labels;
    std::vector<int> order = data.train;
    std::mt19937_64 random(options.seed);
    EarlyStopping stopping(options.early_stopping, options.patience);
    TrainOutcome outcome;
    for (int epoch = 1; epoch <= options.epochs; ++epoch) {
      std::shuffle(order.begin(), order.end(), random);
      double loss_sum = 0;
      for (std::size_t start = 0; start < order.size(); start += std::size_t(batch_size)) {
        throw_if_interrupted();
        const int count = int(std::min<std::size_t>(std::size_t(batch_size), order.size() - start));
        const auto rows = std::span<const int>(order).subspan(start, std::size_t(count));
        labels.resize(std::size_t(count));
        for (int b = 0; b < count; ++b)
          labels[b] = data.direction[rows[b]];
        const float loss = backend_->train_windows(windows_of(data, rows, steps), labels.data(),
                                                   float(settings_.dropout), random);
        if (!std::isfinite(loss))
          throw Error(fmt::format("training diverged: the loss is {} in epoch {}", loss, epoch));
        loss_sum += double(loss) * count;
        outcome.multiply_adds += gru_training_multiply_adds(shape_, steps, count);
      }
      const Evaluation validation = evaluate_model(*this, data, data.validation);
      outcome.multiply_adds += forward_multiply_adds(int(data.validation.size()));
      outcome.epochs_run = epoch;
      if (stopping.improved(epoch, validation)) best = backend_->parameters();
      if (options.on_epoch) {
        options.on_epoch({epoch, options.epochs, loss_sum / double(order.size()), validation.loss,
                          validation.accuracy});
      }
      if (stopping.should_stop(epoch)) break;
    }
    backend_->set_parameters(best);
    outcome.best_epoch = stopping.best_epoch();
    outcome.validation = stopping.best_validation();
    return outcome;
  }

  std::vector<double> predict(const Dataset& data, std::span<const int> rows) override {
    std::vector<double> probabilities;
    probabilities.reserve(rows.size());
    std::vector<float> logits;
    for (std::size_t start = 0; start < rows.size(); start += kPredictionBatch) {
      const std::size_t count = std::min<std::size_t>(kPredictionBatch, rows.size() - start);
      logits.resize(count);
      backend_->predict_windows(
          windows_of(data, rows.subspan(start, count), settings_.sequence_length), logits.data());
      for (float logit : logits)
        probabilities.push_back(1.0 / (1.0 + std::exp(-double(logit))));
    }
    return probabilities;
  }

  std::string weights() const override {
    const std::vector<float> values = backend_->parameters();
    return encode_weights<float>("QLGRU1", shape(), values);
  }

  void set_weights(std::string_view bytes, const std::string& source) override {
    const auto values = decode_weights<float>(bytes, "QLGRU1", shape(), source);
    if (values.size() != backend_->parameters().size()) {
      throw Error(fmt::format("{}: {} parameters where the GRU has {}", source, values.size(),
                              backend_->parameters().size()));
    }
    backend_->set_parameters(values);
  }

  std::string_view weights_file_name() const override { return "weights.bin"; }

  nlohmann::json settings() const override {
    return {{"hidden_size", settings_.hidden_size},
            {"layers", settings_.layers},
            {"dropout", settings_.dropout},
            {"sequence_length", settings_.sequence_length},
            {"learning_rate", settings_.learning_rate},
            {"batch_size", settings_.batch_size}};
  }

  GruBackend& backend() { return *backend_; }

 private:
  std::vector<std::int64_t> shape() const { return {shape_.inputs, shape_.hidden, shape_.layers}; }

  double forward_multiply_adds(int batch) const {
    return gru_forward_multiply_adds(shape_, settings_.sequence_length, batch);
  }

  ModelSettings settings_;
  GruShape shape_;
  std::unique_ptr<GruBackend> backend_;
};

}  // namespace

std::unique_ptr<Model> create_gru_model(const ModelSettings& settings, int features,
                                        std::uint64_t seed) {
  return std::make_unique<GruModel>(settings, features, seed);
}

}  // namespace quantloop::models
