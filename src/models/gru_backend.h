#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "models/gru_network.h"

namespace quantloop::models {

// The arithmetic of a GRU direction classifier with its optimiser, behind which sits either
// quantloop's own network (GruNetwork with Adam, the default) or LibTorch's nn::GRU with
// torch::optim::Adam (the reference implementation, loaded as a plugin). Parameters are in
// PyTorch's order and layout in both, so weights move between them.
class GruBackend {
 public:
  virtual ~GruBackend() = default;

  // Inputs are time-major: inputs[t][b][feature]. Labels are 0/1.
  // One optimiser step on a batch; returns the batch's mean binary cross-entropy.
  virtual float train_batch(const float* inputs, int steps, int batch, const float* labels,
                            float dropout, std::mt19937_64& random) = 0;
  // The loss and its gradient without dropout or an optimiser step (for checks).
  virtual float loss_and_gradient(const float* inputs, int steps, int batch, const float* labels,
                                  std::span<float> gradients) = 0;
  virtual void predict(const float* inputs, int steps, int batch, float* logits) = 0;
  // The same over windows of a row matrix, as GruModel feeds them; a backend may share the
  // work of rows that windows have in common. These defaults gather the windows.
  virtual float train_windows(const SequenceWindows& windows, const float* labels, float dropout,
                              std::mt19937_64& random) {
    only_last_step_scored(windows);
    windows.gather(gathered_);
    return train_batch(gathered_.data(), windows.steps, windows.batch(), labels, dropout, random);
  }
  virtual void predict_windows(const SequenceWindows& windows, float* logits) {
    only_last_step_scored(windows);
    windows.gather(gathered_);
    predict(gathered_.data(), windows.steps, windows.batch(), logits);
  }
  // Frees what the last pass kept for a backward pass (a model kept in a cache between
  // predictions should not hold it); the next call allocates again.
  virtual void release_buffers() {}
  virtual std::vector<float> parameters() const = 0;
  virtual void set_parameters(std::span<const float> parameters) = 0;
  // Fresh optimiser state (each training run starts one).
  virtual void reset_optimizer(float learning_rate) = 0;
  virtual std::string_view name() const = 0;

 private:
  void only_last_step_scored(const SequenceWindows& windows) const {
    if (windows.scored != 1) {
      throw std::invalid_argument(std::string(name()) +
                                  " GRU backend: scores only a window's last step");
    }
  }

  std::vector<float> gathered_;
};

std::unique_ptr<GruBackend> create_native_gru_backend(GruShape shape, std::uint64_t seed);

// LibTorch's backend from the plugin (libquantloop_torch_gru.so, found beside the running
// executable or in the build tree). Throws Error when the plugin cannot be loaded.
std::unique_ptr<GruBackend> create_torch_gru_backend(GruShape shape, std::uint64_t seed);

}  // namespace quantloop::models

// The plugin's one entry point (C linkage so dlsym finds it by name).
extern "C" quantloop::models::GruBackend* quantloop_create_torch_gru_backend(int inputs, int hidden,
                                                                             int layers,
                                                                             std::uint64_t seed);
