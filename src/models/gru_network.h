#pragma once

#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "models/sequence_windows.h"

namespace quantloop::models {

struct GruShape {
  int inputs = 0;
  int hidden = 64;
  int layers = 2;
};

// A multi-layer GRU with a linear head on the last step's top hidden state, giving one logit
// per sequence (or on each of the last `scored` steps of windows, SequenceWindows::scored):
// PyTorch's nn.GRU(batch_first=False) + nn.Linear(hidden, 1), computed in float
// with OpenBLAS GEMMs and fused elementwise kernels, the backward pass derived by hand.
//
// Parameters live in one buffer in PyTorch's order, so that they copy to and from
// torch::nn::GRU: per layer weight_ih (3H x in), weight_hh (3H x H), bias_ih (3H), bias_hh
// (3H), gates r, z, n; then the head's weight (H) and bias (1).
//
// Not thread-safe: one network per thread (its scratch buffers are members). BLAS must run
// single-threaded (set by the training runner); a network uses one core.
class GruNetwork {
 public:
  explicit GruNetwork(GruShape shape);

  const GruShape& shape() const { return shape_; }
  std::span<float> parameters() { return parameters_; }
  std::span<const float> parameters() const { return parameters_; }
  // Offset of a tensor in the buffer: layer's 0 weight_ih, 1 weight_hh, 2 bias_ih, 3 bias_hh.
  std::size_t offset(int layer, int tensor) const;

  // PyTorch's initialisation: every parameter uniform in [-1/sqrt(H), 1/sqrt(H)].
  void initialize(std::uint64_t seed);

  // Forward and backward over a batch of sequences, time-major: inputs[t][b][feature], t in
  // [0, steps). Returns the mean binary cross-entropy of the logits against labels (0/1) and
  // writes its gradient into `gradients` (same layout as the parameters). Dropout with
  // probability `dropout` applies to the outputs of every layer but the last (PyTorch's).
  float train_batch(const float* inputs, int steps, int batch, const float* labels, float dropout,
                    std::mt19937_64& random, std::span<float> gradients);

  // Logits of a batch without dropout.
  void predict(const float* inputs, int steps, int batch, float* logits);

  // The same over windows: equal results (up to float summation order), with the first layer's
  // input projection and its weight gradient computed once per distinct row. Windows scoring
  // several steps take and give windows.scored x batch labels and logits; the loss is the mean
  // over the scored (non-NaN) labels.
  float train_batch(const SequenceWindows& windows, const float* labels, float dropout,
                    std::mt19937_64& random, std::span<float> gradients);
  void predict(const SequenceWindows& windows, float* logits);

  // Frees the activations and gradients the last pass kept (tens of MB after predicting 256
  // windows of 30 steps): a network kept for later predictions, one per cached model, should
  // not hold them. The next pass allocates again.
  void release_buffers();

 private:
  // Fills layers_[0].gi, the first layer's input projection of every (step, sequence).
  void project_inputs(const float* inputs, int steps, int batch);
  void project_windows(const SequenceWindows& windows);
  // The rest of the forward pass, from layers_[0].gi; the head on the last `scored` steps.
  void forward(int steps, int batch, int scored, float dropout, std::mt19937_64* random);
  float backward(int steps, int batch, int scored, const float* labels, std::span<float> gradients);
  // The top layer's outputs at the last `scored` steps: scored x batch rows of H.
  const float* scored_outputs(int steps, int batch, int scored) const;
  // Adds the first layer's input-weight gradient from dgi_.
  void add_input_weight_gradient(int rows, std::span<float> gradients);

  // Where the first layer's inputs of the last forward pass came from: gathered rows, or
  // windows whose distinct rows [first_row_, first_row_ + distinct_rows_) of window_rows_ are
  // projected once; row_of_[t B + b] is the distinct row of sequence b at step t.
  const float* gathered_ = nullptr;
  const float* window_rows_ = nullptr;
  int first_row_ = 0, distinct_rows_ = 0;
  std::vector<int> row_of_;
  std::vector<float> projected_, gathered_copy_;

  GruShape shape_;
  std::vector<float> parameters_;
  // Per-layer activations of the last forward pass, kept for the backward pass.
  struct LayerState {
    std::vector<float> gi;            // (T B) x 3H input projections
    std::vector<float> hidden;        // (T + 1) B x H: h_{-1} = 0, then each step's output
    std::vector<float> r, z, n, ghn;  // (T B) x H gates
    std::vector<float> mask;          // (T B) x H dropout mask (scaled), layers below the top
    std::vector<float> dropped;       // (T B) x H output after dropout: the next layer's input
  };
  std::vector<LayerState> layers_;
  std::vector<float> gh_, dgi_, dgh_, dh_, dh_carry_, dinput_, logits_;
};

// Multiply-adds of the GEMMs and the head that GruNetwork does for a forward pass over a batch,
// and for a training step (forward and backward); FLOPs are twice these. Elementwise gate
// arithmetic is not counted.
double gru_forward_multiply_adds(const GruShape& shape, int steps, int batch, int scored = 1);
double gru_training_multiply_adds(const GruShape& shape, int steps, int batch, int scored = 1);

// PyTorch's Adam (no weight decay, no amsgrad).
class Adam {
 public:
  Adam(std::size_t parameters, float learning_rate, float beta1 = 0.9f, float beta2 = 0.999f,
       float epsilon = 1e-8f);
  void step(std::span<float> parameters, std::span<const float> gradients);

 private:
  float learning_rate_, beta1_, beta2_, epsilon_;
  long steps_ = 0;
  std::vector<float> m_, v_;
};

}  // namespace quantloop::models
