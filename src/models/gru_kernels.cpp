#include "models/gru_kernels.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

// Each kernel is cloned for x86-64-v3 (AVX2, FMA) and the baseline; glibc's ifunc resolver picks
// the clone the CPU runs. The math below is branch-free so both clones vectorise.
#if defined(__SANITIZE_THREAD__)
// ThreadSanitizer instruments the clones' resolver, which the dynamic loader runs before the
// sanitizer's runtime exists: one baseline version under it.
#define QUANTLOOP_KERNEL
#else
#define QUANTLOOP_KERNEL __attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
#define QUANTLOOP_INLINE static inline __attribute__((always_inline))

namespace quantloop::models::kernels {

namespace {

// exp for float: n = round(x log2 e), r = x - n ln 2 (Cody-Waite), e^r by a degree-6
// polynomial, times 2^n through the exponent bits. Relative error ~2 ulp on [-87, 88].
QUANTLOOP_INLINE float fast_exp(float x) {
  // std::min/max and arithmetic rounding, not fmin/fmax/nearbyint (library calls) nor
  // branches: anything else stops vectorisation.
  x = std::min(std::max(x, -87.0f), 88.0f);
  // Round to nearest by adding and subtracting 1.5 * 2^23.
  const float n = (x * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
  float r = x - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  const std::int32_t bits = (std::int32_t(n) + 127) << 23;
  return p * std::bit_cast<float>(bits);
}

QUANTLOOP_INLINE float sigmoid(float x) {
  return 1.0f / (1.0f + fast_exp(-x));
}

// tanh: 1 - 2 / (e^{2x} + 1), but a Taylor polynomial near 0 where that form cancels.
QUANTLOOP_INLINE float fast_tanh(float x) {
  const float wide = 1.0f - 2.0f / (fast_exp(2.0f * x) + 1.0f);
  const float x2 = x * x;
  const float narrow = x * (1.0f + x2 * (-1.0f / 3 + x2 * (2.0f / 15 + x2 * (-17.0f / 315))));
  return std::fabs(x) < 0.125f ? narrow : wide;
}

}  // namespace

// Pointers are __restrict (no argument overlaps another): without that promise the compiler
// keeps these loops scalar.
QUANTLOOP_KERNEL void gru_forward_step(int batch, int hidden, const float* __restrict gi,
                                       const float* __restrict gh, const float* __restrict bias_ih,
                                       const float* __restrict bias_hh,
                                       const float* __restrict h_prev, float* __restrict r,
                                       float* __restrict z, float* __restrict n,
                                       float* __restrict ghn, float* __restrict h) {
  const int width = 3 * hidden;
  for (int b = 0; b < batch; ++b) {
    const float* __restrict gi_row = gi + b * width;
    const float* __restrict gh_row = gh + b * width;
    const float* __restrict previous = h_prev + b * hidden;
    float* __restrict r_row = r + b * hidden;
    float* __restrict z_row = z + b * hidden;
    float* __restrict n_row = n + b * hidden;
    float* __restrict ghn_row = ghn + b * hidden;
    float* __restrict h_row = h + b * hidden;
    for (int j = 0; j < hidden; ++j) {
      const float rj = sigmoid(gi_row[j] + bias_ih[j] + gh_row[j] + bias_hh[j]);
      const float zj = sigmoid(gi_row[hidden + j] + bias_ih[hidden + j] + gh_row[hidden + j] +
                               bias_hh[hidden + j]);
      const float hn = gh_row[2 * hidden + j] + bias_hh[2 * hidden + j];
      const float nj = fast_tanh(gi_row[2 * hidden + j] + bias_ih[2 * hidden + j] + rj * hn);
      const float hp = previous[j];
      r_row[j] = rj;
      z_row[j] = zj;
      n_row[j] = nj;
      ghn_row[j] = hn;
      h_row[j] = nj + zj * (hp - nj);
    }
  }
}

QUANTLOOP_KERNEL void gru_backward_step(int batch, int hidden, const float* __restrict dh,
                                        const float* __restrict r, const float* __restrict z,
                                        const float* __restrict n, const float* __restrict ghn,
                                        const float* __restrict h_prev, float* __restrict dgi,
                                        float* __restrict dgh, float* __restrict dh_prev_direct) {
  const int width = 3 * hidden;
  for (int b = 0; b < batch; ++b) {
    const int o = b * hidden;
    float* __restrict dgi_row = dgi + b * width;
    float* __restrict dgh_row = dgh + b * width;
    for (int j = 0; j < hidden; ++j) {
      const float d = dh[o + j], rj = r[o + j], zj = z[o + j], nj = n[o + j];
      const float hp = h_prev[o + j];
      const float dn = d * (1.0f - zj);
      const float dz = d * (hp - nj);
      const float da_n = dn * (1.0f - nj * nj);
      const float da_r = da_n * ghn[o + j] * rj * (1.0f - rj);
      const float da_z = dz * zj * (1.0f - zj);
      dgi_row[j] = da_r;
      dgi_row[hidden + j] = da_z;
      dgi_row[2 * hidden + j] = da_n;
      dgh_row[j] = da_r;
      dgh_row[hidden + j] = da_z;
      dgh_row[2 * hidden + j] = da_n * rj;
      dh_prev_direct[o + j] = d * zj;
    }
  }
}

QUANTLOOP_KERNEL void add_column_sums(int rows, int columns, const float* __restrict m,
                                      float* __restrict out) {
  for (int i = 0; i < rows; ++i) {
    const float* row = m + std::size_t(i) * columns;
    for (int c = 0; c < columns; ++c)
      out[c] += row[c];
  }
}

QUANTLOOP_KERNEL void adam_update(std::size_t count, float* __restrict parameters,
                                  const float* __restrict gradients, float* __restrict m,
                                  float* __restrict v, float beta1, float beta2, float step_size,
                                  float epsilon) {
  for (std::size_t i = 0; i < count; ++i) {
    const float g = gradients[i];
    m[i] = beta1 * m[i] + (1.0f - beta1) * g;
    v[i] = beta2 * v[i] + (1.0f - beta2) * g * g;
    parameters[i] -= step_size * m[i] / (std::sqrt(v[i]) + epsilon);
  }
}

QUANTLOOP_KERNEL void multiply(std::size_t count, float* __restrict x,
                               const float* __restrict mask) {
  for (std::size_t i = 0; i < count; ++i)
    x[i] *= mask[i];
}

}  // namespace quantloop::models::kernels
