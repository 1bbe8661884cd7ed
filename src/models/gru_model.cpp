// The GRU direction classifier: shuffled mini-batches of sequences, Adam, validation after
// every epoch, the best epoch's parameters kept; the arithmetic in a GruBackend.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.h"
#include "core/interrupt.h"
#include "models/early_stopping.h"
#include "models/gru_backend.h"
#include "models/model.h"
#include "models/sample_chunks.h"
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
    // Every epoch's validation predicts: the buffers stay until training ends.
    struct Training {
      GruModel& model;
      explicit Training(GruModel& m) : model(m) { model.training_ = true; }
      ~Training() {
        model.training_ = false;
        model.backend_->release_buffers();
      }
    } training(*this);
    backend_->reset_optimizer(float(settings_.learning_rate));
    std::vector<float> best = backend_->parameters();
    std::mt19937_64 random(options.seed);
    EarlyStopping stopping(options.early_stopping, options.patience);
    TrainOutcome outcome;
    chunks_ = chunk_samples(data.train, settings_.samples_per_sequence, settings_.sequence_length,
                            int(data.rows()));
    for (int epoch = 1; epoch <= options.epochs; ++epoch) {
      const double loss_sum = train_epoch(data, epoch, random, outcome);
      const Evaluation validation = evaluate_model(*this, data, data.validation);
      outcome.multiply_adds += forward_multiply_adds(int(data.validation.size()));
      outcome.epochs_run = epoch;
      if (stopping.improved(epoch, validation)) best = backend_->parameters();
      if (options.on_epoch) {
        options.on_epoch({epoch, options.epochs, loss_sum / double(data.train.size()),
                          validation.loss, validation.accuracy});
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
    // Loaded models are cached (registry::LoadedModels): each would otherwise keep ~33 MB of
    // activations (256 windows x 30 steps x 2 layers), 3.3 GB for 100 champions.
    if (!training_) backend_->release_buffers();
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
            {"batch_size", settings_.batch_size},
            {"samples_per_sequence", settings_.samples_per_sequence}};
  }

  GruBackend& backend() { return *backend_; }

 private:
  // One pass over the training samples: the shuffled chunks of chunks_ (a window per sample
  // when samples_per_sequence is 1), as many a batch as make about batch_size samples; returns
  // the summed loss of the samples.
  double train_epoch(const Dataset& data, int epoch, std::mt19937_64& random,
                     TrainOutcome& outcome) {
    const int scored = chunks_.scored;
    const std::size_t per_batch = std::size_t(std::max(1, settings_.batch_size / scored));
    order_.resize(chunks_.chunks.size());
    std::iota(order_.begin(), order_.end(), 0);
    std::shuffle(order_.begin(), order_.end(), random);
    double loss_sum = 0;
    for (std::size_t start = 0; start < order_.size(); start += per_batch) {
      const std::size_t count = std::min(per_batch, order_.size() - start);
      ends_.resize(count);
      labels_.assign(count * std::size_t(scored), std::nanf(""));
      int samples = 0;
      for (std::size_t b = 0; b < count; ++b) {
        const SampleChunk& chunk = chunks_.chunks[std::size_t(order_[start + b])];
        ends_[b] = chunk.end;
        for (int row = chunk.first; row <= chunk.last; ++row, ++samples) {
          const std::size_t k = std::size_t(row - (chunk.end - scored + 1));
          labels_[k * count + b] = data.direction[std::size_t(row)];
        }
      }
      SequenceWindows windows = windows_of(data, ends_, chunks_.steps);
      windows.scored = scored;
      loss_sum += train_step(windows, epoch, samples, random);
      outcome.multiply_adds +=
          gru_training_multiply_adds(shape_, chunks_.steps, int(count), scored);
    }
    return loss_sum;
  }

  // One optimiser step on labels_; returns the loss times the samples it scored.
  double train_step(const SequenceWindows& windows, int epoch, int samples,
                    std::mt19937_64& random) {
    throw_if_interrupted();
    const float loss =
        backend_->train_windows(windows, labels_.data(), float(settings_.dropout), random);
    if (!std::isfinite(loss))
      throw Error(fmt::format("training diverged: the loss is {} in epoch {}", loss, epoch));
    return double(loss) * samples;
  }

  std::vector<std::int64_t> shape() const { return {shape_.inputs, shape_.hidden, shape_.layers}; }

  double forward_multiply_adds(int batch) const {
    return gru_forward_multiply_adds(shape_, settings_.sequence_length, batch);
  }

  ModelSettings settings_;
  GruShape shape_;
  std::unique_ptr<GruBackend> backend_;
  bool training_ = false;  // within train(): predictions keep the buffers for the next epoch
  // Scratch of a training run: the chunks in their shuffled order, a batch's labels and window
  // ends.
  SampleChunks chunks_;
  std::vector<int> order_, ends_;
  std::vector<float> labels_;
};

}  // namespace

std::unique_ptr<Model> create_gru_model(const ModelSettings& settings, int features,
                                        std::uint64_t seed) {
  return std::make_unique<GruModel>(settings, features, seed);
}

}  // namespace quantloop::models
