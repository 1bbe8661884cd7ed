#include <algorithm>

#include "models/gru_backend.h"

namespace quantloop::models {

namespace {

class NativeGruBackend final : public GruBackend {
 public:
  NativeGruBackend(GruShape shape, std::uint64_t seed)
      : network_(shape), gradients_(network_.parameters().size()), adam_(gradients_.size(), 1e-3f) {
    network_.initialize(seed);
  }

  float train_batch(const float* inputs, int steps, int batch, const float* labels, float dropout,
                    std::mt19937_64& random) override {
    const float loss =
        network_.train_batch(inputs, steps, batch, labels, dropout, random, gradients_);
    adam_.step(network_.parameters(), gradients_);
    return loss;
  }

  float loss_and_gradient(const float* inputs, int steps, int batch, const float* labels,
                          std::span<float> gradients) override {
    std::mt19937_64 unused(0);
    return network_.train_batch(inputs, steps, batch, labels, 0.0f, unused, gradients);
  }

  void predict(const float* inputs, int steps, int batch, float* logits) override {
    network_.predict(inputs, steps, batch, logits);
  }

  float train_windows(const SequenceWindows& windows, const float* labels, float dropout,
                      std::mt19937_64& random) override {
    const float loss = network_.train_batch(windows, labels, dropout, random, gradients_);
    adam_.step(network_.parameters(), gradients_);
    return loss;
  }

  void predict_windows(const SequenceWindows& windows, float* logits) override {
    network_.predict(windows, logits);
  }

  void release_buffers() override { network_.release_buffers(); }

  std::vector<float> parameters() const override {
    return {network_.parameters().begin(), network_.parameters().end()};
  }

  void set_parameters(std::span<const float> parameters) override {
    std::copy(parameters.begin(), parameters.end(), network_.parameters().begin());
  }

  void reset_optimizer(float learning_rate) override {
    adam_ = Adam(gradients_.size(), learning_rate);
  }

  std::string_view name() const override { return "native"; }

 private:
  GruNetwork network_;
  std::vector<float> gradients_;
  Adam adam_;
};

}  // namespace

std::unique_ptr<GruBackend> create_native_gru_backend(GruShape shape, std::uint64_t seed) {
  return std::make_unique<NativeGruBackend>(shape, seed);
}

}  // namespace quantloop::models
