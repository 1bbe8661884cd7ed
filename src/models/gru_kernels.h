#pragma once

#include <cstddef>

namespace quantloop::models::kernels {

// Elementwise work of a GRU step over a batch, PyTorch's gate order (r, z, n). Rows are batch
// elements; `gi` and `gh` hold, per row, the 3H input and hidden projections (without biases).
// Compiled for AVX2+FMA and for baseline x86-64; the CPU picks at run time.

// r = s(gi_r + b_ir + gh_r + b_hr), z = s(gi_z + b_iz + gh_z + b_hz),
// ghn = gh_n + b_hn, n = tanh(gi_n + b_in + r ghn), h = (1 - z) n + z h_prev.
// h_prev is the previous state (zeros at the first step). No two pointers may overlap.
void gru_forward_step(int batch, int hidden, const float* gi, const float* gh, const float* bias_ih,
                      const float* bias_hh, const float* h_prev, float* r, float* z, float* n,
                      float* ghn, float* h);

// From dh (dL/dh of the step's output): dgi, dgh (dL/d of the 3H projections with biases) and
// dh_prev_direct = dh z (the direct path; the recurrent path is dgh W_hh, added by the caller).
void gru_backward_step(int batch, int hidden, const float* dh, const float* r, const float* z,
                       const float* n, const float* ghn, const float* h_prev, float* dgi,
                       float* dgh, float* dh_prev_direct);

// out[c] += sum over rows of m[row][c] (m rows x columns, row-major).
void add_column_sums(int rows, int columns, const float* m, float* out);

// Adam (PyTorch's, no weight decay): m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
// p -= lr_t m / (sqrt(v) + eps_t) with the bias corrections folded into lr_t and eps_t.
void adam_update(std::size_t count, float* parameters, const float* gradients, float* m, float* v,
                 float beta1, float beta2, float step_size, float epsilon);

// x *= mask (dropout's scaled Bernoulli mask).
void multiply(std::size_t count, float* x, const float* mask);

}  // namespace quantloop::models::kernels
