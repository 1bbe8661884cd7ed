#include "models/gru_network.h"

#include <cblas.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/error.h"
#include "models/gru_kernels.h"
#include "models/model.h"

namespace quantloop::models {

namespace {

// C (m x n) = alpha op(A) op(B) + beta C, row-major.
void gemm(bool transpose_a, bool transpose_b, int m, int n, int k, const float* a, int lda,
          const float* b, int ldb, float beta, float* c, int ldc) {
  cblas_sgemm(CblasRowMajor, transpose_a ? CblasTrans : CblasNoTrans,
              transpose_b ? CblasTrans : CblasNoTrans, m, n, k, 1.0f, a, lda, b, ldb, beta, c, ldc);
}

float sigmoid(float x) {
  return 1.0f / (1.0f + std::exp(-x));
}

}  // namespace

GruNetwork::GruNetwork(GruShape shape) : shape_(shape), layers_(std::size_t(shape.layers)) {
  if (shape.inputs < 1 || shape.hidden < 1 || shape.layers < 1) {
    throw Error("GRU: inputs, hidden size and layers must be positive");
  }
  std::size_t total = 0;
  for (int l = 0; l < shape.layers; ++l) {
    const std::size_t in = l == 0 ? std::size_t(shape.inputs) : std::size_t(shape.hidden);
    total += 3 * std::size_t(shape.hidden) * (in + std::size_t(shape.hidden) + 2);
  }
  parameters_.assign(total + std::size_t(shape.hidden) + 1, 0.0f);
}

std::size_t GruNetwork::offset(int layer, int tensor) const {
  const std::size_t H = std::size_t(shape_.hidden);
  std::size_t position = 0;
  for (int l = 0; l <= layer; ++l) {
    const std::size_t in = l == 0 ? std::size_t(shape_.inputs) : H;
    const std::size_t sizes[4] = {3 * H * in, 3 * H * H, 3 * H, 3 * H};
    for (int t = 0; t < 4; ++t) {
      if (l == layer && t == tensor) return position;
      position += sizes[t];
    }
  }
  return position;  // layer == layers: the head
}

void GruNetwork::initialize(std::uint64_t seed) {
  std::mt19937_64 random(seed);
  const float bound = 1.0f / std::sqrt(float(shape_.hidden));
  std::uniform_real_distribution<float> uniform(-bound, bound);
  for (float& p : parameters_)
    p = uniform(random);
}

double gru_forward_multiply_adds(const GruShape& shape, int steps, int batch, int scored) {
  const double H = shape.hidden, gates = 3 * H, rows = double(steps) * batch;
  double total = double(scored) * batch * H;  // the head
  for (int l = 0; l < shape.layers; ++l) {
    const double in = l == 0 ? shape.inputs : H;
    total += rows * gates * in + (rows - batch) * gates * H;  // no recurrent GEMM at t = 0
  }
  return total;
}

double gru_training_multiply_adds(const GruShape& shape, int steps, int batch, int scored) {
  const double H = shape.hidden, gates = 3 * H, rows = double(steps) * batch;
  double backward = 2.0 * scored * batch * H;  // the head's weight and input gradients
  for (int l = 0; l < shape.layers; ++l) {
    const double in = l == 0 ? shape.inputs : H;
    backward += (rows - batch) * gates * H;            // into h_{t-1}
    backward += rows * gates * H + rows * gates * in;  // weight gradients
    if (l > 0) backward += rows * gates * in;          // into the layer below (none into the data)
  }
  return gru_forward_multiply_adds(shape, steps, batch, scored) + backward;
}

void GruNetwork::project_inputs(const float* inputs, int steps, int batch) {
  gathered_ = inputs;
  window_rows_ = nullptr;
  const int width = 3 * shape_.hidden, rows = steps * batch, in = shape_.inputs;
  LayerState& s = layers_[0];
  s.gi.resize(std::size_t(rows) * width);
  gemm(false, true, rows, width, in, inputs, in, &parameters_[offset(0, 0)], in, 0.0f, s.gi.data(),
       width);
}

void GruNetwork::project_windows(const SequenceWindows& windows) {
  if (windows.features != shape_.inputs) {
    throw Error(fmt::format("GRU: windows of {} features for a network of {}", windows.features,
                            shape_.inputs));
  }
  const int steps = windows.steps, batch = windows.batch(), rows = steps * batch;
  const int width = 3 * shape_.hidden, in = shape_.inputs;
  int first = std::numeric_limits<int>::max(), last = std::numeric_limits<int>::min();
  for (int end : windows.ends) {
    first = std::min(first, end - steps + 1);
    last = std::max(last, end);
  }
  if (last - first + 1 >= rows) {  // windows too far apart to share rows
    windows.gather(gathered_copy_);
    project_inputs(gathered_copy_.data(), steps, batch);
    return;
  }
  gathered_ = nullptr;
  window_rows_ = windows.rows;
  first_row_ = first;
  distinct_rows_ = last - first + 1;
  projected_.resize(std::size_t(distinct_rows_) * width);
  gemm(false, true, distinct_rows_, width, in, windows.rows + std::size_t(first) * in, in,
       &parameters_[offset(0, 0)], in, 0.0f, projected_.data(), width);
  LayerState& s = layers_[0];
  s.gi.resize(std::size_t(rows) * width);
  row_of_.resize(std::size_t(rows));
  for (int t = 0; t < steps; ++t) {
    for (int b = 0; b < batch; ++b) {
      const int row = windows.ends[std::size_t(b)] - steps + 1 + t - first, i = t * batch + b;
      row_of_[std::size_t(i)] = row;
      std::copy_n(&projected_[std::size_t(row) * width], width, &s.gi[std::size_t(i) * width]);
    }
  }
}

void GruNetwork::forward(int steps, int batch, int scored, float dropout, std::mt19937_64* random) {
  const int H = shape_.hidden, width = 3 * H, rows = steps * batch;
  gh_.resize(std::size_t(batch) * width);
  const float* input = nullptr;  // the layer's input, from layer 1 on
  for (int l = 0; l < shape_.layers; ++l) {
    LayerState& s = layers_[l];
    s.hidden.resize(std::size_t(rows + batch) * H);
    for (auto* v : {&s.r, &s.z, &s.n, &s.ghn})
      v->resize(std::size_t(rows) * H);
    const float* w_hh = &parameters_[offset(l, 1)];
    const float* b_ih = &parameters_[offset(l, 2)];
    const float* b_hh = &parameters_[offset(l, 3)];
    if (l > 0) {
      // Every step's input projection in one GEMM: (T B x H) (H x 3H).
      s.gi.resize(std::size_t(rows) * width);
      gemm(false, true, rows, width, H, input, H, &parameters_[offset(l, 0)], H, 0.0f, s.gi.data(),
           width);
    }
    std::fill_n(s.hidden.begin(), std::size_t(batch) * H, 0.0f);  // h_{-1}
    for (int t = 0; t < steps; ++t) {
      const float* h_prev = &s.hidden[std::size_t(t) * batch * H];
      if (t == 0) {
        std::fill(gh_.begin(), gh_.end(), 0.0f);
      } else {
        gemm(false, true, batch, width, H, h_prev, H, w_hh, H, 0.0f, gh_.data(), width);
      }
      const std::size_t at = std::size_t(t) * batch * H;
      kernels::gru_forward_step(batch, H, &s.gi[std::size_t(t) * batch * width], gh_.data(), b_ih,
                                b_hh, h_prev, &s.r[at], &s.z[at], &s.n[at], &s.ghn[at],
                                &s.hidden[at + std::size_t(batch) * H]);
    }
    const float* output = &s.hidden[std::size_t(batch) * H];
    if (l + 1 < shape_.layers && dropout > 0 && random) {
      s.mask.resize(std::size_t(rows) * H);
      // Keep with probability 1 - dropout, to 1/65536: four 16-bit uniforms per 64-bit draw.
      const std::uint32_t threshold = std::uint32_t(std::lround((1.0 - dropout) * 65536.0));
      const float scale = 1.0f / (1.0f - dropout);
      for (std::size_t i = 0; i < s.mask.size(); i += 4) {
        std::uint64_t bits = (*random)();
        for (std::size_t k = i; k < std::min(i + 4, s.mask.size()); ++k, bits >>= 16) {
          s.mask[k] = std::uint32_t(bits & 0xFFFF) < threshold ? scale : 0.0f;
        }
      }
      s.dropped.assign(output, output + std::size_t(rows) * H);
      kernels::multiply(s.dropped.size(), s.dropped.data(), s.mask.data());
      input = s.dropped.data();
    } else {
      s.mask.clear();
      input = output;
    }
  }
  // The head on the top layer's last `scored` steps (consecutive in the hidden buffer).
  const float* scored_hidden = scored_outputs(steps, batch, scored);
  const float* w = &parameters_[offset(shape_.layers, 0)];
  const float bias = parameters_.back();
  logits_.resize(std::size_t(scored) * batch);
  for (std::size_t i = 0; i < logits_.size(); ++i) {
    float sum = bias;
    for (int j = 0; j < H; ++j)
      sum += scored_hidden[i * std::size_t(H) + std::size_t(j)] * w[j];
    logits_[i] = sum;
  }
}

const float* GruNetwork::scored_outputs(int steps, int batch, int scored) const {
  if (scored < 1 || scored > steps) {
    throw Error(fmt::format("GRU: {} scored steps of windows of {}", scored, steps));
  }
  // hidden holds h_{-1} first: step t's output starts at row (t + 1) batch.
  return &layers_.back().hidden[std::size_t(steps - scored + 1) * batch * shape_.hidden];
}

void GruNetwork::predict(const float* inputs, int steps, int batch, float* logits) {
  project_inputs(inputs, steps, batch);
  forward(steps, batch, 1, 0.0f, nullptr);
  std::copy(logits_.begin(), logits_.end(), logits);
}

void GruNetwork::predict(const SequenceWindows& windows, float* logits) {
  project_windows(windows);
  forward(windows.steps, windows.batch(), windows.scored, 0.0f, nullptr);
  std::copy(logits_.begin(), logits_.end(), logits);
}

float GruNetwork::train_batch(const float* inputs, int steps, int batch, const float* labels,
                              float dropout, std::mt19937_64& random, std::span<float> gradients) {
  project_inputs(inputs, steps, batch);
  forward(steps, batch, 1, dropout, &random);
  return backward(steps, batch, 1, labels, gradients);
}

float GruNetwork::train_batch(const SequenceWindows& windows, const float* labels, float dropout,
                              std::mt19937_64& random, std::span<float> gradients) {
  project_windows(windows);
  forward(windows.steps, windows.batch(), windows.scored, dropout, &random);
  return backward(windows.steps, windows.batch(), windows.scored, labels, gradients);
}

void GruNetwork::release_buffers() {
  for (LayerState& s : layers_)
    s = LayerState{};
  for (auto* v : {&projected_, &gathered_copy_, &gh_, &dgi_, &dgh_, &dh_, &dh_carry_, &dinput_})
    std::vector<float>().swap(*v);
  std::vector<int>().swap(row_of_);
  gathered_ = window_rows_ = nullptr;
}

void GruNetwork::add_input_weight_gradient(int rows, std::span<float> gradients) {
  const int width = 3 * shape_.hidden, in = shape_.inputs;
  float* gradient = &gradients[offset(0, 0)];
  if (gathered_) {
    gemm(true, false, width, in, rows, dgi_.data(), width, gathered_, in, 1.0f, gradient, in);
    return;
  }
  // Sum the gate gradients of each distinct row first: one GEMM over the distinct rows.
  projected_.assign(std::size_t(distinct_rows_) * width, 0.0f);
  for (int i = 0; i < rows; ++i) {
    float* sum = &projected_[std::size_t(row_of_[std::size_t(i)]) * width];
    const float* dgi = &dgi_[std::size_t(i) * width];
    for (int k = 0; k < width; ++k)
      sum[k] += dgi[k];
  }
  gemm(true, false, width, in, distinct_rows_, projected_.data(), width,
       window_rows_ + std::size_t(first_row_) * in, in, 1.0f, gradient, in);
}

float GruNetwork::backward(int steps, int batch, int scored, const float* labels,
                           std::span<float> gradients) {
  const int H = shape_.hidden, width = 3 * H, rows = steps * batch;
  std::fill(gradients.begin(), gradients.end(), 0.0f);

  // Loss and head: BCE with logits, mean over the scored labels.
  const std::size_t logits = std::size_t(scored) * batch;
  const std::size_t counted =
      std::size_t(std::count_if(labels, labels + logits, [](float y) { return !std::isnan(y); }));
  float loss = 0;
  const float* scored_hidden = scored_outputs(steps, batch, scored);
  const float* w = &parameters_[offset(shape_.layers, 0)];
  float* dw = &gradients[offset(shape_.layers, 0)];
  dh_.assign(std::size_t(rows) * H, 0.0f);  // dL/d(output of the layer being processed)
  float* dh_scored = &dh_[std::size_t(rows) * H - logits * H];  // the last `scored` steps
  for (std::size_t i = 0; i < logits; ++i) {
    const float x = logits_[i], y = labels[i];
    if (std::isnan(y)) continue;
    loss += std::max(x, 0.0f) - x * y + std::log1p(std::exp(-std::fabs(x)));
    const float dlogit = (sigmoid(x) - y) / float(counted);
    gradients.back() += dlogit;
    for (int j = 0; j < H; ++j) {
      dw[j] += dlogit * scored_hidden[i * std::size_t(H) + std::size_t(j)];
      dh_scored[i * std::size_t(H) + std::size_t(j)] = dlogit * w[j];
    }
  }
  if (counted > 0) loss /= float(counted);

  dgi_.resize(std::size_t(rows) * width);
  dgh_.resize(std::size_t(rows) * width);
  dh_carry_.resize(std::size_t(batch) * H);
  for (int l = shape_.layers - 1; l >= 0; --l) {
    LayerState& s = layers_[l];
    const float* w_hh = &parameters_[offset(l, 1)];
    std::fill(dh_carry_.begin(), dh_carry_.end(), 0.0f);
    for (int t = steps - 1; t >= 0; --t) {
      const std::size_t at = std::size_t(t) * batch * H;
      float* dh_t = &dh_[at];
      for (std::size_t i = 0; i < dh_carry_.size(); ++i)
        dh_t[i] += dh_carry_[i];
      const float* h_prev = &s.hidden[at];  // the zero block h_{-1} at t = 0
      float* dgi_t = &dgi_[std::size_t(t) * batch * width];
      float* dgh_t = &dgh_[std::size_t(t) * batch * width];
      kernels::gru_backward_step(batch, H, dh_t, &s.r[at], &s.z[at], &s.n[at], &s.ghn[at], h_prev,
                                 dgi_t, dgh_t, dh_carry_.data());
      // The recurrent path to h_{t-1}: dh_carry += dgh W_hh.
      if (t > 0)
        gemm(false, false, batch, H, width, dgh_t, width, w_hh, H, 1.0f, dh_carry_.data(), H);
    }
    // Weight gradients over all steps at once. h_{-1} rows are zero, so the full hidden buffer
    // (without its last step) serves as the previous-state matrix.
    gemm(true, false, width, H, rows, dgh_.data(), width, s.hidden.data(), H, 1.0f,
         &gradients[offset(l, 1)], H);
    kernels::add_column_sums(rows, width, dgi_.data(), &gradients[offset(l, 2)]);
    kernels::add_column_sums(rows, width, dgh_.data(), &gradients[offset(l, 3)]);
    if (l == 0) {
      add_input_weight_gradient(rows, gradients);
      break;
    }
    const LayerState& below = layers_[l - 1];
    const float* input =
        below.mask.empty() ? &below.hidden[std::size_t(batch) * H] : below.dropped.data();
    gemm(true, false, width, H, rows, dgi_.data(), width, input, H, 1.0f, &gradients[offset(l, 0)],
         H);
    // Into the layer below: d(input) = dgi W_ih, through its dropout mask.
    dinput_.resize(std::size_t(rows) * H);
    gemm(false, false, rows, H, width, dgi_.data(), width, &parameters_[offset(l, 0)], H, 0.0f,
         dinput_.data(), H);
    if (!below.mask.empty()) kernels::multiply(dinput_.size(), dinput_.data(), below.mask.data());
    dh_.swap(dinput_);
  }
  return loss;
}

Adam::Adam(std::size_t parameters, float learning_rate, float beta1, float beta2, float epsilon)
    : learning_rate_(learning_rate),
      beta1_(beta1),
      beta2_(beta2),
      epsilon_(epsilon),
      m_(parameters, 0.0f),
      v_(parameters, 0.0f) {}

void Adam::step(std::span<float> parameters, std::span<const float> gradients) {
  ++steps_;
  const double correction1 = 1 - std::pow(double(beta1_), double(steps_));
  const double correction2 = 1 - std::pow(double(beta2_), double(steps_));
  const float step_size = float(learning_rate_ * std::sqrt(correction2) / correction1);
  const float epsilon = float(epsilon_ * std::sqrt(correction2));
  kernels::adam_update(parameters.size(), parameters.data(), gradients.data(), m_.data(), v_.data(),
                       beta1_, beta2_, step_size, epsilon);
}

}  // namespace quantloop::models
